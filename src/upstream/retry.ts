import { setTimeout as sleep } from "node:timers/promises";
import { DosError } from "../dos/errors";

/**
 * The retry policy (security.md §3.2). All three DoS operations are reads, so a repeat is safe, but each one is
 * another DoS call (and audit entry) charged to the operation's budget, so there is at most one, and only for
 * failures that a second try can plausibly fix:
 *  - failures the DoS layer classifies as `transient` (`DosError.classify()`): DoS's own internal error and time
 *    out faults, and transport failures (connection refused/reset, HTTP 5xx without a SOAP fault).
 * Never for invalid input, auth, not-found or no-results, our own deadline (`DosTimeout`), a bad response, an open
 * circuit (not transient) or a call the caller abandoned (the gateway checks the signal).
 */
export const MAX_ATTEMPTS = 2;

export function isRetryable(error: unknown): boolean {
  return error instanceof DosError && error.classify().transient;
}

/** Small, jittered, so that replicas that failed together do not retry in step. */
export function retryBackoffMs(random: () => number = Math.random): number {
  return Math.round(50 + random() * 100);
}

/**
 * Whether a retry fits before `deadline`: after the backoff, twice the failed attempt's duration must remain (the
 * failed attempt is the best estimate of the next one's latency).
 */
export function retryFits(options: { now: number; deadline: number; attemptMs: number; backoffMs: number }): boolean {
  return options.deadline - options.now >= options.backoffMs + 2 * options.attemptMs;
}

/** Waits `ms`; resolves `false` at once if `signal` fires first. */
export async function backOff(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
