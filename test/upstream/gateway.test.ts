import { Redis } from "ioredis";
import { DosFault, DosUnavailable } from "../../src/dos/errors";
import { type CheckCapacitySummaryRequest } from "../../src/dos/types";
import {
  DosCallBudgetExceeded,
  DosCircuitOpen,
  DosOverloaded,
  DosRateLimited,
} from "../../src/upstream/errors";
import { type OperationDos } from "../../src/upstream/gateway";
import {
  createGatewayHarness,
  startDosStack,
  type DosStack,
  type GatewayHarness,
  type GatewayOptions,
} from "./helpers/gateway-harness";
import { redisSuiteAvailable, startRedisServer } from "./helpers/redis-server";

/** A search that always answers (the catch-all ignores capacity and opening times): two Oxford EDs. */
const catchAllSearch: CheckCapacitySummaryRequest = {
  postcode: "OX1 1AA",
  age: 40,
  ageFormat: "Years",
  gender: "F",
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  disposition: 1038,
};
/** Valid in shape, unknown to DoS: fault 101. */
const unknownPostcodeSearch: CheckCapacitySummaryRequest = { ...catchAllSearch, postcode: "ZZ99 9ZZ" };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to reject");
    },
    (error: unknown) => error,
  );
}

/** How a call settles: its rejection, or undefined. */
async function settled(call: () => Promise<unknown>) {
  const error = await call().then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  return { error };
}

describe("DoS gateway (real DoS client + simulator over HTTP)", () => {
  let stack: DosStack;
  let harness: GatewayHarness;
  /** A fresh gateway (breakers, counters) for each test; one simulator and client for the file. */
  async function startGateway(options: GatewayOptions = {}) {
    await stack.reset();
    return createGatewayHarness(stack, options);
  }

  beforeAll(async () => {
    stack = await startDosStack();
  });
  afterEach(async () => {
    await harness?.close();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe("per-operation budget", () => {
    it("sends 10 calls and refuses the 11th without sending it", async () => {
      harness = await startGateway();
      const op = harness.operation();

      for (let i = 0; i < 10; i++) await op.getHospitalScores();
      const error = await rejectionOf(op.getHospitalScores());

      expect(error).toBeInstanceOf(DosCallBudgetExceeded);
      expect(error).toMatchObject({ limit: "calls", max: 10 });
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(10);
      expect(op.callsMade).toBe(10);
      expect(harness.auditLines().at(-1)).toMatchObject({ outcome: "budget-exceeded", attempt: 1 });
      // The budget is the operation's: the next operation starts afresh.
      await harness.operation().getHospitalScores();
    });

    it("allows 2 searches per operation, whatever their outcome", async () => {
      harness = await startGateway();
      const op = harness.operation();

      await op.checkCapacitySummary(catchAllSearch);
      await expect(op.checkCapacitySummary(unknownPostcodeSearch)).rejects.toMatchObject({ code: 101 });
      const error = await rejectionOf(op.checkCapacitySummary(catchAllSearch));

      expect(error).toBeInstanceOf(DosCallBudgetExceeded);
      expect(error).toMatchObject({ limit: "searches", max: 2 });
      expect((await harness.simulatorCalls()).CheckCapacitySummary).toBe(2);
      await op.serviceDetailsById("RLR01"); // other calls still have budget
    });

    it("charges retries to the budget", async () => {
      harness = await startGateway({ env: { MAX_DOS_CALLS_PER_OPERATION: "3" } });
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500", times: 1 });
      const op = harness.operation();

      await op.getHospitalScores(); // 2 attempts
      await op.getHospitalScores();
      await expect(op.getHospitalScores()).rejects.toBeInstanceOf(DosCallBudgetExceeded);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(3);
    });
  });

  describe("retries", () => {
    it("retries an HTTP 500 once, then succeeds", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500", times: 1 });

      const scores = await harness.operation().getHospitalScores();

      expect(scores.length).toBeGreaterThan(0);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(2);
      expect(harness.auditLines().map(line => [line.attempt, line.outcome])).toEqual([
        [1, "unavailable"],
        [2, "ok"],
      ]);
    });

    it("retries DoS fault 500 once, then gives up with the second failure", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "fault", code: 500, times: 2 });

      const error = await rejectionOf(harness.operation().getHospitalScores());

      expect(error).toBeInstanceOf(DosFault);
      expect(error).toMatchObject({ code: 500 });
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(2);
    });

    it("stops after 2 attempts when HTTP 500 persists", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500", times: 2 });

      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(2);
      expect(harness.auditLines().map(line => line.attempt)).toEqual([1, 2]);
    });

    it("does not retry an input fault, and input faults never open the circuit", async () => {
      harness = await startGateway();
      for (let i = 0; i < 12; i++) {
        await expect(harness.operation().checkCapacitySummary(unknownPostcodeSearch)).rejects.toMatchObject({
          code: 101,
        });
      }
      expect((await harness.simulatorCalls()).CheckCapacitySummary).toBe(12);

      const result = await harness.operation().checkCapacitySummary(catchAllSearch);
      expect(result.services).toHaveLength(2);
      expect(harness.auditLines().filter(line => line.outcome === "101")).toHaveLength(12);
    });

    it("does not retry when no time is left before the operation's deadline", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500", times: 1 });

      const op = harness.operation({ deadline: Date.now() + 20 });
      await expect(op.getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(1);
    });
  });

  describe("auth breaker", () => {
    it("never retries a refused login, shuts the account, and logs one error without credentials", async () => {
      harness = await startGateway({ gateway: { authBreakerOpenMs: 60_000 } });
      await harness.injectFault({ operation: "*", kind: "fault", code: 302 });

      const first = await rejectionOf(harness.operation().getHospitalScores());
      expect(first).toMatchObject({ code: 302 });
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(1);

      await harness.clearFaults();
      for (const call of [
        (op: OperationDos) => op.getHospitalScores(),
        (op: OperationDos) => op.checkCapacitySummary(catchAllSearch),
        (op: OperationDos) => op.serviceDetailsById("RLR01"),
      ]) {
        const { error } = await settled(() => call(harness.operation()));
        expect(error).toBeInstanceOf(DosCircuitOpen);
        expect(error).toBeInstanceOf(DosUnavailable);
      }
      // Fails fast: none of the three reached DoS.
      const calls = await harness.simulatorCalls();
      expect([calls.GetHospitalScores, calls.CheckCapacitySummary, calls.ServiceDetailsById]).toEqual([1, 0, 0]);

      const errors = harness.logs.lines.filter(line => line.level === 50);
      expect(errors).toEqual([expect.objectContaining({ msg: "DoS refused our credentials", account: "main", faultCode: 302 })]);
      expect(harness.logs.text()).not.toMatch(/demo/);
      expect(harness.auditLines().map(line => line.outcome)).toEqual(["302", "circuit-open", "circuit-open", "circuit-open"]);
    });

    it("lets exactly one probe through when the shut time is over, and reopens on its success", async () => {
      harness = await startGateway({ gateway: { authBreakerOpenMs: 200 } });
      await harness.injectFault({ operation: "*", kind: "fault", code: 1001, times: 1 });
      await expect(harness.operation().getHospitalScores()).rejects.toMatchObject({ code: 1001 });
      await sleep(250);

      await harness.injectFault({ operation: "GetHospitalScores", kind: "latency", ms: 300, times: 1 });
      const probe = harness.operation().getHospitalScores();
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosCircuitOpen);
      await probe;
      await harness.operation().getHospitalScores();

      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(3);
    });

    it("shuts only the refused account", async () => {
      harness = await startGateway({
        env: { DOS_PUBLIC_USERNAME: "public", DOS_PUBLIC_PASSWORD: "public" },
      });
      await harness.injectFault({ operation: "*", kind: "fault", code: 303, times: 1 });
      const publicCaller = { id: "app-1", audience: "public" as const };
      await expect(harness.operation({ caller: publicCaller }).getHospitalScores()).rejects.toMatchObject({ code: 303 });

      await expect(harness.operation({ caller: publicCaller }).getHospitalScores()).rejects.toBeInstanceOf(DosCircuitOpen);
      await harness.operation().getHospitalScores();
      expect(harness.logs.lines.filter(line => line.level === 50)).toEqual([
        expect.objectContaining({ msg: "DoS refused our credentials", account: "public" }),
      ]);
    });
  });

  describe("circuit breaker", () => {
    it("opens after 10 failing calls, then fails fast without a socket, for that DoS operation only", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500" });

      for (let i = 0; i < 5; i++) {
        await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      }
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(10);

      const { error } = await settled(() => harness.operation().getHospitalScores());
      expect(error).toBeInstanceOf(DosCircuitOpen);
      // Fails fast: no 11th call reached DoS.
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(10);
      expect(harness.logs.lines).toContainEqual(
        expect.objectContaining({ level: 40, msg: "DoS circuit opened: failing fast", operation: "GetHospitalScores" }),
      );

      await harness.operation().serviceDetailsById("RLR01");
    });

    it("half-opens after the reset time: one probe, and closes when it succeeds", async () => {
      harness = await startGateway({ gateway: { circuit: { volumeThreshold: 2, resetTimeoutMs: 200 } } });
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500" });
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosCircuitOpen);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(2);

      await harness.clearFaults();
      await sleep(250);
      await harness.injectFault({ operation: "GetHospitalScores", kind: "latency", ms: 200, times: 1 });
      const probe = harness.operation().getHospitalScores();
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosCircuitOpen);
      await probe;
      await harness.operation().getHospitalScores();
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(4);
    });

    it("re-opens when the probe fails", async () => {
      harness = await startGateway({ gateway: { circuit: { volumeThreshold: 2, resetTimeoutMs: 200 } } });
      await harness.injectFault({ operation: "GetHospitalScores", kind: "http500" });
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      await sleep(250);

      // The probe fails and is not retried (the circuit is open again).
      await expect(harness.operation().getHospitalScores()).rejects.not.toBeInstanceOf(DosCircuitOpen);
      await expect(harness.operation().getHospitalScores()).rejects.toBeInstanceOf(DosCircuitOpen);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(3);
    });
  });

  describe("bulkhead", () => {
    it("refuses the call past DOS_MAX_IN_FLIGHT at once, and frees slots as calls settle", async () => {
      harness = await startGateway({ env: { DOS_MAX_IN_FLIGHT: "3" } });
      await harness.injectFault({ operation: "GetHospitalScores", kind: "latency", ms: 400, times: 3 });

      let slowSettled = 0;
      const slow = [1, 2, 3].map(() => harness.operation().getHospitalScores().finally(() => slowSettled++));
      const { error } = await settled(() => harness.operation().getHospitalScores());
      expect(error).toBeInstanceOf(DosOverloaded);
      // Refused at once: before any of the calls ahead of it (held 400 ms by DoS) settled.
      expect(slowSettled).toBe(0);

      await Promise.all(slow);
      await harness.operation().getHospitalScores();
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(4);
      expect(harness.auditLines().filter(line => line.outcome === "overloaded")).toHaveLength(1);
    });
  });

  describe("outbound rate limit per DoS account", () => {
    it("refuses calls past DOS_CALLS_PER_SECOND with the time to wait; each account has its own rate", async () => {
      harness = await startGateway({
        env: { DOS_CALLS_PER_SECOND: "3", DOS_PUBLIC_USERNAME: "public", DOS_PUBLIC_PASSWORD: "public" },
      });
      for (let i = 0; i < 3; i++) await harness.operation().getHospitalScores();
      const error = await rejectionOf(harness.operation().getHospitalScores());

      expect(error).toBeInstanceOf(DosRateLimited);
      expect((error as DosRateLimited).retryAfterMs).toBeGreaterThan(0);
      expect((error as DosRateLimited).retryAfterMs).toBeLessThanOrEqual(1000);
      await harness.operation({ caller: { id: "app-1", audience: "public" } }).getHospitalScores();
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(4);

      await sleep((error as DosRateLimited).retryAfterMs + 20);
      await harness.operation().getHospitalScores();
    });

    it("is off when DOS_CALLS_PER_SECOND is 0", async () => {
      harness = await startGateway({ env: { DOS_CALLS_PER_SECOND: "0" } });
      await Promise.all(Array.from({ length: 20 }, () => harness.operation().getHospitalScores()));
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(20);
    });

    const itWithRedis = redisSuiteAvailable("outbound rate limit with Redis") ? it : it.skip;
    itWithRedis("is shared by replicas through Redis (REDIS_URL), which holds the count", async () => {
      const redis = await startRedisServer();
      const inspector = new Redis(redis.url);
      let replicaB: GatewayHarness | undefined;
      try {
        // A generous Redis deadline: this test is about sharing, and on a loaded machine event-loop lag alone can pass
        // the 50 ms default, which would (correctly) make a replica count on its own.
        const env = { DOS_CALLS_PER_SECOND: "3", REDIS_URL: redis.url, REDIS_TIMEOUT_MS: "2000" };
        harness = await startGateway({ env });
        const b = createGatewayHarness(stack, { env });
        replicaB = b;
        await Promise.all([harness.gateway.ready(), b.gateway.ready()]);
        expect([harness.gateway.storeState(), b.gateway.storeState()]).toEqual(["ok", "ok"]);

        // All five at once, so that they fall in one 1 s window however slow the machine is: each replica alone
        // would allow 3 (5 in all); sharing one count, exactly 3 go and 2 are refused, whichever replica sent them.
        const outcomes = await Promise.allSettled([
          harness.operation().getHospitalScores(),
          harness.operation().getHospitalScores(),
          b.operation().getHospitalScores(),
          b.operation().getHospitalScores(),
          b.operation().getHospitalScores(),
        ]);
        expect(outcomes.filter(outcome => outcome.status === "fulfilled")).toHaveLength(3);
        const refused = outcomes.flatMap(outcome => (outcome.status === "rejected" ? [outcome.reason] : []));
        expect(refused).toEqual([expect.any(DosRateLimited), expect.any(DosRateLimited)]);

        expect((await stack.simulatorCalls()).GetHospitalScores).toBe(3);
        expect(await inspector.get("dos-subgraph:dos-calls:main")).toBe("5");
      } finally {
        inspector.disconnect();
        await replicaB?.close();
        await redis.stop();
      }
    });
  });

  describe("account per audience", () => {
    it("uses the public-role account for public callers and the main account for professionals", async () => {
      harness = await startGateway({ env: { DOS_PUBLIC_USERNAME: "public", DOS_PUBLIC_PASSWORD: "public" } });

      await harness.operation({ caller: { id: "app-1", audience: "public" } }).checkCapacitySummary(catchAllSearch);
      await harness.operation().checkCapacitySummary(catchAllSearch);

      const { recent } = await harness.simulatorCalls();
      expect(recent.map(call => call.username)).toEqual(["public", "demo"]);
      expect(harness.auditLines().map(line => [line.audience, line.account])).toEqual([
        ["public", "public"],
        ["professional", "main"],
      ]);
    });

    it("uses the main account for public callers when no public account is configured", async () => {
      harness = await startGateway();
      await harness.operation({ caller: { id: "app-1", audience: "public" } }).getHospitalScores();
      expect((await harness.simulatorCalls()).recent.map(call => call.username)).toEqual(["demo"]);
      expect(harness.auditLines()[0]).toMatchObject({ audience: "public", account: "main" });
    });

    it("ignores an account or signal passed to the operation's methods", async () => {
      harness = await startGateway({ env: { DOS_PUBLIC_USERNAME: "public", DOS_PUBLIC_PASSWORD: "public" } });
      const aborted = AbortSignal.abort();
      await harness.operation().getHospitalScores({ account: { username: "public", password: "public" }, signal: aborted });
      expect((await harness.simulatorCalls()).recent.map(call => call.username)).toEqual(["demo"]);
    });
  });

  describe("abort", () => {
    it("aborts the call in flight when the operation's signal fires, and does not retry", async () => {
      harness = await startGateway();
      await harness.injectFault({ operation: "GetHospitalScores", kind: "latency", ms: 3000 });
      const client = new AbortController();
      const call = harness.operation({ signal: client.signal }).getHospitalScores();
      while ((await harness.simulatorCalls()).GetHospitalScores === 0) await sleep(10);

      const { error } = await settled(() => {
        client.abort();
        return call;
      });
      // Rejected as aborted: had the abort not reached the call in flight, it would have resolved with DoS's answer.
      expect(error).toBeInstanceOf(DosUnavailable);
      expect((error as DosUnavailable).reason).toBe("aborted");
      await sleep(200);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(1);
      expect(harness.auditLines().map(line => line.outcome)).toEqual(["aborted"]);
    });

    it("sends nothing once the signal has fired", async () => {
      harness = await startGateway();
      const op = harness.operation({ signal: AbortSignal.abort() });
      await expect(op.getHospitalScores()).rejects.toBeInstanceOf(DosUnavailable);
      expect((await harness.simulatorCalls()).GetHospitalScores).toBe(0);
    });

    it("aborted calls do not count against DoS in the circuit breaker", async () => {
      harness = await startGateway({ gateway: { circuit: { volumeThreshold: 2 } } });
      await harness.injectFault({ operation: "GetHospitalScores", kind: "latency", ms: 3000 });
      for (let i = 0; i < 3; i++) {
        const client = new AbortController();
        const call = harness.operation({ signal: client.signal }).getHospitalScores();
        await sleep(30);
        client.abort();
        await expect(call).rejects.toBeInstanceOf(DosUnavailable);
      }
      await harness.clearFaults();
      await harness.operation().getHospitalScores();
    });
  });

  describe("no caching, no coalescing (AUP)", () => {
    it("sends every call, identical or concurrent", async () => {
      harness = await startGateway();
      await harness.operation().checkCapacitySummary(catchAllSearch);
      await harness.operation().checkCapacitySummary(catchAllSearch);
      await Promise.all([
        harness.operation().checkCapacitySummary(catchAllSearch),
        harness.operation().checkCapacitySummary(catchAllSearch),
      ]);
      expect((await harness.simulatorCalls()).CheckCapacitySummary).toBe(4);
    });
  });

  describe("audit", () => {
    it("writes exactly one line per attempt with identifiers only: no credentials, no DoS data", async () => {
      harness = await startGateway();
      const op = harness.operation({ caller: { id: "clinician-7", audience: "professional" }, operationName: "FindCare" });

      const search = await op.checkCapacitySummary(catchAllSearch);
      const scores = await op.getHospitalScores();
      await expect(op.serviceDetailsById("999999999")).rejects.toMatchObject({ code: 103 });

      const lines = harness.auditLines();
      expect(lines).toHaveLength(3);
      const base = { audit: "dos-call", caller: "clinician-7", audience: "professional", account: "main", attempt: 1 };
      expect(lines[0]).toMatchObject({
        ...base,
        operation: "CheckCapacitySummary",
        outcome: "ok",
        transactionId: search.transactionId,
        operationName: "FindCare",
      });
      expect(lines[1]).toMatchObject({ ...base, operation: "GetHospitalScores", outcome: "ok" });
      expect(lines[2]).toMatchObject({ ...base, operation: "ServiceDetailsById", outcome: "103" });
      for (const line of lines) {
        expect(Object.keys(line).sort()).toEqual(
          [
            ...["level", "time", "service", "msg"],
            ...Object.keys(base),
            "operation",
            "outcome",
            "durationMs",
            "operationName",
            ...(line.operation === "CheckCapacitySummary" ? ["transactionId"] : []),
          ].sort(),
        );
        expect(line.durationMs).toEqual(expect.any(Number));
      }

      const text = harness.logs.text();
      expect(text).not.toMatch(/demo|password|username/i);
      expect(text).not.toContain(Buffer.from("demo:demo").toString("base64"));
      const payload = [
        ...search.services.flatMap(s => [s.name, s.publicPhone, s.postcode, s.address]),
        ...scores.map(score => score.name),
        catchAllSearch.postcode,
      ].filter((value): value is string => Boolean(value));
      expect(payload.length).toBeGreaterThan(5);
      for (const value of payload) expect(text).not.toContain(value);
    });
  });
});
