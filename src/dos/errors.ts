/**
 * The only errors a `DosClient` rejects with. Each is rebuilt from safe fields only (code, category, a fixed
 * or DoS-documented message): never from node-soap's error objects, which carry the request envelope and
 * therefore the DoS password.
 */

/** How a DoS fault should be treated by callers. */
export type DosFaultCategory =
  /** The request was wrong (bad postcode, age, SG/SD, distance, date): the caller can fix it. */
  | "input"
  /** The thing asked for does not exist (103 service not found). */
  | "not-found"
  /** The search ran and found nothing, not even a catch-all (102). */
  | "no-results"
  /** Our DoS account was refused (300, 302, 303, 1001). Never retried: repeated failures lock the account. */
  | "auth"
  /** DoS failed (100, 500, 504, unknown codes). */
  | "upstream"
  /** Protocol or version mismatch between us and DoS (107, 109 version, 108 SOAP/XML). */
  | "version";

export abstract class DosError extends Error {
  abstract readonly kind: "fault" | "timeout" | "unavailable" | "bad-response" | "invalid-request";
}

/** A SOAP Fault from DoS: `code` is DoS's numeric code (spec §8.2), `reason` its text. */
export class DosFault extends DosError {
  readonly kind = "fault";
  constructor(
    readonly code: number,
    readonly category: DosFaultCategory,
    readonly reason: string,
  ) {
    super(`DoS fault ${code}: ${reason}`);
    this.name = "DosFault";
  }
}

/** The call did not complete within its deadline (`DOS_TIMEOUT_MS`), including a slowly trickling body. */
export class DosTimeout extends DosError {
  readonly kind = "timeout";
  constructor(readonly timeoutMs: number) {
    super(`DoS did not answer within ${timeoutMs} ms`);
    this.name = "DosTimeout";
  }
}

/** DoS could not be reached or broke the exchange: connection refused/reset, non-SOAP HTTP error, aborted. */
export class DosUnavailable extends DosError {
  readonly kind = "unavailable";
  constructor(
    readonly reason: string,
    readonly httpStatus?: number,
  ) {
    super(`DoS is unavailable: ${reason}`);
    this.name = "DosUnavailable";
  }
}

/** DoS answered, but not with a response we can trust: malformed XML, HTML page, wrong shape, too large. */
export class DosBadResponse extends DosError {
  readonly kind = "bad-response";
  constructor(readonly reason: string) {
    super(`DoS sent a response that could not be used: ${reason}`);
    this.name = "DosBadResponse";
  }
}

/** Our own request was refused before any I/O (fails an allow-list: injection attempt, bad token, too long). */
export class DosInvalidRequest extends DosError {
  readonly kind = "invalid-request";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid DoS request field ${field}: ${reason}`);
    this.name = "DosInvalidRequest";
  }
}

export function isDosFault(error: unknown, code?: number): error is DosFault {
  return error instanceof DosFault && (code === undefined || error.code === code);
}
