import {
  canonicalDxCode,
  discriminatorsForSymptomGroup,
  dispositionByCode,
  dispositionGroupByUid,
  dispositionGroups,
  dispositions,
  dxCodesWithoutDispositionGroup,
  isValidSgSdPair,
  serviceTypeById,
  symptomDiscriminatorById,
  symptomGroupById,
} from "../../src/reference";

describe("dispositions", () => {
  it.each([
    ["Dx02", 1002, 60],
    ["Dx12", 1012, 120],
    ["Dx75", 1075, 7200],
    ["Dx116", 1116, 360],
    ["Dx325", 11325, 60],
    ["Dx0121", 100121, 60],
    ["Dx1113", 11113, 120],
  ])("maps %s to its specific disposition group %i (%i min), as in the DoS spec", (code, dosId, minutes) => {
    expect(dispositionByCode(code)).toMatchObject({ code, dosId, timeFrameMinutes: minutes });
  });

  it("matches codes case-insensitively and returns the canonical spelling", () => {
    for (const spelling of ["DX02", "dx02", "Dx02", " dX02 "]) {
      expect(dispositionByCode(spelling)).toEqual({
        code: "Dx02",
        dosId: 1002,
        title: "Refer to Treatment Centre within 1 hour",
        timeFrameMinutes: 60,
      });
    }
    expect(canonicalDxCode("DX0121")).toBe("Dx0121");
  });

  it("never maps a code to an aggregate group, though Dx02 is also linked to aggregate uids 1 and 9100", () => {
    expect(dispositionGroupByUid(1)?.dxCodes).toContain("Dx02");
    expect(dispositionGroupByUid(9100)?.dxCodes).toContain("Dx02");
    for (const disposition of dispositions) {
      const group = dispositionGroupByUid(disposition.dosId);
      expect([disposition.code, group?.aggregate]).toEqual([disposition.code, false]);
    }
  });

  it("links Dx335 to group 11335, whose DoS row has no linked code (a documented decision)", () => {
    expect(dispositionGroupByUid(11335)).toMatchObject({ dxCodes: [], aggregate: false });
    expect(dispositionByCode("Dx335")).toMatchObject({ dosId: 11335, timeFrameMinutes: 60 });
  });

  it("does not know Dx codes that have no specific disposition group, and lists them", () => {
    for (const code of ["Dx000", "Dx0120", "Dx62", "Dxnull"]) {
      expect(dispositionByCode(code)).toBeUndefined();
      expect(dxCodesWithoutDispositionGroup).toContain(code);
    }
    expect(dispositionByCode("Dx9999")).toBeUndefined();
    expect(dispositions.length + dxCodesWithoutDispositionGroup.length).toBe(192);
  });

  it("uses one group per code: no two dispositions share a DoS id", () => {
    expect(new Set(dispositions.map((d) => d.dosId)).size).toBe(dispositions.length);
  });
});

describe("disposition groups", () => {
  it("flags exactly uids 1–24 and 9000–9400 as aggregate", () => {
    const aggregate = dispositionGroups.filter((group) => group.aggregate).map((group) => group.uid);
    expect(aggregate).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 15, 17, 18, 19, 20, 21, 22, 23, 24,
      9000, 9001, 9002, 9003, 9004, 9005, 9100, 9101, 9102, 9103, 9200, 9300, 9400,
    ]);
  });

  it("carries the service types DoS returns for a group", () => {
    expect(dispositionGroupByUid(1002)).toMatchObject({
      name: "Refer to Treatment Centre within 1 hour",
      timeFrameMinutes: 60,
      dxCodes: ["Dx02"],
      serviceTypeIds: [40, 46, 105, 120, 138],
    });
    expect(dispositionGroupByUid(9400)).toMatchObject({ timeFrameMinutes: 0, dxCodes: ["Dxnull"] });
    expect(dispositionGroupByUid(1001)).toBeUndefined();
  });

  it("keeps a name with a comma whole (quoted in the CSV)", () => {
    expect(dispositionGroupByUid(1)?.name).toBe("NHS North,See patient at base within 1 hr");
  });
});

describe("symptom groups and discriminators", () => {
  it("looks up by id", () => {
    expect(symptomGroupById(1000)?.name).toBe("Abdominal or Flank Injury, Blunt");
    expect(symptomDiscriminatorById(4003)).toBeDefined();
    expect(symptomGroupById(-1)).toBeUndefined();
    expect(symptomDiscriminatorById(-1)).toBeUndefined();
  });

  it("validates SG–SD pairs against DoS's combination table", () => {
    const sds = discriminatorsForSymptomGroup(1000);
    expect(sds.length).toBeGreaterThan(0);
    expect([...sds]).toEqual([...sds].sort((a, b) => a - b));
    expect(isValidSgSdPair(1000, sds[0])).toBe(true);
    const foreign = discriminatorsForSymptomGroup(300).find((sd) => !sds.includes(sd));
    expect(foreign).toBeDefined();
    expect(isValidSgSdPair(1000, foreign as number)).toBe(false);
    expect(isValidSgSdPair(-1, sds[0])).toBe(false);
    expect(discriminatorsForSymptomGroup(-1)).toEqual([]);
  });
});

describe("service types", () => {
  it("has the national ranking, or null where DoS has none", () => {
    expect(serviceTypeById(13)).toEqual({ id: 13, name: "Pharmacy", nationalRanking: 1 });
    expect(serviceTypeById(105)).toEqual({ id: 105, name: "Emergency Department (ED)", nationalRanking: 9 });
    expect(serviceTypeById(21)).toEqual({ id: 21, name: "Retired", nationalRanking: null });
    expect(serviceTypeById(9999)).toBeUndefined();
  });
});

describe("immutability", () => {
  it("freezes the shared objects", () => {
    const disposition = dispositionByCode("Dx02");
    expect(Object.isFrozen(disposition)).toBe(true);
    expect(Object.isFrozen(dispositionGroupByUid(1002)?.serviceTypeIds)).toBe(true);
    expect(Object.isFrozen(discriminatorsForSymptomGroup(1000))).toBe(true);
  });
});
