/**
 * OpenTelemetry tracing through real parts: the subgraph (configured by the standard OTEL_* variables) exports
 * over OTLP/HTTP to a loopback receiver this test runs, protobuf and JSON. The server span continues the
 * `traceparent` the test sends; each DoS call attempt the simulator served is one child span; no secret, postcode
 * or DoS body is in any export; and a collector that never answers does not hold up responses.
 */
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";
import { capturedLogger } from "./helpers";
import { startOtlpReceiver, type ReceivedSpan } from "./otlp-receiver";

const POSTCODE = "LS1 1UR";
const SEARCH = `query ServiceSearchIds($input: ServiceSearchInput!) {
  serviceSearch(input: $input) { transactionId results { rank service { id } } } }`;
const SEARCH_INPUT = { postcode: POSTCODE, age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const SERVICE = `query ServiceById($id: ID!) { service(id: $id) { id odsCode } }`;
const ROUTER_SECRET = "router-secret-for-the-tracing-test-0123456789";
const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const PARENT_ID = "b7ad6b7169203331";

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-router-secret": ROUTER_SECRET, ...headers },
    body: JSON.stringify(body),
  });

const traceparent = (traceId: string) => ({ traceparent: `00-${traceId}-${PARENT_ID}-01` });

describe.each([
  ["http/protobuf", "application/x-protobuf"],
  ["http/json", "application/json"],
])("tracing over OTLP %s", (protocol, contentType) => {
  const log = capturedLogger("info");
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    subgraph = await startSubgraph({
      logger: log.logger,
      env: {
        AUTH_MODE: "router-secret",
        ROUTER_SECRET,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_SERVICE_NAME: "dos-subgraph-test",
        OTEL_BSP_SCHEDULE_DELAY: "20",
      },
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await receiver?.stop();
  });

  it("continues the router's trace: a server span under its parent, one child span per DoS call attempt", async () => {
    const serviceId = String(subgraph.simulator.engine.services[0].id);
    const searchTrace = TRACE_ID;
    const retryTrace = "1" + TRACE_ID.slice(1);

    const search = await post(subgraph.url, { query: SEARCH, variables: { input: SEARCH_INPUT } }, traceparent(searchTrace));
    expect(search.status).toBe(200);
    await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "http500", times: 2 });
    const failed = await post(subgraph.url, { query: SERVICE, variables: { id: serviceId } }, traceparent(retryTrace));
    expect(((await failed.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    const calls = await subgraph.simulatorCalls();
    expect([calls.CheckCapacitySummary, calls.ServiceDetailsById]).toEqual([1, 2]);

    const isServer = (span: ReceivedSpan) => span.kind === 2;
    const spans = await receiver.waitFor(all => all.filter(isServer).length === 2 && all.length === 5);
    expect(receiver.exports.every(e => e.path === "/v1/traces" && e.contentType.startsWith(contentType))).toBe(true);
    for (const span of spans) expect(span.resource["service.name"]).toBe("dos-subgraph-test");

    const [searchServer, retryServer] = [searchTrace, retryTrace].map(
      traceId => spans.find(span => isServer(span) && span.traceId === traceId)!,
    );
    expect(searchServer).toMatchObject({
      parentSpanId: PARENT_ID,
      name: "POST /graphql",
      attributes: expect.objectContaining({
        "http.response.status_code": 200,
        "graphql.operation.type": "query",
        "graphql.operation.name": "ServiceSearchIds",
        "dos_subgraph.dos_calls": 1,
      }),
    });
    expect(retryServer.parentSpanId).toBe(PARENT_ID);
    expect(retryServer.attributes["dos_subgraph.error_codes"]).toEqual(["DOS_UNAVAILABLE"]);

    const children = (server: ReceivedSpan) =>
      spans
        .filter(span => span.parentSpanId === server.spanId)
        .map(span => ({ traceId: span.traceId, kind: span.kind, name: span.name, attributes: span.attributes }));
    expect(children(searchServer)).toEqual([
      {
        traceId: searchTrace,
        kind: 3,
        name: "DoS CheckCapacitySummary",
        attributes: { "dos.operation": "CheckCapacitySummary", "dos.attempt": 1, "dos.outcome": "ok" },
      },
    ]);
    expect(children(retryServer).map(span => span.attributes)).toEqual([
      { "dos.operation": "ServiceDetailsById", "dos.attempt": 1, "dos.outcome": "unavailable" },
      { "dos.operation": "ServiceDetailsById", "dos.attempt": 2, "dos.outcome": "unavailable" },
    ]);

    // No secret, postcode, DoS account or body in anything exported.
    const exported = receiver.exports.map(e => e.body.toString("latin1")).join("\n");
    for (const leaked of [ROUTER_SECRET, POSTCODE, "symptomGroup", "Envelope", "password", "demo", serviceId]) {
      expect(exported).not.toContain(leaked);
    }

    // The same trace id on the request's access line and its DoS audit line.
    const lines = log.lines().filter(line => line.traceId === searchTrace);
    expect(lines.map(line => line.msg).sort()).toEqual(["DoS call", "GraphQL request"]);
  });

  it("starts a new trace for a request without traceparent, and logs its trace id", async () => {
    const before = receiver.spans().length;
    expect((await post(subgraph.url, { query: "{ __typename }" }, { "x-request-id": "no-parent" })).status).toBe(200);
    const spans = await receiver.waitFor(all => all.length > before);
    const server = spans.slice(before).find(span => span.kind === 2)!;
    expect(server.parentSpanId).toBe("");
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(log.lines().find(line => line.requestId === "no-parent")?.traceId).toBe(server.traceId);
  });
});

describe("tracing with a collector that never answers", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    receiver = await startOtlpReceiver({ stall: true });
    subgraph = await startSubgraph({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: "10",
        OTEL_BSP_MAX_QUEUE_SIZE: "4",
        OTEL_EXPORTER_OTLP_TIMEOUT: "60000",
      },
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await receiver?.stop();
  });

  it("answers requests while an export hangs, and stops without waiting for it", async () => {
    const query = (traceId: string) =>
      fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...traceparent(traceId) },
        body: JSON.stringify({ query: SEARCH, variables: { input: SEARCH_INPUT } }),
      });
    expect((await query("a".repeat(32))).status).toBe(200);
    await receiver.waitFor(() => receiver.held.length > 0);

    // The export is held (the collector read it and never answers); far more spans than the queue holds follow.
    for (let i = 0; i < 10; i++) {
      const response = await query(`${i}`.padStart(32, "b"));
      expect(response.status).toBe(200);
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
    expect(receiver.held.every(res => !res.writableEnded)).toBe(true);
    // With a 60 s export deadline still running, stop is bounded by the tracer's own shutdown deadline.
    await subgraph.stop();
  });
});
