/**
 * src/server/executor.ts: which executor runs each operation, through the whole stack (the subgraph in
 * router-secret mode, the real DoS client, the simulator), counted by `dos_subgraph_graphql_executions_total`.
 * That both executors give the same answers to every request kind is test/graphql/execution-corpus.test.ts's.
 */
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { buildSchema, type GraphQLSchema, parse, printSchema } from "graphql";
import {
  buildDosSubgraphSchema,
  buildDosSubgraphSchemaForCompilation,
} from "../../src/graphql/buildSubgraphSchema";
import { type Context } from "../../src/server/context";
import {
  createExecutor,
  type ExecutionChoice,
  GATEWAY_CONTEXT_MODULE,
  installExecutor,
} from "../../src/server/executor";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";
import { capturedLogger, parseExposition } from "../observability/helpers";

const ROUTER_SECRET = "router-secret-for-the-executor-test-0123456789";
const ROUTER = { "x-router-secret": ROUTER_SECRET, "x-dos-caller-id": "executor", "x-dos-scopes": "dos:professional" };
const NOW = new Date("2026-06-10T06:30:00Z");
const INPUT = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };

/** Each test its own query text (an alias names it), so that each starts from a document never executed. */
const search = (alias: string) =>
  `query Search($input: ServiceSearchInput!) { ${alias}: serviceSearch(input: $input) {
     results { rank service { id name capacity { rag } openNow endpoints { address } } } } }`;

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: Record<string, unknown>;
}

describe("compiled execution", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ now: () => NOW, env: { AUTH_MODE: "router-secret", ROUTER_SECRET } });
  });
  afterAll(() => subgraph?.stop());

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...ROUTER, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  }

  async function executions(): Promise<Record<string, number>> {
    const samples = parseExposition((await subgraph.server.metrics.scrape()).body);
    const counts: Record<string, number> = {};
    for (const sample of samples.filter(s => s.name === "dos_subgraph_graphql_executions_total")) {
      counts[`${sample.labels.executor}/${sample.labels.reason}`] = sample.value;
    }
    return counts;
  }

  /** What `act` added to each executor/reason count. */
  async function counted(act: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = await executions();
    await act();
    const after = await executions();
    return Object.fromEntries(
      Object.entries(after)
        .map(([key, value]) => [key, value - (before[key] ?? 0)])
        .filter(([, added]) => added !== 0),
    );
  }

  it("runs a document with graphql-js on its first use and compiled from its second, with the same answer", async () => {
    const answers: Body[] = [];
    const added = await counted(async () => {
      for (let i = 0; i < 3; i++) answers.push((await post({ query: search("first"), variables: { input: INPUT } })).body);
    });
    expect(added).toEqual({ "graphql-js/first-use": 1, "compiled/compiled": 2 });
    const results = (answers[0].data?.first as { results: unknown[] }).results;
    expect(results.length).toBeGreaterThan(1);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("answers a compiled document's variables that do not coerce with graphql-js's refusal", async () => {
    const query = search("badVariables");
    const bad = { input: { ...INPUT, age: "forty" } };
    const answers: { status: number; body: Body }[] = [];
    const added = await counted(async () => {
      answers.push(await post({ query, variables: { input: INPUT } }));
      answers.push(await post({ query, variables: bad }));
      answers.push(await post({ query, variables: bad }));
    });
    expect(added).toEqual({ "graphql-js/first-use": 1, "graphql-js/variables": 2 });
    expect(answers[1].status).toBe(400);
    expect(answers[1].body.errors?.map(error => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(answers[2]).toEqual(answers[1]);
  });

  it("runs a request asking for ftv1 with graphql-js, and compiles from a schema Apollo Server never wraps", async () => {
    const query = search("traced");
    const trace = { "apollo-federation-include-trace": "ftv1" };
    const added = await counted(async () => {
      await post({ query, variables: { input: INPUT } });
      const traced = await post({ query, variables: { input: INPUT } }, trace);
      expect(typeof traced.body.extensions?.ftv1).toBe("string");
      const plain = await post({ query, variables: { input: INPUT } });
      expect(plain.body.extensions?.ftv1).toBeUndefined();
    });
    expect(added).toEqual({ "graphql-js/first-use": 1, "graphql-js/field-hooks": 1, "compiled/compiled": 1 });
    // Apollo Server marks a schema whose resolvers it has wrapped for per-field hooks.
    const wrapped = (schema: GraphQLSchema) =>
      Object.getOwnPropertySymbols(schema).some(symbol => symbol.description === "apolloServerPluginsEnabled");
    expect(wrapped(await buildDosSubgraphSchema())).toBe(true);
    expect(wrapped(await buildDosSubgraphSchemaForCompilation())).toBe(false);
    // graphql-jit trusts its schema (it leaves out fields it does not know): the two builds are one schema.
    expect(printSchema(await buildDosSubgraphSchemaForCompilation())).toBe(printSchema(await buildDosSubgraphSchema()));
  });

  it("answers an unknown operation name with graphql-js's error, compiling nothing", async () => {
    const query = `${search("named")} query Other { __typename }`;
    const added = await counted(async () => {
      for (let i = 0; i < 2; i++) {
        const { body } = await post({ query, operationName: "Missing" });
        expect(body.errors?.map(error => error.message)).toEqual(['Unknown operation named "Missing".']);
      }
    });
    expect(added).toEqual({ "graphql-js/no-operation": 2 });
  });
});

describe("createExecutor", () => {
  const typeDefs = "type Query { greeting: String, answer: Int }";

  it("runs a document graphql-jit cannot compile with graphql-js, and logs it once", async () => {
    const schema = buildSchema(`${typeDefs} input Filter { a: Int }`);
    // Compiled from a schema without the variable's type: graphql-jit refuses the document graphql-js runs.
    const compileSchema = buildSchema(typeDefs);
    const log = capturedLogger("warn");
    const choices: ExecutionChoice[] = [];
    const executor = createExecutor({ compileSchema, logger: log.logger, onExecuted: choice => choices.push(choice) });
    const document = parse("query Q($filter: Filter) { answer }");
    const operation = document.definitions[0] as Parameters<typeof executor>[0]["operation"];
    const results = [];
    for (let i = 0; i < 3; i++) {
      const context = {} as Context;
      results.push(await executor({ document, operation, request: { operationName: "Q" }, context, schema }));
    }
    expect(results).toEqual([{ data: { answer: null } }, { data: { answer: null } }, { data: { answer: null } }]);
    expect(choices.map(choice => choice.reason)).toEqual(["first-use", "not-compilable", "not-compilable"]);
    expect(log.lines().filter(line => line.msg === "graphql-jit cannot compile an operation")).toHaveLength(1);
  });

  it("keeps at most maxCompiledDocuments documents compiled, the least recently used dropped first", async () => {
    const schema = buildSchema(typeDefs);
    const choices: ExecutionChoice[] = [];
    const executor = createExecutor({
      compileSchema: schema,
      logger: capturedLogger().logger,
      onExecuted: choice => choices.push(choice),
      maxCompiledDocuments: 2,
    });
    const documents = ["{ greeting }", "{ answer }", "{ greeting answer }"].map(text => parse(text));
    const run = async (document: (typeof documents)[number]) => {
      const operation = document.definitions[0] as Parameters<typeof executor>[0]["operation"];
      const result = await executor({ document, operation, request: {}, context: {} as Context, schema });
      expect(executor.compiledDocuments().length).toBeLessThanOrEqual(2);
      return result;
    };
    const [a, b, c] = documents;
    for (const document of [a, a, b, b, a, c, c]) await run(document);
    expect(choices.map(choice => choice.reason)).toEqual([
      "first-use", "compiled", "first-use", "compiled", "compiled", "first-use", "compiled",
    ]);
    // a, used after b, is the more recently used: c's compilation dropped b.
    expect(executor.compiledDocuments()).toEqual([a, c]);
    choices.length = 0;
    // b stays seen: compiled again on its next use (dropping a), and a then again (dropping c).
    await run(b);
    expect(executor.compiledDocuments()).toEqual([c, b]);
    await run(a);
    expect(executor.compiledDocuments()).toEqual([b, a]);
    expect(choices.map(choice => choice.reason)).toEqual(["compiled", "compiled"]);
  });

  it("fails loudly when Apollo Server no longer has the internal it replaces", () => {
    const schema = buildSchema(typeDefs);
    const executor = createExecutor({ compileSchema: schema, logger: capturedLogger().logger, onExecuted: () => {} });
    expect(() => installExecutor({} as ApolloServer<Context>, executor)).toThrow(/internals\.gatewayExecutor/);
    // The pinned version has it: a fresh server takes the executor.
    expect(() => installExecutor(new ApolloServer<Context>({ schema }), executor)).not.toThrow();
  });

  it("has Apollo Server pass an installed executor a lean context, and any other executor Apollo's own", () => {
    const schema = buildSchema(typeDefs);
    const executor = createExecutor({ compileSchema: schema, logger: capturedLogger().logger, onExecuted: () => {} });
    installExecutor(new ApolloServer<Context>({ schema }), executor);
    // The function Apollo Server's request pipeline calls, looked up as the pipeline looks it up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const apolloModule = require(
      path.join(path.dirname(require.resolve("@apollo/server")), GATEWAY_CONTEXT_MODULE),
    ) as { makeGatewayGraphQLRequestContext: (...args: unknown[]) => Record<string, unknown> };
    const document = parse("{ greeting }");
    const requestContext = {
      document,
      operation: document.definitions[0],
      request: { query: "{ greeting }" },
      response: { http: { headers: new Map(), status: undefined } },
      contextValue: {},
      schema,
      metrics: {},
    };
    const make = apolloModule.makeGatewayGraphQLRequestContext;
    expect(Object.keys(make(requestContext, {}, { gatewayExecutor: executor })).sort()).toEqual(
      ["context", "document", "operation", "request", "schema"],
    );
    // An Apollo Gateway's executor (or any not installed here) gets Apollo's full copy of the request.
    const other = make(requestContext, { logger: console, cache: undefined }, { gatewayExecutor: async () => ({}) });
    expect(other).toMatchObject({ context: requestContext.contextValue, document, schema });
    expect(Object.keys(other)).toEqual(expect.arrayContaining(["response", "logger", "queryHash", "metrics"]));
  });
});
