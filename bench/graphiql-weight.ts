/**
 * What GraphiQL weighs on the wire: its page plus every file the page loads (GraphiQL, its CSS, Monaco's three
 * workers, the API schema, the icon), as the subgraph sends them with brotli, with gzip and uncompressed. Built by
 * the subgraph's own code (src/server/graphiql.ts), so the bytes are the bytes served; the HTTP path is tested in
 * test/graphql/graphiql.test.ts. Target (issue 15): ≤ 2.5 MB. `npx tsx bench/graphiql-weight.ts` prints it alone.
 */
import "reflect-metadata";
import { buildDosSubgraphSchema } from "../src/graphql/buildSubgraphSchema";
import { createGraphiqlWorkbench } from "../src/server/graphiql";

export interface GraphiqlWeight {
  files: number;
  brotliBytes: number;
  gzipBytes: number;
  uncompressedBytes: number;
}

export async function measureGraphiqlWeight(): Promise<GraphiqlWeight> {
  const workbench = createGraphiqlWorkbench({ endpoint: "/graphql", schema: await buildDosSubgraphSchema(), authMode: "off" });
  const page = Buffer.byteLength(workbench.page());
  const assets = workbench.assets.all();
  const total = async (encoding: "br" | "gzip" | undefined) => {
    let bytes = page;
    for (const asset of assets) bytes += (await workbench.assets.encoded(asset, encoding)).length;
    return bytes;
  };
  return {
    files: assets.length,
    brotliBytes: await total("br"),
    gzipBytes: await total("gzip"),
    uncompressedBytes: await total(undefined),
  };
}

if (require.main === module) {
  measureGraphiqlWeight().then(weight => console.log(JSON.stringify(weight)));
}
