import { DosFault, hasDosCategory } from "../dos/errors";
import { type Logger } from "../logger";
import { type AccountChoice } from "./accounts";
import { DosCircuitOpen } from "./errors";

export const DEFAULT_AUTH_BREAKER_OPEN_MS = 5 * 60_000;

type AccountLabel = AccountChoice["label"];

/**
 * Shuts a DoS account as soon as DoS refuses its credentials (faults 300, 302, 303, 1001; security.md §2.5).
 * Every further login with a bad or locked password brings a (longer) lock-out closer, so nothing is retried: the
 * account stays shut for `openForMs`, then exactly one call probes it while the others still fail fast.
 *
 * Each trip writes one `error` line for the on-call engineer naming the account label and the fault code, never
 * the username or password. Callers only ever see `DosCircuitOpen` (a `DosUnavailable`).
 */
export class AuthBreaker {
  private readonly shut = new Map<AccountLabel, { until: number; probing: boolean }>();

  constructor(
    private readonly openForMs: number,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Throws `DosCircuitOpen` while `account` is shut or its probe is out; true when this call is the probe. */
  admit(account: AccountLabel): boolean {
    const shut = this.shut.get(account);
    if (!shut) return false;
    if (shut.probing || this.now() < shut.until) throw new DosCircuitOpen();
    shut.probing = true;
    return true;
  }

  /**
   * Reports how an admitted call ended. An auth fault shuts the account; any other answer to the probe reopens
   * it. A probe that never reached DoS (refused by another limit) hands the probe on to the next call.
   */
  settle(account: AccountLabel, call: { probe: boolean; sent: boolean; error?: unknown }): void {
    if (hasDosCategory(call.error, "auth")) {
      // The fault number is logged for support; the decision is the category's.
      this.refused(account, call.error instanceof DosFault ? call.error.code : undefined);
    } else if (call.probe && call.sent) {
      this.shut.delete(account);
    } else if (call.probe) {
      this.shut.get(account)!.probing = false;
    }
  }

  private refused(account: AccountLabel, faultCode: number | undefined): void {
    const shut = this.shut.get(account);
    // Calls sent before the trip are refused too: one line per trip, not per call.
    if (shut && !shut.probing && this.now() < shut.until) return;
    this.shut.set(account, { until: this.now() + this.openForMs, probing: false });
    this.logger.error({ account, faultCode, shutForMs: this.openForMs }, "DoS refused our credentials");
  }
}
