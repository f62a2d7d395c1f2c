import { DosInvalidRequest } from "./errors";
import { type AgeFormat, type CheckCapacitySummaryRequest, type DosCallOptions, type DosGender } from "./types";

/**
 * The operations' SOAP arguments, built only from values that pass strict allow-lists: pure, and run before any
 * I/O. This is the injection barrier. node-soap escapes `<`, `&` and quotes in strings, but passes a string of
 * the form `<![CDATA[…]]>` through verbatim, inserts an object's `$xml` key as raw XML and replaces a whole
 * payload given as `_xml`, so a caller-controlled value could otherwise add elements to the request (e.g. a
 * second `searchDistance`). Every value is therefore checked for its type first (a string field given an object
 * is refused) and against a pattern that admits no markup, and the arguments are new objects with fixed keys
 * in WSDL sequence order (node-soap writes keys in object order).
 *
 * The lists check what is safe and representable in the schema's types, not DoS's business rules: an age of 130
 * years is sent, and DoS answers fault 117. Refusals name the field, never the value (it may be a password).
 */

/** node-soap's input object for one operation: the operation element's children. */
export type SoapArgs = Readonly<Record<string, unknown>>;

type DosAccount = NonNullable<DosCallOptions["account"]>;

const INT32_MAX = 2 ** 31 - 1;
const SHORT_MAX = 2 ** 15 - 1;
/** DoS asks callers for one discriminator; a bound keeps the envelope small whatever a caller sends. */
const MAX_SYMPTOM_DISCRIMINATORS = 20;
const MAX_CREDENTIAL_LENGTH = 256;

const TOKEN = /^[A-Za-z0-9-]{1,64}$/;
const POSTCODE = /^[A-Za-z0-9]{1,4}(?: ?[A-Za-z0-9]{1,4})?$/;
const ODS_CODE = /^[A-Za-z0-9]{1,20}$/;
const SEARCH_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?$/;
const AGE_FORMATS: readonly AgeFormat[] = ["Days", "Months", "Years", "AgeGroup"];
const GENDERS: readonly DosGender[] = ["M", "F", "I"];
// C0 and C1 controls and DEL: not allowed (or not safely round-tripped) in XML 1.0 text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** `CheckCapacitySummary`: `userInfo` and the case `c`, whose `caseId` is the configured one. */
export function checkCapacitySummaryArgs(
  request: CheckCapacitySummaryRequest,
  account: DosAccount,
  caseId: string,
): SoapArgs {
  if (typeof request !== "object" || request === null) throw new DosInvalidRequest("request", "must be an object");
  const searchDistance = optional(request.searchDistance, value => integer("searchDistance", value, 0, INT32_MAX));
  // The schema requires forceSearchDistance and gender; DoS's own defaults are sent when the caller has none.
  const forceSearchDistance = optional(request.forceSearchDistance, value => boolean("forceSearchDistance", value));
  const c = {
    caseRef: optional(request.caseRef, value => matching("caseRef", value, TOKEN, 64)),
    caseId: checkCaseId(caseId),
    postcode: matching("postcode", request.postcode, POSTCODE, 9),
    surgery: optional(request.surgery, value => matching("surgery", value, ODS_CODE, 20)),
    age: integer("age", request.age, 0, SHORT_MAX),
    ageFormat: oneOf("ageFormat", request.ageFormat, AGE_FORMATS),
    disposition: optional(request.disposition, value => integer("disposition", value, 1, INT32_MAX)),
    symptomGroup: integer("symptomGroup", request.symptomGroup, 1, INT32_MAX),
    symptomDiscriminatorList: { int: symptomDiscriminators(request.symptomDiscriminators) },
    searchDistance,
    forceSearchDistance: forceSearchDistance ?? false,
    gender: optional(request.gender, value => oneOf("gender", value, GENDERS)) ?? "I",
    searchDateTime: optional(request.searchDateTime, value => matching("searchDateTime", value, SEARCH_DATE_TIME, 25)),
  };
  return { userInfo: userInfo(account), c: withoutUndefined(c) };
}

/** The configured `caseId`: a short token, like a caller's `caseRef` (`TEST` from non-live callers). */
export function checkCaseId(caseId: unknown): string {
  return matching("caseId", caseId, TOKEN, 64);
}

/** `ServiceDetailsById`: a DoS service id or an ODS code (letters and digits). */
export function serviceDetailsByIdArgs(serviceIdOrOdsCode: string, account: DosAccount): SoapArgs {
  return { userInfo: userInfo(account), serviceId: matching("serviceId", serviceIdOrOdsCode, ODS_CODE, 20) };
}

export function getHospitalScoresArgs(account: DosAccount): SoapArgs {
  return { userInfo: userInfo(account) };
}

/**
 * Credentials come from configuration, not callers, but travel in the same body: they get the same treatment,
 * minus a pattern (passwords may contain any printable character; node-soap escapes them).
 */
export function userInfo(account: DosAccount): { username: string; password: string } {
  if (typeof account !== "object" || account === null) throw new DosInvalidRequest("account", "must be an object");
  return {
    username: credential("account.username", account.username),
    password: credential("account.password", account.password),
  };
}

function credential(field: string, value: unknown): string {
  const text = string(field, value, MAX_CREDENTIAL_LENGTH);
  if (text.length === 0) throw new DosInvalidRequest(field, "must not be empty");
  if (CONTROL_CHARACTERS.test(text)) throw new DosInvalidRequest(field, "must not contain control characters");
  if (text.startsWith("<![CDATA[")) throw new DosInvalidRequest(field, "must not be a CDATA section");
  return text;
}

function symptomDiscriminators(value: unknown): number[] {
  if (!Array.isArray(value)) throw new DosInvalidRequest("symptomDiscriminators", "must be a list of integers");
  if (value.length > MAX_SYMPTOM_DISCRIMINATORS) {
    throw new DosInvalidRequest("symptomDiscriminators", `must have at most ${MAX_SYMPTOM_DISCRIMINATORS} entries`);
  }
  return value.map((entry: unknown) => integer("symptomDiscriminators", entry, 1, INT32_MAX));
}

function matching(field: string, value: unknown, pattern: RegExp, maxLength: number): string {
  const text = string(field, value, maxLength);
  if (!pattern.test(text)) throw new DosInvalidRequest(field, "contains characters or a format that is not allowed");
  return text;
}

// Private: the length is checked before any pattern runs, so a 1 MB string costs nothing.
function string(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== "string") throw new DosInvalidRequest(field, "must be a string");
  if (value.length > maxLength) throw new DosInvalidRequest(field, `must be at most ${maxLength} characters`);
  return value;
}

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new DosInvalidRequest(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function boolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new DosInvalidRequest(field, "must be true or false");
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new DosInvalidRequest(field, `must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : check(value);
}

// Private: node-soap would write `<searchDistance>undefined</searchDistance>` for an undefined key.
function withoutUndefined(values: Record<string, unknown>): SoapArgs {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
