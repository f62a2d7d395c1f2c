import { Redis } from "ioredis";
import { createRateLimiter, type RateLimiter } from "../../src/limits/rate-limiter";
import { captureLogs } from "./helpers/log-capture";
import { freePort, redisSuiteAvailable, startRedisServer, type RedisServer } from "./helpers/redis-server";

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function consumeTimes(limiter: RateLimiter, key: string, times: number) {
  const decisions = [];
  for (let i = 0; i < times; i++) decisions.push(await limiter.consume(key));
  return decisions;
}

describe("createRateLimiter, in memory", () => {
  it("allows `points` per key per window, then refuses with the time left, then allows again", async () => {
    const limiter = createRateLimiter({ points: 3, durationSeconds: 1, keyPrefix: "test" });

    const decisions = await consumeTimes(limiter, "main", 4);
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    const refused = decisions[3];
    expect(refused.allowed).toBe(false);
    const retryAfterMs = refused.allowed ? 0 : refused.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000);

    expect(await limiter.consume("public")).toEqual({ allowed: true });

    await sleep(retryAfterMs + 20);
    expect(await limiter.consume("main")).toEqual({ allowed: true });
    await limiter.close();
  });

  it("does not share counts between limiters without Redis (each process counts alone)", async () => {
    const first = createRateLimiter({ points: 1, durationSeconds: 1, keyPrefix: "test" });
    const second = createRateLimiter({ points: 1, durationSeconds: 1, keyPrefix: "test" });
    expect(await first.consume("main")).toEqual({ allowed: true });
    expect(await second.consume("main")).toEqual({ allowed: true });
  });
});

const describeRedis = redisSuiteAvailable("createRateLimiter with Redis") ? describe : describe.skip;

describeRedis("createRateLimiter with Redis (a real redis-server)", () => {
  let redis: RedisServer;
  const limiters: RateLimiter[] = [];
  const open = (options: Partial<Parameters<typeof createRateLimiter>[0]> = {}) => {
    // A generous deadline: these tests are about sharing and outages, and on a loaded machine event-loop lag alone
    // can pass the 50 ms default (test/upstream/redis-stall.test.ts covers the deadline).
    const limiter = createRateLimiter({
      points: 3,
      // A window far longer than any test, so that a slow machine cannot see it reset part-way.
      durationSeconds: 60,
      keyPrefix: "dos-calls",
      redisUrl: redis.url,
      redisTimeoutMs: 2000,
      ...options,
    });
    limiters.push(limiter);
    return limiter;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(limiters.splice(0).map(limiter => limiter.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("shares one count between replicas using the same prefix, and keeps it in Redis", async () => {
    const replicaA = open({ keyPrefix: "shared-test" });
    const replicaB = open({ keyPrefix: "shared-test" });
    await Promise.all([replicaA.ready(), replicaB.ready()]);

    expect(await consumeTimes(replicaA, "main", 2)).toEqual([{ allowed: true }, { allowed: true }]);
    expect(await replicaB.consume("main")).toEqual({ allowed: true });
    const refused = await replicaB.consume("main");
    expect(refused).toMatchObject({ allowed: false });
    expect(await replicaA.consume("main")).toMatchObject({ allowed: false });
    expect(refused.allowed ? 0 : refused.retryAfterMs).toBeGreaterThan(1000);

    // Another key and another prefix have their own counts.
    expect(await replicaA.consume("public")).toEqual({ allowed: true });
    const otherLimit = open({ keyPrefix: "other-test" });
    await otherLimit.ready();
    expect(await otherLimit.consume("main")).toEqual({ allowed: true });

    const inspector = new Redis(redis.url);
    try {
      expect(await inspector.get("shared-test:main")).toBe("5");
      expect(await inspector.pttl("shared-test:main")).toBeGreaterThan(0);
    } finally {
      inspector.disconnect();
    }
  });

  it("falls back to counting per process when Redis goes away, and says so in its state", async () => {
    const doomed = await startRedisServer();
    const limiter = open({ points: 2, redisUrl: doomed.url });
    await limiter.ready();
    expect(limiter.state()).toBe("ok");
    expect(await limiter.consume("main")).toEqual({ allowed: true });
    await doomed.stop();

    const decisions = await consumeTimes(limiter, "main", 3);
    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, expect.objectContaining({ allowed: false })]);
    expect(limiter.state()).toBe("degraded");
  });

  it("counts per process while Redis is unreachable, and logs it once", async () => {
    const logs = captureLogs("warn");
    const limiter = open({ points: 2, redisUrl: `redis://127.0.0.1:${await freePort()}`, logger: logs.logger });

    // Not connected yet: decided per process at once (no command is queued for a connection that may never come).
    const decisions = await consumeTimes(limiter, "main", 3);
    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, expect.objectContaining({ allowed: false })]);

    const unreachable = () =>
      logs.lines.filter(line => line.msg === "rate-limit store unreachable: counting per process");
    for (let i = 0; i < 100 && unreachable().length === 0; i++) await sleep(50);
    expect(unreachable()).toEqual([expect.objectContaining({ level: 40, keyPrefix: "dos-calls", code: "ECONNREFUSED" })]);
    expect(limiter.state()).toBe("degraded");
    // ioredis keeps reconnecting (and failing); the state does not change, so nothing more is logged.
    await sleep(300);
    expect(unreachable()).toHaveLength(1);
  });
});
