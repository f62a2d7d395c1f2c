/**
 * The example operations for frontend teams work as written: each `examples/<name>.graphql` is in
 * docs/graphql.md verbatim, and runs with its `<name>.variables.json` against the embedded simulator's default
 * directory (seed "dos-subgraph", what `npm start` serves) without errors.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const EXAMPLES = path.resolve(__dirname, "../../examples");
const DOCS = readFileSync(path.resolve(__dirname, "../../docs/graphql.md"), "utf8");
const names = readdirSync(EXAMPLES)
  .filter(file => file.endsWith(".graphql"))
  .map(file => file.replace(/\.graphql$/, ""));

describe("examples", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ seed: "dos-subgraph" });
  });
  afterAll(() => subgraph?.stop());

  it("covers every query field", () => {
    const rootField = /^ {2}(\w+)[(\s{]/gm;
    const text = (name: string) => readFileSync(path.join(EXAMPLES, `${name}.graphql`), "utf8");
    const used = names.flatMap(name => [...text(name).matchAll(rootField)]);
    expect(new Set(used.map(match => match[1]))).toEqual(
      new Set(["serviceSearch", "service", "servicesByOdsCode", "disposition", "hospitalCapacities"]),
    );
  });

  it.each(names)("%s is in docs/graphql.md and runs without errors", async name => {
    const query = readFileSync(path.join(EXAMPLES, `${name}.graphql`), "utf8").trimEnd();
    const variablesText = readFileSync(path.join(EXAMPLES, `${name}.variables.json`), "utf8").trimEnd();
    expect(DOCS).toContain(query);
    if (variablesText !== "{}") expect(DOCS).toContain(variablesText);

    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables: JSON.parse(variablesText) }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const [result] = Object.values(body.data ?? {});
    expect(result).toBeTruthy();
    if (Array.isArray(result)) expect(result.length).toBeGreaterThan(0);
    if (name === "service-search") expect((result as { results: unknown[] }).results.length).toBeGreaterThan(0);
  });
});
