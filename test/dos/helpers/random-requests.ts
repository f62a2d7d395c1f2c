import { type CheckCapacitySummaryRequest } from "../../../src/dos/types";
import { discriminatorsForSymptomGroup, postcodeDistricts, symptomGroups } from "../../../src/reference";

/** A deterministic generator, so that a failing case can be run again from its seed. */
export function randomSource(seed: number) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  return { random, pick };
}

export type RandomSource = ReturnType<typeof randomSource>;

const ENGLISH_DISTRICTS = postcodeDistricts.filter(district => district.country === "england");
const GROUPS_WITH_DISCRIMINATORS = symptomGroups.filter(group => discriminatorsForSymptomGroup(group.id).length > 0);

/** A search a caller could make: an English postcode, an age, a gender and a valid symptom group/discriminator. */
export function randomSearch({ random, pick }: RandomSource): CheckCapacitySummaryRequest {
  const group = pick(GROUPS_WITH_DISCRIMINATORS);
  return {
    postcode: `${pick(ENGLISH_DISTRICTS).outcode} ${1 + Math.floor(random() * 9)}AA`,
    age: 2 + Math.floor(random() * 90),
    ageFormat: "Years",
    gender: pick(["F", "M", "I"] as const),
    symptomGroup: group.id,
    symptomDiscriminators: [pick(discriminatorsForSymptomGroup(group.id))],
  };
}
