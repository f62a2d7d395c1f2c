/**
 * GET /metrics and the access log, scraped and read after real operations through the real stack (the simulator
 * over SOAP/HTTP, the subgraph over HTTP): values are compared with what the simulator counted, and every label
 * value of every dos_subgraph_* sample is checked against its fixed set.
 */
import { metricsAccess } from "../../src/observability/metrics-http";
import {
  DOS_CALL_OUTCOMES,
  OPERATION_TYPES,
  REFUSAL_CODES,
  REQUEST_OUTCOMES,
} from "../../src/observability/metrics";
import { EXECUTION_REASONS, EXECUTOR_NAMES } from "../../src/server/executor";
import { DOS_OPERATIONS } from "../../src/upstream/operations";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";
import { capturedLogger, parseExposition, valueOf, type Sample } from "./helpers";

const POSTCODE = "LS1 1UR";
const SEARCH = `query ServiceSearchIds($input: ServiceSearchInput!) {
  serviceSearch(input: $input) { transactionId results { rank service { id } } } }`;
const SEARCH_INPUT = { postcode: POSTCODE, age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const SERVICE = `query ServiceById($id: ID!) { service(id: $id) { id odsCode } }`;
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const ROUTER_SECRET = "s".repeat(40);

// The label sets each dos_subgraph_* metric may use; `le` is the histogram bucket label.
const ALLOWED_LABELS: Record<string, Record<string, readonly string[]>> = {
  dos_subgraph_graphql_requests_total: { operation_type: OPERATION_TYPES, outcome: REQUEST_OUTCOMES },
  dos_subgraph_graphql_request_duration_seconds: { operation_type: OPERATION_TYPES },
  dos_subgraph_dos_calls_total: { dos_operation: DOS_OPERATIONS, outcome: DOS_CALL_OUTCOMES },
  dos_subgraph_dos_call_duration_seconds: { dos_operation: DOS_OPERATIONS },
  dos_subgraph_dos_in_flight: {},
  dos_subgraph_circuit_state: { dos_operation: DOS_OPERATIONS },
  dos_subgraph_refusals_total: { code: REFUSAL_CODES },
  dos_subgraph_decoder_fallbacks_total: {},
  dos_subgraph_redis_degraded: {},
  dos_subgraph_trace_export_failures_total: {},
  dos_subgraph_graphql_executions_total: { executor: EXECUTOR_NAMES, reason: EXECUTION_REASONS },
};

function expectBoundedLabels(samples: Sample[]): void {
  const ours = samples.filter(sample => sample.name.startsWith("dos_subgraph_"));
  expect(ours.length).toBeGreaterThan(0);
  for (const sample of ours) {
    const family = sample.name.replace(/_(bucket|sum|count)$/, "");
    const allowed = ALLOWED_LABELS[family];
    expect([sample.name, allowed !== undefined]).toEqual([sample.name, true]);
    for (const [key, value] of Object.entries(sample.labels)) {
      if (key === "le" && sample.name.endsWith("_bucket")) continue;
      expect([sample.name, key, allowed[key]?.includes(value)]).toEqual([sample.name, key, true]);
    }
  }
}

interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}
const codes = (body: GraphQLBody) => (body.errors ?? []).map(error => error.extensions.code);

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
}

describe("metrics and access log after real operations", () => {
  const log = capturedLogger("info");
  let subgraph: TestSubgraph;
  let serviceId: string;

  const scrapeText = async () => {
    const response = await fetch(`${subgraph.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return response.text();
  };
  const scrape = async () => parseExposition(await scrapeText());

  beforeAll(async () => {
    subgraph = await startSubgraph({
      logger: log.logger,
      env: { MAX_ALIASES: "3" },
      // Four attempts, three failures: the ServiceDetailsById circuit opens on the last one (see below).
      server: { gateway: { circuit: { volumeThreshold: 4, errorThresholdPercentage: 50 } } },
    });
    serviceId = String(subgraph.simulator.engine.services[0].id);
  });
  afterAll(() => subgraph?.stop());

  it("has a sample for every circuit (closed), in-flight 0, Redis not degraded, and the Node defaults, before any call", async () => {
    const text = await scrapeText();
    const samples = parseExposition(text);
    for (const operation of DOS_OPERATIONS) {
      expect(samples).toContainEqual({ name: "dos_subgraph_circuit_state", labels: { dos_operation: operation }, value: 0 });
    }
    expect(valueOf(samples, "dos_subgraph_dos_in_flight")).toBe(0);
    expect(valueOf(samples, "dos_subgraph_redis_degraded")).toBe(0);
    const names = new Set(samples.map(sample => sample.name));
    for (const name of ["nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "process_resident_memory_bytes"]) {
      expect(names).toContain(name);
    }
    // The GC histogram has samples once a GC has happened; its family is always declared.
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");
    expect(names).toContain("dos_subgraph_decoder_fallbacks_total");
    expect(await subgraph.simulatorCalls()).toMatchObject({ CheckCapacitySummary: 0, ServiceDetailsById: 0 });
  });

  it("counts a search, a not-found, a bad response and a retried transport failure as DoS saw them", async () => {
    const fallbacksBefore = valueOf(await scrape(), "dos_subgraph_decoder_fallbacks_total");

    const search = await post(
      subgraph.url,
      { query: SEARCH, variables: { input: SEARCH_INPUT }, operationName: "ServiceSearchIds" },
      { "x-request-id": "req-search-1", traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    );
    expect(search.body.errors).toBeUndefined();
    expect(search.headers.get("x-request-id")).toBe("req-search-1");

    const notFound = await post(subgraph.url, { query: SERVICE, variables: { id: "999999999" } });
    expect(codes(notFound.body)).toEqual(["NOT_FOUND"]);

    await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "malformed", times: 1 });
    const malformed = await post(subgraph.url, { query: SERVICE, variables: { id: serviceId } });
    expect(codes(malformed.body)).toEqual(["DOS_BAD_RESPONSE"]);

    await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "http500", times: 2 });
    const failed = await post(subgraph.url, { query: SERVICE, variables: { id: serviceId } });
    expect(codes(failed.body)).toEqual(["DOS_UNAVAILABLE"]);

    const calls = await subgraph.simulatorCalls();
    // search 1; not-found 1, malformed 1, http500 2 (the one retry)
    expect(calls).toMatchObject({ CheckCapacitySummary: 1, ServiceDetailsById: 4 });

    const samples = await scrape();
    expectBoundedLabels(samples);
    const dosCalls = (operation: string, outcome: string) =>
      valueOf(samples, "dos_subgraph_dos_calls_total", { dos_operation: operation, outcome });
    expect(dosCalls("CheckCapacitySummary", "ok")).toBe(1);
    expect(dosCalls("ServiceDetailsById", "not-found")).toBe(1);
    expect(dosCalls("ServiceDetailsById", "bad-response")).toBe(1);
    expect(dosCalls("ServiceDetailsById", "unavailable")).toBe(2);
    // Every attempt counted is one the simulator served, and each has a duration.
    const counted = samples.filter(s => s.name === "dos_subgraph_dos_calls_total").reduce((n, s) => n + s.value, 0);
    expect(counted).toBe(calls.CheckCapacitySummary + calls.ServiceDetailsById);
    const timed = (operation: string) =>
      valueOf(samples, "dos_subgraph_dos_call_duration_seconds_count", { dos_operation: operation });
    expect([timed("CheckCapacitySummary"), timed("ServiceDetailsById")]).toEqual([1, 4]);
    expect(valueOf(samples, "dos_subgraph_dos_in_flight")).toBe(0);

    // The malformed body is refused by the fast reader itself (DOS_BAD_RESPONSE): no fallback to node-soap.
    expect(valueOf(samples, "dos_subgraph_decoder_fallbacks_total")).toBe(fallbacksBefore);
    // 3 failures in 4 calls: the ServiceDetailsById circuit is open; the others stay closed.
    expect(valueOf(samples, "dos_subgraph_circuit_state", { dos_operation: "ServiceDetailsById" })).toBe(2);
    expect(valueOf(samples, "dos_subgraph_circuit_state", { dos_operation: "CheckCapacitySummary" })).toBe(0);

    const requests = (outcome: string) =>
      valueOf(samples, "dos_subgraph_graphql_requests_total", { operation_type: "query", outcome });
    // The search is ok; each service query returned `service: null` with an error (partial).
    expect([requests("ok"), requests("partial")]).toEqual([1, 3]);
    expect(valueOf(samples, "dos_subgraph_graphql_request_duration_seconds_count", { operation_type: "query" })).toBe(4);

    // Nothing a client sent or DoS returned is a label value.
    const exposition = samples.map(s => JSON.stringify(s.labels)).join("\n");
    for (const leaked of [POSTCODE, serviceId, "999999999", "req-search-1", TRACE_ID, "local", "ServiceSearchIds"]) {
      expect(exposition).not.toContain(leaked);
    }
  });

  it("counts a DoS call in flight while it is in flight", async () => {
    await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "latency", ms: 1500, times: 1 });
    const pending = post(subgraph.url, { query: SEARCH, variables: { input: SEARCH_INPUT } });
    let inFlight = 0;
    while (inFlight === 0) inFlight = valueOf(await scrape(), "dos_subgraph_dos_in_flight");
    expect(inFlight).toBe(1);
    expect((await pending).body.errors).toBeUndefined();
    expect(valueOf(await scrape(), "dos_subgraph_dos_in_flight")).toBe(0);
  });

  it("counts a document-limit refusal by its code, once", async () => {
    const before = valueOf(await scrape(), "dos_subgraph_refusals_total", { code: "GRAPHQL_VALIDATION_FAILED" });
    const refused = await post(subgraph.url, { query: "{ a: __typename b: __typename c: __typename d: __typename }" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "MAX_ALIASES" });
    // An unknown field is a validation error, but not a refusal.
    expect((await post(subgraph.url, { query: "{ nope }" })).status).toBe(400);
    const samples = await scrape();
    expect(valueOf(samples, "dos_subgraph_refusals_total", { code: "GRAPHQL_VALIDATION_FAILED" })).toBe(before + 1);
    expect(valueOf(samples, "dos_subgraph_graphql_requests_total", { operation_type: "unknown", outcome: "error" })).toBe(2);
  });

  it("writes one access line per GraphQL request, with the trace id on the request's audit lines, and no DoS data", () => {
    const lines = log.lines();
    const access = lines.filter(line => line.access === "graphql");
    // 4 + 1 (in flight) + 2 (refused) requests to /graphql; scrapes are not GraphQL requests.
    expect(access).toHaveLength(7);
    const search = access.find(line => line.requestId === "req-search-1");
    expect(search).toEqual({
      level: 30,
      time: expect.any(Number),
      service: "dos-subgraph",
      access: "graphql",
      requestId: "req-search-1",
      traceId: TRACE_ID,
      caller: "local",
      operationName: "ServiceSearchIds",
      operationType: "query",
      status: 200,
      durationMs: expect.any(Number),
      dosCalls: 1,
      errorCodes: [],
      msg: "GraphQL request",
    });
    const retried = access.find(line => (line.errorCodes as string[]).includes("DOS_UNAVAILABLE"));
    expect(retried).toMatchObject({ dosCalls: 2, status: 200, operationType: "query" });
    expect(access.filter(line => line.status === 400).map(line => line.errorCodes)).toEqual([
      ["GRAPHQL_VALIDATION_FAILED"],
      ["GRAPHQL_VALIDATION_FAILED"],
    ]);

    const audit = lines.filter(line => line.audit === "dos-call" && line.requestId === "req-search-1");
    expect(audit).toHaveLength(1);
    expect(audit[0].traceId).toBe(TRACE_ID);

    // Never variables, the query or DoS data, in any line.
    const text = log.text();
    for (const leaked of [POSTCODE, "symptomGroup", "serviceSearch(", "odsCode"]) expect(text).not.toContain(leaked);
  });
});

describe("metrics protection and refusals before GraphQL", () => {
  const log = capturedLogger("warn");
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({
      logger: log.logger,
      env: { AUTH_MODE: "router-secret", ROUTER_SECRET, RATE_LIMIT_PER_MINUTE: "1" },
    });
  });
  afterAll(() => subgraph?.stop());

  it("serves /metrics only with the router secret, counts 401 and 429 refusals, and LOG_LEVEL=warn silences the access log", async () => {
    expect((await fetch(`${subgraph.origin}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${subgraph.origin}/metrics`, { headers: { authorization: `Bearer ${"x".repeat(40)}` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("dos_subgraph");

    expect((await post(subgraph.url, { query: "{ __typename }" })).status).toBe(401);
    expect((await post(subgraph.url, { query: "{ __typename }" }, { "x-router-secret": ROUTER_SECRET })).status).toBe(200);
    expect((await post(subgraph.url, { query: "{ __typename }" }, { "x-router-secret": ROUTER_SECRET })).status).toBe(429);

    const response = await fetch(`${subgraph.origin}/metrics`, { headers: { authorization: `Bearer ${ROUTER_SECRET}` } });
    expect(response.status).toBe(200);
    const samples = parseExposition(await response.text());
    expectBoundedLabels(samples);
    expect(valueOf(samples, "dos_subgraph_refusals_total", { code: "UNAUTHENTICATED" })).toBe(1);
    expect(valueOf(samples, "dos_subgraph_refusals_total", { code: "RATE_LIMITED" })).toBe(1);
    expect(valueOf(samples, "dos_subgraph_graphql_requests_total", { operation_type: "unknown", outcome: "refused" })).toBe(2);
    expect(valueOf(samples, "dos_subgraph_graphql_requests_total", { operation_type: "query", outcome: "ok" })).toBe(1);
    // x-router-secret works too (the router's own header).
    expect((await fetch(`${subgraph.origin}/metrics`, { headers: { "x-router-secret": ROUTER_SECRET } })).status).toBe(200);

    expect(log.lines().filter(line => line.access === "graphql")).toEqual([]);
    // The rate-limit refusal is a warning, and it carries no trace id (none was sent).
    expect(log.lines().some(line => line.msg === "caller rate limit reached")).toBe(true);
  });
});

describe("METRICS_PORT", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { METRICS_PORT: "0" } });
  });
  afterAll(() => subgraph?.stop());

  it("serves /metrics on its own port only, without a secret", async () => {
    expect((await fetch(`${subgraph.origin}/metrics`)).status).toBe(404);
    const address = subgraph.server.metricsAddress();
    expect(address).toBeDefined();
    const response = await fetch(`http://127.0.0.1:${address!.port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("dos_subgraph_circuit_state");
    expect((await fetch(`http://127.0.0.1:${address!.port}/graphql`)).status).toBe(404);
  });
});

describe("dos_subgraph_redis_degraded", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    // Nothing listens on port 1: the shared store is configured but unreachable.
    subgraph = await startSubgraph({ env: { REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_PER_MINUTE: "100" } });
  });
  afterAll(() => subgraph?.stop());

  it("is 1 while REDIS_URL is set but Redis is unreachable, and requests are still served", async () => {
    expect((await post(subgraph.url, { query: "{ __typename }" })).status).toBe(200);
    const samples = parseExposition(await (await fetch(`${subgraph.origin}/metrics`)).text());
    expect(valueOf(samples, "dos_subgraph_redis_degraded")).toBe(1);
  });
});

describe("metricsAccess", () => {
  it("never serves metrics publicly in production", () => {
    const production = { env: "production", metricsPort: undefined, routerSecret: undefined };
    expect(metricsAccess(production)).toEqual({ kind: "off" });
    expect(metricsAccess({ ...production, routerSecret: ROUTER_SECRET })).toEqual({ kind: "secret", secret: ROUTER_SECRET });
    expect(metricsAccess({ ...production, metricsPort: 9464 })).toEqual({ kind: "port", port: 9464 });
    expect(metricsAccess({ ...production, env: "development" })).toEqual({ kind: "open" });
  });
});
