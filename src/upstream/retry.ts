import { setTimeout as sleep } from "node:timers/promises";
import { DosFault, DosUnavailable } from "../dos/errors";
import { DosCircuitOpen } from "./errors";

/**
 * The retry policy (security.md §3.2). All three DoS operations are reads, so a repeat is safe, but each one is
 * another DoS call (and audit entry) charged to the operation's budget, so there is at most one, and only for
 * failures that a second try can plausibly fix:
 *  - DoS's own 500 (internal error) and 504 (time out) faults;
 *  - transport failures (`DosUnavailable`: connection refused/reset, HTTP 5xx without a SOAP fault).
 * Never for input or auth faults, 102/103, our own deadline (`DosTimeout`), a bad response, an open circuit or a
 * call the caller abandoned (the gateway checks the signal).
 */
export const MAX_ATTEMPTS = 2;

export function isRetryable(error: unknown): boolean {
  if (error instanceof DosFault) return error.code === 500 || error.code === 504;
  return error instanceof DosUnavailable && !(error instanceof DosCircuitOpen);
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
