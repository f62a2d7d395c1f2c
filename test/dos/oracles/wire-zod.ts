import { z } from "zod";
import { type DistanceSource } from "../../../src/dos/types";

/**
 * TEST ORACLE, not used by the product: src/dos/wire.ts as it was written with zod, before its rules became plain
 * functions for speed. test/dos/wire-differential.test.ts holds src/dos/wire.ts to this definition's verdicts.
 * A deliberate change to a rule of src/dos/wire.ts is made here too, and the test says where they differ.
 *
 * The v1.5 response payloads as node-soap parses them, checked with zod before anything reads them. Names are
 * DoS's element names; src/dos/mappers.ts turns the result into domain objects.
 *
 * node-soap's output varies with things that do not change the meaning, so every rule accepts each form:
 * - leaves are text (./soap.ts keeps node-soap from converting numbers and booleans), `{ $value }` when the
 *   element carries attributes, and `null` (or `""`) for an empty element: DoS writes unset strings as empty
 *   elements (`<ns1:publicName/>`);
 * - a list element holds its children as an array, or is `null` when empty; were node-soap unable to type a
 *   response from the WSDL, a single child would arrive as an object and numbers as numbers.
 *
 * An invalid entry of a list (a service, an endpoint, a rota session, …) does not fail the response: it is
 * replaced by a `DroppedItem` that the mappers leave out and report. Anything else that is invalid fails it.
 */

const INT32_MAX = 2 ** 31 - 1;
const INTEGER = /^[+-]?\d{1,19}$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** `openTimeSpecified`: DD-MM-YYYY-hh:mm-hh:mm. */
const SPECIFIED_OPENING = /^(\d{2})-(\d{2})-(\d{4})-(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** A list entry that failed validation; `issues` are `path: code` pairs (never values). */
export class DroppedItem {
  constructor(readonly issues: readonly string[]) {}
}

export type Listed<T> = (T | DroppedItem)[];

// ---- leaves ---------------------------------------------------------------------------------------------------

// Private: an element's text whichever form node-soap gave it; `undefined` when absent, `null` when empty.
function leaf(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return typeof value === "string" && value.trim() === "" ? null : value;
  }
  const keys = Object.keys(value);
  if (keys.every(key => key === "$value" || key === "attributes")) return leaf((value as { $value?: unknown }).$value ?? null);
  return value;
}

// Length caps by field kind (src/dos/limits.ts): short fields 1,000 characters, free text 10,000.
const text = z.preprocess(leaf, z.string().max(1_000).nullish());
const freeText = z.preprocess(leaf, z.string().max(10_000).nullish());
/** Optional text: `null` when absent or empty. */
const optionalText = text.transform(value => value ?? null);
const optionalFreeText = freeText.transform(value => value ?? null);
/** Text the schema requires but which may be empty: `""` then. */
const anyText = text.transform(value => value ?? "");
const anyFreeText = freeText.transform(value => value ?? "");
/** Text that must be present and non-empty. */
const requiredText = z.preprocess(leaf, z.string().max(1_000));

function numberMatching(pattern: RegExp) {
  return z.preprocess(leaf, z.union([z.string().trim().regex(pattern).transform(Number), z.number()]));
}

const integer = (min: number, max: number) => numberMatching(INTEGER).pipe(z.number().int().min(min).max(max));
const id = integer(1, INT32_MAX);
const float = numberMatching(FLOAT).pipe(z.number().min(0));
const xsBoolean = z.preprocess(
  leaf,
  z.union([z.enum(["true", "false", "1", "0"]).transform(value => value === "true" || value === "1"), z.boolean()]),
);
const dateTime = z.preprocess(leaf, z.string().regex(DATE_TIME));

/** An optional element of any type: `null` when absent or empty. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(value => leaf(value) ?? null, schema.nullable());
}

function enumeration<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(leaf, z.enum(values));
}

/**
 * A list element holding repeated `child` elements. Entries that fail `item` become `DroppedItem`s. `required`:
 * the list element itself must be present (it may be empty).
 */
function list<T extends z.ZodType>(child: string, item: T, { required = false, maxEntries = Infinity } = {}) {
  return z.unknown().optional().transform((container, context): Listed<z.output<T>> => {
    if (container === undefined && required) {
      context.addIssue({ code: "custom", message: `required list of ${child} is missing` });
      return z.NEVER;
    }
    if (container === undefined || container === null || container === "") return [];
    if (typeof container !== "object" || Array.isArray(container)) {
      context.addIssue({ code: "custom", message: `expected a list of ${child}` });
      return z.NEVER;
    }
    const entries = (container as Record<string, unknown>)[child];
    const items: unknown[] = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
    if (items.length > maxEntries) {
      context.addIssue({ code: "custom", message: `more than ${maxEntries} ${child}` });
      return z.NEVER;
    }
    return items.map(raw => {
      const parsed = item.safeParse(raw);
      return parsed.success ? parsed.data : new DroppedItem(describeIssues(parsed.error));
    });
  });
}

/** `path: code` for each issue, e.g. `id: too_big`; zod's messages are left out so no value can slip through. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map(issue => `${issue.path.map(String).join(".") || "(element)"}: ${issue.code}`);
}

/** Lists inside a service: at most 1,000 entries (src/dos/limits.ts). */
const nested = { maxEntries: 1_000 };

// ---- shared types ---------------------------------------------------------------------------------------------

const endpoint = z.object({
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

const timeOfDay = z.object({ hours: integer(0, 24), minutes: integer(0, 59) });

const rotaSession = z.object({
  startDayOfWeek: dayOfWeek,
  startTime: optional(timeOfDay),
  endDayOfWeek: dayOfWeek,
  endTime: optional(timeOfDay),
  status: optionalText,
});

/** `26-12-2018-09:00-18:00` as an ISO date and two times: a real calendar date, times from 00:00 to 24:00. */
const specifiedOpening = z.preprocess(
  leaf,
  z.string().transform((value, context) => {
    const parsed = parseSpecifiedOpening(value);
    if (!parsed) context.addIssue({ code: "custom", message: "not DD-MM-YYYY-hh:mm-hh:mm" });
    return parsed ?? z.NEVER;
  }),
);

const attribute = z.object({ dataType: anyText, name: requiredText, description: anyFreeText, value: anyFreeText });
const capacityAttribute = z.object({ name: requiredText, description: anyFreeText, value: anyFreeText });
const ageRange = z
  .object({ daysFrom: float, daysTo: float })
  .refine(range => range.daysFrom <= range.daysTo, "daysFrom is after daysTo");

const serviceCareSummaryDestination = z.object({
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
  serviceType: z.object({ id: integer(0, Number.MAX_SAFE_INTEGER), name: anyText }),
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
const distanceSource = enumeration([
  "Postcode",
  "District",
  "Sector",
  "Web Service",
  "Webservice",
  "WebService",
  "National",
  "Override",
] as const).transform((value): DistanceSource => (value === "Web Service" || value === "Webservice" ? "WebService" : value));

export const checkCapacitySummaryResponse = z.object({
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

/** An empty response element (`<ServiceDetailsByIdResponse/>`) arrives as `null`: no results. */
const emptyAsObject = (value: unknown) => value ?? {};

export const serviceDetailsByIdResponse = z.preprocess(
  emptyAsObject,
  z.object({
    services: list(
      "service",
      // xs:string on the wire, unlike CheckCapacitySummary's xs:int id.
      z.object({ id, odsCode: optionalText, serviceEndpoints: list("endpoint", endpoint, nested) }),
    ),
  }),
);

export const getHospitalScoresResponse = z.preprocess(
  emptyAsObject,
  z.object({
    GetHospitalScoresResult: list(
      "Hospital",
      z.object({
        hospital_name: requiredText,
        total_score: integer(-INT32_MAX - 1, INT32_MAX),
        note: optionalFreeText,
        update_date: optionalText,
      }),
    ),
  }),
);

export type WireCheckCapacitySummary = z.output<typeof checkCapacitySummaryResponse>;
export type WireService = z.output<typeof serviceCareSummaryDestination>;
export type WireServiceDetailsById = z.output<typeof serviceDetailsByIdResponse>;
export type WireGetHospitalScores = z.output<typeof getHospitalScoresResponse>;
export type WireEndpoint = z.output<typeof endpoint>;

// Private: hand-written rather than through Date, which made this the costliest check of a large response.
function parseSpecifiedOpening(value: string): { date: string; start: string; end: string } | undefined {
  const match = SPECIFIED_OPENING.exec(value);
  if (!match) return undefined;
  const [, day, month, year, startHours, startMinutes, endHours, endMinutes] = match;
  const monthNumber = Number(month);
  const leapYear = Number(year) % 4 === 0 && (Number(year) % 100 !== 0 || Number(year) % 400 === 0);
  const daysInMonth = monthNumber === 2 ? (leapYear ? 29 : 28) : [4, 6, 9, 11].includes(monthNumber) ? 30 : 31;
  const validDate = monthNumber >= 1 && monthNumber <= 12 && Number(day) >= 1 && Number(day) <= daysInMonth;
  if (!validDate || !isClockTime(startHours, startMinutes) || !isClockTime(endHours, endMinutes)) return undefined;
  return { date: `${year}-${month}-${day}`, start: `${startHours}:${startMinutes}`, end: `${endHours}:${endMinutes}` };
}

function isClockTime(hours: string, minutes: string): boolean {
  return Number(minutes) < 60 && (Number(hours) < 24 || (hours === "24" && minutes === "00"));
}
