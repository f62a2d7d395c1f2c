/**
 * The error catalogue end to end: input the subgraph rejects itself (no DoS call), DoS's own faults and DoS
 * outages (the simulator's fault injection), each arriving as its `extensions.code` with a safe message.
 */
import {
  ServiceByIdDocument,
  ServicesByAliasDocument,
  ServiceSearchIdsDocument,
  type ServiceSearchInput,
} from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const SEARCH: ServiceSearchInput = {
  postcode: "LS1 1UR",
  age: 40,
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  disposition: "Dx02",
};

// What must never reach a client, whatever failed.
const LEAKS = /soap|envelope|https?:|127\.0\.0\.1|password|demo|stack|at \w+ \(/i;

describe("error codes", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    // The circuit breakers would open part-way through this file's deliberate failures; they have their own
    // tests (test/upstream, test/security), so here they never trip.
    // A long deadline: whether the one retry fits before it (src/upstream/retry.ts `retryFits`) must not depend on
    // how loaded the machine is. Our own deadline has its own subgraph below.
    subgraph = await startSubgraph({
      env: { DOS_TIMEOUT_MS: "15000" },
      server: { gateway: { circuit: { volumeThreshold: 1000 } } },
    });
  });
  afterAll(() => subgraph?.stop());
  beforeEach(async () => {
    await subgraph.clearFaults();
    await subgraph.resetSimulator();
  });

  async function search(input: Partial<ServiceSearchInput>) {
    const result = await subgraph.execute(ServiceSearchIdsDocument, { input: { ...SEARCH, ...input } });
    const calls = await subgraph.simulatorCalls();
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error.path).toEqual(["serviceSearch"]);
    expect(error.message).not.toMatch(LEAKS);
    return { ...error.extensions, dosCalls: calls.CheckCapacitySummary } as Record<string, unknown>;
  }

  describe("input the subgraph rejects before any DoS call", () => {
    it.each<[string, Partial<ServiceSearchInput>, string]>([
      ["a malformed postcode", { postcode: "not a postcode" }, "INVALID_POSTCODE"],
      ["an age out of range for its unit", { age: 1, ageUnit: "YEARS" }, "INVALID_AGE"],
      ["an unknown symptom group", { symptomGroup: 999999 }, "UNKNOWN_SYMPTOM_GROUP"],
      ["an unknown Dx code", { disposition: "Dx9999" }, "UNKNOWN_DISPOSITION"],
      ["a discriminator invalid for the group", { symptomDiscriminators: [11000] }, "INVALID_CLINICAL_CODES"],
      ["no discriminator", { symptomDiscriminators: [] }, "INVALID_CLINICAL_CODES"],
      ["a distance over 99 km", { searchDistanceKm: 100 }, "INVALID_SEARCH_DISTANCE"],
      ["a forced distance without a value", { forceSearchDistance: true }, "INVALID_SEARCH_DISTANCE"],
      ["a searchDateTime in the past", { searchDateTime: "2020-01-01T00:00:00Z" }, "INVALID_SEARCH_DATETIME"],
      ["a malformed GP practice code", { gpPracticeOdsCode: "B82-005;" }, "BAD_USER_INPUT"],
      ["a malformed case reference", { caseRef: "a b" }, "BAD_USER_INPUT"],
    ])("%s → %s", async (_case, input, code) => {
      expect(await search(input)).toMatchObject({ code, field: expect.stringMatching(/^input\./), dosCalls: 0 });
    });
  });

  describe("DoS faults", () => {
    it("POSTCODE_NOT_FOUND for a well-formed postcode DoS does not know", async () => {
      expect(await search({ postcode: "LS30 9ZZ" })).toMatchObject({
        code: "POSTCODE_NOT_FOUND",
        dosFaultCode: 101,
        dosCalls: 1,
      });
    });

    it.each([
      [104, "INVALID_CLINICAL_CODES"],
      [105, "INVALID_SEARCH_DISTANCE"],
      [113, "INVALID_SEARCH_DISTANCE"],
      [117, "INVALID_AGE"],
      [120, "UNKNOWN_SYMPTOM_GROUP"],
      [121, "UNKNOWN_DISPOSITION"],
      [110, "INVALID_SEARCH_DATETIME"],
      [100, "DOS_UNAVAILABLE"],
      [107, "DOS_BAD_RESPONSE"],
    ])("DoS fault %d → %s", async (dosFaultCode, code) => {
      const fault = { operation: "CheckCapacitySummary", kind: "fault", code: dosFaultCode, times: 1 };
      await subgraph.injectFault(fault);
      expect(await search({})).toMatchObject({ code, dosFaultCode, dosCalls: 1 });
    });

    it("DoS fault 504 twice (the one retry included) → DOS_TIMEOUT", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "fault", code: 504, times: 2 });
      expect(await search({})).toMatchObject({ code: "DOS_TIMEOUT", dosFaultCode: 504, dosCalls: 2 });
    });

    it("fault 102 (no services, not even a catch-all) is an empty result, not an error", async () => {
      await subgraph.injectFault({ operation: "CheckCapacitySummary", kind: "fault", code: 102, times: 1 });
      const result = await subgraph.execute(ServiceSearchIdsDocument, { input: SEARCH });
      expect(result.errors).toEqual([]);
      expect(result.data).toEqual({ serviceSearch: { transactionId: null, results: [] } });
    });

    it("NOT_FOUND for an unknown service id, with the field null", async () => {
      const result = await subgraph.execute(ServiceByIdDocument, { id: "1" });
      expect(result.data).toEqual({ service: null });
      expect(result.errors).toEqual([
        expect.objectContaining({ path: ["service"], extensions: { code: "NOT_FOUND" } }),
      ]);
    });
  });

  describe("DoS outages", () => {
    // Transport failures are retried once (src/upstream/retry.ts); our own deadline and unusable answers are not.
    it.each<[string, string, number, Record<string, unknown>]>([
      ["an HTTP 500 without SOAP", "DOS_UNAVAILABLE", 2, { kind: "http500" }],
      ["a proxy's HTML error page (502)", "DOS_UNAVAILABLE", 2, { kind: "html" }],
      ["a reset connection", "DOS_UNAVAILABLE", 2, { kind: "reset" }],
      ["malformed XML", "DOS_BAD_RESPONSE", 1, { kind: "malformed" }],
      ["a body cut off mid-stream", "DOS_UNAVAILABLE", 2, { kind: "truncate" }],
      // With the 15 s deadline only the size bound (DOS_MAX_RESPONSE_BYTES, 5 MiB) can decide, however long a loaded
      // machine takes to build and send 6 MiB (with a 500 ms deadline it was sometimes DOS_TIMEOUT).
      ["an oversized response", "DOS_BAD_RESPONSE", 1, { kind: "oversize", bytes: 6 * 1024 * 1024 }],
    ])("%s → %s after %d DoS call(s)", async (_case, code, calls, fault) => {
      await subgraph.injectFault({ operation: "*", ...fault });
      const { code: actual, dosCalls } = await search({});
      expect(actual).toBe(code);
      expect(dosCalls).toBe(calls);
    });

    it("fails only the item whose DoS call failed: its siblings in the same operation still resolve", async () => {
      const [first, second, third] = subgraph.simulator.engine.services.map(service => String(service.id));
      await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "malformed", times: 1 });
      const result = await subgraph.execute(ServicesByAliasDocument, { first, second, third });
      expect(result.errors).toHaveLength(1);
      const [failed] = result.errors;
      expect(failed.extensions).toEqual({ code: "DOS_BAD_RESPONSE" });
      const failedAlias = failed.path![0] as "first" | "second" | "third";
      const expected = { first, second, third };
      for (const alias of ["first", "second", "third"] as const) {
        expect(result.data?.[alias]?.id ?? null).toBe(alias === failedAlias ? null : expected[alias]);
      }
    });
  });
});

describe("our own deadline (DOS_TIMEOUT_MS)", () => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { DOS_TIMEOUT_MS: "500" } });
  });
  afterAll(() => subgraph?.stop());
  beforeEach(async () => {
    await subgraph.clearFaults();
    await subgraph.resetSimulator();
  });

  // DoS is held 3 s, six times the deadline: DOS_TIMEOUT after 1 call says the deadline fired (never retried).
  it.each<[string, Record<string, unknown>]>([
    ["a slow DoS", { kind: "latency", ms: 3000 }],
    ["a body trickling in past the deadline", { kind: "drip", ms: 3000 }],
  ])("%s → DOS_TIMEOUT after 1 DoS call", async (_case, fault) => {
    await subgraph.injectFault({ operation: "*", ...fault });
    const result = await subgraph.execute(ServiceSearchIdsDocument, { input: SEARCH });
    expect(result.errors.map(error => [error.path, error.extensions])).toEqual([
      [["serviceSearch"], { code: "DOS_TIMEOUT" }],
    ]);
    expect(result.errors[0].message).not.toMatch(LEAKS);
    expect((await subgraph.simulatorCalls()).CheckCapacitySummary).toBe(1);
  });
});
