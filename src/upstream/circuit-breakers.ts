import CircuitBreaker from "opossum";
import { DosError, type DosErrorCategory } from "../dos/errors";
import { type Logger } from "../logger";
import { DosCircuitOpen } from "./errors";
import { DOS_OPERATIONS, type DosOperation } from "./operations";

export interface CircuitSettings {
  /** Calls in the rolling window before the error rate is judged at all. */
  volumeThreshold: number;
  errorThresholdPercentage: number;
  rollingWindowMs: number;
  /** How long the circuit stays open before one probe call is let through (half-open). */
  resetTimeoutMs: number;
}

export const DEFAULT_CIRCUIT_SETTINGS: CircuitSettings = Object.freeze({
  volumeThreshold: 10,
  errorThresholdPercentage: 50,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 30_000,
});

type Send = () => Promise<unknown>;
type FireArgs = [send: Send, signal: AbortSignal | undefined];

/**
 * One opossum circuit breaker per DoS operation (security.md §3.3), so a failing search does not stop service
 * lookups. The breakers hold counters and state only: `cache` and `coalesce` stay off, because either would hand
 * one caller's DoS result to another (the AUP forbids caching DoS data, security.md §2.1). `timeout` is off too:
 * the DoS client enforces its own deadline on every call.
 */
export class OperationCircuits {
  private readonly breakers = new Map<DosOperation, CircuitBreaker<FireArgs>>();

  /** `onState` hears each operation's state: `closed` for all at once, then every change (for metrics). */
  constructor(
    settings: CircuitSettings,
    logger: Logger,
    onState?: (operation: DosOperation, state: "closed" | "half-open" | "open") => void,
  ) {
    for (const operation of DOS_OPERATIONS) {
      // `coalesce` is an opossum 9 option that @types/opossum (written for 8) lacks.
      const options: CircuitBreaker.Options<FireArgs> & { coalesce: boolean } = {
        name: operation,
        timeout: false,
        cache: false,
        coalesce: false,
        volumeThreshold: settings.volumeThreshold,
        errorThresholdPercentage: settings.errorThresholdPercentage,
        rollingCountTimeout: settings.rollingWindowMs,
        resetTimeout: settings.resetTimeoutMs,
        errorFilter: ignoredErrors as (error: unknown) => boolean,
        // Nothing reads opossum's latency percentiles or its rolling snapshots: without them a call is not pushed
        // onto a latency list that is sorted at every bucket rotation, and no snapshot events are emitted.
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      };
      const breaker = new CircuitBreaker<FireArgs>(send => send(), options);
      breaker.on("open", () => {
        logger.warn({ operation }, "DoS circuit opened: failing fast");
        onState?.(operation, "open");
      });
      breaker.on("halfOpen", () => {
        logger.info({ operation }, "DoS circuit half-open: letting one call through");
        onState?.(operation, "half-open");
      });
      breaker.on("close", () => {
        logger.info({ operation }, "DoS circuit closed");
        onState?.(operation, "closed");
      });
      onState?.(operation, "closed");
      this.breakers.set(operation, breaker);
    }
  }

  /** False while `operation`'s circuit is open, or half-open with its one probe already out. */
  allows(operation: DosOperation): boolean {
    const breaker = this.breaker(operation);
    return breaker.closed || breaker.pendingClose;
  }

  assertClosed(operation: DosOperation): void {
    if (!this.allows(operation)) throw new DosCircuitOpen();
  }

  /** Runs `send` through `operation`'s breaker. A call aborted through `signal` does not count against DoS. */
  async run<T>(operation: DosOperation, send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return (await this.breaker(operation).fire(send, signal)) as T;
    } catch (error) {
      // Another call may have taken the half-open probe since `assertClosed`.
      if (error instanceof Error && (error as NodeJS.ErrnoException).code === "EOPENBREAKER") throw new DosCircuitOpen();
      throw error;
    }
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  private breaker(operation: DosOperation) {
    return this.breakers.get(operation)!;
  }
}

// Private: opossum 9 passes the `fire` arguments after the error (lib/circuit.js `handleError`); @types/opossum
// (written for 8) declares the error only. True means "not a failure": opossum then counts the call a success.
function ignoredErrors(error: unknown, _send: Send, signal: AbortSignal | undefined): boolean {
  return !isDosFailure(error, signal);
}

/** The failure categories that say DoS is unhealthy (src/dos/errors.ts `DosErrorCategory`). */
const UNHEALTHY: ReadonlySet<DosErrorCategory> = new Set(["unavailable", "timeout", "bad-response"]);

/**
 * Whether an error says DoS is unhealthy. The caller's own mistakes (input faults, 102 no results, 103 not found,
 * requests refused before I/O), auth faults (they have their own breaker) and calls the caller abandoned say
 * nothing about DoS and must not open the circuit for everyone else; nor does a call an open circuit stopped.
 */
export function isDosFailure(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted || error instanceof DosCircuitOpen || !(error instanceof DosError)) return false;
  return UNHEALTHY.has(error.classify().category);
}
