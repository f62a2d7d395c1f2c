/**
 * What a process is not configured to use, it does not load: the OpenTelemetry SDK only with tracing
 * (`OTEL_EXPORTER_OTLP_…`; src/server/createServer.ts), ioredis only with `REDIS_URL` (src/limits/rate-limiter.ts).
 * Together they were about 7 MB of the start-up footprint on Node 24 (BENCHMARKS.md). Each package's module
 * factory records when it is first required; the second case shows the record works, and that both load when
 * configured. The subgraph's modules are imported inside the tests, after the record exists.
 */
const mockRequired: string[] = [];
jest.mock("ioredis", () => {
  mockRequired.push("ioredis");
  return jest.requireActual("ioredis");
});
jest.mock("@opentelemetry/sdk-trace", () => {
  mockRequired.push("@opentelemetry/sdk-trace");
  return jest.requireActual("@opentelemetry/sdk-trace");
});

const INPUT = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };

async function searchOnce(env: Record<string, string>): Promise<void> {
  const { startSubgraph } = await import("../helpers/subgraph");
  const { ServiceSearchIdsDocument } = await import("../__generated__/graphql");
  const subgraph = await startSubgraph({ env });
  try {
    const { serviceSearch } = await subgraph.request(ServiceSearchIdsDocument, { input: INPUT });
    expect(serviceSearch.results.length).toBeGreaterThan(0);
  } finally {
    await subgraph.stop();
  }
}

afterEach(() => {
  mockRequired.length = 0;
});

it("without tracing or Redis configured, serving a search requires neither the OpenTelemetry SDK nor ioredis", async () => {
  await searchOnce({ RATE_LIMIT_PER_MINUTE: "600" });
  expect(mockRequired).toEqual([]);
});

it("with tracing and Redis configured, requires both", async () => {
  // Nothing listens on port 9 (discard) or 1: spans fail to export and Redis counts per process, both logged.
  await searchOnce({
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
    REDIS_URL: "redis://127.0.0.1:1",
    RATE_LIMIT_PER_MINUTE: "600",
  });
  expect([...mockRequired].sort()).toEqual(["@opentelemetry/sdk-trace", "ioredis"]);
});
