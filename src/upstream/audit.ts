import { DosBadResponse, DosFault, DosInvalidRequest, DosTimeout, DosUnavailable } from "../dos/errors";
import { type Logger } from "../logger";
import { type AccountChoice, type Audience } from "./accounts";
import { DosCallBudgetExceeded, DosCircuitOpen, DosOverloaded, DosRateLimited } from "./errors";
import { type DosOperation } from "./operations";

/**
 * What became of one DoS call attempt. A DoS fault is its code as a string (`"101"`, `"302"`), so that the field
 * has one type in the log store. `aborted`: the GraphQL client went away; `error`: anything the DoS client's
 * contract does not allow (a bug).
 */
export type AuditOutcome =
  | "ok"
  | `${number}`
  | "timeout"
  | "unavailable"
  | "aborted"
  | "bad-response"
  | "invalid-request"
  | "budget-exceeded"
  | "rate-limited"
  | "overloaded"
  | "circuit-open"
  | "error";

/**
 * One line per DoS call attempt, refused ones included: who asked, on which account, and what happened. It holds
 * identifiers and outcomes only: nothing from the request or response body (no names, addresses, phone numbers,
 * postcodes), no username, no password. `transactionId` is DoS's id for a search, for tracing it with the DoS team.
 */
export interface DosCallAudit {
  audit: "dos-call";
  caller: string;
  audience: Audience;
  operation: DosOperation;
  account: AccountChoice["label"];
  /** 2 for the retry. */
  attempt: number;
  outcome: AuditOutcome;
  durationMs: number;
  transactionId?: string;
  operationName?: string;
}

export function writeAudit(logger: Logger, line: DosCallAudit): void {
  logger.info(line, "DoS call");
}

export function outcomeOf(error: unknown, signal: AbortSignal | undefined): AuditOutcome {
  if (error instanceof DosCallBudgetExceeded) return "budget-exceeded";
  if (error instanceof DosRateLimited) return "rate-limited";
  if (error instanceof DosOverloaded) return "overloaded";
  if (error instanceof DosCircuitOpen) return "circuit-open";
  if (error instanceof DosFault) return `${error.code}`;
  if (error instanceof DosTimeout) return "timeout";
  if (error instanceof DosUnavailable) return signal?.aborted ? "aborted" : "unavailable";
  if (error instanceof DosBadResponse) return "bad-response";
  if (error instanceof DosInvalidRequest) return "invalid-request";
  return "error";
}
