import { type AgeFormat, type CheckCapacitySummaryRequest, type DosGender } from "../../dos/types";
import {
  countryOfOutcode,
  dispositionByCode,
  dispositionGroupByUid,
  isValidSgSdPair,
  symptomGroupById,
} from "../../reference";
import { asciiFormatted } from "../../ascii-input";
import { inputError } from "../../server/errors";
import { parseOdsCode } from "../service/identifiers";
import { addLondonMonths, formatLondonWallTime } from "../../reference/londonTime";
import { AgeUnit, Gender, type ServiceSearchInput } from "./service-search.input";

// Outward code (area letters not Q/V/X, district letter not I/J/Z) + inward code (no C, I, K, M, O, V).
// No nested or overlapping quantifiers, and the input is length-checked first: linear time.
const POSTCODE = /^([A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/;
// What a postcode may contain before it is compacted: ASCII letters, digits and spaces only (src/ascii-input.ts).
const POSTCODE_CHARACTERS = /^[A-Za-z0-9 ]{1,16}$/;
const DX_CODE = /^[Dd][Xx][0-9A-Za-z]{1,6}$/;
const CASE_REF = /^[A-Za-z0-9-]{1,64}$/;

const ageRanges: Readonly<Record<AgeUnit, { min: number; max: number; dos: AgeFormat }>> = {
  [AgeUnit.DAYS]: { min: 0, max: 31, dos: "Days" },
  [AgeUnit.MONTHS]: { min: 1, max: 23, dos: "Months" },
  [AgeUnit.YEARS]: { min: 2, max: 129, dos: "Years" },
  [AgeUnit.AGE_GROUP]: { min: 1, max: 4, dos: "AgeGroup" },
};

const genders: Readonly<Record<Gender, DosGender>> = {
  [Gender.FEMALE]: "F",
  [Gender.MALE]: "M",
  [Gender.INDETERMINATE]: "I",
};

/** DoS accepts one discriminator today; a handful leaves room without letting a request grow unbounded. */
const MAX_SYMPTOM_DISCRIMINATORS = 10;

/**
 * Validates a search against what the subgraph can check itself and builds the DoS request, so that input DoS
 * would reject never costs a DoS call. Throws the first problem as a catalogue error naming the field.
 */
export function toCheckCapacitySummaryRequest(input: ServiceSearchInput, now: Date): CheckCapacitySummaryRequest {
  const ageUnit = input.ageUnit ?? AgeUnit.YEARS;
  return {
    postcode: normalisePostcode(input.postcode),
    age: checkAge(input.age, ageUnit),
    ageFormat: ageRanges[ageUnit].dos,
    gender: genders[input.gender ?? Gender.INDETERMINATE],
    disposition: input.disposition == null ? undefined : dispositionGroupUid(input.disposition),
    symptomGroup: checkSymptomGroup(input.symptomGroup),
    symptomDiscriminators: checkDiscriminators(input.symptomGroup, input.symptomDiscriminators),
    ...searchDistance(input.searchDistanceKm, input.forceSearchDistance),
    surgery: input.gpPracticeOdsCode == null ? undefined : gpPractice(input.gpPracticeOdsCode),
    caseRef: input.caseRef == null ? undefined : checkCaseRef(input.caseRef),
    searchDateTime: input.searchDateTime == null ? undefined : searchDateTime(input.searchDateTime, now),
  };
}

/**
 * `ls11ur`, `LS1 1UR`, ` ls1  1ur ` → `LS1 1UR`, for postcodes DoS may be asked about (the AUP: England only).
 * Only ASCII letters, digits and spaces are accepted (surrounding ASCII whitespace is trimmed): a tab, CR/LF,
 * line separator, ideographic or no-break space, fullwidth letter or `ſ` anywhere inside is INVALID_POSTCODE.
 * Decided per district (src/reference/postcodeCountries.ts): a district wholly outside England is refused with
 * POSTCODE_OUTSIDE_ENGLAND; one straddling the border goes to DoS, which answers for the exact postcode. A
 * postcode of no known area, or of a non-geographic one (BF, BX, XX), is INVALID_POSTCODE.
 */
export function normalisePostcode(postcode: string): string {
  const compact = asciiFormatted(postcode, POSTCODE_CHARACTERS)?.replaceAll(" ", "").toUpperCase() ?? "";
  const match = POSTCODE.exec(compact);
  const country = match ? countryOfOutcode(match[1]) : undefined;
  if (!match || country === undefined || country === "non-geographic") {
    throw inputError("INVALID_POSTCODE", "input.postcode", "postcode is not a valid UK postcode (e.g. LS1 1UR).");
  }
  if (country !== "england" && country !== "cross-border") {
    const message = "DoS covers England only: this postcode's district is outside England.";
    throw inputError("POSTCODE_OUTSIDE_ENGLAND", "input.postcode", message);
  }
  return `${match[1]} ${match[2]}`;
}

function checkAge(age: number, unit: AgeUnit): number {
  const { min, max } = ageRanges[unit];
  if (age < min || age > max) {
    throw inputError("INVALID_AGE", "input.age", `An age in ${unit} must be between ${min} and ${max}.`);
  }
  return age;
}

// A Dx code maps to its specific DoS disposition group; the aggregate/legacy groups (uids 1-24, 9000-9400)
// group several Dx codes and are never what a caller means by one code.
function dispositionGroupUid(code: string): number {
  const dxCode = asciiFormatted(code, DX_CODE);
  const disposition = dxCode === undefined ? undefined : dispositionByCode(dxCode);
  if (!disposition || dispositionGroupByUid(disposition.dosId)?.aggregate !== false) {
    const message = "disposition is not a known Dx code (e.g. Dx02).";
    throw inputError("UNKNOWN_DISPOSITION", "input.disposition", message);
  }
  return disposition.dosId;
}

function checkSymptomGroup(symptomGroup: number): number {
  if (!symptomGroupById(symptomGroup)) {
    throw inputError("UNKNOWN_SYMPTOM_GROUP", "input.symptomGroup", `Symptom group ${symptomGroup} is not known.`);
  }
  return symptomGroup;
}

function checkDiscriminators(symptomGroup: number, discriminators: readonly number[]): number[] {
  const unique = [...new Set(discriminators)];
  if (unique.length === 0 || unique.length > MAX_SYMPTOM_DISCRIMINATORS) {
    throw inputError(
      "INVALID_CLINICAL_CODES",
      "input.symptomDiscriminators",
      `Give 1 to ${MAX_SYMPTOM_DISCRIMINATORS} symptom discriminators.`,
    );
  }
  const invalid = unique.find(discriminator => !isValidSgSdPair(symptomGroup, discriminator));
  if (invalid !== undefined) {
    throw inputError(
      "INVALID_CLINICAL_CODES",
      "input.symptomDiscriminators",
      `Symptom discriminator ${invalid} is not valid for symptom group ${symptomGroup}.`,
    );
  }
  return unique;
}

function searchDistance(
  km: number | null | undefined,
  force: boolean | null | undefined,
): Pick<CheckCapacitySummaryRequest, "searchDistance" | "forceSearchDistance"> {
  if (km != null && (km < 1 || km > 99)) {
    throw inputError("INVALID_SEARCH_DISTANCE", "input.searchDistanceKm", "searchDistanceKm must be 1-99.");
  }
  if (force && km == null) {
    const message = "forceSearchDistance needs searchDistanceKm.";
    throw inputError("INVALID_SEARCH_DISTANCE", "input.searchDistanceKm", message);
  }
  return { searchDistance: km ?? undefined, forceSearchDistance: force ?? undefined };
}

function gpPractice(odsCode: string): string {
  return parseOdsCode(odsCode, "input.gpPracticeOdsCode");
}

function checkCaseRef(caseRef: string): string {
  const checked = asciiFormatted(caseRef, CASE_REF);
  if (checked === undefined) {
    throw inputError("BAD_USER_INPUT", "input.caseRef", "caseRef must be 1-64 letters, digits or '-'.");
  }
  return checked;
}

// DoS takes UK local wall time and refuses instants more than a minute past or twelve months ahead.
function searchDateTime(instant: Date, now: Date): string {
  const at = instant.getTime();
  const current = now.getTime();
  if (at < current - 60_000 || at > addLondonMonths(current, 12)) {
    throw inputError(
      "INVALID_SEARCH_DATETIME",
      "input.searchDateTime",
      "searchDateTime must be no more than 1 minute in the past and no more than 12 months ahead.",
    );
  }
  return formatLondonWallTime(at);
}
