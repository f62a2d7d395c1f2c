/**
 * GraphiQL's page and files over real HTTP (the browser test, test/browser/graphiql.test.ts, drives it in chromium):
 * every example is a tab with its variables, the docs get the client-facing API only, the files are content-hashed,
 * compressed and cacheable, and page plus files weigh at most 2.5 MB on the wire (the figure BENCHMARKS.md records).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildClientSchema, buildSchema, type IntrospectionQuery } from "graphql";
import { negotiate } from "../../src/server/graphiql-assets";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const ROOT = path.resolve(__dirname, "../..");
const MAX_WIRE_BYTES = 2.5 * 1024 * 1024;

interface PageConfig {
  endpoint: string;
  schemaUrl: string;
  workers: Record<string, string>;
  tabs: { query: string; variables?: string; headers?: string }[];
}

async function loadPage(subgraph: TestSubgraph, acceptEncoding = "br") {
  const response = await fetch(subgraph.url, { headers: { accept: "text/html", "accept-encoding": acceptEncoding } });
  const html = await response.text();
  const config = JSON.parse(/<script type="application\/json" id="dos-graphiql-config">(.*?)<\/script>/s.exec(html)![1]) as PageConfig;
  const files = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map(match => match[1]);
  return { response, html, config, files: [...files, config.schemaUrl, ...Object.values(config.workers)] };
}

/** Bytes as sent: the body before decompression (Content-Length of the encoded body). */
async function wireBytes(url: string, acceptEncoding: string) {
  const response = await fetch(url, { headers: { "accept-encoding": acceptEncoding } });
  await response.arrayBuffer();
  return { response, bytes: Number(response.headers.get("content-length")) };
}

describe("GraphiQL workbench over HTTP", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ seed: "dos-subgraph" });
  });
  afterAll(() => subgraph?.stop());

  it("opens a welcome tab explaining the router's three headers, then every example with its variables", async () => {
    const { config } = await loadPage(subgraph);
    const [welcome, ...examples] = config.tabs;
    for (const header of ["x-router-secret", "x-dos-scopes", "x-dos-caller-id"]) expect(welcome.query).toContain(header);
    const names = readdirSync(path.join(ROOT, "examples")).filter(file => file.endsWith(".graphql")).sort();
    expect(examples).toHaveLength(names.length);
    names.forEach((file, i) => {
      const source = readFileSync(path.join(ROOT, "examples", file), "utf8");
      expect(examples[i].query.endsWith(source)).toBe(true);
      const variables = readFileSync(path.join(ROOT, "examples", file.replace(/\.graphql$/, ".variables.json")), "utf8").trim();
      expect(examples[i].variables).toBe(variables === "{}" ? undefined : variables);
      // The professional-scope note exactly where the example selects a @requiresScopes field.
      const professional = /\b(endpoints|capacity|hospitalCapacities|nonPublicPhone|fax|referralInformation)\b/.test(source);
      expect([file, examples[i].query.startsWith("# Needs the dos:professional scope")]).toEqual([file, professional]);
    });
  });

  it("gives the docs the client-facing API (schema/schema.graphql), without federation's machinery", async () => {
    const { config } = await loadPage(subgraph);
    const introspection = (await (await fetch(`${subgraph.origin}${config.schemaUrl}`)).json()) as IntrospectionQuery;
    const schema = buildClientSchema(introspection);
    const api = buildSchema(readFileSync(path.join(ROOT, "schema/schema.graphql"), "utf8"));
    expect(Object.keys(schema.getTypeMap()).sort()).toEqual(Object.keys(api.getTypeMap()).sort());
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual(Object.keys(api.getQueryType()!.getFields()).sort());
    expect(Object.keys(schema.getQueryType()!.getFields())).not.toContain("_entities");
    const names = Object.keys(schema.getTypeMap());
    expect(names.filter(name => /^_|^link__|^federation__/.test(name) && !name.startsWith("__"))).toEqual([]);
    expect(schema.getDirectives().map(directive => directive.name)).not.toContain("link");
    expect(schema.getQueryType()!.getFields().serviceSearch.description).toMatch(/CheckCapacitySummary/);
  });

  it("serves the files content-hashed, compressed (brotli, else gzip, else none) and cacheable; unknown names 404", async () => {
    const { response, files } = await loadPage(subgraph);
    expect(response.headers.get("cache-control")).toBe("no-store");
    for (const file of files) expect(file).toMatch(/^\/graphiql\/[\w.-]+\.[0-9a-f]{16}\.(js|css|json|svg)$/);
    const script = `${subgraph.origin}${files.find(file => /graphiql\.[0-9a-f]+\.js$/.test(file))}`;
    const br = await wireBytes(script, "gzip, deflate, br");
    const gzip = await wireBytes(script, "gzip, br;q=0");
    const plain = await wireBytes(script, "identity");
    expect([br.response.headers.get("content-encoding"), gzip.response.headers.get("content-encoding")]).toEqual(["br", "gzip"]);
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    expect(br.bytes).toBeLessThan(gzip.bytes);
    expect(gzip.bytes).toBeLessThan(plain.bytes / 3);
    for (const { response: r } of [br, gzip, plain]) {
      expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(r.headers.get("vary")).toBe("Accept-Encoding");
    }
    const stale = await fetch(`${subgraph.origin}/graphiql/graphiql.0123456789abcdef.js`);
    expect([stale.status, stale.headers.get("cache-control")]).toEqual([404, "no-store"]);
  });

  it.each(["br", "gzip"])("weighs at most 2.5 MB on the wire, page and every file, with %s", async encoding => {
    const { html, files } = await loadPage(subgraph, encoding);
    let total = Buffer.byteLength(html);
    for (const file of files) total += (await wireBytes(`${subgraph.origin}${file}`, encoding)).bytes;
    process.stdout.write(`GraphiQL page and ${files.length} files with ${encoding}: ${total} bytes on the wire\n`);
    expect(total).toBeLessThanOrEqual(MAX_WIRE_BYTES);
  });

  it("negotiates encodings as HTTP says", () => {
    expect(negotiate("gzip, deflate, br, zstd")).toBe("br");
    expect(negotiate("gzip;q=1.0, br;q=0")).toBe("gzip");
    expect(negotiate("*")).toBe("gzip");
    expect(negotiate("deflate")).toBeUndefined();
    expect(negotiate(undefined)).toBeUndefined();
  });
});

describe("GraphiQL when introspection is off", () => {
  it("serves neither the page nor its files", async () => {
    const on = await startSubgraph();
    const { files } = await loadPage(on);
    await on.stop();
    const off = await startSubgraph({ env: { INTROSPECTION: "false" } });
    try {
      const page = await fetch(off.url, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("dos-graphiql-config");
      for (const file of files) expect([file, (await fetch(`${off.origin}${file}`)).status]).toEqual([file, 404]);
    } finally {
      await off.stop();
    }
  });
});
