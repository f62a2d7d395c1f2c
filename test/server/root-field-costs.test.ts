/**
 * The static cost estimate knows every root field (issue 12 §7): ROOT_FIELD_COSTS classifies exactly the schema's
 * root fields, each classification matches the DoS calls the field really makes through the whole stack, and a
 * field the table does not know is never estimated at 0 calls.
 */
import { extendSchema, getOperationAST, type GraphQLSchema, parse } from "graphql";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import { estimateOperationCost, ROOT_FIELD_COSTS, type RootFieldCost } from "../../src/server/operation-cost";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const SEARCH = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const PROFESSIONAL: ReadonlySet<string> = new Set(["dos:professional"]);

/** DoS calls each kind makes for one field with one valid argument. */
const CALLS: Record<RootFieldCost, number> = {
  search: 1,
  "service-by-id": 1,
  "services-by-ods-code": 1,
  "hospital-scores": 1,
  entities: 1,
  none: 0,
};

/** One operation per root field, with valid arguments; a root field without one fails the coverage test. */
function sampleOperations(service: { id: number; odsCode: string }): Record<string, { query: string; variables?: object }> {
  return {
    serviceSearch: { query: "query($input: ServiceSearchInput!) { serviceSearch(input: $input) { transactionId } }", variables: { input: SEARCH } },
    service: { query: `{ service(id: "${service.id}") { id } }` },
    servicesByOdsCode: { query: `{ servicesByOdsCode(odsCode: "${service.odsCode}") { id } }` },
    hospitalCapacities: { query: "{ hospitalCapacities { name } }" },
    _entities: {
      query: "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
      variables: { r: [{ __typename: "Service", id: String(service.id) }] },
    },
    disposition: { query: '{ disposition(code: "Dx02") { code } }' },
    dispositions: { query: "{ dispositions { code } }" },
    _service: { query: "{ _service { sdl } }" },
  };
}

function rootFieldNames(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .flatMap(type => (type ? Object.keys(type.getFields()) : []))
    .sort();
}

function estimate(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  return estimateOperationCost({
    schema,
    document,
    operation: getOperationAST(document)!,
    variables,
    now: new Date(),
    scopes: PROFESSIONAL,
  });
}

describe("ROOT_FIELD_COSTS", () => {
  let subgraph: TestSubgraph;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildDosSubgraphSchema();
    subgraph = await startSubgraph();
  });
  afterAll(() => subgraph?.stop());

  it("classifies exactly the schema's root fields (Query with _entities and _service; no mutations)", () => {
    expect(Object.keys(ROOT_FIELD_COSTS).sort()).toEqual(rootFieldNames(schema));
  });

  it("matches what each root field really costs: the estimate equals the DoS calls made", async () => {
    const service = subgraph.simulator.engine.services.find(candidate => candidate.odsCode)!;
    const samples = sampleOperations({ id: service.id, odsCode: service.odsCode! });
    expect(Object.keys(samples).sort()).toEqual(rootFieldNames(schema));

    const observed: Record<string, { estimated: number; made: number; expected: number; errors: unknown[] }> = {};
    const expectedAll: typeof observed = {};
    for (const [field, sample] of Object.entries(samples)) {
      await subgraph.resetSimulator();
      const response = await fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(sample),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      const calls = await subgraph.simulatorCalls();
      const made = calls.CheckCapacitySummary + calls.ServiceDetailsById + calls.GetHospitalScores;
      const { calls: estimated } = estimate(schema, sample.query, sample.variables as Record<string, unknown>);
      const expected = CALLS[ROOT_FIELD_COSTS[field]];
      observed[field] = { estimated, made, expected, errors: body.errors ?? [] };
      expectedAll[field] = { estimated: expected, made: expected, expected, errors: [] };
    }
    expect(observed).toEqual(expectedAll);
  });

  it("never estimates 0 calls for a root field it does not know", () => {
    const extended = extendSchema(schema, parse("extend type Query { newDosLookup(id: ID!): String }"));
    expect(estimate(extended, '{ newDosLookup(id: "1") }')).toEqual({ calls: 1, searches: 0, entities: 0 });
    expect(estimate(extended, '{ a: newDosLookup(id: "1") b: newDosLookup(id: "2") }').calls).toBe(2);
    // A prototype key is not a classification.
    const sneaky = extendSchema(schema, parse("extend type Query { constructor: String }"));
    expect(estimate(sneaky, "{ constructor }").calls).toBe(1);
  });
});
