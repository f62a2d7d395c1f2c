import { type FaultKind } from "./injection";
import { OPERATIONS, type OperationName } from "./requests";

/**
 * Every call the SOAP endpoint received, for `GET /_sim/calls`: injected and failed ones included, so that
 * a test can count a client's retries. Never holds a password.
 */

export interface CallRecord {
  /** One of the three operations, or the Body's element name, or "unknown" when the request was unreadable. */
  operation: string;
  username: string | null;
  /** ISO 8601 instant, on the simulator's clock. */
  at: string;
  /** The DoS fault code answered (its own or an injected `fault`). */
  faultCode?: number;
  /** Extension: the injected fault kind that shaped the answer. */
  injected?: FaultKind;
}

export type CallsSnapshot = Record<OperationName, number> & {
  /** Extension: calls that named no v1.5 operation (malformed, unknown operation, too large). */
  other: number;
  /** The last `RECENT_CALLS`, oldest first. */
  recent: CallRecord[];
};

export const RECENT_CALLS = 100;

export class CallLog {
  private counts = zeroCounts();
  private other = 0;
  private recent: CallRecord[] = [];

  record(call: CallRecord): void {
    if ((OPERATIONS as readonly string[]).includes(call.operation))
      this.counts[call.operation as OperationName]++;
    else this.other++;
    this.recent.push(call);
    if (this.recent.length > RECENT_CALLS) this.recent.shift();
  }

  snapshot(): CallsSnapshot {
    return { ...this.counts, other: this.other, recent: [...this.recent] };
  }

  reset(): void {
    this.counts = zeroCounts();
    this.other = 0;
    this.recent = [];
  }
}

function zeroCounts(): Record<OperationName, number> {
  return { CheckCapacitySummary: 0, ServiceDetailsById: 0, GetHospitalScores: 0 };
}
