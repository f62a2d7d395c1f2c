import { type ServerResponse } from "node:http";
import { createRateLimiter, type RateLimiter, type RateLimitStoreState } from "../limits/rate-limiter";
import { type Logger } from "../logger";
import { type Caller } from "./auth";
import { sendJson } from "./respond";

export interface CallerRateLimit {
  /**
   * Takes one request from `caller`'s allowance: true, or false once it has answered 429 itself. Rejects only
   * when counting fails unexpectedly (the request's 500).
   */
  admit(caller: Caller, res: ServerResponse): Promise<boolean>;
  /** Resolves once the shared store (Redis) is connected; at once without one. */
  ready(): Promise<void>;
  /** Where the caller counts go right now (`off` when the limit is off or without Redis). */
  storeState(): RateLimitStoreState;
  close(): Promise<void>;
}

/**
 * `RATE_LIMIT_PER_MINUTE` GraphQL requests per authenticated caller (AUP: no crawling, security.md §2.2), counted
 * per process or, with `REDIS_URL`, across replicas. Runs after authentication, so the key is the verified caller
 * id, never something a client can vary freely. Past the limit: HTTP 429 with `Retry-After`, before GraphQL runs,
 * so the request costs no DoS call. `perMinute` 0 turns it off (load tests).
 */
export function createCallerRateLimit(options: {
  perMinute: number;
  redisUrl?: string;
  redisTimeoutMs?: number;
  logger: Logger;
}): CallerRateLimit {
  if (options.perMinute === 0) {
    return {
      admit: async () => true,
      ready: async () => {},
      storeState: () => "off",
      close: async () => {},
    };
  }
  const limiter: RateLimiter = createRateLimiter({
    points: options.perMinute,
    durationSeconds: 60,
    keyPrefix: "dos-subgraph:callers",
    redisUrl: options.redisUrl,
    redisTimeoutMs: options.redisTimeoutMs,
    logger: options.logger,
  });
  return {
    async admit(caller, res) {
      const decision = await limiter.consume(caller.id);
      if (decision.allowed) return true;
      const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      options.logger.warn({ caller: caller.id, retryAfter }, "caller rate limit reached");
      res.setHeader("Retry-After", String(retryAfter));
      sendJson(res, 429, {
        errors: [
          {
            message: `Too many requests: at most ${options.perMinute} a minute. Retry after ${retryAfter} s.`,
            extensions: { code: "RATE_LIMITED", retryAfter },
          },
        ],
      });
      return false;
    },
    ready: () => limiter.ready(),
    storeState: () => limiter.state(),
    close: () => limiter.close(),
  };
}
