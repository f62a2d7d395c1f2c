import { FREE_TEXT_CHARS, MAX_NESTED_ENTRIES, SHORT_TEXT_CHARS } from "./limits";
import { trimmed } from "./text";
import { type DistanceSource } from "./types";

/**
 * The v1.5 response payloads as the decoders give them, checked before anything reads them. Names are DoS's
 * element names; ./mappers.ts turns the result into domain objects.
 *
 * The decoders' output varies with things that do not change the meaning, so every rule accepts each form:
 * - leaves are text (./soap.ts keeps node-soap from converting numbers and booleans), `{ $value }` when the
 *   element carries attributes, and `null` (or `""`) for an empty element: DoS writes unset strings as empty
 *   elements (`<ns1:publicName/>`);
 * - a list element holds its children as an array, or is `null` when empty; were node-soap unable to type a
 *   response from the WSDL, a single child would arrive as an object and numbers as numbers.
 *
 * An invalid entry of a list (a service, an endpoint, a rota session, …) does not fail the response: it is
 * replaced by a `DroppedItem` that the mappers leave out and report. Anything else that is invalid fails it.
 *
 * The rules are small functions rather than a validation library's schemas: this runs over every leaf of every
 * DoS response, and zod cost a search about 1.3 ms of CPU where these cost about 0.25 ms. The zod definition they
 * replaced is kept as the oracle of test/dos/wire-differential.test.ts, which holds the two to the same verdicts
 * over real, simulated and randomly damaged payloads.
 */

const INT32_MAX = 2 ** 31 - 1;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** `openTimeSpecified`: DD-MM-YYYY-hh:mm-hh:mm. */
const SPECIFIED_OPENING = /^\d{2}-\d{2}-\d{4}-\d{2}:\d{2}-\d{2}:\d{2}$/;

/** A list entry that failed validation; `issues` are `path: code` pairs (never values). */
export class DroppedItem {
  constructor(readonly issues: readonly string[]) {}
}

export type Listed<T> = (T | DroppedItem)[];

// ---- the rule kit ---------------------------------------------------------------------------------------------

/** A failed check: where, relative to the value checked, and a code. Never the value: it may be personal data. */
interface Issue {
  path: string[];
  code: "invalid_type" | "invalid_format" | "invalid_value" | "too_small" | "too_big" | "custom";
}

const INVALID: unique symbol = Symbol("invalid");

/**
 * A rule checks a value and returns what it reads it as, or INVALID after recording at least one issue; it
 * records issues only when it returns INVALID.
 */
type Rule<T> = (value: unknown, issues: Issue[]) => T | typeof INVALID;
type Output<R> = R extends Rule<infer T> ? T : never;

export type WireResult<T> = { success: true; data: T } | { success: false; issues: string[] };

/** Checks a whole payload; failing issues come back as `path: code` pairs, as DroppedItem holds them. */
export function parseWire<T>(rule: Rule<T>, payload: unknown): WireResult<T> {
  const issues: Issue[] = [];
  const data = rule(payload, issues);
  return data === INVALID ? { success: false, issues: describeIssues(issues) } : { success: true, data };
}

function describeIssues(issues: readonly Issue[]): string[] {
  return issues.map(issue => `${issue.path.join(".") || "(element)"}: ${issue.code}`);
}

function fail(issues: Issue[], code: Issue["code"]): typeof INVALID {
  issues.push({ path: [], code });
  return INVALID;
}

// Private: an element's text whichever form node-soap gave it; `undefined` when absent, `null` when empty.
function leaf(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return typeof value === "string" && trimmed(value) === "" ? null : value;
  }
  // Without Object.keys's array: this runs for every element that has children.
  for (const key in value) {
    if (key !== "$value" && key !== "attributes") return value;
  }
  return leaf((value as { $value?: unknown }).$value ?? null);
}

/**
 * Optional text: `null` when absent or empty. Every text rule caps the length (src/dos/limits.ts): at
 * SHORT_TEXT_CHARS unless made for free text (`freeText`), over which the value is `too_big`.
 */
const optionalText: Rule<string | null> = cappedOptional(SHORT_TEXT_CHARS);
const optionalFreeText: Rule<string | null> = cappedOptional(FREE_TEXT_CHARS);

function cappedOptional(max: number): Rule<string | null> {
  return (value, issues) => {
    const text = leaf(value);
    if (text === undefined || text === null) return null;
    if (typeof text !== "string") return fail(issues, "invalid_type");
    return text.length > max ? fail(issues, "too_big") : text;
  };
}

/** Text the schema requires but which may be empty: `""` then. */
const anyText: Rule<string> = (value, issues) => {
  const text = optionalText(value, issues);
  return text === null ? "" : text;
};
const anyFreeText: Rule<string> = (value, issues) => {
  const text = optionalFreeText(value, issues);
  return text === null ? "" : text;
};

/** Text that must be present and non-empty. */
const requiredText: Rule<string> = (value, issues) => {
  const text = leaf(value);
  if (typeof text !== "string") return fail(issues, "invalid_type");
  return text.length > SHORT_TEXT_CHARS ? fail(issues, "too_big") : text;
};

/**
 * A finite number: text `parse` reads (surrounding space allowed; `undefined` when it does not match), or a number
 * an untyped parse made.
 */
function numberParsed(parse: (text: string) => number | undefined): Rule<number> {
  return (value, issues) => {
    const number = leaf(value);
    if (typeof number === "number") return Number.isFinite(number) ? number : fail(issues, "invalid_type");
    if (typeof number !== "string") return fail(issues, "invalid_type");
    const parsed = parse(trimmed(number));
    if (parsed === undefined) return fail(issues, "invalid_format");
    return Number.isFinite(parsed) ? parsed : fail(issues, "invalid_type");
  };
}

/** `Number(text)` when `text` matches `pattern`. */
function numberMatching(pattern: RegExp): Rule<number> {
  return numberParsed(text => (pattern.test(text) ? Number(text) : undefined));
}

/**
 * `Number(text)` when `text` is an integer of 1 to 19 digits with an optional sign (`/^[+-]?\d{1,19}$/`), in one
 * pass and without the pattern: a search holds hundreds of integers (ids, coordinates, rota hours and minutes).
 */
function parseInteger(text: string): number | undefined {
  const sign = text.charCodeAt(0);
  const start = sign === 0x2b /* + */ || sign === 0x2d /* - */ ? 1 : 0;
  const digits = text.length - start;
  if (digits < 1 || digits > 19) return undefined;
  let value = 0;
  for (let index = start; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  // Exact up to 15 digits; longer ones are rounded as Number rounds them.
  if (digits > 15) return Number(text);
  return sign === 0x2d ? -value : value;
}

function between(rule: Rule<number>, min: number, max: number, { integer = false } = {}): Rule<number> {
  return (value, issues) => {
    const number = rule(value, issues);
    if (number === INVALID) return INVALID;
    if (integer && !Number.isSafeInteger(number)) return fail(issues, "invalid_type");
    if (number < min) return fail(issues, "too_small");
    return number > max ? fail(issues, "too_big") : number;
  };
}

const integer = (min: number, max: number) => between(numberParsed(parseInteger), min, max, { integer: true });
const id = integer(1, INT32_MAX);
const float = between(numberMatching(FLOAT), 0, Infinity);

const XS_BOOLEAN: Readonly<Record<string, boolean>> = { true: true, false: false, 1: true, 0: false };
const xsBoolean: Rule<boolean> = (value, issues) => {
  const text = leaf(value);
  if (typeof text === "boolean") return text;
  return typeof text === "string" && Object.hasOwn(XS_BOOLEAN, text) ? XS_BOOLEAN[text] : fail(issues, "invalid_value");
};

function textMatching(pattern: RegExp): Rule<string> {
  return (value, issues) => {
    const text = leaf(value);
    if (typeof text !== "string") return fail(issues, "invalid_type");
    return pattern.test(text) ? text : fail(issues, "invalid_format");
  };
}

const dateTime = textMatching(DATE_TIME);

/** An optional element of any type: `null` when absent or empty. */
function optional<T>(rule: Rule<T>): Rule<T | null> {
  return (value, issues) => {
    const present = leaf(value);
    return present === undefined || present === null ? null : rule(present, issues);
  };
}

function enumeration<const T extends readonly string[]>(values: T): Rule<T[number]> {
  const allowed = new Set<string>(values);
  return (value, issues) => {
    const text = leaf(value);
    return typeof text === "string" && allowed.has(text) ? (text as T[number]) : fail(issues, "invalid_value");
  };
}

/** An element with the children `shape` names, each checked by its rule; other children are ignored. */
function object<S extends Record<string, Rule<unknown>>>(shape: S): Rule<{ [K in keyof S]: Output<S[K]> }> {
  const names = Object.keys(shape);
  for (const name of names) {
    if (!ELEMENT_NAME.test(name)) throw new Error(`wire.ts: ${JSON.stringify(name)} is not an element name`);
  }
  // Compiled per shape (the names are this file's own, checked above): each child is read, and the result built,
  // with the name written in the code, so V8 caches every access on its own (one element type's objects share
  // a hidden class: DoS writes children in schema order) instead of looking each name up in the object; the
  // result is one object literal, all fields at once, never a dictionary-mode object (a service has 26).
  // Rules run in the shape's order, and an issue's path gets the child's name, as ever.
  const fields = names.map((name, field) => {
    const key = JSON.stringify(name);
    return (
      `  mark = issues.length;\n` +
      `  const v${field} = rules[${field}](value[${key}], issues);\n` +
      `  if (issues.length > mark) prefixPaths(issues, mark, ${key});\n`
    );
  });
  const build = new Function(
    "rules",
    "INVALID",
    "prefixPaths",
    "fail",
    `return function checkObject(value, issues) {\n` +
      `  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(issues, "invalid_type");\n` +
      `  const before = issues.length;\n  let mark;\n${fields.join("")}` +
      `  if (issues.length > before) return INVALID;\n` +
      `  return { ${names.map((name, field) => `${JSON.stringify(name)}: v${field}`).join(", ")} };\n};`,
  ) as (...args: unknown[]) => Rule<{ [K in keyof S]: Output<S[K]> }>;
  return build(
    names.map(name => shape[name]),
    INVALID,
    prefixPaths,
    fail,
  );
}

/** The element names `object` compiles into code: XML names DoS uses, nothing that could be code. */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Private: `name` put in front of the paths of the issues recorded from `mark` on.
function prefixPaths(issues: Issue[], mark: number, name: string): void {
  for (let index = mark; index < issues.length; index++) issues[index].path.unshift(name);
}

/** `rule`, then a check of the whole value once every part of it is valid. */
function refine<T>(rule: Rule<T>, check: (value: T) => boolean): Rule<T> {
  return (value, issues) => {
    const checked = rule(value, issues);
    if (checked === INVALID) return INVALID;
    return check(checked) ? checked : fail(issues, "custom");
  };
}

/**
 * A list element holding repeated `child` elements. Entries that fail `item` become `DroppedItem`s. `required`:
 * the list element itself must be present (it may be empty).
 */
function list<T>(child: string, item: Rule<T>, { required = false, maxEntries = Infinity } = {}): Rule<Listed<T>> {
  return (container, issues) => {
    if (container === undefined) return required ? fail(issues, "custom") : [];
    if (container === null || container === "") return [];
    if (typeof container !== "object" || Array.isArray(container)) return fail(issues, "custom");
    const entries = (container as Record<string, unknown>)[child];
    const items: unknown[] = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
    // Checked before any entry is: an over-long list costs nothing to refuse.
    if (items.length > maxEntries) return fail(issues, "too_big");
    return items.map(raw => {
      if (raw instanceof CheckedEntry) return raw.verdict as T | DroppedItem;
      // The entry's issues are recorded after the others, and taken off again: they drop the entry, not the list.
      const mark = issues.length;
      const checked = item(raw, issues);
      if (checked !== INVALID) return checked;
      const dropped = new DroppedItem(describeIssues(issues.slice(mark)));
      issues.length = mark;
      return dropped;
    });
  };
}

/** A list entry checked ahead of its list (`checkEntriesInTurns`): `list` takes its verdict as it is. */
class CheckedEntry {
  constructor(readonly verdict: unknown) {}
}

/** Where an answer's main list is (e.g. its services) and the rule for one entry. */
export interface EntryList {
  list: string;
  entry: string;
  rule: Rule<unknown>;
}

/** Longest run of entry checks between two turns of the event loop, ms (a scheduling choice, not a limit). */
const TURN_MS = 5;

/**
 * Checks the entries of `payload`'s main list ahead of `parseWire`, yielding to the event loop whenever a turn
 * has run TURN_MS, and returns a copy of the payload holding each entry's verdict. A large answer (200 services
 * of hundreds of endpoints each) is thus checked in many short turns, not one long one.
 */
export async function checkEntriesInTurns(payload: unknown, { list, entry, rule }: EntryList): Promise<unknown> {
  const container = field(payload, list);
  const entries = field(container, entry);
  if (entries === undefined) return payload;
  const items: unknown[] = Array.isArray(entries) ? entries : [entries];
  const checked: CheckedEntry[] = [];
  let turnStarted = performance.now();
  for (const raw of items) {
    const issues: Issue[] = [];
    const verdict = rule(raw, issues);
    checked.push(new CheckedEntry(verdict === INVALID ? new DroppedItem(describeIssues(issues)) : verdict));
    if (performance.now() - turnStarted > TURN_MS) {
      await new Promise<void>(resolve => setImmediate(resolve));
      turnStarted = performance.now();
    }
  }
  return { ...(payload as object), [list]: { ...(container as object), [entry]: checked } };
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** The entries of a list inside a service (src/dos/limits.ts): more makes the service invalid. */
const nested = { maxEntries: MAX_NESTED_ENTRIES };

/** An empty response element (`<ServiceDetailsByIdResponse/>`) arrives as `null`: no results. */
function emptyAsObject<T>(rule: Rule<T>): Rule<T> {
  return (value, issues) => rule(value ?? {}, issues);
}

// ---- shared types ---------------------------------------------------------------------------------------------

const endpoint = object({
  endpointOrder: integer(0, INT32_MAX),
  transport: requiredText,
  format: anyText,
  interaction: anyText,
  businessScenario: anyText,
  address: requiredText,
  compression: anyText,
  comment: optionalFreeText,
});

// ---- CheckCapacitySummary -------------------------------------------------------------------------------------

const dayOfWeek = enumeration([
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Bankholiday",
] as const);

const timeOfDay = object({ hours: integer(0, 24), minutes: integer(0, 59) });

const rotaSession = object({
  startDayOfWeek: dayOfWeek,
  startTime: optional(timeOfDay),
  endDayOfWeek: dayOfWeek,
  endTime: optional(timeOfDay),
  status: optionalText,
});

/** `26-12-2018-09:00-18:00` as an ISO date and two times: a real calendar date, times from 00:00 to 24:00. */
const specifiedOpening: Rule<{ date: string; start: string; end: string }> = (value, issues) => {
  const text = leaf(value);
  if (typeof text !== "string") return fail(issues, "invalid_type");
  return parseSpecifiedOpening(text) ?? fail(issues, "custom");
};

const attribute = object({ dataType: anyText, name: requiredText, description: anyFreeText, value: anyFreeText });
const capacityAttribute = object({ name: requiredText, description: anyFreeText, value: anyFreeText });
const ageRange = refine(object({ daysFrom: float, daysTo: float }), range => range.daysFrom <= range.daysTo);

const serviceCareSummaryDestination = object({
  id,
  capacity: enumeration(["High", "Low", "None"] as const),
  name: requiredText,
  publicName: optionalText,
  contactDetails: optionalText,
  address: optionalText,
  postcode: optionalText,
  northings: optional(integer(0, INT32_MAX)),
  eastings: optional(integer(0, INT32_MAX)),
  url: optionalText,
  serviceType: object({ id: integer(0, Number.MAX_SAFE_INTEGER), name: anyText }),
  odsCode: optionalText,
  nonPublicTelephoneNo: optionalText,
  fax: optionalText,
  publicFacingInformation: optionalFreeText,
  distance: optional(numberMatching(DECIMAL)),
  referralInformation: optionalFreeText,
  openAllHours: xsBoolean,
  capacityAttributes: list("capacityAttribute", capacityAttribute, nested),
  serviceEndpoints: list("endpoint", endpoint, nested),
  rotaSessions: list("serviceCareItemRotaSession", rotaSession, nested),
  openTimeSpecifiedSessions: list("openTimeSpecified", specifiedOpening, nested),
  attributes: list("attribute", attribute, nested),
  serviceAgeRange: list("ageRange", ageRange, nested),
});

/** The WSDL spells it `Web Service`; DoS's documentation pages `Webservice`. */
const distanceSourceText = enumeration([
  "Postcode",
  "District",
  "Sector",
  "Web Service",
  "Webservice",
  "WebService",
  "National",
  "Override",
] as const);
const distanceSource: Rule<DistanceSource> = (value, issues) => {
  const source = distanceSourceText(value, issues);
  return source === "Web Service" || source === "Webservice" ? "WebService" : source;
};

export const checkCapacitySummaryResponse = object({
  TransactionId: requiredText,
  RequestedAtDateTime: dateTime,
  SearchDateTime: dateTime,
  CalculatedAgeInDays: optional(float),
  SearchDistance: integer(0, INT32_MAX),
  SearchDistanceUsedSource: distanceSource,
  CheckCapacitySummaryResult: list("serviceCareSummaryDestination", serviceCareSummaryDestination, {
    required: true,
  }),
});

// ---- ServiceDetailsById, GetHospitalScores ---------------------------------------------------------------------

// xs:string on the wire, unlike CheckCapacitySummary's xs:int id.
const detailsService = object({ id, odsCode: optionalText, serviceEndpoints: list("endpoint", endpoint, nested) });

export const serviceDetailsByIdResponse = emptyAsObject(object({ services: list("service", detailsService) }));

/** The services of each answer, for `checkEntriesInTurns` and the DOS_MAX_SERVICES count. */
export const searchServices: EntryList = {
  list: "CheckCapacitySummaryResult",
  entry: "serviceCareSummaryDestination",
  rule: serviceCareSummaryDestination,
};
export const detailsServices: EntryList = { list: "services", entry: "service", rule: detailsService };

export const getHospitalScoresResponse = emptyAsObject(
  object({
    GetHospitalScoresResult: list(
      "Hospital",
      object({
        hospital_name: requiredText,
        total_score: integer(-INT32_MAX - 1, INT32_MAX),
        note: optionalFreeText,
        update_date: optionalText,
      }),
    ),
  }),
);

export type WireRule<T> = Rule<T>;
export type WireCheckCapacitySummary = Output<typeof checkCapacitySummaryResponse>;
export type WireService = Output<typeof serviceCareSummaryDestination>;
export type WireServiceDetailsById = Output<typeof serviceDetailsByIdResponse>;
export type WireGetHospitalScores = Output<typeof getHospitalScoresResponse>;
export type WireEndpoint = Output<typeof endpoint>;

// Private: hand-written rather than through Date or a capturing match, which made this the costliest check of a
// large response (services list many specified dates).
function parseSpecifiedOpening(value: string): { date: string; start: string; end: string } | undefined {
  if (!SPECIFIED_OPENING.test(value)) return undefined;
  const day = digitsAt(value, 0, 2);
  const month = digitsAt(value, 3, 2);
  const year = digitsAt(value, 6, 4);
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leapYear ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const validDate = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  const validTimes =
    isClockTime(digitsAt(value, 11, 2), digitsAt(value, 14, 2)) && isClockTime(digitsAt(value, 17, 2), digitsAt(value, 20, 2));
  if (!validDate || !validTimes) return undefined;
  return { date: `${value.slice(6, 10)}-${value.slice(3, 5)}-${value.slice(0, 2)}`, start: value.slice(11, 16), end: value.slice(17, 22) };
}

// Private: the number written by `count` ASCII digits at `start` (already matched as digits).
function digitsAt(text: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index++) number = number * 10 + text.charCodeAt(index) - 0x30;
  return number;
}

function isClockTime(hours: number, minutes: number): boolean {
  return minutes < 60 && (hours < 24 || (hours === 24 && minutes === 0));
}
