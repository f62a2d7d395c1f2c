import { discriminatorsForSymptomGroup, dispositionGroups, serviceTypeById } from "../../../src/reference";
import { locatePostcode } from "../../../src/simulator/engine/geography";
import { type RawCase, type SimSearchResult, type SimService } from "../../../src/simulator/engine/types";
import {
  edCase,
  faultOf,
  gpCase,
  london,
  NOW,
  professional,
  publicUser,
  testEngine,
  typeIds,
} from "./fixtures";

const engine = testEngine();
const search = (raw: RawCase, account = professional, now = NOW) =>
  engine.checkCapacitySummary(raw, account, now);
const ids = (result: SimSearchResult) => result.services.map((item) => item.service.id);

/** Runs `body` with services pinned to a status, then hands them back to the capacity clock. */
function withCapacity<T>(services: SimService[], rag: "GREEN" | "AMBER" | "RED", body: () => T): T {
  for (const service of services) engine.setCapacity(service.id, rag);
  try {
    return body();
  } finally {
    for (const service of services) engine.resetCapacity(service.id);
  }
}

const CITY_CENTRES = [
  "LS1 1UR",
  "M1 1AE",
  "B1 1BB",
  "BS1 3EA",
  "NE1 7RU",
  "SE1 7PB",
  "NR1 3JU",
  "PL1 1EA",
  "CB2 1TN",
  "CA1 1RR",
  "TR1 2AA",
  "OX1 1AA",
];

describe("demo searches", () => {
  it.each(CITY_CENTRES)(
    "an adult needing a treatment centre within an hour gets services near %s",
    (postcode) => {
      for (const now of [NOW, london("2026-06-14T03:00"), london("2026-12-25T15:00")]) {
        const result = search(edCase({ postcode }), professional, now);
        const normal = result.services.filter((s) => !s.name.endsWith(" (Catch-all)"));
        expect(normal.length).toBeGreaterThan(0);
        expect(typeIds(result)).toContain(105);
      }
    },
  );

  it("a primary care search on a weekday morning offers a GP practice", () => {
    expect(typeIds(search(gpCase()))).toContain(100);
  });

  it("a pharmacy disposition (Dx28 → 1028, contact a pharmacist within 24 hours) offers pharmacies", () => {
    const result = search(edCase({ disposition: "1028", symptomDiscriminators: ["4003"] }));
    expect(typeIds(result).filter((type) => type === 13)).toHaveLength(2);
  });
});

describe("matching", () => {
  it("keeps every result inside the search box and reports straight-line miles to one decimal", () => {
    const result = search(edCase({ postcode: "M1 1AE", forceSearchDistance: "true", searchDistance: "20" }));
    const origin = locatePostcode("M1 1AE")!;
    for (const { service, distance } of result.services) {
      expect(Math.abs(service.easting - origin.easting)).toBeLessThanOrEqual(20_000);
      expect(Math.abs(service.northing - origin.northing)).toBeLessThanOrEqual(20_000);
      const miles =
        Math.hypot(service.easting - origin.easting, service.northing - origin.northing) / 1609.344;
      expect(distance).toBe(miles.toFixed(1));
    }
  });

  it("returns only services profiled with the disposition, SG, every SD, age and gender", () => {
    const result = search(edCase({ disposition: "1005", symptomDiscriminators: ["4003"] }));
    expect(result.services.length).toBeGreaterThan(0);
    for (const { service } of result.services) {
      expect(service.dispositions).toContain(1005);
      expect(service.symptomGroups).toContain(1013);
      expect(service.symptomDiscriminators).toContain(4003);
      expect(service.genders).toContain("F");
      expect(service.ageRanges.some((r) => r.daysFrom <= 14610 && r.daysTo >= 14610)).toBe(true);
      expect(service.status).toBe("active");
      expect(service.rag).not.toBe("RED");
    }
  });

  it("never returns female-only services to a male patient", () => {
    const clinic = engine.services.find(
      (s) => s.genders.join() === "F" && s.status === "active" && s.rota.some((r) => r.day === "Wednesday"),
    )!;
    const symptomGroup = clinic.symptomGroups.find((sg) => discriminatorsForSymptomGroup(sg).length > 0)!;
    const discriminator = discriminatorsForSymptomGroup(symptomGroup).find((sd) =>
      clinic.symptomDiscriminators.includes(sd),
    )!;
    const raw = edCase({
      postcode: clinic.postcode,
      disposition: undefined,
      symptomGroup: String(symptomGroup),
      symptomDiscriminators: [String(discriminator)],
      age: "30",
    });
    const wednesday = london("2026-06-10T11:00");
    withCapacity([clinic], "GREEN", () => {
      expect(ids(search({ ...raw, gender: "F" }, professional, wednesday))).toContain(clinic.id);
      const forMen = search({ ...raw, gender: "M" }, professional, wednesday);
      expect(ids(forMen)).not.toContain(clinic.id);
      expect(forMen.services.every(({ service }) => service.genders.includes("M"))).toBe(true);
    });
  });

  it("gives public accounts no professional-only services, and professionals some", () => {
    const raw = gpCase({ disposition: undefined });
    const forProfessional = search(raw, professional);
    const forPublic = search(raw, publicUser);
    expect(forProfessional.services.some(({ service }) => service.professionalOnly)).toBe(true);
    expect(forPublic.services.some(({ service }) => service.professionalOnly)).toBe(false);
  });

  it("returns a restricted service only to patients of a practice on its referral list", () => {
    const restricted = engine.services.find(
      (s) => s.restricted && s.serviceType.id === 25 && s.status === "active" && !s.professionalOnly,
    )!;
    const evening = london("2026-06-10T21:00");
    const raw = gpCase({ postcode: restricted.postcode });
    withCapacity([restricted], "GREEN", () => {
      expect(ids(search(raw, professional, evening))).not.toContain(restricted.id);
      expect(ids(search({ ...raw, surgery: "Z99999" }, professional, evening))).not.toContain(restricted.id);
      const registered = search({ ...raw, surgery: restricted.referralOdsCodes[0] }, professional, evening);
      const item = registered.services.find((s) => s.service.id === restricted.id);
      expect(item?.name).toBe(`${restricted.name} (Home OOH)`);
    });
  });
});

describe("capacity", () => {
  it("excludes RED services and returns them when the control API resets them", () => {
    const before = search(edCase());
    const first = before.services[0].service;
    withCapacity([first], "RED", () => {
      expect(ids(search(edCase()))).not.toContain(first.id);
    });
    withCapacity([first], "AMBER", () => {
      const item = search(edCase()).services.find((s) => s.service.id === first.id);
      expect(item?.service.rag).toBe("AMBER");
    });
    expect(ids(search(edCase()))).toEqual(ids(before));
  });

  it("rejects unknown ids in the control API", () => {
    expect(engine.setCapacity(1, "RED")).toBe(false);
    expect(engine.resetCapacity(1)).toBe(false);
  });

  it("changes statuses every 15 minutes from the seed: mostly GREEN, some AMBER, a few RED", () => {
    const statuses = (now: Date) => {
      search(edCase(), professional, now);
      return engine.services.map((s) => s.rag);
    };
    const at1000 = statuses(london("2026-06-10T10:00"));
    const at1014 = statuses(london("2026-06-10T10:14"));
    const at1015 = statuses(london("2026-06-10T10:15"));
    expect(at1014).toEqual(at1000);
    expect(at1015).not.toEqual(at1000);
    const share = (rag: string) => at1000.filter((r) => r === rag).length / at1000.length;
    expect(share("GREEN")).toBeGreaterThan(0.75);
    expect(share("AMBER")).toBeGreaterThan(0.05);
    expect(share("RED")).toBeGreaterThan(0.01);
    expect(share("RED")).toBeLessThan(share("AMBER"));
    expect(statuses(london("2026-06-10T10:00"))).toEqual(at1000);
  });
});

describe("ordering (spec §5.5 step 7)", () => {
  const rank = (item: { service: SimService }) =>
    serviceTypeById(item.service.serviceType.id)?.nationalRanking ?? 11;

  it.each(CITY_CENTRES)("orders by national ranking (1 first), then distance, near %s", (postcode) => {
    const items = search(edCase({ postcode, disposition: undefined })).services;
    for (let i = 1; i < items.length; i++) {
      expect(rank(items[i])).toBeGreaterThanOrEqual(rank(items[i - 1]));
      if (rank(items[i]) === rank(items[i - 1])) {
        expect(Number(items[i].distance)).toBeGreaterThanOrEqual(Number(items[i - 1].distance));
      }
    }
  });

  it("keeps two per service type, one for GP practices and IUC types", () => {
    for (const postcode of CITY_CENTRES) {
      for (const raw of [
        edCase({ postcode, disposition: undefined }),
        gpCase({ postcode, disposition: undefined }),
      ]) {
        const counts = new Map<number, number>();
        for (const type of typeIds(search(raw))) counts.set(type, (counts.get(type) ?? 0) + 1);
        for (const [type, count] of counts) {
          expect(count).toBeLessThanOrEqual([100, 130, 133, 137, 138, 139].includes(type) ? 1 : 2);
        }
      }
    }
  });

  it("trims to the cap: hiding the returned GP practice or pharmacies reveals others that matched too", () => {
    const gp = search(gpCase()).services.filter((s) => s.service.serviceType.id === 100);
    expect(gp).toHaveLength(1);
    withCapacity([gp[0].service], "RED", () => {
      const next = search(gpCase()).services.filter((s) => s.service.serviceType.id === 100);
      expect(next).toHaveLength(1);
      expect(next[0].service.id).not.toBe(gp[0].service.id);
    });
    const pharmacyCase = edCase({ disposition: "1028", symptomDiscriminators: ["4003"] });
    const pharmacies = search(pharmacyCase).services.filter((s) => s.service.serviceType.id === 13);
    withCapacity(
      pharmacies.map((p) => p.service),
      "RED",
      () => {
        const next = search(pharmacyCase).services.filter((s) => s.service.serviceType.id === 13);
        expect(next).toHaveLength(2);
        expect(next.map((p) => p.service.id).some((id) => pharmacies.some((p) => p.service.id === id))).toBe(
          false,
        );
      },
    );
  });

  it("puts the patient's own practice first among GP practices, even when it is not the nearest", () => {
    const origin = locatePostcode("LS1 1UR")!;
    const nearest = search(gpCase()).services.find((s) => s.service.serviceType.id === 100)!.service;
    const home = engine.services.find(
      (s) =>
        s.serviceType.id === 100 &&
        s.status === "active" &&
        s.id !== nearest.id &&
        s.specifiedDates.length === 0 &&
        Math.hypot(s.easting - origin.easting, s.northing - origin.northing) < 8000,
    )!;
    const result = withCapacity([home], "GREEN", () =>
      search(gpCase({ surgery: home.odsCode.toLowerCase() })),
    );
    const practices = result.services.filter((s) => s.service.serviceType.id === 100);
    expect(practices.map((s) => s.name)).toEqual([`${home.name} (Home)`]);
  });
});

describe("catch-all and 102 (spec §5.6, §8.2)", () => {
  const generatedTypes = new Set(engine.services.map((s) => s.serviceType.id));
  const unservedDisposition = dispositionGroups.find(
    (group) => !group.aggregate && !group.serviceTypeIds.some((type) => generatedTypes.has(type)),
  )!;

  /** The two nearest active EDs inside the 60 km box, computed from the directory. */
  function twoNearestEds(postcode: string): number[] {
    const origin = locatePostcode(postcode)!;
    return engine.services
      .filter(
        (s) =>
          s.serviceType.id === 105 &&
          s.status === "active" &&
          Math.abs(s.easting - origin.easting) <= 60_000 &&
          Math.abs(s.northing - origin.northing) <= 60_000,
      )
      .map((s) => ({
        id: s.id,
        metres: Math.hypot(s.easting - origin.easting, s.northing - origin.northing),
      }))
      .sort((a, b) => a.metres - b.metres)
      .slice(0, 2)
      .map((s) => s.id);
  }

  it.each(["LS1 1UR", "TR1 2AA", "CA1 1RR"])(
    "returns the two nearest active EDs, suffixed (Catch-all), when nothing matches near %s",
    (postcode) => {
      const raw = edCase({
        postcode,
        disposition: String(unservedDisposition.uid),
        forceSearchDistance: "true",
        searchDistance: "1",
      });
      const result = search(raw);
      expect(ids(result)).toEqual(twoNearestEds(postcode));
      for (const item of result.services) {
        expect(item.name).toBe(`${item.service.name} (Catch-all)`);
        expect(item.service.serviceType.id).toBe(105);
      }
    },
  );

  it("ignores capacity and profile in the catch-all", () => {
    const raw = edCase({
      disposition: String(unservedDisposition.uid),
      age: "3",
      ageFormat: "Days",
      gender: "M",
    });
    const expected = twoNearestEds("LS1 1UR");
    const eds = engine.services.filter((s) => expected.includes(s.id));
    withCapacity(eds, "RED", () => expect(ids(search(raw))).toEqual(expected));
  });

  it.each(["CF10 1EP", "EH1 1YZ", "BT1 1AA", "LL11 1AA", "SA1 1AA"])(
    "answers 102 for %s, outside DoS England",
    (postcode) => {
      const error = faultOf(() => search(edCase({ postcode })));
      expect([error.code, error.text]).toEqual([102, "Service Search: No services found"]);
      expect(
        faultOf(() =>
          search(
            edCase({ postcode, disposition: undefined, forceSearchDistance: "true", searchDistance: "99" }),
          ),
        ).code,
      ).toBe(102);
    },
  );

  it("still searches districts on the border, which DoS England serves", () => {
    expect(search(edCase({ postcode: "CH1 1AA" })).services.length).toBeGreaterThan(0);
  });
});
