import { type DosFailure, DosUnavailable } from "../dos/errors";

/**
 * Refusals by the DoS gateway (src/upstream/gateway.ts): the call was never sent to DoS. Messages name the limit
 * only, never the caller's arguments or account.
 */
export abstract class DosCallRefused extends Error {}

/** The GraphQL operation used up its DoS calls (`MAX_DOS_CALLS_PER_OPERATION`, retries included) or searches. */
export class DosCallBudgetExceeded extends DosCallRefused {
  constructor(
    readonly limit: "calls" | "searches",
    readonly max: number,
  ) {
    super(`This operation may make at most ${max} DoS ${limit === "calls" ? "calls" : "searches"}`);
    this.name = "DosCallBudgetExceeded";
  }
}

/** Our outbound rate to DoS for this account (`DOS_CALLS_PER_SECOND`) is used up; try again after `retryAfterMs`. */
export class DosRateLimited extends DosCallRefused {
  constructor(readonly retryAfterMs: number) {
    super(`Too many DoS calls; retry after ${retryAfterMs} ms`);
    this.name = "DosRateLimited";
  }
}

/** `DOS_MAX_IN_FLIGHT` calls are already in flight in this process. */
export class DosOverloaded extends DosCallRefused {
  constructor(readonly maxInFlight: number) {
    super(`${maxInFlight} DoS calls are already in flight`);
    this.name = "DosOverloaded";
  }
}

/**
 * A circuit breaker is open (DoS has been failing, or refused our credentials), so the call fails fast without a
 * socket. It is a `DosUnavailable` to callers: the client is not told which breaker, nor that credentials failed.
 */
export class DosCircuitOpen extends DosUnavailable {
  constructor() {
    super("circuit open");
    this.name = "DosCircuitOpen";
  }

  /** Not transient: a retry would meet the same open breaker. */
  override classify(): DosFailure {
    return { category: "unavailable", transient: false };
  }
}
