import { DateTime } from "luxon";
import { createSimEngine, type SyntheticDosEngine } from "../../../src/simulator/engine";
import {
  type RawCase,
  type SimAccount,
  SimFault,
  type SimSearchResult,
} from "../../../src/simulator/engine/types";

/** Wednesday 10 June 2026, 10:00 BST: a weekday morning, when GP practices and pharmacies are open. */
export const NOW = new Date("2026-06-10T09:00:00Z");
export const SEED = "engine-tests";

export const professional: SimAccount = {
  username: "pro",
  password: "pro",
  webService: true,
  role: "professional",
};
export const publicUser: SimAccount = { username: "web", password: "web", webService: true, role: "public" };

/** One engine per test file: generation takes a few hundred milliseconds. */
export function testEngine(seed = SEED): SyntheticDosEngine {
  return createSimEngine({ seed, now: () => NOW });
}

/** An adult with ankle pain who needs a treatment centre within an hour (SG 1013, SD 4052 ED, Dx02 → 1002). */
export function edCase(overrides: RawCase = {}): RawCase {
  return {
    caseRef: "engine-test",
    caseId: "TEST",
    postcode: "LS1 1UR",
    age: "40",
    ageFormat: "Years",
    disposition: "1002",
    symptomGroup: "1013",
    symptomDiscriminators: ["4052"],
    gender: "F",
    ...overrides,
  };
}

/** The same patient needing primary care within 2 hours (SD 4003 full PC assessment, Dx05 → 1005). */
export function gpCase(overrides: RawCase = {}): RawCase {
  return edCase({ disposition: "1005", symptomDiscriminators: ["4003"], ...overrides });
}

/** The fault a call throws, or a failure naming what it returned instead. */
export function faultOf(call: () => unknown): SimFault {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (error instanceof SimFault) return error;
    throw error;
  }
  throw new Error(`Expected a SimFault, got ${JSON.stringify(result)?.slice(0, 300)}`);
}

export function typeIds(result: SimSearchResult): number[] {
  return result.services.map((item) => item.service.serviceType.id);
}

/** A Europe/London wall-clock time (`2026-12-28T10:00`) as a Date. */
export function london(localDateTime: string): Date {
  return DateTime.fromISO(localDateTime, { zone: "Europe/London" }).toJSDate();
}
