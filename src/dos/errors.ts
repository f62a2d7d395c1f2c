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
  /** DoS failed (100, 500, unknown codes). */
  | "upstream"
  /** DoS timed out itself (504). */
  | "timeout"
  /** Protocol or version mismatch between us and DoS (107, 109 version, 108 SOAP/XML). */
  | "version";

/**
 * What a DoS failure means, in terms any directory backend could report: the one vocabulary the layers above
 * src/dos decide on (retry, breakers, client error codes, empty results). Raw SOAP fault numbers stay in src/dos.
 */
export type DosErrorCategory =
  /** The request was wrong in a way the caller can fix; `field` says which part. */
  | "invalid-input"
  /** The thing asked for does not exist. */
  | "not-found"
  /** The search ran and found nothing. */
  | "no-results"
  /** The backend refused our credentials or privileges. */
  | "auth"
  /** The backend could not be reached or failed. */
  | "unavailable"
  /** The backend, or our deadline, ran out of time. */
  | "timeout"
  /** The backend answered with something unusable (malformed, too large, protocol mismatch). */
  | "bad-response";

/** The part of a search request an `invalid-input` failure is about (backend-neutral names). */
export type DosInputField =
  | "postcode"
  | "symptomGroup"
  | "symptomDiscriminators"
  | "disposition"
  | "searchDistance"
  | "gender"
  | "searchDateTime"
  | "age"
  | "ageFormat";

export interface DosFailure {
  readonly category: DosErrorCategory;
  /** `invalid-input` from the backend: the request part at fault. */
  readonly field?: DosInputField;
  /** `invalid-input`: a fixed, client-safe sentence on what was wrong (never the backend's own text). */
  readonly hint?: string;
  /** Whether repeating the same call may succeed (the backend failed transiently); decides the one retry. */
  readonly transient: boolean;
}

export abstract class DosError extends Error {
  abstract readonly kind: "fault" | "timeout" | "unavailable" | "bad-response" | "invalid-request";
  /** What the failure means, for every layer above src/dos. */
  abstract classify(): DosFailure;
}

/** Facts about a fault code beyond its category (src/dos/faults.ts has them per code). */
export interface DosFaultFacts {
  readonly field?: DosInputField;
  readonly hint?: string;
  readonly transient?: boolean;
}

const FAULT_CATEGORIES: Readonly<Record<DosFaultCategory, DosErrorCategory>> = {
  input: "invalid-input",
  "not-found": "not-found",
  "no-results": "no-results",
  auth: "auth",
  upstream: "unavailable",
  timeout: "timeout",
  version: "bad-response",
};

/** A SOAP Fault from DoS: `code` is DoS's numeric code (spec §8.2), `reason` its text. */
export class DosFault extends DosError {
  readonly kind = "fault";
  constructor(
    readonly code: number,
    readonly category: DosFaultCategory,
    readonly reason: string,
    readonly facts: DosFaultFacts = {},
  ) {
    super(`DoS fault ${code}: ${reason}`);
    this.name = "DosFault";
  }

  classify(): DosFailure {
    const { field, hint, transient = false } = this.facts;
    return { category: FAULT_CATEGORIES[this.category], field, hint, transient };
  }
}

/** The call did not complete within its deadline (`DOS_TIMEOUT_MS`), including a slowly trickling body. */
export class DosTimeout extends DosError {
  readonly kind = "timeout";
  constructor(readonly timeoutMs: number) {
    super(`DoS did not answer within ${timeoutMs} ms`);
    this.name = "DosTimeout";
  }

  /** Not transient: the operation's time is used up, so a repeat would not fit. */
  classify(): DosFailure {
    return { category: "timeout", transient: false };
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

  /** Transient: a refused or reset connection, or a proxy's 5xx, may well work the second time. */
  classify(): DosFailure {
    return { category: "unavailable", transient: true };
  }
}

/** DoS answered, but not with a response we can trust: malformed XML, HTML page, wrong shape, too large. */
export class DosBadResponse extends DosError {
  readonly kind = "bad-response";
  constructor(readonly reason: string) {
    super(`DoS sent a response that could not be used: ${reason}`);
    this.name = "DosBadResponse";
  }

  classify(): DosFailure {
    return { category: "bad-response", transient: false };
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

  /** No `field`: the refused value is part of our request, not an argument the client named. */
  classify(): DosFailure {
    return { category: "invalid-input", transient: false };
  }
}

/** For src/dos and tests only: layers above decide by category (`hasDosCategory`), never by fault number. */
export function isDosFault(error: unknown, code?: number): error is DosFault {
  return error instanceof DosFault && (code === undefined || error.code === code);
}

/** Whether `error` is a DoS failure of `category` (the way every layer above src/dos tells failures apart). */
export function hasDosCategory(error: unknown, category: DosErrorCategory): error is DosError {
  return error instanceof DosError && error.classify().category === category;
}
