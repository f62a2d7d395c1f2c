/**
 * src/server/operation-types.ts: a mutation or subscription sent to this query-only subgraph is a client's
 * mistake, refused at validation (HTTP 400, GRAPHQL_VALIDATION_FAILED) with no DoS call, not an execution error
 * answered as INTERNAL_SERVER_ERROR. Unit cases through graphql-js `validate` with the real schema; the HTTP answer
 * is pinned by test/graphql/execution-corpus.test.ts ("mutation: the schema has none").
 */
import { type GraphQLSchema, parse, specifiedRules, validate } from "graphql";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import { knownOperationTypesRule } from "../../src/server/operation-types";

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildDosSubgraphSchema();
});

const messagesOf = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, knownOperationTypesRule]).map(error => error.message);

it("the schema has no mutation or subscription type (else this rule would be moot)", () => {
  expect(schema.getMutationType()).toBeUndefined();
  expect(schema.getSubscriptionType()).toBeUndefined();
});

it("graphql-js's own rules let a mutation through: the gap this rule closes", () => {
  expect(validate(schema, parse("mutation M { dispositions { code } }"), specifiedRules)).toEqual([]);
});

it.each([
  ["mutation M { dispositions { code } }", "mutation"],
  ["subscription S { dispositions { code } }", "subscription"],
])("refuses %s", (query, type) => {
  expect(messagesOf(query)).toEqual([`This subgraph has no ${type} type: it serves queries only.`]);
});

it("passes queries, and refuses only the offending operation of a document", () => {
  expect(messagesOf("query Q { dispositions { code } }")).toEqual([]);
  expect(messagesOf("{ __typename }")).toEqual([]);
  expect(messagesOf("query Q { __typename } mutation M { __typename }")).toEqual([
    "This subgraph has no mutation type: it serves queries only.",
  ]);
});
