import { type RawCase } from "../../../src/simulator/engine/types";
import { edCase, faultOf, NOW, professional, testEngine } from "./fixtures";

const engine = testEngine();
const search = (raw: RawCase, now = NOW) => engine.checkCapacitySummary(raw, professional, now);
const fault = (raw: RawCase, now = NOW) => faultOf(() => search(raw, now));

describe("CheckCapacitySummary validation faults (spec §8.2 texts)", () => {
  it.each<[string, RawCase]>([
    ["missing", { postcode: undefined }],
    ["empty", { postcode: "" }],
    ["unknown district", { postcode: "ZZ9 9ZZ" }],
    ["malformed", { postcode: "LS1 1UR X" }],
    ["inward code with letters Royal Mail never uses", { postcode: "LS1 1CI" }],
  ])("101 for a postcode that is %s", (_label, overrides) => {
    const error = fault(edCase(overrides));
    expect([error.code, error.text]).toEqual([101, "Postcode Validation: Postcode not found"]);
  });

  it("accepts a postcode in any case, with or without its space, and a bare district", () => {
    const reference = search(edCase({ postcode: "LS1 1UR" }));
    for (const postcode of ["ls11ur", " LS1  1UR ", "Ls1 1uR"]) {
      const result = search(edCase({ postcode }));
      expect(result.services.map((s) => [s.service.id, s.distance])).toEqual(
        reference.services.map((s) => [s.service.id, s.distance]),
      );
    }
    expect(search(edCase({ postcode: "ls1" })).services.length).toBeGreaterThan(0);
  });

  it.each<[string, RawCase]>([
    ["age missing", { age: undefined }],
    ["age empty", { age: "" }],
    ["age a decimal", { age: "4.5" }],
    ["age not a number", { age: "forty" }],
  ])("114 for %s", (_label, overrides) => {
    const error = fault(edCase(overrides));
    expect([error.code, error.text]).toEqual([
      114,
      "Parameter Validation: Invalid age supplied - mandatory field, only whole numbers allowed",
    ]);
  });

  it.each<[string, string, number]>([
    ["Days", "32", 115],
    ["Days", "-1", 115],
    ["Months", "0", 116],
    ["Months", "24", 116],
    ["Years", "1", 117],
    ["Years", "130", 117],
    ["AgeGroup", "0", 118],
    ["AgeGroup", "5", 118],
  ])("%s %s → %i", (ageFormat, age, code) => {
    expect(fault(edCase({ age, ageFormat })).code).toBe(code);
  });

  it("uses DoS's texts for the age range faults", () => {
    expect(fault(edCase({ age: "32", ageFormat: "Days" })).text).toBe(
      "Parameter Validation: Invalid age value supplied. Supported values where Days format is used are numbers " +
        "between 0-31",
    );
    expect(fault(edCase({ age: "24", ageFormat: "Months" })).text).toBe(
      "Parameter Validation: Invalid age value supplied. Supported values where Months format is used are whole " +
        "numbers between 1-23",
    );
    expect(fault(edCase({ age: "130", ageFormat: "Years" })).text).toBe(
      "Parameter Validation: Invalid age value supplied. Supported values where Years format is used are whole " +
        "numbers between 2-129",
    );
    expect(fault(edCase({ age: "5", ageFormat: "AgeGroup" })).text).toBe(
      "Parameter Validation: Invalid age value supplied. Supported values where AgeGroup is used are: 1, 2, 3, 4",
    );
  });

  it.each([undefined, "", "Weeks", "years"])("119 for age format %p", (ageFormat) => {
    const error = fault(edCase({ ageFormat }));
    expect([error.code, error.text]).toEqual([
      119,
      "Parameter Validation: Invalid age format supplied - supported values Years, Months, Days, AgeGroup",
    ]);
  });

  it.each([
    ["Days", "0", 0],
    ["Days", "31", 31],
    ["Months", "1", 30],
    ["Months", "23", 700],
    ["Years", "2", 730],
    ["Years", "40", 14610],
    ["Years", "129", 47117],
  ])("%s %s is %i days (30.4375 days a month, 365.25 a year, rounded down)", (ageFormat, age, days) => {
    expect(search(edCase({ age, ageFormat })).calculatedAgeInDays).toBe(days);
  });

  it.each(["1", "2", "3", "4"])("accepts AgeGroup %s and omits CalculatedAgeInDays", (age) => {
    const result = search(edCase({ age, ageFormat: "AgeGroup" }));
    expect(result).not.toHaveProperty("calculatedAgeInDays");
    expect(result.services.length).toBeGreaterThan(0);
  });

  it.each(["X", "m", "Male"])("106 for gender %p", (gender) => {
    const error = fault(edCase({ gender }));
    expect([error.code, error.text]).toEqual([
      106,
      "Parameter Validation: Invalid gender supplied - supported values: M, F, I",
    ]);
  });

  it("treats a missing or empty gender as I, which needs services profiled for I", () => {
    const asIndeterminate = search(edCase({ gender: "I" })).services.map((s) => s.service.id);
    expect(search(edCase({ gender: undefined })).services.map((s) => s.service.id)).toEqual(asIndeterminate);
    expect(search(edCase({ gender: "" })).services.map((s) => s.service.id)).toEqual(asIndeterminate);
  });

  describe("searchDateTime (now = 2026-06-10 10:00 BST)", () => {
    it.each([
      "2026-06-10 12:00",
      "2026-06-10T12:00",
      "2026-13-01T00:00:00",
      "2026-06-10T12:00:00+01:00",
      "soon",
    ])("108 for %p", (searchDateTime) => {
      const error = fault(edCase({ searchDateTime }));
      expect([error.code, error.text]).toEqual([
        108,
        "Parameter Validation: Search date and time is invalid",
      ]);
    });

    it("109 more than 12 months ahead, quoting the value", () => {
      const error = fault(edCase({ searchDateTime: "2027-06-10T10:01:00" }));
      expect([error.code, error.text]).toEqual([
        109,
        "Parameter Validation: searchDateTime (2027-06-10T10:01:00) more than 12 months in future",
      ]);
      expect(search(edCase({ searchDateTime: "2027-06-10T09:59:00" })).searchDateTime).toBe(
        "2027-06-10T09:59:00",
      );
    });

    it("110 more than a minute in the past, quoting the value", () => {
      const error = fault(edCase({ searchDateTime: "2026-06-10T09:58:59" }));
      expect([error.code, error.text]).toEqual([
        110,
        "Parameter Validation: searchDateTime (2026-06-10T09:58:59) more than 1 minute in the past",
      ]);
      expect(search(edCase({ searchDateTime: "2026-06-10T09:59:30" })).searchDateTime).toBe(
        "2026-06-10T09:59:30",
      );
    });

    it("reads a time without offset as UK local time and +00:00 or Z as UTC", () => {
      expect(search(edCase({ searchDateTime: "2026-06-10T18:30:00" })).searchDateTime).toBe(
        "2026-06-10T18:30:00",
      );
      expect(search(edCase({ searchDateTime: "2026-06-10T18:30:00+00:00" })).searchDateTime).toBe(
        "2026-06-10T19:30:00",
      );
      expect(search(edCase({ searchDateTime: "2026-12-10T18:30:00Z" })).searchDateTime).toBe(
        "2026-12-10T18:30:00",
      );
    });

    it("evaluates at the request time when absent, echoing it in UK local time", () => {
      const result = search(edCase());
      expect(result.requestedAtDateTime).toBe("2026-06-10T10:00:00");
      expect(result.searchDateTime).toBe("2026-06-10T10:00:00");
    });
  });

  it.each([undefined, "", "abc", "99999"])("120 for symptom group %p", (symptomGroup) => {
    const error = fault(edCase({ symptomGroup }));
    expect([error.code, error.text]).toEqual([120, "Parameter Validation: SG not found"]);
  });

  it.each(["abc", "99999", "1002.5"])("121 for disposition %p", (disposition) => {
    const error = fault(edCase({ disposition }));
    expect([error.code, error.text]).toEqual([121, "Parameter Validation: Disposition not found"]);
  });

  it("ignores a missing or empty disposition, matching every service type", () => {
    const withoutDisposition = search(edCase({ disposition: undefined }));
    expect(search(edCase({ disposition: "" })).services.map((s) => s.service.id)).toEqual(
      withoutDisposition.services.map((s) => s.service.id),
    );
    const withDx02 = new Set(search(edCase()).services.map((s) => s.service.serviceType.id));
    const types = new Set(withoutDisposition.services.map((s) => s.service.serviceType.id));
    expect([...types].some((type) => !withDx02.has(type))).toBe(true);
  });

  it.each<[string, string[] | undefined]>([
    ["absent", undefined],
    ["empty", []],
    ["not a number", ["abc"]],
    ["not valid with SG 1013", ["4193"]],
    ["an unknown discriminator", ["999999"]],
  ])("104 when the discriminator list is %s", (_label, symptomDiscriminators) => {
    const error = fault(edCase({ symptomDiscriminators }));
    expect([error.code, error.text]).toEqual([
      104,
      "Parameter Validation: No valid discriminators passed/SGSD combo not valid",
    ]);
  });

  it("removes duplicate discriminators and drops those invalid with the SG", () => {
    const reference = search(edCase()).services.map((s) => s.service.id);
    expect(
      search(edCase({ symptomDiscriminators: ["4052", "4052"] })).services.map((s) => s.service.id),
    ).toEqual(reference);
    expect(
      search(edCase({ symptomDiscriminators: ["4193", "4052"] })).services.map((s) => s.service.id),
    ).toEqual(reference);
  });

  describe("search distance", () => {
    const { byPostcode, bySector, byDistrict } = engine.storedDistances;
    // A postcode in a district, sector and postcode none of which has a stored distance.
    const unstoredDistrict = ["M1", "B1", "NE1", "BS1", "LS1", "PL1", "OX1", "NR1"].find(
      (d) => !byDistrict.has(d),
    );
    const unstored = (() => {
      for (let sector = 1; sector <= 9; sector++) {
        const postcode = `${unstoredDistrict} ${sector}AB`;
        if (!bySector.has(postcode.slice(0, -2)) && !byPostcode.has(postcode)) return postcode;
      }
      throw new Error("no unstored postcode");
    })();

    it("113 when forced without a distance", () => {
      const error = fault(edCase({ forceSearchDistance: "true", searchDistance: undefined }));
      expect([error.code, error.text]).toEqual([
        113,
        "Parameter Validation: where the distance override value is true, a distance value must be provided",
      ]);
    });

    it("Override: a forced request distance beats every stored one", () => {
      const [postcode] = [...byPostcode.keys()];
      const result = search(edCase({ postcode, forceSearchDistance: "true", searchDistance: "7" }));
      expect([result.searchDistance, result.searchDistanceUsedSource]).toEqual([7, "Override"]);
      const forcedWithOne = search(edCase({ postcode, forceSearchDistance: "1", searchDistance: "8" }));
      expect(forcedWithOne.searchDistanceUsedSource).toBe("Override");
    });

    it("Postcode, Sector, District: stored distances by precedence, ignoring the request's", () => {
      const [postcode, postcodeKm] = [...byPostcode][0];
      const byFullPostcode = search(edCase({ postcode, searchDistance: "500" }));
      expect([byFullPostcode.searchDistance, byFullPostcode.searchDistanceUsedSource]).toEqual([
        postcodeKm,
        "Postcode",
      ]);

      const [sector, sectorKm] = [...bySector][0];
      const inSector = `${sector}ZZ`;
      expect(byPostcode.has(inSector)).toBe(false);
      const bySectorResult = search(edCase({ postcode: inSector, searchDistance: "500" }));
      expect([bySectorResult.searchDistance, bySectorResult.searchDistanceUsedSource]).toEqual([
        sectorKm,
        "Sector",
      ]);

      const sectorDistricts = new Set([...bySector.keys()].map((key) => key.split(" ")[0]));
      const [district, districtKm] = [...byDistrict].find(([d]) => !sectorDistricts.has(d))!;
      const byDistrictResult = search(edCase({ postcode: `${district} 1AB`, searchDistance: "0" }));
      expect([byDistrictResult.searchDistance, byDistrictResult.searchDistanceUsedSource]).toEqual([
        districtKm,
        "District",
      ]);
      const bareDistrict = search(edCase({ postcode: district }));
      expect([bareDistrict.searchDistance, bareDistrict.searchDistanceUsedSource]).toEqual([
        districtKm,
        "District",
      ]);
    });

    it("Web Service: the request's distance when nothing is stored", () => {
      const result = search(edCase({ postcode: unstored, searchDistance: "25" }));
      expect([result.searchDistance, result.searchDistanceUsedSource]).toEqual([25, "Web Service"]);
    });

    it("National: 60 km when nothing is stored or sent", () => {
      const result = search(edCase({ postcode: unstored }));
      expect([result.searchDistance, result.searchDistanceUsedSource]).toEqual([60, "National"]);
    });

    it.each(["0", "100", "-5", "2.5", "far"])(
      "105 for a request distance of %p when it is used",
      (searchDistance) => {
        const error = fault(edCase({ postcode: unstored, searchDistance }));
        expect([error.code, error.text]).toEqual([
          105,
          "Parameter Validation: Search distance must be greater than 0km and less than maximum system distance.",
        ]);
        expect(fault(edCase({ forceSearchDistance: "true", searchDistance })).code).toBe(105);
      },
    );

    it("accepts the bounds 1 and 99", () => {
      expect(search(edCase({ postcode: unstored, searchDistance: "1" })).searchDistance).toBe(1);
      expect(search(edCase({ postcode: unstored, searchDistance: "99" })).searchDistance).toBe(99);
    });
  });

  describe("validation order (open question 1, documented in docs/simulator.md)", () => {
    const allBad: RawCase = {
      postcode: "ZZ9 9ZZ",
      age: "x",
      ageFormat: "Weeks",
      gender: "X",
      searchDateTime: "soon",
      symptomGroup: "1",
      disposition: "7777777",
      symptomDiscriminators: [],
      forceSearchDistance: "true",
    };

    it("reports 113, 101, 105, 114, 119, 106, 108, 120, 121, 104 in that order", () => {
      const order: number[] = [];
      const fixes: RawCase[] = [
        { searchDistance: "0" },
        { postcode: "LS1 1UR" },
        { searchDistance: "5" },
        { age: "40" },
        { ageFormat: "Years" },
        { gender: "F" },
        { searchDateTime: undefined },
        { symptomGroup: "1013" },
        { disposition: "1002" },
        { symptomDiscriminators: ["4052"] },
      ];
      let raw = allBad;
      for (const fix of fixes) {
        order.push(fault(raw).code);
        raw = { ...raw, ...fix };
      }
      expect(order).toEqual([113, 101, 105, 114, 119, 106, 108, 120, 121, 104]);
      expect(search(raw).services.length).toBeGreaterThan(0);
    });
  });
});
