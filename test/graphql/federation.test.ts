/**
 * The Apollo Federation subgraph compatibility checks that apply to this subgraph
 * (apollographql/apollo-federation-subgraph-compatibility, packages/compatibility/src/tests), reproduced against
 * the running server over HTTP with the real simulator behind it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { parse, stripIgnoredCharacters } from "graphql";
import { GENERATED_HEADER } from "../../scripts/print-schema";
import { EntitiesDocument, SubgraphSdlDocument } from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

// The compatibility suite's allow-list for `@link(url: ".../federation/v2.x", import: [...])`, plus the
// federation 2.9 demand-control directives (issue 13: `@cost`, `@listSize`), which the suite predates.
const ALLOWED_IMPORTS = new Set([
  "@cost",
  "@listSize",
  "@authenticated",
  "@composeDirective",
  "@extends",
  "@external",
  "@inaccessible",
  "@interfaceObject",
  "@key",
  "@override",
  "@policy",
  "@provides",
  "@requires",
  "@requiresScopes",
  "@shareable",
  "@tag",
  "FieldSet",
  "Scope",
  "Policy",
]);

describe("federation compatibility", () => {
  let subgraph: TestSubgraph;
  let serviceIds: string[];

  beforeAll(async () => {
    subgraph = await startSubgraph();
    serviceIds = subgraph.simulator.engine.services.filter(s => s.status === "active").map(s => String(s.id));
  });
  afterAll(() => subgraph?.stop());

  async function sdl(): Promise<string> {
    const { _service } = await subgraph.request(SubgraphSdlDocument);
    return _service.sdl ?? "";
  }

  it("_service { sdl } is the schema committed as schema/subgraph.graphql", async () => {
    const served = await sdl();
    expect(served).toContain("type Query");
    // _service.sdl also carries the federation definitions; printSubgraphSchema leaves exactly those out.
    const committed = readFileSync(path.resolve(__dirname, "../../schema/subgraph.graphql"), "utf8");
    expect(`${GENERATED_HEADER}${printSubgraphSchema(buildSubgraphSchema(parse(served)))}\n`).toBe(committed);
  });

  it("@link: exactly one federation link, version 2.9 (demand control), importing only allowed names", async () => {
    const federationLink = /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v(\d+\.\d+)"(.*?)\)/g;
    const links = [...(await sdl()).matchAll(federationLink)];
    expect(links).toHaveLength(1);
    expect(links[0][1]).toBe("2.9");
    const imports = JSON.parse(/import: (\[.*?\])/.exec(links[0][2])![1]) as string[];
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(ALLOWED_IMPORTS).toContain(name);
  });

  it("@key: each entity's key in the SDL", async () => {
    const stripped = stripIgnoredCharacters(await sdl());
    expect(stripped).toMatch(/type Service@key\(fields:"id"( resolvable:true)?\)/);
    expect(stripped).toMatch(/type Organisation@key\(fields:"odsCode"( resolvable:true)?\)/);
    expect(stripped).toMatch(/type Disposition@key\(fields:"code"( resolvable:true)?\)/);
  });

  it("_entities round-trips each entity type in order; unknown keys are null (services: + error)", async () => {
    const [first] = serviceIds;
    expect(serviceIds).not.toContain("2147483600");
    const odsCode = subgraph.simulator.engine.services.find(s => String(s.id) === first)!.odsCode;
    const result = await subgraph.execute(EntitiesDocument, {
      representations: [
        { __typename: "Disposition", code: "dx02" },
        { __typename: "Service", id: first },
        { __typename: "Service", id: "2147483600" },
        { __typename: "Organisation", odsCode },
        { __typename: "Disposition", code: "Dx9999" },
      ],
    });
    expect(result.data?._entities).toEqual([
      { __typename: "Disposition", code: "Dx02", dosId: 1002, title: expect.any(String) },
      { __typename: "Service", id: first, odsCode, endpoints: expect.any(Array) },
      null,
      {
        __typename: "Organisation",
        organisationOdsCode: odsCode,
        services: expect.arrayContaining([{ id: first, odsCode }]),
      },
      null,
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ["_entities", 2], extensions: { code: "NOT_FOUND" } }),
    ]);
  });

  it("returns federated traces (ftv1) when the router asks for them", async () => {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "apollo-federation-include-trace": "ftv1" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    const body = await response.json();
    expect(body).toEqual({ data: { __typename: "Query" }, extensions: { ftv1: expect.any(String) } });
  });
});
