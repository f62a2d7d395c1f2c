import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { type Logger } from "../logger";

export interface RateLimiterOptions {
  /** Calls allowed per key in each window. */
  points: number;
  durationSeconds: number;
  /** Names the limit in the shared store, e.g. `dos-subgraph:dos-calls`; limiters with one prefix share counts. */
  keyPrefix: string;
  /** `redis://…`: count in Redis, shared by every replica using the same prefix. Unset: per process. */
  redisUrl?: string;
  /** Told (at `warn`) when the shared store becomes unreachable. */
  logger?: Logger;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A fixed-window counter per key. It stores counts only, never the data the limited calls return.
 *
 * With Redis, the count is shared across replicas. While Redis is unreachable (or not yet connected) each
 * process falls back to counting on its own against the same limit, so an outage neither blocks every call nor
 * lifts the limit. A command never waits for a reconnect.
 */
export interface RateLimiter {
  /** Takes one point for `key`; never waits, never throws for a full window. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Resolves once the shared store is connected (at once without Redis). Earlier calls count per process. */
  ready(): Promise<void>;
  /**
   * True while a shared store is configured but not connected, so counts are per process (a degraded mode,
   * exported as `dos_subgraph_redis_degraded`). Always false without Redis. Optional for test doubles.
   */
  degraded?(): boolean;
  close(): Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { points, durationSeconds: duration, keyPrefix } = options;
  const perProcess = new RateLimiterMemory({ points, duration, keyPrefix });
  if (!options.redisUrl) {
    return {
      consume: key => consumeFrom(perProcess, key),
      ready: async () => {},
      degraded: () => false,
      close: async () => {},
    };
  }

  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // How long `disconnect` waits for a broken socket to close; the default keeps a timer alive for 2 s.
    disconnectTimeout: 200,
  });
  let warned = false;
  redis.on("ready", () => (warned = false));
  redis.on("error", (error: NodeJS.ErrnoException) => {
    if (warned) return;
    warned = true;
    // The code only (ECONNREFUSED, …): never the URL, which may hold the Redis password.
    options.logger?.warn({ keyPrefix, code: error.code }, "rate-limit store unreachable: counting per process");
  });
  const shared = new RateLimiterRedis({
    storeClient: redis,
    points,
    duration,
    keyPrefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: perProcess,
  });
  const connected = new Promise<void>(resolve => {
    if (redis.status === "ready") resolve();
    else redis.once("ready", () => resolve());
  });
  return {
    consume: key => consumeFrom(shared, key),
    ready: () => connected,
    degraded: () => redis.status !== "ready",
    // QUIT lets pending commands finish; without a live connection it fails at once, and the socket is dropped.
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

// Private: rate-limiter-flexible rejects with a RateLimiterRes for a full window and with an Error for a store
// failure its insurance limiter could not absorb (a bug here, so it propagates).
async function consumeFrom(limiter: RateLimiterAbstract, key: string): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) };
  }
}
