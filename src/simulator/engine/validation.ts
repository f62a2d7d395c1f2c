import { DateTime } from "luxon";
import {
  type DispositionGroup,
  dispositionGroupByUid,
  isValidSgSdPair,
  symptomGroupById,
} from "../../reference";
import { type StoredSearchDistances } from "./directory";
import { faults } from "./faults";
import { locatePostcode, type SearchLocation } from "./geography";
import { LONDON } from "./opening";
import { type RawCase } from "./types";

/**
 * CheckCapacitySummary case validation (spec §5.2, §5.5 steps 1–2, §8.2), turning the raw request text into a
 * search or throwing DoS's fault.
 *
 * DoS does not document which fault wins when several fields are wrong (open question 1). We check in the
 * order of the search-logic page, except that the search distance needs the postcode (a stored distance
 * overrides the request's, and then a bad request distance is no error):
 *   113 override without distance → 101 postcode → 105 distance (only when actually used) →
 *   114/119/115–118 age and format → 106 gender → 108/109/110 searchDateTime → 120 SG → 121 disposition →
 *   104 SDs.
 */
export type DistanceSource = "Postcode" | "Sector" | "District" | "Web Service" | "National" | "Override";

export interface ValidCase {
  location: SearchLocation;
  /** Half-side of the search box, km. */
  searchDistance: number;
  searchDistanceUsedSource: DistanceSource;
  /** Ages in days a service's profiled range must cover; `from === to` for an exact age. */
  age: { from: number; to: number };
  /** Omitted for AgeGroup searches (spec §5.3 #4). */
  calculatedAgeInDays: number | undefined;
  gender: "M" | "F" | "I";
  /** The instant the search is evaluated at, epoch ms. */
  searchMs: number;
  symptomGroup: number;
  /** Deduplicated, each valid with the symptom group. */
  symptomDiscriminators: number[];
  /** Undefined: no disposition sent, so it matches every service (spec §5.2 #7). */
  disposition: DispositionGroup | undefined;
  /** ODS code of the patient's GP, upper case; undefined when not sent. */
  surgery: string | undefined;
}

/** DoS's national default search distance, km (spec §5.2 #10). */
export const NATIONAL_SEARCH_DISTANCE = 60;
/** DoS's configured maximum search distance, km. */
export const MAXIMUM_SEARCH_DISTANCE = 99;

export function validateCase(raw: RawCase, nowMs: number, stored: StoredSearchDistances): ValidCase {
  const requestedDistance = presentText(raw.searchDistance);
  const force = isTrue(raw.forceSearchDistance);
  if (force && requestedDistance === undefined) throw faults.overrideWithoutDistance();

  const location = locatePostcode(raw.postcode ?? "");
  if (!location) throw faults.postcodeNotFound();

  const { searchDistance, searchDistanceUsedSource } = chooseSearchDistance(
    location,
    requestedDistance,
    force,
    stored,
  );
  const { age, calculatedAgeInDays } = validateAge(raw.age, raw.ageFormat);
  const gender = validateGender(raw.gender);
  const searchMs = validateSearchDateTime(raw.searchDateTime, nowMs);
  const symptomGroup = validateSymptomGroup(raw.symptomGroup);
  const disposition = validateDisposition(raw.disposition);
  const symptomDiscriminators = validateDiscriminators(raw.symptomDiscriminators, symptomGroup);
  const surgery = presentText(raw.surgery)?.toUpperCase();

  return {
    location,
    searchDistance,
    searchDistanceUsedSource,
    age,
    calculatedAgeInDays,
    gender,
    searchMs,
    symptomGroup,
    symptomDiscriminators,
    disposition,
    surgery,
  };
}

/**
 * Distance precedence (spec §5.5 step 2): override → stored for the full postcode → sector → district → the
 * request's `searchDistance` → national default. 105 only when the request's distance is the one used.
 */
function chooseSearchDistance(
  location: SearchLocation,
  requested: string | undefined,
  force: boolean,
  stored: StoredSearchDistances,
): { searchDistance: number; searchDistanceUsedSource: DistanceSource } {
  const fromRequest = (): number => {
    const km = wholeNumber(requested ?? "");
    if (km === undefined || km < 1 || km > MAXIMUM_SEARCH_DISTANCE) throw faults.searchDistanceOutOfRange();
    return km;
  };
  if (force) return { searchDistance: fromRequest(), searchDistanceUsedSource: "Override" };
  const byPostcode = location.sector === undefined ? undefined : stored.byPostcode.get(location.postcode);
  if (byPostcode !== undefined) return { searchDistance: byPostcode, searchDistanceUsedSource: "Postcode" };
  const bySector = location.sector === undefined ? undefined : stored.bySector.get(location.sector);
  if (bySector !== undefined) return { searchDistance: bySector, searchDistanceUsedSource: "Sector" };
  const byDistrict = stored.byDistrict.get(location.outcode);
  if (byDistrict !== undefined) return { searchDistance: byDistrict, searchDistanceUsedSource: "District" };
  if (requested !== undefined)
    return { searchDistance: fromRequest(), searchDistanceUsedSource: "Web Service" };
  return { searchDistance: NATIONAL_SEARCH_DISTANCE, searchDistanceUsedSource: "National" };
}

const DAYS_PER_MONTH = 30.4375;
const DAYS_PER_YEAR = 365.25;

/** AgeGroup ids (spec §5.2): 1 Adult 16–129, 2 Child 5–15, 3 Toddler 1–4, 4 Neonate and infant, in days. */
const AGE_GROUP_DAYS: Readonly<Record<number, { from: number; to: number }>> = {
  1: { from: 16 * DAYS_PER_YEAR, to: 130 * DAYS_PER_YEAR - 1 },
  2: { from: 5 * DAYS_PER_YEAR, to: 16 * DAYS_PER_YEAR - 1 },
  3: { from: 1 * DAYS_PER_YEAR, to: 5 * DAYS_PER_YEAR - 1 },
  4: { from: 0, to: DAYS_PER_YEAR - 1 },
};

/**
 * Age and format (spec §5.2 "Age handling"): a whole number is required (114), then a known format (119),
 * then the format's range (115–118). Months and years become days at 30.4375 and 365.25 days, rounded down.
 * An age group matches any service range that overlaps the group (DoS: groups "may not match exactly").
 */
function validateAge(
  ageText: string | undefined,
  format: string | undefined,
): { age: { from: number; to: number }; calculatedAgeInDays: number | undefined } {
  const value = wholeNumber(ageText ?? "");
  if (value === undefined) throw faults.invalidAge();
  const exact = (days: number) => ({ age: { from: days, to: days }, calculatedAgeInDays: days });
  switch (format?.trim()) {
    case "Days":
      if (value < 0 || value > 31) throw faults.ageOutOfRangeDays();
      return exact(value);
    case "Months":
      if (value < 1 || value > 23) throw faults.ageOutOfRangeMonths();
      return exact(Math.floor(value * DAYS_PER_MONTH));
    case "Years":
      if (value < 2 || value > 129) throw faults.ageOutOfRangeYears();
      return exact(Math.floor(value * DAYS_PER_YEAR));
    case "AgeGroup": {
      const group = AGE_GROUP_DAYS[value];
      if (!group) throw faults.ageGroupOutOfRange();
      return { age: group, calculatedAgeInDays: undefined };
    }
    default:
      throw faults.invalidAgeFormat();
  }
}

/** Missing or empty → I (spec §5.2 #12); otherwise exactly M, F or I. */
function validateGender(text: string | undefined): "M" | "F" | "I" {
  const gender = presentText(text);
  if (gender === undefined) return "I";
  if (gender === "M" || gender === "F" || gender === "I") return gender;
  throw faults.invalidGender();
}

// `2019-01-20T08:44:00+00:00` (UTC) or `2018-08-01T09:05:00` (UK local time); DoS supports no other zone.
const SEARCH_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|\+00:00)?$/;

/** The evaluation instant: now when absent; 108 malformed, 109 > 12 months ahead, 110 > 1 minute past. */
function validateSearchDateTime(text: string | undefined, nowMs: number): number {
  const value = presentText(text);
  if (value === undefined) return nowMs;
  const match = SEARCH_DATE_TIME.exec(value);
  if (!match) throw faults.invalidSearchDateTime();
  const parsed = DateTime.fromISO(value, { zone: match[1] ? "utc" : LONDON });
  if (!parsed.isValid) throw faults.invalidSearchDateTime();
  const searchMs = parsed.toMillis();
  const latest = DateTime.fromMillis(nowMs, { zone: LONDON }).plus({ months: 12 }).toMillis();
  if (searchMs > latest) throw faults.searchDateTimeTooFarAhead(value);
  if (searchMs < nowMs - 60_000) throw faults.searchDateTimeInPast(value);
  return searchMs;
}

/**
 * A known symptom group id. Missing is 120 too (open question 2): the docs' "null SG matches nothing, so the
 * catch-all runs" cannot happen in v1.5, where an SG that forms no valid pair with the SDs is refused (104).
 */
function validateSymptomGroup(text: string | undefined): number {
  const id = wholeNumber(text ?? "");
  if (id === undefined || !symptomGroupById(id)) throw faults.symptomGroupNotFound();
  return id;
}

/** Missing or empty → none (matches every service); otherwise a known disposition-group uid (121). */
function validateDisposition(text: string | undefined): DispositionGroup | undefined {
  const value = presentText(text);
  if (value === undefined) return undefined;
  const uid = wholeNumber(value);
  const group = uid === undefined ? undefined : dispositionGroupByUid(uid);
  if (!group) throw faults.dispositionNotFound();
  return group;
}

/**
 * The SD list (spec §5.2 #9): absent, empty or with a non-integer entry → 104; duplicates removed; SDs that
 * do not form a valid pair with the SG dropped; none left → 104.
 */
function validateDiscriminators(texts: string[] | undefined, symptomGroup: number): number[] {
  if (!texts || texts.length === 0) throw faults.noValidDiscriminators();
  const ids = texts.map((text) => wholeNumber(text));
  if (ids.some((id) => id === undefined)) throw faults.noValidDiscriminators();
  const valid = [...new Set(ids as number[])].filter((sd) => isValidSgSdPair(symptomGroup, sd));
  if (valid.length === 0) throw faults.noValidDiscriminators();
  return valid;
}

// Private: text of an element that is present and not blank.
function presentText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** xs:boolean: `true` or `1`; anything else (including absent) is false. */
function isTrue(text: string | undefined): boolean {
  const value = text?.trim();
  return value === "true" || value === "1";
}
