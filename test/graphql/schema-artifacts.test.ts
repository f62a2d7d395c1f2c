import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { API_SCHEMA_PATH, printSchemaArtifacts, SUBGRAPH_SCHEMA_PATH } from "../../scripts/print-schema";
import { errorCatalogue } from "../../src/server/errors";

const ROOT = path.resolve(__dirname, "../..");

describe("committed contract files", () => {
  it("schema/subgraph.graphql and schema/schema.graphql match the code (run `npm run schema:print`)", async () => {
    const { subgraph, api } = await printSchemaArtifacts();
    expect(readFileSync(SUBGRAPH_SCHEMA_PATH, "utf8")).toBe(subgraph);
    expect(readFileSync(API_SCHEMA_PATH, "utf8")).toBe(api);
  });

  it("the published SDL keeps the federation directives", () => {
    const sdl = readFileSync(SUBGRAPH_SCHEMA_PATH, "utf8");
    expect(sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes", "@cost", "@listSize"])',
    );
    expect(sdl).toMatch(/type Service\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Organisation\s+@key\(fields: "odsCode"\)/);
    expect(sdl).toMatch(/type Disposition\s+@key\(fields: "code"\)/);
  });

  it("generated typed documents are up to date (`npm run codegen`)", () => {
    const codegen = spawnSync(path.join(ROOT, "node_modules/.bin/graphql-codegen"), ["--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const output = codegen.status === 0 ? "" : codegen.stdout + codegen.stderr;
    expect({ status: codegen.status, output }).toEqual({ status: 0, output: "" });
  }, 60_000);

  it("docs/errors.md documents exactly the error catalogue", () => {
    const errorsDoc = readFileSync(path.join(ROOT, "docs/errors.md"), "utf8");
    const documented = [...errorsDoc.matchAll(/^\| `([A-Z_]+)` \|/gm)];
    expect(documented.map(match => match[1]).sort()).toEqual(Object.keys(errorCatalogue).sort());
  });
});
