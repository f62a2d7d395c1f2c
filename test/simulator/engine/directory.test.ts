import { performance } from "node:perf_hooks";
import {
  dispositionGroupByUid,
  isValidSgSdPair,
  postcodeDistrict,
  postcodeDistricts,
  serviceTypeById,
} from "../../../src/reference";
import { createSimEngine } from "../../../src/simulator/engine";
import { locatePostcode } from "../../../src/simulator/engine/geography";
import { edCase, gpCase, NOW, professional, SEED, testEngine } from "./fixtures";

const engine = testEngine();
const { services } = engine;
const outcodeOf = (postcode: string) => postcode.split(" ")[0];

describe("the synthetic directory", () => {
  it("is the same for the same seed (whatever the year, apart from dates) and differs for another", () => {
    const again = createSimEngine({ seed: SEED, now: () => NOW });
    expect(JSON.stringify(again.services)).toBe(JSON.stringify(services));
    expect([...again.storedDistances.byDistrict]).toEqual([...engine.storedDistances.byDistrict]);
    const nextYear = createSimEngine({ seed: SEED, now: () => new Date("2027-03-01T12:00:00Z") });
    // Capacity and hospital scores follow the clock, specified dates the year; everything else must match.
    const withoutDates = (list: typeof services) =>
      JSON.stringify(
        list.map(({ specifiedDates, rag: _rag, hospitalScore: _score, ...rest }) => [
          rest,
          specifiedDates.length,
        ]),
      );
    expect(withoutDates(nextYear.services)).toBe(withoutDates(services));
    expect(nextYear.services.flatMap((s) => s.specifiedDates).some((d) => d.date.startsWith("2028"))).toBe(
      true,
    );
    const other = createSimEngine({ seed: `${SEED}-other`, now: () => NOW });
    expect(other.services.map((s) => s.id)).not.toEqual(services.map((s) => s.id));
    expect(other.services.slice(0, 50).map((s) => s.name)).not.toEqual(
      services.slice(0, 50).map((s) => s.name),
    );
  });

  it("holds thousands of services in every English postcode district and none outside DoS England", () => {
    expect(services.length).toBeGreaterThan(5000);
    const served = new Set(services.map((s) => outcodeOf(s.postcode)));
    const english = postcodeDistricts.filter((d) => d.country === "england");
    expect(english.filter((d) => !served.has(d.outcode)).map((d) => d.outcode)).toEqual([]);
    for (const outcode of served) {
      expect(["england", "cross-border"]).toContain(postcodeDistrict(outcode)?.country);
    }
  });

  it("places each service at its own postcode's position, so a search from there is 0.0 miles away", () => {
    const misplaced = services.filter((service) => {
      const location = locatePostcode(service.postcode);
      return location?.easting !== service.easting || location.northing !== service.northing;
    });
    expect(misplaced).toEqual([]);
    expect(services.filter((s) => !s.address.endsWith(`, ${s.postcode}`))).toEqual([]);
  });

  it("uses real service types in plausible numbers", () => {
    const count = (typeId: number) => services.filter((s) => s.serviceType.id === typeId).length;
    expect(services.filter((s) => serviceTypeById(s.serviceType.id)?.name !== s.serviceType.name)).toEqual(
      [],
    );
    expect(count(100)).toBeGreaterThan(2000);
    expect(count(13)).toBeGreaterThan(2000);
    expect(count(105)).toBeGreaterThan(100);
    expect(count(105)).toBeLessThan(400);
    for (const typeId of [12, 25, 46, 130, 132, 133, 135, 137, 139, 150])
      expect(count(typeId)).toBeGreaterThan(20);
  });

  it("gives unique DoS-range ids and ODS codes in realistic formats, some shared by several services", () => {
    const ids = services.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id >= 100_000 && id <= 2 ** 31 - 1)).toBe(true);
    const byType = (typeId: number) =>
      services.filter((s) => s.serviceType.id === typeId).map((s) => s.odsCode);
    expect(byType(100).every((code) => /^[A-Z]\d{5}$/.test(code))).toBe(true);
    expect(byType(13).every((code) => /^F[A-Z]{2}\d{2}$/.test(code))).toBe(true);
    expect(byType(105).every((code) => /^R[A-Z0-9]{2}\d{2}$/.test(code))).toBe(true);
    const perCode = new Map<string, number>();
    for (const s of services) perCode.set(s.odsCode, (perCode.get(s.odsCode) ?? 0) + 1);
    const sharedByEd = services.filter((s) => s.serviceType.id === 105 && (perCode.get(s.odsCode) ?? 0) > 1);
    expect(sharedByEd.length).toBeGreaterThan(20);
  });

  it("profiles SDs valid with a profiled SG, and dispositions whose groups list the service's type", () => {
    const problems: string[] = [];
    const checked = new Set<unknown>();
    for (const service of services) {
      if (!checked.has(service.symptomDiscriminators)) {
        checked.add(service.symptomDiscriminators);
        const orphans = service.symptomDiscriminators.filter(
          (sd) => !service.symptomGroups.some((sg) => isValidSgSdPair(sg, sd)),
        );
        if (orphans.length > 0) problems.push(`${service.name}: SDs ${orphans.join()} fit no profiled SG`);
      }
      const foreign = service.dispositions.filter(
        (uid) => !dispositionGroupByUid(uid)?.serviceTypeIds.includes(service.serviceType.id),
      );
      if (foreign.length > 0)
        problems.push(`${service.name}: dispositions ${foreign.join()} are for other types`);
    }
    expect(problems).toEqual([]);
    expect(services.find((s) => s.serviceType.id === 105)?.dispositions).toContain(1002);
  });

  it("writes rotas DoS's way: sessions within a day, 23:59 meaning midnight, and known age bands", () => {
    const bands = new Set([
      "0-47481.5",
      "5844-47481.5",
      "1826.25-5843",
      "365.25-1825.25",
      "0-364.25",
      "23741.25-47481.5",
      "365.25-47481.5",
      "4748.25-47481.5",
    ]);
    const badSessions = services.filter((s) =>
      s.rota.some((r) => r.startMinute < 0 || r.endMinute > 1440 || r.endMinute <= r.startMinute),
    );
    expect(badSessions).toEqual([]);
    expect(services.filter((s) => s.openAllHours && s.rota.length > 0)).toEqual([]);
    expect(services.filter((s) => s.ageRanges.some((r) => !bands.has(`${r.daysFrom}-${r.daysTo}`)))).toEqual(
      [],
    );
    expect(services.filter((s) => s.genders.length === 0)).toEqual([]);
    const patterns = new Set(services.map((s) => JSON.stringify(s.rota)));
    expect(patterns.size).toBeGreaterThan(8);
    expect(services.some((s) => s.rota.some((r) => r.endMinute === 1440 && r.startMinute > 0))).toBe(true);
    expect(services.some((s) => s.rota.some((r) => r.day === "Bankholiday"))).toBe(true);
    expect(services.some((s) => s.specifiedDates.some((d) => d.endMinute === 0))).toBe(true);
    expect(services.some((s) => s.specifiedDates.some((d) => d.endMinute > 0))).toBe(true);
  });

  it("uses only fictional contact details: Ofcom drama numbers and reserved .example domains", () => {
    const dramaNumber = new RegExp(
      "^(0113 496 0|0114 496 0|0115 496 0|0116 496 0|0117 496 0|0118 496 0|0121 496 0|0151 496 0|0161 496 0|" +
        "0191 498 0|020 7946 0)\\d{3}$|^(01632 960|03069 990)\\d{3}$",
    );
    const endpointPattern: Record<string, RegExp> = {
      email: /^[a-z0-9.-]+@nhs\.example$/,
      itk: /^https:\/\/[a-z0-9.-]+\.example\/NHS111v2\.svc$/,
      telno: dramaNumber,
      faxno: dramaNumber,
      http: /^(ODS:[A-Z0-9]+|ASID:\d{12})$/,
      dts: /^X26[A-Z]{2}\d{3}$/,
    };
    const problems: string[] = [];
    for (const service of services) {
      for (const phone of [service.publicPhone, service.nonPublicPhone, service.fax]) {
        if (phone && !dramaNumber.test(phone)) problems.push(`${service.id} phone ${phone}`);
      }
      if (service.url && !/^www\.[a-z0-9-]+\.example$/.test(service.url))
        problems.push(`${service.id} url ${service.url}`);
      for (const endpoint of service.endpoints) {
        if (!endpointPattern[endpoint.transport]?.test(endpoint.address)) {
          problems.push(`${service.id} ${endpoint.transport} ${endpoint.address}`);
        }
        if (endpoint.compression !== "uncompressed") problems.push(`${service.id} compression`);
      }
      if (!service.referralInformation.startsWith("Referral Information: "))
        problems.push(`${service.id} referral`);
      for (const attribute of service.attributes) {
        if (attribute.dataType !== "Boolean" || !["TRUE", "FALSE"].includes(attribute.value)) {
          problems.push(`${service.id} attribute ${attribute.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const transports = new Set(services.flatMap((s) => s.endpoints.map((e) => e.transport)));
    expect([...transports].sort()).toEqual(["dts", "email", "faxno", "http", "itk", "telno"]);
    const scenarios = new Set(services.flatMap((s) => s.endpoints.map((e) => e.businessScenario)));
    expect([...scenarios].sort()).toEqual(["Copy", "Primary"]);
    const attributes = new Set(services.flatMap((s) => s.attributes.map((a) => a.name)));
    expect([...attributes].sort()).toEqual([
      "Digital_Go_With_Notif",
      "Website Signposting",
      "requirebooking",
      "webchat_enabled",
    ]);
  });

  it("has professional-only, restricted, closed and female-only services for the rules to act on", () => {
    expect(services.filter((s) => s.professionalOnly).length).toBeGreaterThan(100);
    const restricted = services.filter((s) => s.restricted);
    expect(restricted.length).toBeGreaterThan(20);
    expect(restricted.every((s) => s.referralOdsCodes.length > 0)).toBe(true);
    const gpCodes = new Set(services.filter((s) => s.serviceType.id === 100).map((s) => s.odsCode));
    expect(restricted.every((s) => s.referralOdsCodes.every((code) => gpCodes.has(code)))).toBe(true);
    expect(services.filter((s) => s.status === "closed").length).toBeGreaterThan(20);
    expect(services.some((s) => s.genders.join() === "F")).toBe(true);
  });

  it("stores search distances for some postcodes, sectors and districts, larger in rural districts", () => {
    const { byPostcode, bySector, byDistrict } = engine.storedDistances;
    expect(byPostcode.size).toBeGreaterThan(50);
    expect(bySector.size).toBeGreaterThan(50);
    expect(byDistrict.size).toBeGreaterThan(500);
    for (const km of [...byPostcode.values(), ...bySector.values(), ...byDistrict.values()]) {
      expect(Number.isInteger(km) && km >= 1 && km <= 99).toBe(true);
    }
    const mean = (outcodes: string[]) => {
      const kms = outcodes.flatMap((o) => byDistrict.get(o) ?? []);
      return kms.reduce((a, b) => a + b, 0) / kms.length;
    };
    const cities = ["EC1A", "EC2A", "WC1A", "WC2N", "SE1", "M1", "M2", "M3", "B1", "B2", "B3", "LS1", "LS2"];
    const rural = postcodeDistricts.filter((d) =>
      /^(TR2\d|LD|HR[1-9]|CA1[0-9]|DL8|TD1|EX3[1-9]|PL2\d)/.test(d.outcode),
    );
    expect(mean(rural.map((d) => d.outcode))).toBeGreaterThan(mean(cities));
  });
});

describe("cost (measured and reported, not asserted)", () => {
  it("generates a directory and answers searches quickly", () => {
    const started = performance.now();
    const fresh = createSimEngine({ seed: "timing", now: () => NOW });
    const startupMs = performance.now() - started;
    const postcodes = ["LS1 1UR", "M1 1AE", "B1 1BB", "BS1 3EA", "NE1 7RU", "SE1 7PB", "NR1 3JU", "PL1 1EA"];
    const cases = [
      edCase(),
      gpCase(),
      edCase({ disposition: "1028", symptomDiscriminators: ["4003"] }),
      gpCase({ disposition: undefined }),
    ];
    for (let i = 0; i < 200; i++) {
      fresh.checkCapacitySummary({ ...cases[i % 4], postcode: postcodes[i % 8] }, professional, NOW);
    }
    const runs = 2000;
    const searchStarted = performance.now();
    for (let i = 0; i < runs; i++) {
      fresh.checkCapacitySummary({ ...cases[i % 4], postcode: postcodes[i % 8] }, professional, NOW);
    }
    const perSearchMs = (performance.now() - searchStarted) / runs;
    console.log(
      `simulator engine: ${fresh.services.length} services, start-up ${startupMs.toFixed(0)} ms, ` +
        `${perSearchMs.toFixed(3)} ms per search (mean of ${runs}, under Jest)`,
    );
    expect(fresh.services.length).toBeGreaterThan(5000);
  });
});
