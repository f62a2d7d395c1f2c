import { AgeUnit, Gender, type ServiceSearchInput } from "../../src/graphql/search/service-search.input";
import { normalisePostcode, toCheckCapacitySummaryRequest } from "../../src/graphql/search/service-search.request";
import {
  dispositionByCode,
  dispositionGroupByUid,
  dispositionGroups,
  dxCodesWithoutDispositionGroup,
} from "../../src/reference";
import { SubgraphError } from "../../src/server/errors";

const NOW = new Date("2024-07-03T09:00:00Z");

function input(overrides: Partial<ServiceSearchInput> = {}): ServiceSearchInput {
  return { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], ...overrides };
}

function rejection(overrides: Partial<ServiceSearchInput>): { code: string; field: unknown } {
  try {
    toCheckCapacitySummaryRequest(input(overrides), NOW);
  } catch (error) {
    if (error instanceof SubgraphError) return { code: error.code, field: error.extensions.field };
    throw error;
  }
  throw new Error("expected the input to be rejected");
}

describe("toCheckCapacitySummaryRequest", () => {
  it("builds DoS's request from a valid search, with the specific disposition group for the Dx code", () => {
    const request = toCheckCapacitySummaryRequest(
      input({
        postcode: " ls11ur ",
        ageUnit: AgeUnit.MONTHS,
        age: 6,
        gender: Gender.FEMALE,
        disposition: "dx02",
        symptomDiscriminators: [4052, 4052],
        searchDistanceKm: 25,
        forceSearchDistance: true,
        gpPracticeOdsCode: "b82005",
        caseRef: "case-42",
        searchDateTime: new Date("2024-07-03T13:30:00Z"),
      }),
      NOW,
    );
    expect(request).toEqual({
      postcode: "LS1 1UR",
      age: 6,
      ageFormat: "Months",
      gender: "F",
      disposition: 1002,
      symptomGroup: 1013,
      symptomDiscriminators: [4052],
      searchDistance: 25,
      forceSearchDistance: true,
      surgery: "B82005",
      caseRef: "case-42",
      // 13:30Z is 14:30 in BST: DoS takes UK wall time.
      searchDateTime: "2024-07-03T14:30:00",
    });
  });

  it("defaults to YEARS and INDETERMINATE and sends no optional fields it was not given", () => {
    const request = toCheckCapacitySummaryRequest(input({ ageUnit: null, gender: null }), NOW);
    expect(request).toMatchObject({ ageFormat: "Years", gender: "I" });
    for (const field of ["disposition", "searchDistance", "forceSearchDistance", "surgery", "caseRef"] as const) {
      expect(request[field]).toBeUndefined();
    }
  });

  it.each([
    ["LS1 1UR", "LS1 1UR"],
    ["sw1a1aa", "SW1A 1AA"],
    ["M1 1AE", "M1 1AE"],
    ["b33  8th", "B33 8TH"],
    ["CR2 6XH", "CR2 6XH"],
  ])("normalises the postcode %p to %p", (raw, normalised) => {
    expect(normalisePostcode(raw)).toBe(normalised);
  });

  it.each(["", "LS1", "LS1 1U", "QS1 1UR", "LS1 1CR", "12345", "LS1 1UR LS1", "LS1\n1UR\nX"])(
    "rejects the postcode %p as INVALID_POSTCODE",
    postcode => {
      expect(rejection({ postcode })).toEqual({ code: "INVALID_POSTCODE", field: "input.postcode" });
    },
  );

  // No clock: at 5 MB a quadratic scan (~10^13 steps) never finishes and the test times out; a linear one is instant.
  it("rejects a very long postcode without a quadratic scan", () => {
    expect(rejection({ postcode: `LS1 ${" ".repeat(5_000_000)}1UR` })).toMatchObject({ code: "INVALID_POSTCODE" });
  });

  it.each([
    [AgeUnit.DAYS, -1],
    [AgeUnit.DAYS, 32],
    [AgeUnit.MONTHS, 0],
    [AgeUnit.MONTHS, 24],
    [AgeUnit.YEARS, 1],
    [AgeUnit.YEARS, 130],
    [AgeUnit.AGE_GROUP, 0],
    [AgeUnit.AGE_GROUP, 5],
  ])("rejects %s %p as INVALID_AGE", (ageUnit, age) => {
    expect(rejection({ ageUnit, age })).toEqual({ code: "INVALID_AGE", field: "input.age" });
  });

  it("rejects unknown Dx codes, and Dx codes DoS links to no specific group, as UNKNOWN_DISPOSITION", () => {
    expect(rejection({ disposition: "Dx9999" })).toEqual({
      code: "UNKNOWN_DISPOSITION",
      field: "input.disposition",
    });
    expect(rejection({ disposition: "1002" })).toMatchObject({ code: "UNKNOWN_DISPOSITION" });
    expect(dxCodesWithoutDispositionGroup.length).toBeGreaterThan(0);
    for (const disposition of dxCodesWithoutDispositionGroup) {
      expect(rejection({ disposition })).toMatchObject({ code: "UNKNOWN_DISPOSITION" });
    }
  });

  it("sends every Dx code as its specific group, never an aggregate one (uids 1-24, 9000-9400)", () => {
    const aggregateCodes = dispositionGroups.filter(group => group.aggregate).flatMap(group => group.dxCodes);
    expect(aggregateCodes).toContain("Dx02");
    for (const code of new Set(aggregateCodes)) {
      if (!dispositionByCode(code)) continue;
      const { disposition } = toCheckCapacitySummaryRequest(input({ disposition: code }), NOW);
      expect(dispositionGroupByUid(disposition!)?.aggregate).toBe(false);
    }
  });

  it("rejects unknown symptom groups and discriminators that are not valid for the group", () => {
    expect(rejection({ symptomGroup: 999_999 })).toEqual({
      code: "UNKNOWN_SYMPTOM_GROUP",
      field: "input.symptomGroup",
    });
    expect(rejection({ symptomDiscriminators: [] })).toMatchObject({ code: "INVALID_CLINICAL_CODES" });
    expect(rejection({ symptomDiscriminators: [4052, 11000] })).toEqual({
      code: "INVALID_CLINICAL_CODES",
      field: "input.symptomDiscriminators",
    });
  });

  it("rejects distances outside 1-99 km and a forced distance without a value", () => {
    expect(rejection({ searchDistanceKm: 0 })).toMatchObject({ code: "INVALID_SEARCH_DISTANCE" });
    expect(rejection({ searchDistanceKm: 100 })).toMatchObject({ code: "INVALID_SEARCH_DISTANCE" });
    expect(rejection({ forceSearchDistance: true })).toMatchObject({ code: "INVALID_SEARCH_DISTANCE" });
  });

  it("rejects a searchDateTime more than a minute past or twelve months ahead", () => {
    expect(rejection({ searchDateTime: new Date("2024-07-03T08:58:00Z") })).toEqual({
      code: "INVALID_SEARCH_DATETIME",
      field: "input.searchDateTime",
    });
    expect(rejection({ searchDateTime: new Date("2025-07-04T09:00:00Z") })).toMatchObject({
      code: "INVALID_SEARCH_DATETIME",
    });
    expect(() => toCheckCapacitySummaryRequest(input({ searchDateTime: new Date("2024-07-03T08:59:30Z") }), NOW))
      .not.toThrow();
  });

  it("rejects malformed ODS codes and case references as BAD_USER_INPUT", () => {
    expect(rejection({ gpPracticeOdsCode: "B82 005" })).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.gpPracticeOdsCode",
    });
    expect(rejection({ caseRef: "<xml/>" })).toEqual({ code: "BAD_USER_INPUT", field: "input.caseRef" });
  });
});
