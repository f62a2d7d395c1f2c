/**
 * Issue 16 target 2, "federation intact": a fixed corpus of request kinds, sent over real HTTP to the whole stack
 * (the subgraph in router-secret mode, the real DoS client, the simulator on a fixed clock), whose answers are
 * pinned: status, data, errors with their codes and paths, extensions (warnings, the ftv1 trace's tree) and
 * the headers a client relies on. Any change to how a request is executed (an executor, a resolver rewrite, a
 * plugin that skips work) must leave every answer identical, or this test fails and names the request.
 *
 * Each kind is sent twice, the corpus in order each time: the first pass parses, validates and analyses every
 * document, the second finds the valid ones in Apollo Server's document store (and the document-only analyses of
 * src/server/operation-cost.ts and selection-limit.ts memoised), so both paths answer every kind; a plugin
 * records which path served each request, and which executor ran it (src/server/executor.ts: graphql-js on a
 * document's first execution, graphql-jit's compiled code from its second), so the second pass holds the
 * compiled executor to graphql-js's answers.
 * The pinned answers are in __snapshots__/execution-corpus.test.ts.snap (`npx jest <this file> -u` rewrites
 * them; review the diff: it is a change clients see). Each kind also states its status and error codes here.
 */
import { createHash } from "node:crypto";
import { type ApolloServerPlugin } from "@apollo/server";
import { Trace } from "@apollo/usage-reporting-protobuf";
import { type Context } from "../../src/server/context";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

// Wednesday 10 June 2026, 07:30 in Leeds (BST), as test/graphql/service-search.test.ts.
const NOW = new Date("2026-06-10T06:30:00Z");
const ROUTER_SECRET = "router-secret-for-the-execution-corpus-0123456789";
const ROUTER = { "x-router-secret": ROUTER_SECRET, "x-dos-caller-id": "corpus" };
const PROFESSIONAL = { ...ROUTER, "x-dos-scopes": "dos:professional" };
const PUBLIC = { ...ROUTER, "x-dos-scopes": "dos:public" };
const TRACE = { "apollo-federation-include-trace": "ftv1" };

const LEEDS = {
  postcode: "LS1 1UR",
  age: 40,
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  disposition: "Dx02",
};
// The benchmark's wide search (bench/scenarios.ts), on the coming Saturday at 11:30 London time.
const NEWCASTLE = {
  postcode: "NE1 4ST",
  age: 40,
  gender: "FEMALE",
  symptomGroup: 1013,
  symptomDiscriminators: [4003],
  searchDistanceKm: 25,
  forceSearchDistance: true,
  searchDateTime: "2026-06-13T11:30:00+01:00",
};

const ALL_SERVICE_FIELDS = `
  id odsCode name publicName displayName type { id name } capacity { status rag } address postcode
  location { easting northing latitude longitude } phone nonPublicPhone fax website publicFacingInformation
  referralInformation openAllHours openNow nextOpen organisation { odsCode }
  openingTimes { day opens closes } specifiedOpeningTimes { date opens closes closed }
  attributes { name description dataType value } ageRanges { daysFrom daysTo }
  endpoints { order transport transportRaw format interaction businessScenario address comment compressed }`;

const ALL_FIELDS_SEARCH = `query AllFields($input: ServiceSearchInput!) {
  serviceSearch(input: $input) {
    transactionId requestedAt searchedAt ageInDays searchDistanceKm searchDistanceSource
    results { rank distanceMiles distanceKm catchAll homeGp service { ${ALL_SERVICE_FIELDS} } }
  }
}`;

/** The selection a front end makes for a result list (bench/scenarios.ts SUBGRAPH_SEARCH). */
const BENCH_SEARCH = `query BenchServiceSearch($input: ServiceSearchInput!) {
  serviceSearch(input: $input) {
    transactionId searchedAt searchDistanceKm searchDistanceSource
    results {
      rank distanceMiles catchAll homeGp
      service {
        id displayName type { id name } capacity { rag } address phone openNow nextOpen
        location { latitude longitude }
        endpoints { order transport format businessScenario address }
      }
    }
  }
}`;

const PUBLIC_SEARCH = `query PublicSearch($input: ServiceSearchInput!) {
  serviceSearch(input: $input) {
    results { rank service { id displayName phone nonPublicPhone fax referralInformation capacity { rag } endpoints { order } } }
  }
}`;

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Service { id odsCode name endpoints { order transport address } organisation { odsCode } }
    ... on Organisation { orgOds: odsCode services { id odsCode } }
    ... on Disposition { code dosId title timeFrameMinutes }
  }
}`;

interface Kind {
  name: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A POST body as sent (a string is sent verbatim, an object as JSON); GET sends it as the query string. */
  body?: string | { query?: string; variables?: unknown; operationName?: string };
  /** Resets the simulator's faults and adds this one before the request (`POST /_sim/faults`). */
  fault?: Record<string, unknown>;
  /** The HTTP status and the errors' `extensions.code`s, in order, stated here; the snapshot pins the rest. */
  expect: { status: number; codes: string[] };
}

const times = (count: number, code: string) => Array<string>(count).fill(code);
/** `organisation { services { … } }` nested `levels` times under a Service. */
const nested = (levels: number): string =>
  levels === 0 ? "id" : `organisation { services { ${nested(levels - 1)} } }`;

const CORPUS: Kind[] = [
  // --- searches --------------------------------------------------------------------------------------------
  {
    name: "professional search, every field",
    headers: PROFESSIONAL,
    body: { query: ALL_FIELDS_SEARCH, variables: { input: LEEDS } },
    expect: { status: 200, codes: [] },
  },
  {
    name: "professional wide search (the benchmark's selection)",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: NEWCASTLE } },
    expect: { status: 200, codes: [] },
  },
  {
    name: "public caller: professional-only fields refused, each with FORBIDDEN",
    headers: PUBLIC,
    body: { query: PUBLIC_SEARCH, variables: { input: LEEDS } },
    // Five services, five professional-only fields each.
    expect: { status: 200, codes: times(25, "FORBIDDEN") },
  },
  {
    name: "router with no scopes header: a public caller",
    headers: ROUTER,
    body: { query: 'query NoScopes { hospitalCapacities { name } disposition(code: "dx02") { code } }' },
    expect: { status: 200, codes: ["FORBIDDEN"] },
  },
  {
    name: "ftv1 trace asked for by the router, professional search",
    headers: { ...PROFESSIONAL, ...TRACE },
    body: { query: BENCH_SEARCH, variables: { input: LEEDS } },
    expect: { status: 200, codes: [] },
  },
  {
    name: "ftv1 trace with field errors (public caller), masked in the trace",
    headers: { ...PUBLIC, ...TRACE },
    body: { query: PUBLIC_SEARCH, variables: { input: LEEDS } },
    expect: { status: 200, codes: times(25, "FORBIDDEN") },
  },
  {
    name: "search inline literals, aliases, fragments, @skip/@include with variables, __typename",
    headers: PROFESSIONAL,
    body: {
      query: `query Shapes($yes: Boolean!, $no: Boolean!) {
        __typename
        first: serviceSearch(input: { postcode: "ls11ur", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "DX02" }) {
          ...Meta
          results @include(if: $yes) { rank ... on ServiceSearchResult { service { __typename id openNow } } }
          skipped: results @skip(if: $yes) { rank }
        }
        second: serviceSearch(input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052] }) @include(if: $no) { transactionId }
      }
      fragment Meta on ServiceSearch { __typename ageInDays searchDistanceSource }`,
      variables: { yes: true, no: false },
    },
    expect: { status: 200, codes: [] },
  },
  // --- input the subgraph refuses before any DoS call -------------------------------------------------------
  {
    name: "non-English postcode",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, postcode: "EH1 1YZ" } } },
    expect: { status: 200, codes: ["POSTCODE_OUTSIDE_ENGLAND"] },
  },
  {
    name: "malformed postcode: the non-null search fails the data; its sibling never runs",
    headers: PROFESSIONAL,
    body: {
      query: `query Bad($a: ServiceSearchInput!, $b: ServiceSearchInput!) {
        a: serviceSearch(input: $a) { transactionId } b: serviceSearch(input: $b) { transactionId }
      }`,
      variables: { a: { ...LEEDS, postcode: "NOT A POSTCODE" }, b: { ...LEEDS, age: 130 } },
    },
    expect: { status: 200, codes: ["INVALID_POSTCODE"] },
  },
  {
    name: "symptom discriminator not valid for the group",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, symptomDiscriminators: [1] } } },
    expect: { status: 200, codes: ["INVALID_CLINICAL_CODES"] },
  },
  {
    name: "searchDateTime out of bounds",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, searchDateTime: "2030-01-01T00:00:00Z" } } },
    expect: { status: 200, codes: ["INVALID_SEARCH_DATETIME"] },
  },
  // --- variables that do not coerce --------------------------------------------------------------------------
  {
    name: "variable of the wrong type",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, postcode: 1 } } },
    expect: { status: 400, codes: ["BAD_USER_INPUT"] },
  },
  {
    name: "required variable missing",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: {} },
    expect: { status: 400, codes: ["BAD_USER_INPUT"] },
  },
  {
    name: "unknown input field and bad enum value",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, gender: "OTHER", colour: "blue" } } },
    expect: { status: 400, codes: ["BAD_USER_INPUT", "BAD_USER_INPUT"] },
  },
  {
    name: "DateTime variable that is not a date-time",
    headers: PROFESSIONAL,
    body: { query: BENCH_SEARCH, variables: { input: { ...LEEDS, searchDateTime: "next tuesday" } } },
    expect: { status: 400, codes: ["BAD_USER_INPUT"] },
  },
  // --- documents Apollo Server refuses ----------------------------------------------------------------------
  {
    name: "syntax error",
    headers: PROFESSIONAL,
    body: { query: "query Broken { serviceSearch(input: { postcode: ) }" },
    expect: { status: 400, codes: ["GRAPHQL_PARSE_FAILED"] },
  },
  {
    name: "validation error: unknown field, missing argument",
    headers: PROFESSIONAL,
    body: { query: "query Invalid { service { id colour } }" },
    expect: { status: 400, codes: ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"] },
  },
  {
    // Refused at validation (src/server/operation-types.ts): graphql-js 16 alone lets it reach execution.
    name: "mutation: the schema has none",
    headers: PROFESSIONAL,
    body: { query: "mutation M { dispositions { code } }" },
    expect: { status: 400, codes: ["GRAPHQL_VALIDATION_FAILED"] },
  },
  {
    name: "unknown operation name",
    headers: PROFESSIONAL,
    body: { query: "query A { dispositions { code } } query B { __typename }", operationName: "C" },
    expect: { status: 400, codes: ["OPERATION_RESOLUTION_FAILURE"] },
  },
  {
    name: "two operations, the one named runs",
    headers: PROFESSIONAL,
    body: { query: 'query A { dispositions { code } } query B { disposition(code: "Dx05") { title } }', operationName: "B" },
    expect: { status: 200, codes: [] },
  },
  {
    name: "two operations, no operation name",
    headers: PROFESSIONAL,
    body: { query: "query A { dispositions { code } } query B { __typename }" },
    expect: { status: 400, codes: ["OPERATION_RESOLUTION_FAILURE"] },
  },
  {
    name: "no query at all",
    headers: PROFESSIONAL,
    body: { variables: {} },
    expect: { status: 400, codes: ["BAD_REQUEST"] },
  },
  {
    name: "malformed JSON body",
    headers: PROFESSIONAL,
    body: '{"query": "{ dispositions { code } }"',
    expect: { status: 400, codes: ["BAD_REQUEST"] },
  },
  // --- limits --------------------------------------------------------------------------------------------------
  {
    name: "over MAX_SEARCHES_PER_OPERATION",
    headers: PROFESSIONAL,
    body: {
      query: `query Three($input: ServiceSearchInput!) {
        a: serviceSearch(input: $input) { transactionId } b: serviceSearch(input: $input) { transactionId }
        c: serviceSearch(input: $input) { transactionId }
      }`,
      variables: { input: LEEDS },
    },
    expect: { status: 400, codes: ["DOS_CALL_BUDGET_EXCEEDED"] },
  },
  {
    name: "over MAX_DOS_CALLS_PER_OPERATION",
    headers: PROFESSIONAL,
    body: { query: `query Eleven { ${Array.from({ length: 11 }, (_, i) => `s${i}: service(id: "${100 + i}") { id }`).join(" ")} }` },
    expect: { status: 400, codes: ["DOS_CALL_BUDGET_EXCEEDED"] },
  },
  {
    name: "over MAX_ENTITIES",
    headers: PROFESSIONAL,
    body: {
      query: ENTITIES,
      variables: { representations: Array.from({ length: 11 }, (_, i) => ({ __typename: "Disposition", code: `Dx0${i}` })) },
    },
    expect: { status: 400, codes: ["INPUT_LIMIT_EXCEEDED"] },
  },
  {
    name: "over MAX_SELECTIONS (fragments spread twice, ten deep)",
    headers: PROFESSIONAL,
    body: {
      query: `query Doubling { ...F0 } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(" ")} fragment F12 on Query { __typename }`,
    },
    expect: { status: 400, codes: ["INPUT_LIMIT_EXCEEDED"] },
  },
  {
    name: "over MAX_ALIASES",
    headers: PROFESSIONAL,
    body: { query: `query Aliases { ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(" ")} }` },
    expect: { status: 400, codes: ["GRAPHQL_VALIDATION_FAILED"] },
  },
  {
    name: "over MAX_DEPTH",
    headers: PROFESSIONAL,
    body: {
      query: `query Deep($r: [_Any!]!) { _entities(representations: $r) { ... on Service { ${nested(6)} } } }`,
      variables: { r: [] },
    },
    expect: { status: 400, codes: ["GRAPHQL_VALIDATION_FAILED"] },
  },
  {
    name: "over MAX_TOKENS",
    headers: PROFESSIONAL,
    body: { query: `query Tokens { ${"__typename ".repeat(2100)} }` },
    expect: { status: 400, codes: ["GRAPHQL_PARSE_FAILED"] },
  },
  // --- services by id, by ODS code, reference data ------------------------------------------------------------
  {
    name: "service by id: found, unknown, malformed",
    headers: PROFESSIONAL,
    body: {
      query: `query ById { found: service(id: "2000386774") { id odsCode name openNow endpoints { order transport } }
        unknown: service(id: "999999999") { id } malformed: service(id: "abc") { id } }`,
    },
    expect: { status: 200, codes: ["BAD_USER_INPUT", "NOT_FOUND"] },
  },
  {
    name: "servicesByOdsCode, hospitalCapacities, dispositions",
    headers: PROFESSIONAL,
    body: {
      query: `query Mixed { servicesByOdsCode(odsCode: "rnm01") { id odsCode organisation { odsCode } }
        hospitalCapacities { name pressureScore note updatedAt }
        dispositions { code dosId title timeFrameMinutes } nothing: disposition(code: "Dx999") { code } }`,
    },
    expect: { status: 200, codes: [] },
  },
  // --- federation -------------------------------------------------------------------------------------------------
  {
    name: "_service sdl",
    headers: ROUTER,
    body: { query: "query Sdl { _service { sdl } }" },
    expect: { status: 200, codes: [] },
  },
  {
    name: "_entities with good representations of every entity type",
    headers: PROFESSIONAL,
    body: {
      query: ENTITIES,
      variables: {
        representations: [
          { __typename: "Service", id: "2000386774" },
          { __typename: "Organisation", odsCode: "rnm01" },
          { __typename: "Disposition", code: "Dx02" },
          { __typename: "Service", id: "2000386774" },
        ],
      },
    },
    expect: { status: 200, codes: [] },
  },
  {
    name: "_entities with bad representations among good ones",
    headers: PROFESSIONAL,
    body: {
      query: ENTITIES,
      variables: {
        representations: [
          { __typename: "Service", id: "abc" },
          { __typename: "Patient", id: "1" },
          ["Service", "2000386774"],
          { __typename: "Service", id: "999999999" },
          { __typename: "Disposition", code: "Dx999" },
          { __typename: "Organisation" },
          { __typename: "Service", id: "2000386774" },
        ],
      },
    },
    expect: { status: 200, codes: [...times(4, "BAD_USER_INPUT"), "NOT_FOUND"] },
  },
  {
    name: "_entities for a public caller: endpoints refused",
    headers: PUBLIC,
    body: { query: ENTITIES, variables: { representations: [{ __typename: "Service", id: "2000386774" }] } },
    expect: { status: 200, codes: ["FORBIDDEN"] },
  },
  // --- HTTP ----------------------------------------------------------------------------------------------------
  {
    name: "GET with a query and variables",
    method: "GET",
    headers: { ...PROFESSIONAL, "apollo-require-preflight": "true" },
    body: { query: "query Get($code: String!) { disposition(code: $code) { code title } }", variables: { code: "Dx05" } },
    expect: { status: 200, codes: [] },
  },
  {
    name: "GET without a CSRF preflight header",
    method: "GET",
    headers: PROFESSIONAL,
    body: { query: "query Get { dispositions { code } }" },
    expect: { status: 400, codes: ["BAD_REQUEST"] },
  },
  {
    name: "GET of a search (the query string carries the variables)",
    method: "GET",
    headers: { ...PROFESSIONAL, "apollo-require-preflight": "true" },
    body: { query: BENCH_SEARCH, variables: { input: LEEDS } },
    expect: { status: 200, codes: [] },
  },
  {
    name: "401 without the router secret",
    headers: { "x-dos-scopes": "dos:professional" },
    body: { query: BENCH_SEARCH, variables: { input: LEEDS } },
    expect: { status: 401, codes: ["UNAUTHENTICATED"] },
  },
  {
    name: "401 with a wrong router secret, ftv1 asked",
    headers: { ...PROFESSIONAL, ...TRACE, "x-router-secret": "not-the-secret" },
    body: { query: "{ dispositions { code } }" },
    expect: { status: 401, codes: ["UNAUTHENTICATED"] },
  },
  {
    name: "malformed scopes header",
    headers: { ...ROUTER, "x-dos-scopes": "dos:professional dos;public" },
    body: { query: "{ dispositions { code } }" },
    expect: { status: 400, codes: ["INVALID_SCOPES_HEADER"] },
  },
  // --- DoS failures ---------------------------------------------------------------------------------------------
  {
    name: "DoS answers a search with a SOAP fault",
    headers: PROFESSIONAL,
    // Twice: the gateway retries a transient fault once.
    fault: { operation: "CheckCapacitySummary", kind: "fault", code: 500, times: 2 },
    body: { query: BENCH_SEARCH, variables: { input: LEEDS } },
    expect: { status: 200, codes: ["DOS_UNAVAILABLE"] },
  },
];

/** What a client can observe of an answer, with the trace's timings left out and the SDL as its hash. */
interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

/**
 * How GraphQL served a request: `parsed` (a new document, parsed and validated here) or `reused` (found in Apollo
 * Server's document store: kinds that share a query text share it, even in the first pass), `+executed` when it
 * reached execution; `no document` when the request has no query to parse. Requests refused before GraphQL
 * (authentication, body, CSRF) are not seen.
 */
type Path = "no document" | "parsed" | "parsed+executed" | "reused" | "reused+executed";

function pathRecorder(paths: Map<string, Path>, executors: Map<string, string>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const id = request.http?.headers.get("x-request-id") ?? "";
      let parsed = false;
      paths.set(id, "no document");
      return {
        async parsingDidStart() {
          parsed = true;
          paths.set(id, "parsed");
        },
        async didResolveOperation() {
          paths.set(id, parsed ? "parsed" : "reused");
        },
        async executionDidStart() {
          paths.set(id, parsed ? "parsed+executed" : "reused+executed");
        },
        async willSendResponse({ contextValue }) {
          if (contextValue.execution) executors.set(id, `${contextValue.execution.executor}/${contextValue.execution.reason}`);
        },
      };
    },
  };
}

describe("execution corpus", () => {
  let subgraph: TestSubgraph;
  const paths = new Map<string, Path>();
  /** Which executor ran each request that was executed, and why (src/server/executor.ts). */
  const executors = new Map<string, string>();

  beforeAll(async () => {
    subgraph = await startSubgraph({
      now: () => NOW,
      env: { AUTH_MODE: "router-secret", ROUTER_SECRET },
      server: { plugins: [pathRecorder(paths, executors)] },
    });
  });
  afterAll(() => subgraph?.stop());

  async function send(kind: Kind, index: number): Promise<Answer> {
    await subgraph.clearFaults();
    await subgraph.resetSimulator();
    if (kind.fault) await subgraph.injectFault(kind.fault);
    const headers = { ...kind.headers, "x-request-id": requestId(index) };
    let response: Response;
    if (kind.method === "GET") {
      const url = new URL(subgraph.url);
      const body = kind.body as { query: string; variables?: unknown };
      url.searchParams.set("query", body.query);
      if (body.variables) url.searchParams.set("variables", JSON.stringify(body.variables));
      response = await fetch(url, { headers });
    } else {
      response = await fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof kind.body === "string" ? kind.body : JSON.stringify(kind.body),
      });
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(
        ["content-type", "cache-control", "x-request-id"].map(name => [name, response.headers.get(name)]),
      ),
      body: normalise(JSON.parse(text) as Record<string, unknown>),
    };
  }

  const requestId = (index: number) => `corpus-${index}`;

  it(`has at least 24 request kinds, each named once`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(24);
    expect(new Set(CORPUS.map(kind => kind.name)).size).toBe(CORPUS.length);
  });

  it("answers each kind as pinned, alike for new and reused documents", async () => {
    const passes: Answer[][] = [];
    const served: (Path | undefined)[][] = [];
    const executedBy: (string | undefined)[][] = [];
    for (let pass = 0; pass < 2; pass++) {
      const answers: Answer[] = [];
      paths.clear();
      executors.clear();
      for (const [index, kind] of CORPUS.entries()) answers.push(await send(kind, index));
      passes.push(answers);
      served.push(CORPUS.map((_kind, index) => paths.get(requestId(index))));
      executedBy.push(CORPUS.map((_kind, index) => executors.get(requestId(index))));
    }
    // Which path served each kind: the second pass reuses every document that parsed and validated; those that
    // did not are never stored, so they are parsed again.
    const reused: Partial<Record<Path, Path>> = { parsed: "reused", "parsed+executed": "reused+executed" };
    expect(served[1]).toEqual(
      served[0].map((path, index) => {
        const invalid = CORPUS[index].expect.codes.some(code => /^GRAPHQL_(PARSE|VALIDATION)_FAILED$/.test(code));
        return path && !invalid ? (reused[path] ?? path) : path;
      }),
    );
    const counts = tally;
    expect(counts(served[0])).toEqual({
      "parsed+executed": 12,
      "reused+executed": 15,
      parsed: 10,
      "no document": 1,
      "not seen": 5,
    });
    expect(counts(served[1])).toEqual({
      "reused+executed": 27,
      parsed: 6,
      reused: 4,
      "no document": 1,
      "not seen": 5,
    });
    // Which executor ran them: graphql-js for a document's first execution, compiled code from its second (kinds
    // sharing a query text are compiled in the first pass already), graphql-js for ftv1 (field hooks), variables
    // that do not coerce and unknown operation names, whatever the pass.
    expect(tally(executedBy[0])).toEqual({
      "compiled/compiled": 7,
      "graphql-js/first-use": 12,
      "graphql-js/field-hooks": 2,
      "graphql-js/variables": 4,
      "graphql-js/no-operation": 2,
      "not seen": 16,
    });
    expect(tally(executedBy[1])).toEqual({
      "compiled/compiled": 19,
      "graphql-js/field-hooks": 2,
      "graphql-js/variables": 4,
      "graphql-js/no-operation": 2,
      "not seen": 16,
    });
    const [first, second] = passes;
    const codesOf = (answer: Answer) =>
      ((answer.body as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map(e => e.extensions?.code);
    expect(first.map((answer, index) => ({ kind: CORPUS[index].name, status: answer.status, codes: codesOf(answer) })))
      .toEqual(CORPUS.map(kind => ({ kind: kind.name, ...kind.expect })));
    for (const [index, kind] of CORPUS.entries()) {
      expect([kind.name, second[index]]).toEqual([kind.name, first[index]]);
      expect(first[index]).toMatchSnapshot(kind.name);
    }
  });
});

/** How many times each value occurs in `values` (`not seen` for undefined). */
function tally(values: (string | undefined)[]): Record<string, number> {
  return Object.fromEntries(
    [...new Set(values)].map(value => [value ?? "not seen", values.filter(other => other === value).length]),
  );
}

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/**
 * The answer with its ftv1 trace decoded to its tree (timings out), the SDL replaced by its hash and DoS's
 * transaction ids (a fresh UUID per search) by their format.
 */
function normalise(answer: Record<string, unknown>): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(answer), (key, value: unknown) =>
    key === "transactionId" && typeof value === "string" && UUID.test(value) ? "<uuid>" : value,
  ) as Record<string, unknown>;
  const extensions = body.extensions as { ftv1?: string } | undefined;
  const data = body.data as { _service?: { sdl?: string } } | undefined;
  return {
    ...body,
    ...(data?._service?.sdl && {
      data: { ...data, _service: { sdlSha256: createHash("sha256").update(data._service.sdl).digest("hex") } },
    }),
    ...(extensions?.ftv1 && { extensions: { ...extensions, ftv1: traceTree(extensions.ftv1) } }),
  };
}

interface TraceNode {
  responseName?: string | null;
  index?: number | null;
  type?: string | null;
  parentType?: string | null;
  error?: { message?: string | null }[] | null;
  child?: TraceNode[] | null;
}

/** The trace's nodes, one line each: `path type (parent type)`, with the errors' (masked) messages. */
function traceTree(ftv1: string): unknown {
  const trace = Trace.decode(Buffer.from(ftv1, "base64"));
  const lines: string[] = [];
  const walk = (node: TraceNode, path: string): void => {
    const here = node.responseName ? `${path && `${path}.`}${node.responseName}` : `${path}[${node.index ?? 0}]`;
    const errors = (node.error ?? []).map(error => ` error: ${error.message}`).join("");
    if (node.type) lines.push(`${here} ${node.type} (${node.parentType})${errors}`);
    else if (errors) lines.push(`${here}${errors}`);
    for (const child of node.child ?? []) walk(child, here);
  };
  for (const child of trace.root?.child ?? []) walk(child as TraceNode, "");
  return { nodes: lines, hasTiming: Number(trace.durationNs) > 0 };
}
