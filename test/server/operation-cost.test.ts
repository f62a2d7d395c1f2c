/**
 * The static DoS-call estimate (src/server/operation-cost.ts) on real documents against the real subgraph schema,
 * then the whole pre-execution chain through Apollo Server over real HTTP: token limit, document limits and the
 * cost plugin, each refusing with its HTTP status and code before anything executes.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { type GraphQLSchema, getOperationAST, parse } from "graphql";
import { loadConfig } from "../../src/config";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import { documentLimitRules } from "../../src/server/document-limits";
import { formatError } from "../../src/server/errors";
import {
  type CostContext,
  costRefusal,
  estimateOperationCost,
  operationCostBound,
  operationCostPlugin,
  type OperationCostLimits,
} from "../../src/server/operation-cost";
import { selectionLimitPlugin } from "../../src/server/selection-limit";

const LIMITS = loadConfig({ NODE_ENV: "test" }).limits;
const PROFESSIONAL = new Set(["dos:professional"]);
const SEARCH = {
  postcode: "LS1 1UR",
  age: 40,
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  disposition: "Dx02",
};

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildDosSubgraphSchema();
});

interface CostServer {
  post(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } }>;
  stop(): Promise<void>;
}

/** Apollo Server over real HTTP as the subgraph configures it (limits, error format, no APQ), with `plugins`. */
async function startCostServer(plugins: ApolloServerPlugin<CostContext>[]): Promise<CostServer> {
  const apollo = new ApolloServer<CostContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    persistedQueries: false,
    parseOptions: { maxTokens: LIMITS.tokens },
    validationRules: documentLimitRules(LIMITS),
    plugins: [...plugins, ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(apollo, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async () => ({ now: () => new Date(), caller: { scopes: PROFESSIONAL } }),
  });
  return {
    async post(query, variables) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Awaited<ReturnType<CostServer["post"]>>["body"] };
    },
    stop: () => apollo.stop(),
  };
}

function costOf(query: string, variables: Record<string, unknown> = {}, scopes = PROFESSIONAL as ReadonlySet<string>) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return estimateOperationCost({ schema, document, operation, variables, now: new Date(), scopes });
}

/** The refusal's code, limit and max, or undefined when the operation may run. */
function refusalOf(query: string, variables: Record<string, unknown> = {}, limits: OperationCostLimits = LIMITS) {
  const refusal = costRefusal(costOf(query, variables), limits);
  return refusal && { ...refusal.extensions };
}

/** `{ a0: <field(0)> a1: <field(1)> … }` */
function aliased(field: (i: number) => string, count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(" ")} }`;
}

const services = (count: number, id: (i: number) => string = i => String(1000 + i)) =>
  aliased(i => `service(id: "${id(i)}") { id }`, count);
const searches = (count: number) =>
  `query($input: ServiceSearchInput!) ${aliased(() => "serviceSearch(input: $input) { transactionId }", count)}`;
const ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Service { id } } }";
const serviceReps = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ __typename: "Service", id: `${2000 + i}` }));

it("uses the production defaults the issue names", () => {
  expect(LIMITS).toMatchObject({ dosCallsPerOperation: 10, searchesPerOperation: 2, entities: 10 });
});

describe("service(id)", () => {
  it("10 distinct ids cost 10 calls and pass; 11 are refused with MAX_DOS_CALLS_PER_OPERATION", () => {
    expect(costOf(services(10))).toEqual({ calls: 10, searches: 0, entities: 0 });
    expect(refusalOf(services(10))).toBeUndefined();
    expect(costOf(services(11)).calls).toBe(11);
    expect(refusalOf(services(11))).toEqual({
      code: "DOS_CALL_BUDGET_EXCEEDED",
      limit: "MAX_DOS_CALLS_PER_OPERATION",
      max: 10,
      http: { status: 400 },
    });
  });

  it("counts the same id once, as the request's loader does (asked 5 times: 1 call)", () => {
    expect(costOf(services(5, () => "123")).calls).toBe(1);
    const query = "query($id: ID!) { a: service(id: $id) { id } b: service(id: 123) { id } }";
    expect(costOf(query, { id: 123 }).calls).toBe(1);
  });

  it("does not count ids the resolver rejects before calling DoS", () => {
    expect(costOf(services(4, i => ["abc", "0", "0123", "99999999999"][i])).calls).toBe(0);
  });
});

describe("serviceSearch", () => {
  it("each field is a search: 2 pass, 3 are refused with MAX_SEARCHES_PER_OPERATION", () => {
    expect(costOf(searches(2), { input: SEARCH })).toEqual({ calls: 2, searches: 2, entities: 0 });
    expect(refusalOf(searches(2), { input: SEARCH })).toBeUndefined();
    expect(refusalOf(searches(3), { input: SEARCH })).toEqual({
      code: "DOS_CALL_BUDGET_EXCEEDED",
      limit: "MAX_SEARCHES_PER_OPERATION",
      max: 2,
      http: { status: 400 },
    });
  });

  it("counts searches selected through fragments; fields merged under one response key run once", () => {
    const query = `query($input: ServiceSearchInput!) {
      serviceSearch(input: $input) { transactionId }
      ...Search
      ... on Query { other: serviceSearch(input: $input) { id: transactionId } }
    }
    fragment Search on Query {
      serviceSearch(input: $input) { searchedAt }
      again: serviceSearch(input: $input) { transactionId }
    }`;
    expect(costOf(query, { input: SEARCH }).searches).toBe(3);
  });

  it("does not count a search whose input the resolver rejects before calling DoS", () => {
    expect(costOf(searches(3), { input: { ...SEARCH, postcode: "EH1 1YZ" } }).searches).toBe(0);
    expect(costOf(searches(3), { input: { ...SEARCH, age: 130 } }).searches).toBe(0);
  });
});

describe("servicesByOdsCode and hospitalCapacities", () => {
  it("counts distinct upper-cased ODS codes, not malformed ones", () => {
    const query = aliased(i => `servicesByOdsCode(odsCode: "${["fa123", "FA123", "X"][i]}") { id }`, 3);
    expect(costOf(query).calls).toBe(1);
  });

  it("hospitalCapacities is one call per operation, only for callers meeting its @requiresScopes", () => {
    const query = "{ a: hospitalCapacities { name } b: hospitalCapacities { name } }";
    expect(costOf(query).calls).toBe(1);
    expect(costOf(query, {}, new Set(["dos:public"])).calls).toBe(0);
  });
});

describe("_entities", () => {
  it("10 representations pass; 11 are refused with INPUT_LIMIT_EXCEEDED (MAX_ENTITIES)", () => {
    expect(costOf(ENTITIES, { r: serviceReps(10) })).toEqual({ calls: 10, searches: 0, entities: 10 });
    expect(refusalOf(ENTITIES, { r: serviceReps(10) })).toBeUndefined();
    expect(refusalOf(ENTITIES, { r: serviceReps(11) })).toEqual({
      code: "INPUT_LIMIT_EXCEEDED",
      limit: "MAX_ENTITIES",
      max: 10,
      http: { status: 400 },
    });
  });

  it("Service representations share the id loader with service(id)", () => {
    const query = `query($r: [_Any!]!) {
      service(id: "2000") { id } _entities(representations: $r) { ... on Service { id } }
    }`;
    expect(costOf(query, { r: [...serviceReps(3), { __typename: "Service", id: "bad" }] }).calls).toBe(3);
  });

  it("does not count malformed representations or unknown types, but counts the valid ones after them", () => {
    const r = [
      { __typename: "Service", id: "1" },
      { __typename: "Patient", id: "2" },
      { __typename: "Service", id: 4 },
      ["Service", "5"],
      { __typename: "Service", id: "3" },
    ];
    expect(costOf(ENTITIES, { r })).toEqual({ calls: 2, searches: 0, entities: 5 });
  });

  it("Dispositions cost nothing; Organisations one call per distinct ODS code, only with `services`", () => {
    const r = [
      { __typename: "Disposition", code: "Dx02" },
      { __typename: "Organisation", odsCode: "fa1" },
      { __typename: "Organisation", odsCode: "FA1" },
      { __typename: "Organisation", odsCode: "RJ122" },
    ];
    const odsCodesOnly = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { odsCode } } }";
    expect(costOf(odsCodesOnly, { r }).calls).toBe(0);
    const withServices = `query($r: [_Any!]!) {
      _entities(representations: $r) { ...Org } servicesByOdsCode(odsCode: "RJ122") { id }
    }
    fragment Org on Organisation { services { id } }`;
    expect(costOf(withServices, { r })).toEqual({ calls: 2, searches: 0, entities: 4 });
  });
});

describe("what is not certain is not counted", () => {
  it("skips fields excluded by @skip/@include, with literals or variables", () => {
    const query = `query($no: Boolean!, $input: ServiceSearchInput!) {
      a: service(id: "1") @skip(if: true) { id }
      b: service(id: "2") @include(if: $no) { id }
      ... @skip(if: true) { c: service(id: "3") { id } }
      ...Search @include(if: false)
      d: service(id: "4") @skip(if: $no) { id }
    }
    fragment Search on Query { serviceSearch(input: $input) { transactionId } }`;
    expect(costOf(query, { no: false, input: SEARCH })).toEqual({ calls: 1, searches: 0, entities: 0 });
  });

  it("resolves arguments from variables and their defaults", () => {
    const query = 'query($a: ID!, $b: ID = "77") { a: service(id: $a) { id } b: service(id: $b) { id } }';
    expect(costOf(query, { a: "76" }).calls).toBe(2);
    expect(costOf(query, { a: "77" }).calls).toBe(1);
  });

  it("costs nothing when the variables do not coerce (Apollo refuses the operation itself)", () => {
    expect(costOf(searches(3), { input: { postcode: 1 } })).toEqual({ calls: 0, searches: 0, entities: 0 });
    expect(costOf(ENTITIES, {})).toEqual({ calls: 0, searches: 0, entities: 0 });
  });
});

describe("operationCostBound: the estimate's upper bound from the operation alone", () => {
  const boundOf = (query: string) => {
    const document = parse(query);
    return operationCostBound(schema, document, getOperationAST(document)!);
  };

  it("is never below the estimate, whatever the variables, scopes and skipped fields", () => {
    const skipping = `query($no: Boolean!, $input: ServiceSearchInput!) {
      a: service(id: "1") @skip(if: true) { id }
      b: service(id: "2") @include(if: $no) { id }
      ... @skip(if: true) { c: service(id: "3") { id } }
      ...Search @include(if: false)
      d: service(id: "4") @skip(if: $no) { id }
      ... on Query { e: hospitalCapacities { name } f: hospitalCapacities { name } }
    }
    fragment Search on Query { serviceSearch(input: $input) { transactionId } s2: serviceSearch(input: $input) { transactionId } }`;
    const cases: [string, Record<string, unknown>, ReadonlySet<string>][] = [
      [services(11), {}, PROFESSIONAL],
      [services(5, () => "7"), {}, PROFESSIONAL],
      [services(3, i => ["1", "bad", "2"][i]), {}, PROFESSIONAL],
      [searches(3), { input: SEARCH }, PROFESSIONAL],
      [searches(3), { input: { ...SEARCH, postcode: "EH1 1YZ" } }, PROFESSIONAL],
      [skipping, { no: false, input: SEARCH }, PROFESSIONAL],
      [skipping, { no: true, input: SEARCH }, PROFESSIONAL],
      [skipping, { no: true, input: SEARCH }, new Set(["dos:public"])],
      [aliased(i => `servicesByOdsCode(odsCode: "${["fa123", "FA123", "X"][i]}") { id }`, 3), {}, PROFESSIONAL],
      ['{ dispositions { code } disposition(code: "Dx02") { code } _service { sdl } }', {}, PROFESSIONAL],
    ];
    for (const [query, variables, scopes] of cases) {
      const bound = boundOf(query)!;
      const cost = costOf(query, variables, scopes);
      expect([query, bound.calls >= cost.calls, bound.searches >= cost.searches, bound.entities]).toEqual([
        query,
        true,
        true,
        cost.entities,
      ]);
    }
    // a-d: four ids, two searches (each a call), hospitalCapacities once.
    expect(boundOf(skipping)).toEqual({ calls: 7, searches: 2, entities: 0 });
    expect(boundOf(services(11))).toEqual({ calls: 11, searches: 0, entities: 0 });
  });

  it("has none for _entities, whose count is in the variables", () => {
    expect(boundOf(ENTITIES)).toBeUndefined();
    const throughFragment = `query($r: [_Any!]!) { service(id: "1") { id } ...E }
      fragment E on Query { _entities(representations: $r) { ... on Service { id } } }`;
    expect(boundOf(throughFragment)).toBeUndefined();
  });
});

describe("document analysis is done once per document, answers per request", () => {
  let server: CostServer;
  const selectionLimit = selectionLimitPlugin<CostContext>(LIMITS.selections);
  const operationCost = operationCostPlugin<CostContext>(LIMITS);

  beforeAll(async () => {
    server = await startCostServer([selectionLimit, operationCost]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function post(query: string, variables: Record<string, unknown> = {}) {
    const { status, body } = await server.post(query, variables);
    return { status, data: body.data, codes: (body.errors ?? []).map(e => e.extensions.code) };
  }

  const analyses = () => ({ ...selectionLimit.analyses, ...operationCost.analyses });

  it("a repeated query within the bound is measured and bounded once, and never estimated", async () => {
    const before = analyses();
    const query = 'query Fine { dispositions { code } service(id: "not-an-id") { id } }';
    const answers = [await post(query), await post(query), await post(query)];
    expect(answers).toEqual(Array(3).fill({ status: 200, data: expect.anything(), codes: ["BAD_USER_INPUT"] }));
    expect(analyses()).toEqual({
      measures: before.measures + 1,
      bounds: before.bounds + 1,
      estimates: before.estimates,
    });
  });

  it("a repeated query over the bound is estimated per request, with its variables", async () => {
    const before = analyses();
    const query = `query Three($input: ServiceSearchInput!, $run: Boolean!) {
      a: serviceSearch(input: $input) @include(if: $run) { transactionId }
      b: serviceSearch(input: $input) @include(if: $run) { transactionId }
      c: serviceSearch(input: $input) @include(if: $run) { transactionId }
    }`;
    const answers = [];
    for (const run of [false, true, false, true]) answers.push(await post(query, { input: SEARCH, run }));
    const skipped = { status: 200, data: {}, codes: [] };
    const refused = { status: 400, data: undefined, codes: ["DOS_CALL_BUDGET_EXCEEDED"] };
    expect(answers).toEqual([skipped, refused, skipped, refused]);
    expect(analyses()).toEqual({
      measures: before.measures + 1,
      bounds: before.bounds + 1,
      estimates: before.estimates + 4,
    });
  });

  it("a repeated over-limit document is refused every time, measured once", async () => {
    const before = analyses();
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const query = `query Doubling { ...F0 } ${fragments.join(" ")} fragment F12 on Query { __typename }`;
    const answers = [await post(query), await post(query)];
    expect(answers).toEqual(Array(2).fill({ status: 400, data: undefined, codes: ["INPUT_LIMIT_EXCEEDED"] }));
    expect(analyses().measures).toBe(before.measures + 1);
  });
});

describe("through Apollo Server over HTTP", () => {
  let server: CostServer;
  const executions: string[] = [];

  // Records each operation that reached execution: the refused ones must not, so they make no DoS call.
  const executionRecorder: ApolloServerPlugin<CostContext> = {
    async requestDidStart() {
      return {
        async executionDidStart({ operationName }) {
          executions.push(operationName ?? "anonymous");
        },
      };
    },
  };

  beforeAll(async () => {
    server = await startCostServer([operationCostPlugin(LIMITS), executionRecorder]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function post(query: string, variables: Record<string, unknown> = {}) {
    const { status, body } = await server.post(query, variables);
    const errors = (body.errors ?? []).map(error => ({ ...error.extensions, message: error.message }));
    return { status, errors: errors as { code?: unknown; message: string }[] };
  }

  it("refuses over-token, over-limit and over-budget operations with 400 before execution", async () => {
    expect(LIMITS.tokens).toBe(2000);
    const tooManyTokens = await post(`query Tokens { ${"__typename ".repeat(2100)} }`);
    expect(tooManyTokens).toEqual({
      status: 400,
      errors: [{ code: "GRAPHQL_PARSE_FAILED", message: expect.stringContaining("2000 tokens") }],
    });

    const tooManyAliases = await post(`query Aliases ${aliased(() => "__typename", 101)}`);
    expect(tooManyAliases).toEqual({
      status: 400,
      errors: [
        {
          code: "GRAPHQL_VALIDATION_FAILED",
          limit: "MAX_ALIASES",
          max: 15,
          message: "The document uses 101 aliases; the limit is 15 (MAX_ALIASES).",
        },
      ],
    });

    const tooManyCalls = await post(`query Eleven ${services(11)}`);
    expect(tooManyCalls).toEqual({
      status: 400,
      errors: [
        {
          code: "DOS_CALL_BUDGET_EXCEEDED",
          limit: "MAX_DOS_CALLS_PER_OPERATION",
          max: 10,
          message: expect.stringContaining("at least 11 DoS calls; the limit is 10"),
        },
      ],
    });

    const tooManyEntities = await post(`query Entities${ENTITIES.slice(5)}`, { r: serviceReps(11) });
    expect([tooManyEntities.status, tooManyEntities.errors.map(error => error.code)]).toEqual([
      400,
      ["INPUT_LIMIT_EXCEEDED"],
    ]);

    // The same chain lets an operation within every limit run.
    const withinLimits = await post('query Fine { dispositions { code } service(id: "not-an-id") { id } }');
    expect(withinLimits.status).toBe(200);
    expect(withinLimits.errors.map(error => error.code)).toEqual(["BAD_USER_INPUT"]);

    expect(executions).toEqual(["Fine"]);
  });
});
