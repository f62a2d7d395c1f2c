/**
 * The DoS reference data as typed, read-only tables with O(1) lookups, built once at module load from the
 * generated transcriptions in ./generated (see scripts/generate-reference.ts and docs/reference-data.md).
 *
 * Everything returned is frozen: callers share these objects, so they must never be mutated.
 */
import { asciiFormatted } from "../ascii-input";
import { dispositionGroupRows } from "./generated/dispositionGroups";
import { dispositionGroupServiceTypeRows } from "./generated/dispositionGroupServiceTypes";
import { dispositionRows } from "./generated/dispositions";
import { postcodeOutcodeRows } from "./generated/postcodeOutcodes";
import { serviceTypeRows } from "./generated/serviceTypes";
import { sgSdCombinationRows } from "./generated/sgSdCombinations";
import { symptomDiscriminatorRows } from "./generated/symptomDiscriminators";
import { symptomGroupRows } from "./generated/symptomGroups";
import { type Country, countryOfOutcode } from "./postcodeCountries";

export { type Country, countryOfOutcode } from "./postcodeCountries";
export {
  type BankHoliday,
  dosPublicHolidays,
  easterSunday,
  englandBankHolidays,
  FIRST_SUPPORTED_YEAR,
  isEnglandBankHoliday,
} from "./bankHolidays";

// ---------------------------------------------------------------------------------------------------------
// Dispositions and disposition groups

/** A Pathways disposition (Dx code) with the disposition group to send in CheckCapacitySummary. */
export interface Disposition {
  /** Canonical spelling "Dx" + digits, e.g. "Dx02" (DoS data spells it "DX02"). */
  code: string;
  /** uid of the specific DoS disposition group, sent as CheckCapacitySummary `disposition` (Dx02 → 1002). */
  dosId: number;
  title: string;
  timeFrameMinutes: number;
}

export interface DispositionGroup {
  uid: number;
  name: string;
  /** 0 where DoS has none (only uid 9400 "Available for direct lookup", whose one Dx code, DXnull, has 0). */
  timeFrameMinutes: number;
  /** Linked Dx codes, canonical spelling, in DoS order. */
  dxCodes: string[];
  /** DoS's legacy/aggregate groups (uids 1–24 and 9000–9400), which bundle several Dx codes. */
  aggregate: boolean;
  /** Service types DoS returns for this group (`dispositiongroupservicetypes`), ascending. */
  serviceTypeIds: number[];
  /** `defaultdos_servicetypes` as DoS lists it (may name service types absent from serviceTypes). */
  defaultServiceTypeIds: number[];
}

/** Canonical spelling of a Dx code: "DX02", "dx02" → "Dx02". Not validated. */
export function canonicalDxCode(code: string): string {
  const trimmed = code.trim();
  return /^dx/i.test(trimmed) ? `Dx${trimmed.slice(2)}` : trimmed;
}

export function isAggregateDispositionGroupUid(uid: number): boolean {
  return (uid >= 1 && uid <= 24) || (uid >= 9000 && uid <= 9400);
}

/**
 * Dx codes DoS has a specific disposition group for but does not link to it. Each entry is a decision,
 * documented in docs/reference-data.md: the group's name equals the disposition's title, and the uid follows
 * its siblings' pattern (Dx333 → 11333, Dx334 → 11334, Dx337 → 11337).
 */
const UNLINKED_SPECIFIC_GROUPS: ReadonlyMap<string, number> = new Map([["Dx335", 11335]]);

const serviceTypeIdsByGroupUid = new Map(
  dispositionGroupServiceTypeRows.map(([uid, ids]) => [uid, [...ids].sort((a, b) => a - b)]),
);

export const dispositionGroups: readonly DispositionGroup[] = deepFreeze(
  dispositionGroupRows.map(([, uid, minutes, defaultServiceTypeIds, name, linkedDxCodes]) => ({
    uid,
    name: name.trim(),
    timeFrameMinutes: minutes ?? 0,
    dxCodes: linkedDxCodes.map(canonicalDxCode),
    aggregate: isAggregateDispositionGroupUid(uid),
    serviceTypeIds: serviceTypeIdsByGroupUid.get(uid) ?? [],
    defaultServiceTypeIds: [...defaultServiceTypeIds],
  })),
);

const dispositionGroupsByUid = new Map(dispositionGroups.map((group) => [group.uid, group]));

export function dispositionGroupByUid(uid: number): DispositionGroup | undefined {
  return dispositionGroupsByUid.get(uid);
}

const specificGroupUidByDxCode = ((): Map<string, number> => {
  const uids = new Map<string, number>(UNLINKED_SPECIFIC_GROUPS);
  for (const [code, uid] of UNLINKED_SPECIFIC_GROUPS) {
    if (dispositionGroupsByUid.get(uid)?.aggregate !== false) {
      throw new Error(`${code} is linked by hand to ${uid}, which is not a specific disposition group`);
    }
  }
  for (const group of dispositionGroups) {
    if (group.aggregate) continue;
    for (const code of group.dxCodes) {
      const existing = uids.get(code);
      if (existing !== undefined && existing !== group.uid) {
        throw new Error(`${code} is linked to two specific disposition groups (${existing}, ${group.uid})`);
      }
      uids.set(code, group.uid);
    }
  }
  return uids;
})();

/** Every Dx code DoS knows that has a specific disposition group, in DoS disposition-id order. */
export const dispositions: readonly Disposition[] = deepFreeze(
  dispositionRows.flatMap(([, dxCode, name, minutes]) => {
    const code = canonicalDxCode(dxCode);
    const dosId = specificGroupUidByDxCode.get(code);
    return dosId === undefined ? [] : [{ code, dosId, title: name.trim(), timeFrameMinutes: minutes }];
  }),
);

/**
 * Dx codes DoS lists as dispositions but links to no specific disposition group (e.g. Dx000, Dx0120, Dx62):
 * a CheckCapacitySummary search has no `disposition` to send for them, so dispositionByCode does not know them.
 */
export const dxCodesWithoutDispositionGroup: readonly string[] = Object.freeze(
  dispositionRows
    .map(([, dxCode]) => canonicalDxCode(dxCode))
    .filter((code) => !specificGroupUidByDxCode.has(code)),
);

const dispositionsByUpperCode = new Map(dispositions.map((d) => [d.code.toUpperCase(), d]));

/**
 * Case-insensitive ("dx02", "DX02", "Dx02"); surrounding ASCII whitespace ignored. ASCII only: a code with any
 * other character is unknown, never case-folded into a known one (src/ascii-input.ts).
 */
export function dispositionByCode(code: string): Disposition | undefined {
  const ascii = asciiFormatted(code, /^[A-Za-z0-9]{1,16}$/);
  return ascii === undefined ? undefined : dispositionsByUpperCode.get(ascii.toUpperCase());
}

// ---------------------------------------------------------------------------------------------------------
// Symptom groups and discriminators

export interface SymptomGroup {
  id: number;
  name: string;
  /** DoS `zcodeexists`; null where DoS has no value. */
  zCodeExists: boolean | null;
}

export const symptomGroups: readonly SymptomGroup[] = deepFreeze(
  symptomGroupRows.map(([id, name, zCodeExists]) => ({ id, name, zCodeExists })),
);

const symptomGroupsById = new Map(symptomGroups.map((group) => [group.id, group]));

export function symptomGroupById(id: number): SymptomGroup | undefined {
  return symptomGroupsById.get(id);
}

export interface SymptomDiscriminator {
  id: number;
  description: string;
}

export const symptomDiscriminators: readonly SymptomDiscriminator[] = deepFreeze(
  symptomDiscriminatorRows.map(([id, description]) => ({ id, description })),
);

const symptomDiscriminatorsById = new Map(symptomDiscriminators.map((sd) => [sd.id, sd]));

export function symptomDiscriminatorById(id: number): SymptomDiscriminator | undefined {
  return symptomDiscriminatorsById.get(id);
}

const discriminatorsBySymptomGroup = new Map(
  sgSdCombinationRows.map(([sg, sds]) => [sg, Object.freeze([...sds].sort((a, b) => a - b))]),
);
const discriminatorSetsBySymptomGroup = new Map(
  [...discriminatorsBySymptomGroup].map(([sg, sds]) => [sg, new Set(sds)]),
);
const NONE: readonly number[] = Object.freeze([]);

/** Whether DoS accepts the discriminator with the symptom group (table `symptomgroupsymptomdiscriminators`). */
export function isValidSgSdPair(symptomGroup: number, symptomDiscriminator: number): boolean {
  return discriminatorSetsBySymptomGroup.get(symptomGroup)?.has(symptomDiscriminator) ?? false;
}

/** The discriminators valid with a symptom group, ascending; empty for an unknown group. */
export function discriminatorsForSymptomGroup(symptomGroup: number): readonly number[] {
  return discriminatorsBySymptomGroup.get(symptomGroup) ?? NONE;
}

// ---------------------------------------------------------------------------------------------------------
// Service types

export interface ServiceType {
  id: number;
  name: string;
  /** DoS national ranking (1 ranks first); null where DoS has none. */
  nationalRanking: number | null;
}

export const serviceTypes: readonly ServiceType[] = deepFreeze(
  serviceTypeRows.map(([id, name, nationalRanking]) => ({ id, name, nationalRanking })),
);

const serviceTypesById = new Map(serviceTypes.map((type) => [type.id, type]));

export function serviceTypeById(id: number): ServiceType | undefined {
  return serviceTypesById.get(id);
}

// ---------------------------------------------------------------------------------------------------------
// Postcode districts

export interface PostcodeDistrict {
  outcode: string;
  /** Centroid, WGS84 degrees. */
  latitude: number;
  longitude: number;
  /** Centroid on the British National Grid (OSGB36), whole metres. Meaningless outside Great Britain. */
  easting: number;
  northing: number;
  country: Country;
}

export const postcodeDistricts: readonly PostcodeDistrict[] = deepFreeze(
  postcodeOutcodeRows.map(([outcode, latitude, longitude, easting, northing]) => {
    const country = countryOfOutcode(outcode);
    if (country === undefined) throw new Error(`Postcode district ${outcode} has no known postcode area`);
    return { outcode, latitude, longitude, easting, northing, country };
  }),
);

const postcodeDistrictsByOutcode = new Map(postcodeDistricts.map((district) => [district.outcode, district]));

/** Case- and space-insensitive ("sw1a", " SW1A "). Undefined for districts the 2015 centroid table lacks. */
export function postcodeDistrict(outcode: string): PostcodeDistrict | undefined {
  return postcodeDistrictsByOutcode.get(normaliseOutcode(outcode));
}

/** The outward code of a full or partial UK postcode ("sw1a 1aa" → "SW1A"), or undefined when malformed. */
export function outcodeOf(postcode: string): string | undefined {
  const compact = postcode.replace(/\s+/g, "").toUpperCase();
  if (compact === "GIR" || compact === "GIR0AA") return "GIR";
  const match = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})?$/.exec(compact);
  return match?.[1];
}

function normaliseOutcode(outcode: string): string {
  return outcode.replace(/\s+/g, "").toUpperCase();
}

// Private: freeze a freshly built table and every object and array in it.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
