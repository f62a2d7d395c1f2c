/**
 * A stalled Redis (issue 12 §5): a real redis-server, paused with SIGSTOP, keeps its connections open and
 * answers nothing. Every Redis command has a deadline (REDIS_TIMEOUT_MS), so requests still complete: the rate
 * limits count per process, the change is logged once each way, and /readyz shows it without failing.
 */
import { Redis } from "ioredis";
import { HospitalCapacitiesDocument } from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";
import { createRateLimiter, type RateLimiter } from "../../src/limits/rate-limiter";
import { captureLogs, type CapturedLogs } from "./helpers/log-capture";
import { redisSuiteAvailable, startRedisServer, type RedisServer } from "./helpers/redis-server";

const describeRedis = redisSuiteAvailable("stalled Redis") ? describe : describe.skip;

const STORE_DOWN = "rate-limit store unreachable: counting per process";
const STORE_BACK = "rate-limit store reachable again: counting in Redis";

/** Polls `check` (state, not time) until it holds; fails after `attempts` tries 50 ms apart. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describeRedis("a stalled Redis never hangs a request (a real redis-server under SIGSTOP)", () => {
  let redis: RedisServer | undefined;

  afterEach(async () => {
    // Whatever happened in the test: resume the server (a stopped process ignores SIGTERM), then stop it.
    redis?.resume();
    await redis?.stop();
    redis = undefined;
  });

  describe("the rate limiter", () => {
    let limiter: RateLimiter | undefined;
    afterEach(async () => {
      redis?.resume();
      await limiter?.close();
    });

    it("decides per process past the deadline, skips Redis while degraded, and goes back once it answers", async () => {
      redis = await startRedisServer();
      const logs = captureLogs("info");
      limiter = createRateLimiter({
        points: 3,
        durationSeconds: 60,
        keyPrefix: "stall-test",
        redisUrl: redis.url,
        // Not the 50 ms default: on a loaded machine event-loop lag alone can pass 50 ms, and a spurious timeout
        // before the pause would add a transition this test counts.
        redisTimeoutMs: 500,
        redisProbeMs: 100,
        logger: logs.logger,
      });
      await limiter.ready();
      expect(limiter.state()).toBe("ok");
      expect(await limiter.consume("main")).toEqual({ allowed: true });

      redis.pause();
      // Every call completes, and the limit still holds, counted per process: 3 points, the 4th is refused.
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.consume("main"));
      expect(decisions.map(d => d.allowed)).toEqual([true, true, true, false]);
      expect(limiter.state()).toBe("degraded");
      expect(logs.lines.filter(line => line.msg === STORE_DOWN)).toEqual([
        expect.objectContaining({ level: 40, keyPrefix: "stall-test", code: "timeout" }),
      ]);

      redis.resume();
      await eventually("the limiter is back on Redis", () => limiter!.state() === "ok");
      expect(logs.lines.filter(line => line.msg === STORE_BACK)).toEqual([
        expect.objectContaining({ level: 30, keyPrefix: "stall-test" }),
      ]);
      // Back to the shared count. Redis counted the call before the stall, the one that hit the deadline (sent
      // before the stall was known; Redis ran it on resume) and this one: the 3 calls after it never went there.
      expect(await limiter.consume("main")).toEqual({ allowed: true });
      const inspector = new Redis(redis.url);
      try {
        expect(await inspector.get("stall-test:main")).toBe("3");
      } finally {
        inspector.disconnect();
      }
      expect(logs.lines.filter(line => line.msg === STORE_DOWN)).toHaveLength(1);
      // Nothing from the connection string reaches the logs.
      expect(logs.text()).not.toContain(redis.url);
    });
  });

  describe("the subgraph", () => {
    let subgraph: TestSubgraph | undefined;
    let logs: CapturedLogs;
    afterEach(async () => {
      redis?.resume();
      await subgraph?.stop();
      subgraph = undefined;
    });

    const readyz = async () => {
      const response = await fetch(`${subgraph!.origin}/readyz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it("serves every request while Redis is paused, reports it degraded in /readyz, and recovers on resume", async () => {
      redis = await startRedisServer();
      logs = captureLogs("info");
      subgraph = await startSubgraph({
        logger: logs.logger,
        env: {
          REDIS_URL: redis.url,
          REDIS_TIMEOUT_MS: "500", // see above: headroom against event-loop lag, not the default
          RATE_LIMIT_PER_MINUTE: "1000",
          DOS_CALLS_PER_SECOND: "1000",
        },
      });
      await eventually("both limiters connected", async () => (await readyz()).body.redis === "ok");
      expect(await readyz()).toEqual({ status: 200, body: { status: "ready", redis: "ok" } });
      expect(subgraph.server.redisDegraded()).toBe(false);
      expect((await subgraph.execute(HospitalCapacitiesDocument)).errors).toEqual([]);

      redis.pause();
      await subgraph.resetSimulator();
      const results = await Promise.all(Array.from({ length: 5 }, () => subgraph!.execute(HospitalCapacitiesDocument)));
      expect(results.map(result => [result.status, result.errors])).toEqual(Array(5).fill([200, []]));
      expect(results.every(result => (result.data?.hospitalCapacities?.length ?? 0) > 0)).toBe(true);
      // Each request reached DoS once: the limits failed open, they did not refuse.
      expect((await subgraph.simulatorCalls()).GetHospitalScores).toBe(5);

      expect(subgraph.server.redisState()).toBe("degraded");
      expect(subgraph.server.redisDegraded()).toBe(true);
      // Degraded, not unready: every replica shares the Redis, so failing readiness would take them all out.
      expect(await readyz()).toEqual({ status: 200, body: { status: "ready", redis: "degraded" } });
      const down = logs.lines.filter(line => line.msg === STORE_DOWN);
      // Once per limiter (callers, outbound DoS calls), however many requests went by.
      expect(down.map(line => line.keyPrefix).sort()).toEqual(["dos-subgraph:callers", "dos-subgraph:dos-calls"]);
      expect(down.every(line => line.level === 40)).toBe(true);

      redis.resume();
      await eventually("Redis is used again", async () => (await readyz()).body.redis === "ok");
      expect(subgraph.server.redisDegraded()).toBe(false);
      const back = logs.lines.filter(line => line.msg === STORE_BACK);
      expect(back.map(line => line.keyPrefix).sort()).toEqual(["dos-subgraph:callers", "dos-subgraph:dos-calls"]);

      // Counting is shared again: the caller's key in Redis grows with the next request.
      const inspector = new Redis(redis.url);
      try {
        const before = Number(await inspector.get("dos-subgraph:callers:local"));
        expect((await subgraph.execute(HospitalCapacitiesDocument)).errors).toEqual([]);
        expect(Number(await inspector.get("dos-subgraph:callers:local"))).toBe(before + 1);
      } finally {
        inspector.disconnect();
      }
      expect(logs.lines.filter(line => line.msg === STORE_DOWN)).toHaveLength(2);
    });
  });
});
