/**
 * The abuse, bad-input and fault checklist of ../shared/docs/security.md §5 (A–G), walked against the running
 * subgraph and the real simulator over HTTP, configured as production runs it (NODE_ENV=production,
 * AUTH_MODE=router-secret, a public DoS account). Each case asserts the HTTP status, `extensions.code` and the
 * number of DoS calls the simulator saw. Every response is checked for `Cache-Control: no-store` as it arrives,
 * and kept; at the end all responses and every captured log line are scanned for the DoS passwords and for DoS
 * payloads (G2, §2.5).
 *
 * Where security.md's codes differ from the subgraph issue, the issue wins (security.md says so): malformed ids
 * and ODS codes are BAD_USER_INPUT (not INVALID_IDENTIFIER), unknown symptom groups and Dx codes are refused
 * from the reference tables before any DoS call (C11, C12), and the budget code is DOS_CALL_BUDGET_EXCEEDED.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type SimAccount } from "../../src/simulator/engine/types";
import { startSubgraph, type StartSubgraphOptions, type TestSubgraph } from "../helpers/subgraph";
import { captureLogs } from "../upstream/helpers/log-capture";

const ROUTER_SECRET = randomBytes(24).toString("base64url");
const MAIN_PASSWORD = `main-${randomBytes(12).toString("hex")}`;
const PUBLIC_PASSWORD = `public-${randomBytes(12).toString("hex")}`;
const ACCOUNTS: SimAccount[] = [
  { username: "dos-subgraph-main", password: MAIN_PASSWORD, webService: true, role: "professional" },
  { username: "dos-subgraph-public", password: PUBLIC_PASSWORD, webService: true, role: "public" },
];
const PRODUCTION_ENV = {
  NODE_ENV: "production",
  AUTH_MODE: "router-secret",
  ROUTER_SECRET,
  DOS_USERNAME: "dos-subgraph-main",
  DOS_PASSWORD: MAIN_PASSWORD,
  DOS_PUBLIC_USERNAME: "dos-subgraph-public",
  DOS_PUBLIC_PASSWORD: PUBLIC_PASSWORD,
  DOS_TIMEOUT_MS: "1000",
};

const PROFESSIONAL = { "x-router-secret": ROUTER_SECRET, "x-dos-scopes": "dos:professional" };
const PUBLIC = { "x-router-secret": ROUTER_SECRET, "x-dos-scopes": "dos:public" };

const SEARCH = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const SEARCH_QUERY = `query Search($input: ServiceSearchInput!) {
  serviceSearch(input: $input) { results { service { id name phone } } }
}`;

interface Reply {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
  /** DoS calls the simulator saw while this request ran. */
  calls: number;
}

/** Everything any subgraph under test answered, for the final leak scan. */
const responseTexts: string[] = [];
const logs = captureLogs("info");

async function startProductionLike(options: StartSubgraphOptions = {}): Promise<TestSubgraph> {
  return startSubgraph({
    simulatorAccounts: ACCOUNTS,
    logger: logs.logger,
    ...options,
    env: { ...PRODUCTION_ENV, ...options.env },
  });
}

function client(subgraph: TestSubgraph) {
  const totalCalls = async () => {
    const calls = await subgraph.simulatorCalls();
    return calls.CheckCapacitySummary + calls.ServiceDetailsById + calls.GetHospitalScores + (calls as { other?: number }).other!;
  };
  async function send(init: RequestInit & { path?: string; search?: string }): Promise<Reply> {
    const before = await totalCalls();
    const url = `${subgraph.origin}${init.path ?? "/graphql"}${init.search ?? ""}`;
    const response = await fetch(url, init);
    const text = await response.text();
    responseTexts.push(text, JSON.stringify([...response.headers]));
    // G2: every response, errors and partial results included.
    expect({ url, cacheControl: response.headers.get("cache-control") }).toEqual({ url, cacheControl: "no-store" });
    const body = text.startsWith("{") ? (JSON.parse(text) as Reply["body"]) : { errors: [] };
    return { status: response.status, headers: response.headers, body, calls: (await totalCalls()) - before };
  }
  return {
    send,
    /** POSTs a GraphQL request as JSON. */
    post(payload: unknown, headers: Record<string, string> = PROFESSIONAL): Promise<Reply> {
      return send({
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof payload === "string" ? payload : JSON.stringify(payload),
      });
    },
    query(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = PROFESSIONAL) {
      return this.post({ query, variables }, headers);
    },
    search(input: Record<string, unknown>, headers: Record<string, string> = PROFESSIONAL) {
      return this.query(SEARCH_QUERY, { input: { ...SEARCH, ...input } }, headers);
    },
  };
}

const codesOf = (reply: Reply) => (reply.body.errors ?? []).map(error => error.extensions?.code);

/** `{ a0: service(id: "…") { id } a1: … }` */
function aliased(field: (i: number) => string, count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(" ")} }`;
}

describe("security.md §5 against the production-like subgraph", () => {
  let subgraph: TestSubgraph;
  let api: ReturnType<typeof client>;
  let serviceIds: string[];

  beforeAll(async () => {
    // The D cases fail DoS on purpose, many times over. How many of those failures fall in one breaker window
    // (10 s) depends on the machine's speed: on a loaded machine enough did to open the search circuit, and every
    // later case here saw DOS_UNAVAILABLE with 0 calls. So the breakers never trip in this shared subgraph; they
    // are proven with their own subgraph (D15) and in test/upstream.
    // Likewise the deadline here is long (15 s): whether a latency is "below the deadline" (D3), a retry fits
    // before it (D4, D10) or the size bound fires before it (F1) must not depend on the machine's speed. The
    // production deadline (1 s) is tested on its own subgraph (D1, D2).
    subgraph = await startProductionLike({
      env: { DOS_TIMEOUT_MS: "15000" },
      server: { gateway: { circuit: { volumeThreshold: 100_000 } } },
    });
    api = client(subgraph);
    serviceIds = subgraph.simulator.engine.services.slice(0, 12).map(service => String(service.id));
  });
  afterAll(() => subgraph?.stop());
  beforeEach(() => subgraph.clearFaults());

  describe("A. malformed requests and GraphQL", () => {
    it("A1 a body that is not JSON: 400 JSON error, not an HTML page", async () => {
      const reply = await api.post("{bad");
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_REQUEST"], 0]);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    });

    it.each([["{}"], ['{"query":""}']])("A2 %s: 400 BAD_REQUEST", async body => {
      const reply = await api.post(body);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_REQUEST"], 0]);
    });

    it("A3 a syntax error: 400 GRAPHQL_PARSE_FAILED (not 500)", async () => {
      const reply = await api.query("{ ping ");
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["GRAPHQL_PARSE_FAILED"], 0]);
    });

    it("A4 an unknown field: 400 GRAPHQL_VALIDATION_FAILED without field suggestions", async () => {
      const reply = await api.query("{ serviceByI }");
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["GRAPHQL_VALIDATION_FAILED"], 0]);
      expect(reply.body.errors![0].message).not.toMatch(/did you mean|suggestion|service\b/i);
    });

    it("A5 several operations and no operationName: 400 OPERATION_RESOLUTION_FAILURE", async () => {
      const reply = await api.query("query A { __typename } query B { __typename }");
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["OPERATION_RESOLUTION_FAILURE"], 0]);
    });

    it("A6 a variable of the wrong type: 400 BAD_USER_INPUT", async () => {
      const reply = await api.query("query($id: ID!) { service(id: $id) { id } }", { id: { x: 1 } });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_USER_INPUT"], 0]);
    });

    it.each([["text/plain"], ["application/x-www-form-urlencoded"]])(
      "A7 a POST as %s (CSRF-able): 400 BAD_REQUEST",
      async contentType => {
        const reply = await api.send({
          method: "POST",
          headers: { ...PROFESSIONAL, "content-type": contentType },
          body: JSON.stringify({ query: "{ __typename }" }),
        });
        expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_REQUEST"], 0]);
      },
    );

    it("A8 a GET query without a preflight header (CSRF-able): 400 BAD_REQUEST", async () => {
      const reply = await api.send({ headers: PROFESSIONAL, search: "?query=%7B__typename%7D" });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_REQUEST"], 0]);
    });

    it("A9 a mutation over GET is refused (the schema has no mutations at all)", async () => {
      const reply = await api.send({
        headers: { ...PROFESSIONAL, "apollo-require-preflight": "1" },
        search: `?query=${encodeURIComponent("mutation { __typename }")}`,
      });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.calls).toBe(0);
    });

    it("A12 circular fragments: 400 GRAPHQL_VALIDATION_FAILED", async () => {
      const reply = await api.query(
        "query { service(id: \"1\") { ...A } } fragment A on Service { ...B } fragment B on Service { ...A }",
      );
      expect(reply.status).toBe(400);
      expect(codesOf(reply)).toContain("GRAPHQL_VALIDATION_FAILED");
      expect(reply.calls).toBe(0);
    });
  });

  describe("B. abusive GraphQL", () => {
    it.each([
      ["__schema", "{ __schema { types { name } } }"],
      ["__type", '{ __type(name: "Service") { fields { name } } }'],
      ["B2 circular", "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"],
    ])("B1 introspection (%s): 400 GRAPHQL_VALIDATION_FAILED in production", async (_case, query) => {
      const reply = await api.query(query);
      expect([reply.status, codesOf(reply)[0], reply.calls]).toEqual([400, "GRAPHQL_VALIDATION_FAILED", 0]);
    });

    it("B3/E5 `_service { sdl }` without the router secret: 401 before GraphQL; the router gets it", async () => {
      const anonymous = await api.query("{ _service { sdl } }", undefined, {});
      expect([anonymous.status, codesOf(anonymous), anonymous.calls]).toEqual([401, ["UNAUTHENTICATED"], 0]);
      const router = await api.query("{ _service { sdl } }");
      expect(router.status).toBe(200);
      expect(JSON.stringify(router.body.data)).toContain("@requiresScopes");
    });

    it("B4 depth over MAX_DEPTH (10): 400 GRAPHQL_VALIDATION_FAILED naming the depth", async () => {
      // The schema has no cycles deeper than 10, so only a document of unknown fields can nest that far: the depth
      // rule still measures it (and the unit tests in test/server cover the limit exactly on real fields).
      const reply = await api.query(nested(11));
      expect([reply.status, codesOf(reply)[0], reply.calls]).toEqual([400, "GRAPHQL_VALIDATION_FAILED", 0]);
      expect(reply.body.errors!.map(error => error.message).join("\n")).toMatch(/depth/i);
    });

    it("B5 101 `__typename` aliases: 400 GRAPHQL_VALIDATION_FAILED (MAX_ALIASES 15)", async () => {
      const reply = await api.query(aliased(() => "__typename", 101));
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["GRAPHQL_VALIDATION_FAILED"], 0]);
      expect(reply.body.errors![0].message).toMatch(/alias/i);
    });

    it("B6 10 aliases of serviceSearch: refused before execution with no DoS call", async () => {
      const reply = await api.query(
        `query($input: ServiceSearchInput!) ${aliased(() => "serviceSearch(input: $input) { transactionId }", 10)}`,
        { input: SEARCH },
      );
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["DOS_CALL_BUDGET_EXCEEDED"], 0]);
      // Two searches (MAX_SEARCHES_PER_OPERATION) are allowed.
      const two = await api.query(
        `query($input: ServiceSearchInput!) ${aliased(() => "serviceSearch(input: $input) { transactionId }", 2)}`,
        { input: SEARCH },
      );
      expect([two.status, codesOf(two), two.calls]).toEqual([200, [], 2]);
    });

    it("B8 60 directives: 400 GRAPHQL_VALIDATION_FAILED, one error", async () => {
      // 60 valid uses (a repeat at one location would add graphql-js's own error per repeat).
      const reply = await api.query(`{ dispositions { ${"... @include(if: true) { code } ".repeat(60)} } }`);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["GRAPHQL_VALIDATION_FAILED"], 0]);
    });

    it("B9 a JSON array batch of 11 operations: 400 BAD_REQUEST (batching off)", async () => {
      const reply = await api.post(Array.from({ length: 11 }, () => ({ query: SEARCH_QUERY, variables: { input: SEARCH } })));
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_REQUEST"], 0]);
    });

    it("B10 more than MAX_TOKENS (2000) tokens: 400 GRAPHQL_PARSE_FAILED", async () => {
      const reply = await api.query(`{ __typename ${"__typename ".repeat(2100)} }`);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["GRAPHQL_PARSE_FAILED"], 0]);
    });

    it("B13 `_entities` with 11 representations: 400 INPUT_LIMIT_EXCEEDED, no DoS call; 10 work", async () => {
      const query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Service { id odsCode } } }";
      const representations = serviceIds.slice(0, 11).map(id => ({ __typename: "Service", id }));
      const eleven = await api.query(query, { r: representations });
      expect([eleven.status, codesOf(eleven), eleven.calls]).toEqual([400, ["INPUT_LIMIT_EXCEEDED"], 0]);
      const ten = await api.query(query, { r: representations.slice(0, 10) });
      expect([ten.status, codesOf(ten), ten.calls]).toEqual([200, [], 10]);
    });

    it("B14 `_entities` with an unknown __typename: an error, no DoS call", async () => {
      const reply = await api.query("query($r: [_Any!]!) { _entities(representations: $r) { __typename } }", {
        r: [{ __typename: "Patient", id: "1" }],
      });
      expect(reply.body.errors!.length).toBeGreaterThan(0);
      expect(reply.calls).toBe(0);
    });

    it("B15 the same service id 5 times in one operation: 1 DoS call", async () => {
      const reply = await api.query(aliased(() => `service(id: "${serviceIds[0]}") { id }`, 5));
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, [], 1]);
    });

    it("10 distinct service(id) lookups work in one operation; 11 are refused before any call", async () => {
      const ten = await api.query(aliased(i => `service(id: "${serviceIds[i]}") { id }`, 10));
      expect([ten.status, codesOf(ten), ten.calls]).toEqual([200, [], 10]);
      const eleven = await api.query(aliased(i => `service(id: "${serviceIds[i]}") { id }`, 11));
      expect([eleven.status, codesOf(eleven), eleven.calls]).toEqual([400, ["DOS_CALL_BUDGET_EXCEEDED"], 0]);
    });

    it("B17 the budget holds during execution, retries included: exactly MAX_DOS_CALLS_PER_OPERATION calls", async () => {
      // Ten lookups fit the static estimate; one transient failure makes the eleventh call (its retry) necessary.
      await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "http500", times: 1 });
      const reply = await api.query(aliased(i => `service(id: "${serviceIds[i]}") { id }`, 10));
      expect(reply.status).toBe(200);
      expect(reply.calls).toBe(10);
      expect(codesOf(reply)).toEqual(["DOS_CALL_BUDGET_EXCEEDED"]);
      const data = reply.body.data!;
      expect(Object.values(data).filter(value => value === null)).toHaveLength(1);
    });
  });

  describe("C. bad arguments and injection", () => {
    it.each([["12345"], ["SW1A1A"], ["ABCDEFGHIJKLMNOPQRST"], ["GIR 0AA"], ["BFPO 1234"], ["ASCN 1ZZ"], ["ZZ9 9ZZ"]])(
      "C1/C4 %s: INVALID_POSTCODE, no DoS call",
      async postcode => {
        const reply = await api.search({ postcode });
        expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["INVALID_POSTCODE"], 0]);
        expect(reply.body.errors![0].path).toEqual(["serviceSearch"]);
      },
    );

    it.each([["sw1a1aa"], [" SW1A  1AA "], ["ls11ur"]])("C2 %j is normalised and searched: 1 DoS call", async postcode => {
      const reply = await api.search({ postcode });
      expect(reply.calls).toBe(1);
      expect(codesOf(reply)).not.toContain("INVALID_POSTCODE");
    });

    it.each([
      ["EH1 1YZ"], // Scotland
      ["CF10 1EP"], // Wales
      ["BT1 1AA"], // Northern Ireland
      ["JE2 3AB"], // Jersey
      ["GY1 1AA"], // Guernsey
      ["IM1 1AA"], // Isle of Man
      ["GX11 1AA"], // Gibraltar: no UK postcode area
      ["SY23 1AA"], // wholly Welsh district of an English-named area
      ["CH5 1AA"], // Deeside, Wales
      ["TD1 1AA"], // Galashiels, Scotland
      ["LL11 1AA"], // Wrexham
    ])("C3/G7 %s is refused before any DoS call", async postcode => {
      const reply = await api.search({ postcode });
      expect(reply.calls).toBe(0);
      expect(codesOf(reply)).toEqual([postcode === "GX11 1AA" ? "INVALID_POSTCODE" : "POSTCODE_OUTSIDE_ENGLAND"]);
    });

    it.each([["TD15 1AA"], ["CH4 8AA"], ["SY22 6AA"]])(
      "C3 %s straddles the border: DoS decides (1 call)",
      async postcode => {
        const reply = await api.search({ postcode });
        expect(reply.calls).toBe(1);
        expect(codesOf(reply)).not.toContain("POSTCODE_OUTSIDE_ENGLAND");
      },
    );

    it("C6 a well-formed English postcode DoS does not know: 1 call, POSTCODE_NOT_FOUND", async () => {
      const reply = await api.search({ postcode: "LS30 9ZZ" }); // an English area, a district that does not exist
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["POSTCODE_NOT_FOUND"], 1]);
    });

    it.each([
      [1, "YEARS"],
      [130, "YEARS"],
      [0, "MONTHS"],
      [24, "MONTHS"],
      [32, "DAYS"],
      [5, "AGE_GROUP"],
      [-1, "YEARS"],
    ])("C8 age %d %s: INVALID_AGE, no DoS call", async (age, ageUnit) => {
      const reply = await api.search({ age, ageUnit });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["INVALID_AGE"], 0]);
    });

    it.each([
      ["age 2^31", { age: 2 ** 31 }],
      ["age 1.5", { age: 1.5 }],
      ["C9 an unknown ageUnit", { ageUnit: "DECADES" }],
      ["C15 gender X", { gender: "X" }],
      ["C10 distance 2^31", { searchDistanceKm: 2 ** 31 }],
      ["C14 an unparsable searchDateTime", { searchDateTime: "tomorrow" }],
    ])("%s: 400 BAD_USER_INPUT (coercion), no DoS call", async (_case, input) => {
      const reply = await api.search(input);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([400, ["BAD_USER_INPUT"], 0]);
    });

    it.each([[0], [-1], [100], [1e9]])("C10 searchDistanceKm %d: INVALID_SEARCH_DISTANCE, no DoS call", async km => {
      const reply = await api.search({ searchDistanceKm: km });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["INVALID_SEARCH_DISTANCE"], 0]);
    });

    it.each([
      ["C11 unknown symptom group", { symptomGroup: 99999 }, "UNKNOWN_SYMPTOM_GROUP"],
      ["C12 unknown Dx code", { disposition: "Dx999" }, "UNKNOWN_DISPOSITION"],
      ["C12 not a Dx code", { disposition: "1' OR '1'='1" }, "UNKNOWN_DISPOSITION"],
      ["C13 no discriminators", { symptomDiscriminators: [] }, "INVALID_CLINICAL_CODES"],
      ["C13 11 discriminators", { symptomDiscriminators: Array.from({ length: 11 }, (_, i) => 4052 + i) }, "INVALID_CLINICAL_CODES"],
      ["C14 searchDateTime 2 minutes ago", { searchDateTime: new Date(Date.now() - 120_000).toISOString() }, "INVALID_SEARCH_DATETIME"],
      ["C14 searchDateTime 13 months ahead", { searchDateTime: new Date(Date.now() + 400 * 86_400_000).toISOString() }, "INVALID_SEARCH_DATETIME"],
      ["a CDATA caseRef", { caseRef: "<![CDATA[<x/>]]>" }, "BAD_USER_INPUT"],
      ["an XML GP practice", { gpPracticeOdsCode: "<surgery>" }, "BAD_USER_INPUT"],
    ])("%s: %s, no DoS call", async (_case, input, code) => {
      const reply = await api.search(input);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, [code], 0]);
    });

    it.each([["abc"], ["-1"], ["12345678901"], ["+1"], ["1e3"], ["<id/>"]])(
      "C16 service id %j: BAD_USER_INPUT, no DoS call",
      async id => {
        const reply = await api.query("query($id: ID!) { service(id: $id) { id } }", { id });
        expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["BAD_USER_INPUT"], 0]);
      },
    );

    it.each([["<x>"], ["A B"], ["A".repeat(50)]])("C17 ODS code %j: BAD_USER_INPUT, no DoS call", async odsCode => {
      const reply = await api.query("query($o: String!) { servicesByOdsCode(odsCode: $o) { id } }", { o: odsCode });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["BAD_USER_INPUT"], 0]);
    });

    it("C17 a lower-case ODS code is normalised: 1 DoS call", async () => {
      const reply = await api.query("query($o: String!) { servicesByOdsCode(odsCode: $o) { id } }", { o: "fa123" });
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, [], 1]);
    });
  });

  describe("D. upstream faults", () => {
    it("D3 latency below the deadline: success", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "latency", ms: 300, times: 1 });
      const reply = await api.search({});
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, [], 1]);
    });


    it("D4 fault 500 twice: one retry (2 calls), then DOS_UNAVAILABLE; once: the retry answers", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "fault", code: 500, times: 2 });
      const failed = await api.search({});
      expect([failed.status, codesOf(failed), failed.calls]).toEqual([200, ["DOS_UNAVAILABLE"], 2]);
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "fault", code: 504, times: 1 });
      const recovered = await api.search({});
      expect([recovered.status, codesOf(recovered), recovered.calls]).toEqual([200, [], 2]);
    });

    it.each([
      ["D6 fault 101", 101, "POSTCODE_NOT_FOUND"],
      ["D6 fault 104", 104, "INVALID_CLINICAL_CODES"],
      ["D6 fault 121", 121, "UNKNOWN_DISPOSITION"],
    ])("%s: mapped to %s, 1 call, no retry", async (_case, code, expected) => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "fault", code, times: 1 });
      const reply = await api.search({});
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, [expected], 1]);
    });

    it("D8 an HTML 502 page: DOS_UNAVAILABLE, the HTML not echoed", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "html", times: 2 });
      const reply = await api.search({});
      expect(codesOf(reply)).toEqual(["DOS_UNAVAILABLE"]);
      expect(JSON.stringify(reply.body)).not.toMatch(/<html|nginx|502/i);
    });

    it("D9 malformed XML: DOS_BAD_RESPONSE (not retried)", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "malformed", times: 1 });
      const reply = await api.search({});
      expect([codesOf(reply), reply.calls]).toEqual([["DOS_BAD_RESPONSE"], 1]);
    });

    it("D10 a body cut off mid-stream, twice: DOS_UNAVAILABLE after one retry", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "truncate", times: 2 });
      const reply = await api.search({});
      expect([codesOf(reply), reply.calls]).toEqual([["DOS_UNAVAILABLE"], 2]);
    });

    it("D14 one of three lookups fails: that item is null with its path, the other two resolve", async () => {
      await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "malformed", times: 1 });
      const reply = await api.query(aliased(i => `service(id: "${serviceIds[i]}") { id }`, 3));
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["DOS_BAD_RESPONSE"], 3]);
      const failedAlias = reply.body.errors![0].path![0];
      for (const [alias, value] of Object.entries(reply.body.data!)) {
        expect(value === null).toBe(alias === failedAlias);
      }
    });

    it("F1 a response over DOS_MAX_RESPONSE_BYTES (5 MiB): DOS_BAD_RESPONSE at the size limit", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "oversize", bytes: 8 * 1024 * 1024, times: 1 });
      const reply = await api.search({});
      expect([codesOf(reply), reply.calls]).toEqual([["DOS_BAD_RESPONSE"], 1]);
    });
  });

  describe("E. authentication and authorization", () => {
    it.each([
      ["no secret", {}],
      ["a wrong secret", { "x-router-secret": "x".repeat(ROUTER_SECRET.length) }],
      ["a bearer token instead", { authorization: "Bearer abc.def.ghi" }],
    ])("E1/E5 %s: 401 UNAUTHENTICATED before GraphQL, no DoS call", async (_case, headers) => {
      const reply = await api.search({}, headers);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([401, ["UNAUTHENTICATED"], 0]);
    });

    it("E2 a public caller gets FORBIDDEN for professional-only fields, the rest of the search resolves", async () => {
      const reply = await api.query(
        `query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service {
          id name phone nonPublicPhone referralInformation fax capacity { rag } endpoints { address } } } } }`,
        { input: SEARCH },
        PUBLIC,
      );
      expect([reply.status, reply.calls]).toEqual([200, 1]);
      const results = (reply.body.data!.serviceSearch as { results: { service: Record<string, unknown> }[] }).results;
      expect(results.length).toBeGreaterThan(0);
      for (const { service } of results) {
        expect(service).toMatchObject({ nonPublicPhone: null, referralInformation: null, fax: null, capacity: null });
        expect(service.endpoints).toBeNull();
        expect(service.name).toEqual(expect.any(String));
      }
      const forbidden = reply.body.errors!;
      expect(new Set(forbidden.map(error => error.extensions?.code))).toEqual(new Set(["FORBIDDEN"]));
      expect(new Set(forbidden.map(error => error.path!.at(-1)))).toEqual(
        new Set(["nonPublicPhone", "referralInformation", "fax", "capacity", "endpoints"]),
      );
    });

    it("E2 hospitalCapacities for a public caller: FORBIDDEN and no DoS call", async () => {
      const reply = await api.query("{ hospitalCapacities { name pressureScore } }", undefined, PUBLIC);
      expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["FORBIDDEN"], 0]);
      expect(reply.body.data).toEqual({ hospitalCapacities: null });
      const professional = await api.query("{ hospitalCapacities { name pressureScore } }");
      expect([professional.status, codesOf(professional), professional.calls]).toEqual([200, [], 1]);
    });

    it("E3 a public caller's search uses the public DoS account; a professional's the main one", async () => {
      await subgraph.resetSimulator();
      await api.search({}, PUBLIC);
      await api.search({});
      const { recent } = (await subgraph.simulatorCalls()) as unknown as { recent: { username: string }[] };
      expect(recent.map(call => call.username)).toEqual(["dos-subgraph-public", "dos-subgraph-main"]);
    });
  });

  describe("G. AUP invariants", () => {
    it("G1 the same query twice: 2 DoS calls (nothing cached across requests)", async () => {
      const first = await api.search({});
      const second = await api.search({});
      expect([first.calls, second.calls]).toEqual([1, 1]);
    });

    it("G3 identical searches in flight together both reach DoS (no coalescing), and no cache module is installed", async () => {
      await subgraph.resetSimulator();
      const [first, second] = await Promise.all([api.search({}), api.search({})]);
      expect(first.body.errors ?? []).toEqual([]);
      expect(second.body.errors ?? []).toEqual([]);
      const { CheckCapacitySummary } = await subgraph.simulatorCalls();
      expect(CheckCapacitySummary).toBe(2);
      const { dependencies = {}, devDependencies = {} } = JSON.parse(
        readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"),
      ) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      const installed = Object.keys({ ...dependencies, ...devDependencies });
      expect(installed.filter(name => /response-cache|keyv|lru-cache|node-cache|apq/i.test(name))).toEqual([]);
    });

    it("a capacity change in DoS shows on the very next request", async () => {
      const query = `query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service { id capacity { rag } } } } }`;
      const before = await api.query(query, { input: SEARCH });
      type Results = { serviceSearch: { results: { service: { id: string; capacity: { rag: string } } }[] } };
      const target = (before.body.data as Results).serviceSearch.results[0].service;
      const newRag = target.capacity.rag === "GREEN" ? "AMBER" : "GREEN";
      const put = await fetch(`${subgraph.simulator.url}/_sim/services/${target.id}/capacity`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rag: newRag }),
      });
      expect(put.status).toBe(200);
      try {
        const after = await api.query(query, { input: SEARCH });
        const found = (after.body.data as Results).serviceSearch.results.find(r => r.service.id === target.id);
        expect(found?.service.capacity.rag).toBe(newRag);
      } finally {
        await fetch(`${subgraph.simulator.url}/_sim/services/${target.id}/capacity`, { method: "DELETE" });
      }
    });

    it("G5 liveness and readiness probes make no DoS call (and need no credentials)", async () => {
      for (const path of ["/healthz", "/readyz"]) {
        const reply = await api.send({ path });
        expect([reply.status, reply.calls]).toEqual([200, 0]);
      }
    });
  });
});

describe("limits that need their own subgraph", () => {
  let subgraph: TestSubgraph | undefined;
  afterEach(async () => {
    await subgraph?.stop();
    subgraph = undefined;
  });

  it("E3 at start the log names the DoS account public callers use; without a public account only if allowed, loudly", async () => {
    expect(logs.lines.filter(line => line.publicCallersAccount).map(line => line.publicCallersAccount)).toContain("public");
    const mainOnly = { DOS_PUBLIC_USERNAME: "", DOS_PUBLIC_PASSWORD: "" };
    await expect(startProductionLike({ env: mainOnly })).rejects.toThrow(/DOS_PUBLIC_USERNAME[\s\S]*ALLOW_PUBLIC_ON_MAIN_ACCOUNT/);
    const before = logs.lines.length;
    subgraph = await startProductionLike({ env: { ...mainOnly, ALLOW_PUBLIC_ON_MAIN_ACCOUNT: "true" } });
    const said = logs.lines.slice(before).filter(line => line.publicCallersAccount);
    expect(said.map(line => [line.level, line.publicCallersAccount])).toEqual([[40, "main"]]);
    await client(subgraph).search({}, PUBLIC);
    const { recent } = (await subgraph.simulatorCalls()) as unknown as { recent: { username: string }[] };
    expect(recent.map(call => call.username)).toEqual(["dos-subgraph-main"]);
  });

  it("G2's one exception: GraphiQL's content-hashed files are cacheable; its page and every API response stay no-store", async () => {
    subgraph = await startProductionLike({ env: { INTROSPECTION: "true" } });
    const api = client(subgraph);
    // `send` checks no-store on each of these. The page is behind authentication like the API.
    const page = await api.send({ headers: { accept: "text/html", ...PROFESSIONAL } });
    expect(page.status).toBe(200);
    expect((await api.search({})).status).toBe(200);
    expect((await api.send({ path: "/graphiql/graphiql.0000000000000000.js" })).status).toBe(404);

    const html = responseTexts.find(text => text.includes('id="dos-graphiql-config"'))!;
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/[\w.-]+)"/g)].map(match => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const response = await fetch(`${subgraph.origin}${asset}`);
      const body = await response.text();
      expect([asset, response.status, response.headers.get("cache-control")]).toEqual([
        asset,
        200,
        "public, max-age=31536000, immutable",
      ]);
      // Not DoS data: nothing from the directory (a service's name) is in them.
      const serviceName = subgraph.simulator.engine.services[0].name;
      expect(body.includes(serviceName)).toBe(false);
    }
  });

  it.each([
    ["D1 DoS hangs", { kind: "latency", ms: 5000 }],
    ["D2 a slow-loris body", { kind: "drip", ms: 5000 }],
  ])("%s: DOS_TIMEOUT at the deadline (1 s), no retry", async (_case, fault) => {
    const own = await startProductionLike();
    subgraph = own;
    await own.injectFault({ operation: "CheckCapacitySummary", ...fault, times: 2 });
    // The fault holds DoS for 5 s: DOS_TIMEOUT after 1 call says the 1 s deadline fired (no clock needed).
    const reply = await client(own).search({});
    expect([reply.status, codesOf(reply), reply.calls]).toEqual([200, ["DOS_TIMEOUT"], 1]);
  });

  it("B18 RATE_LIMIT_PER_MINUTE per caller: 429 RATE_LIMITED with Retry-After, no DoS call; other callers unaffected", async () => {
    subgraph = await startProductionLike({ env: { RATE_LIMIT_PER_MINUTE: "3" } });
    const api = client(subgraph);
    const alice = { ...PROFESSIONAL, "x-dos-caller-id": "alice" };
    for (let i = 0; i < 3; i++) expect((await api.query("{ __typename }", undefined, alice)).status).toBe(200);
    const limited = await api.search({}, alice);
    expect([limited.status, codesOf(limited), limited.calls]).toEqual([429, ["RATE_LIMITED"], 0]);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body.errors![0].extensions!.retryAfter).toBe(retryAfter);
    const bob = await api.search({}, { ...PROFESSIONAL, "x-dos-caller-id": "bob" });
    expect([bob.status, bob.calls]).toEqual([200, 1]);
  });

  it("DOS_CALLS_PER_SECOND per DoS account: calls past it are RATE_LIMITED and never sent", async () => {
    subgraph = await startProductionLike({ env: { DOS_CALLS_PER_SECOND: "3" } });
    const api = client(subgraph);
    const ids = subgraph.simulator.engine.services.slice(0, 5).map(service => String(service.id));
    const reply = await api.query(aliased(i => `service(id: "${ids[i]}") { id }`, 5));
    expect(reply.calls).toBe(3);
    expect(codesOf(reply)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    expect(reply.body.errors![0].extensions!.retryAfter).toEqual(expect.any(Number));
  });

  it("D5/E8 a DoS auth fault (302): 1 call, no retry; the auth breaker then fails fast with no call; no credential hint", async () => {
    subgraph = await startProductionLike();
    const api = client(subgraph);
    await subgraph.injectFault({ operation: "*", kind: "fault", code: 302 });
    const first = await api.search({});
    expect([first.status, codesOf(first), first.calls]).toEqual([200, ["DOS_UNAVAILABLE"], 1]);
    expect(first.body.errors![0].extensions).toEqual({ code: "DOS_UNAVAILABLE" });
    const next = await api.query(`{ service(id: "${subgraph.simulator.engine.services[0].id}") { id } }`);
    expect([codesOf(next), next.calls]).toEqual([["DOS_UNAVAILABLE"], 0]);
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 50 }));
  });

  it("D15 after repeated failures the circuit opens: calls fail fast with no DoS call", async () => {
    subgraph = await startProductionLike();
    const api = client(subgraph);
    await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "http500" });
    const id = subgraph.simulator.engine.services[0].id;
    let calls = 0;
    for (let i = 0; i < 6; i++) calls += (await api.query(`{ service(id: "${id}") { id } }`)).calls;
    expect(calls).toBeGreaterThanOrEqual(10);
    const open = await api.query(`{ service(id: "${id}") { id } }`);
    expect([codesOf(open), open.calls]).toEqual([["DOS_UNAVAILABLE"], 0]);
    // Other DoS operations have their own circuit.
    expect((await api.search({})).calls).toBe(1);
  });

  it("D16/F4 200 concurrent operations while DoS is slow: at most DOS_MAX_IN_FLIGHT reach DoS, the rest DOS_OVERLOADED at once", async () => {
    const own = await startProductionLike({ env: { DOS_MAX_IN_FLIGHT: "8", DOS_TIMEOUT_MS: "15000" } });
    subgraph = own;
    // DoS holds each call 10 s: far longer than 200 requests take to arrive, even on a loaded machine, so the
    // outcome depends on the bulkhead, not on arrival speed. (With 600 ms, a slow machine let calls finish and free
    // slots while requests were still arriving.) The requests go straight to the subgraph, without the per-request
    // call counting of `client()`, to arrive as fast as possible.
    await own.injectFault({ operation: "CheckCapacitySummary", kind: "latency", ms: 10_000 });
    await own.resetSimulator();
    const firstLine = logs.lines.length;
    const body = JSON.stringify({ query: SEARCH_QUERY, variables: { input: SEARCH } });
    const replies = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const response = await fetch(own.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...PROFESSIONAL },
          body,
        });
        const text = await response.text();
        responseTexts.push(text);
        return JSON.parse(text) as Reply["body"];
      }),
    );
    const codes = replies.map(reply => String((reply.errors ?? [])[0]?.extensions?.code ?? "OK"));
    const tally: Record<string, number> = {};
    for (const code of codes) tally[code] = (tally[code] ?? 0) + 1;
    const { CheckCapacitySummary } = await own.simulatorCalls();
    const audited = logs.lines
      .slice(firstLine)
      .filter(line => line.audit === "dos-call" && line.operation === "CheckCapacitySummary");
    const sent = audited.filter(line => line.outcome !== "overloaded");
    // Every operation ends OK or DOS_OVERLOADED; only the 8 admitted reached DoS, and each was answered.
    expect({ tally, CheckCapacitySummary, sent: sent.length }).toEqual({
      tally: { OK: 8, DOS_OVERLOADED: 192 },
      CheckCapacitySummary: 8,
      sent: 8,
    });
    expect(audited.filter(line => line.outcome === "overloaded")).toHaveLength(192);
  }, 60_000);

  it("F5 a client that disconnects aborts the DoS call it started, and nothing is retried", async () => {
    subgraph = await startProductionLike({ env: { DOS_TIMEOUT_MS: "5000" } });
    await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "latency", ms: 3000 });
    await subgraph.resetSimulator();
    const controller = new AbortController();
    const request = fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...PROFESSIONAL },
      body: JSON.stringify({ query: SEARCH_QUERY, variables: { input: SEARCH } }),
      signal: controller.signal,
    }).catch(() => undefined);
    while ((await subgraph.simulatorCalls()).CheckCapacitySummary === 0) await new Promise(r => setTimeout(r, 20));
    const firstLine = logs.lines.length;
    controller.abort();
    await request;
    // No clock: the outcome says it. Had the abort not reached the call, DoS's answer (after 3 s) would be
    // audited as `ok`, not `aborted`.
    let audit: Record<string, unknown> | undefined;
    for (let i = 0; !audit && i < 250; i++) {
      audit = logs.lines.slice(firstLine).find(line => line.audit === "dos-call" && line.operation === "CheckCapacitySummary");
      if (!audit) await new Promise(r => setTimeout(r, 20));
    }
    expect(audit).toMatchObject({ operation: "CheckCapacitySummary", attempt: 1, outcome: "aborted" });
    expect((await subgraph.simulatorCalls()).CheckCapacitySummary).toBe(1);
  });
});

describe("nothing leaks (§2.5, §2.1)", () => {
  it("no response and no log line holds a DoS password, the router secret, or a DoS payload", () => {
    expect(responseTexts.length).toBeGreaterThan(100);
    const everything = [...responseTexts, logs.text()];
    for (const text of everything) {
      expect(text).not.toContain(MAIN_PASSWORD);
      expect(text).not.toContain(PUBLIC_PASSWORD);
      expect(text).not.toContain(ROUTER_SECRET);
      expect(text).not.toMatch(/soap:Envelope|<\?xml/);
    }
    // Stacks and file paths may be logged for bugs, but never returned.
    for (const text of responseTexts) expect(text).not.toMatch(/at \S+ \((?:\/|node:)|node_modules|\/work\//);
    // Logs hold identifiers and outcomes, never DoS payloads such as service names or postcodes.
    const logText = logs.text();
    expect(logText).not.toContain("LS1 1UR");
    expect(logText).not.toMatch(/"name":|"address":|"phone":/);
    const audits = logs.lines.filter(line => line.audit === "dos-call");
    expect(audits.length).toBeGreaterThan(50);
    for (const line of audits) {
      expect(Object.keys(line).sort()).toEqual(
        expect.arrayContaining(["audience", "caller", "durationMs", "operation", "outcome"]),
      );
    }
  });
});

/** `{ f { f { … __typename } } }`, `levels` fields deep. */
function nested(levels: number): string {
  return `{ ${"f { ".repeat(levels - 1)}__typename${" }".repeat(levels - 1)} }`;
}
