import type { Redis } from "ioredis";
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
  /** Told (at `warn`) when the shared store becomes unreachable or stalls, and (at `info`) when it is back. */
  logger?: Logger;
  /**
   * Deadline of every Redis command (`REDIS_TIMEOUT_MS`, default 50). Past it the call counts per process, as
   * when Redis is down, so a stalled Redis (a paused process, a hung proxy) never stalls a request.
   */
  redisTimeoutMs?: number;
  /** How often a degraded store is probed (a PING under the same deadline); default 1000 ms. */
  redisProbeMs?: number;
}

/**
 * Where counts go right now: `off` (no Redis configured, per process by design), `connecting` (not yet
 * connected: per process), `ok` (shared in Redis) or `degraded` (Redis down or past its deadline: per process).
 */
export type RateLimitStoreState = "off" | "connecting" | "ok" | "degraded";

/** The default deadline of one Redis command (`REDIS_TIMEOUT_MS`). */
export const DEFAULT_REDIS_TIMEOUT_MS = 50;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A fixed-window counter per key. It stores counts only, never the data the limited calls return.
 *
 * With Redis, the count is shared across replicas. While Redis is unreachable (or not yet connected) each
 * process falls back to counting on its own against the same limit, so an outage neither blocks every call nor
 * lifts the limit. A command never waits for a reconnect, and never longer than `redisTimeoutMs` for an answer:
 * a command past its deadline puts the limiter in the `degraded` state, where calls skip Redis entirely until a
 * background PING (every `redisProbeMs`) or a reconnect shows it answering again. Each change between `ok` and
 * `degraded` is logged once (warn going down, info coming back); `state()` tells readiness checks and metrics.
 */
export interface RateLimiter {
  /** Takes one point for `key`; never waits, never throws for a full window. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Resolves once the shared store is connected (at once without Redis). Earlier calls count per process. */
  ready(): Promise<void>;
  /** Where counts go right now (see `RateLimitStoreState`). */
  state(): RateLimitStoreState;
  close(): Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { points, durationSeconds: duration, keyPrefix, logger } = options;
  const perProcess = new RateLimiterMemory({ points, duration, keyPrefix });
  if (!options.redisUrl) {
    return {
      consume: key => consumeFrom(perProcess, key),
      ready: async () => {},
      state: () => "off",
      close: async () => {},
    };
  }

  const timeoutMs = options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  // ioredis is loaded only when Redis is configured: without REDIS_URL the process does not carry it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Redis: RedisClient } = require("ioredis") as { Redis: typeof Redis };
  const redis: Redis = new RedisClient(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Every command (the limiter's script, the probe's PING, QUIT) rejects past this deadline.
    commandTimeout: timeoutMs,
    // How long `disconnect` waits for a broken socket to close; the default keeps a timer alive for 2 s.
    disconnectTimeout: 200,
  });
  // No insurance limiter: a store failure is caught below, so that it changes the state (and is logged) rather
  // than being absorbed silently.
  const shared = new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true });

  let state: RateLimitStoreState = "connecting";
  let probe: NodeJS.Timeout | undefined;
  let closed = false;
  const toOk = () => {
    if (closed || state === "ok") return;
    if (state === "degraded") logger?.info({ keyPrefix }, "rate-limit store reachable again: counting in Redis");
    state = "ok";
    clearInterval(probe);
    probe = undefined;
  };
  // `code`: ECONNREFUSED, …, or `timeout`; never the URL, which may hold the Redis password.
  const toDegraded = (code: string | undefined) => {
    if (closed || state === "degraded") return;
    state = "degraded";
    logger?.warn({ keyPrefix, code }, "rate-limit store unreachable: counting per process");
    probe = setInterval(() => {
      // Only a connected client can prove Redis answers; a reconnect announces itself with "ready" anyway.
      if (redis.status === "ready") redis.ping().then(toOk, () => {});
    }, options.redisProbeMs ?? 1000);
    probe.unref();
  };
  redis.on("ready", toOk);
  redis.on("error", (error: NodeJS.ErrnoException) => toDegraded(error.code));
  const connected = new Promise<void>(resolve => {
    if (redis.status === "ready") resolve();
    else redis.once("ready", () => resolve());
  });

  return {
    async consume(key) {
      if (state !== "ok") return consumeFrom(perProcess, key);
      try {
        return await consumeFrom(shared, key);
      } catch (error) {
        // Only store failures reach here (a full window is a decision). A stalled command is a timeout.
        toDegraded(isTimeout(error) ? "timeout" : ((error as NodeJS.ErrnoException).code ?? "store-error"));
        return consumeFrom(perProcess, key);
      }
    },
    ready: () => connected,
    state: () => state,
    // QUIT lets pending commands finish; without a live connection (or past the deadline) it fails, and the
    // socket is dropped.
    close: async () => {
      closed = true;
      clearInterval(probe);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The combined state of several limiters' stores: degraded if any is, ok only if all are (`off` ignored). */
export function combinedStoreState(states: RateLimitStoreState[]): RateLimitStoreState {
  const used = states.filter(state => state !== "off");
  if (used.length === 0) return "off";
  if (used.includes("degraded")) return "degraded";
  return used.every(state => state === "ok") ? "ok" : "connecting";
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}

// Private: rate-limiter-flexible rejects with a RateLimiterRes for a full window and with an Error for a store
// failure (which the Redis path above turns into per-process counting).
async function consumeFrom(limiter: RateLimiterAbstract, key: string): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) };
  }
}
