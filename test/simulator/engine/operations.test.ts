import { faultOf, london, NOW, professional, publicUser, testEngine } from "./fixtures";

const engine = testEngine();

describe("ServiceDetailsById (spec §6)", () => {
  it("finds a service by its DoS id", () => {
    const service = engine.services[42];
    expect(engine.serviceDetailsById(String(service.id), professional)).toEqual([service]);
    expect(engine.serviceDetailsById(` ${service.id} `, professional)).toEqual([service]);
  });

  it("returns every service sharing an ODS code (an acute trust's ED and its co-located UTC)", () => {
    const ed = engine.services.find(
      (s) =>
        s.serviceType.id === 105 &&
        engine.services.some((o) => o !== s && o.odsCode === s.odsCode && o.serviceType.id === 150),
    )!;
    const sharing = engine.services.filter((s) => s.odsCode === ed.odsCode);
    const found = engine.serviceDetailsById(ed.odsCode, professional);
    expect(found.map((s) => s.id).sort()).toEqual(sharing.map((s) => s.id).sort());
    expect(new Set(found.map((s) => s.serviceType.id))).toEqual(
      new Set(sharing.map((s) => s.serviceType.id)),
    );
    expect(engine.serviceDetailsById(ed.odsCode.toLowerCase(), publicUser)).toHaveLength(sharing.length);
  });

  it("returns a pharmacy and its Pharmacy First service by their shared ODS code", () => {
    const enhanced = engine.services.find((s) => s.serviceType.id === 132)!;
    const types = engine.serviceDetailsById(enhanced.odsCode, professional).map((s) => s.serviceType.id);
    expect(types.sort()).toEqual([13, 132]);
  });

  it("finds a service whose ODS code is its DoS id once, not twice", () => {
    const service = engine.services.find((s) => s.odsCode === String(s.id))!;
    expect(engine.serviceDetailsById(service.odsCode, professional)).toEqual([service]);
  });

  it.each([undefined, "", "   ", "NOPE1", "1"])(
    "103 for %p (open question 3: a fault, not an empty list)",
    (id) => {
      const error = faultOf(() => engine.serviceDetailsById(id, professional));
      expect([error.code, error.text]).toEqual([103, "Request Response: Service not found"]);
    },
  );
});

describe("GetHospitalScores (spec §7)", () => {
  const activeEds = engine.services.filter((s) => s.serviceType.id === 105 && s.status === "active");

  it("lists every active ED with a score 0–100, a note and a UK local update time no later than now", () => {
    const hospitals = engine.getHospitalScores(professional, NOW);
    expect(hospitals.map((h) => h.name).sort()).toEqual(activeEds.map((s) => s.name).sort());
    for (const hospital of hospitals) {
      expect(Number.isInteger(hospital.score) && hospital.score >= 0 && hospital.score <= 100).toBe(true);
      expect(hospital.note).toMatch(/^OPEL [1-4]: /);
      expect(hospital.updateDate).toMatch(/^2026-06-10 (09|10):\d{2}:\d{2}$/);
      expect(hospital.updateDate <= "2026-06-10 10:00:00").toBe(true);
      expect(hospital.updateDate > "2026-06-10 09:45:00").toBe(true);
    }
  });

  it("is repeatable at an instant and changes over time", () => {
    const scores = (now: Date) =>
      engine.getHospitalScores(professional, now).map((h) => [h.score, h.updateDate]);
    expect(scores(NOW)).toEqual(scores(NOW));
    const later = scores(london("2026-06-10T14:00"));
    expect(later).not.toEqual(scores(NOW));
    expect(new Set(later.map(([score]) => score)).size).toBeGreaterThan(10);
  });

  it("writes winter times in GMT", () => {
    const [hospital] = engine.getHospitalScores(professional, new Date("2026-12-01T12:00:00Z"));
    expect(hospital.updateDate).toMatch(/^2026-12-01 11:(4[5-9]|5\d):\d{2}$|^2026-12-01 12:00:00$/);
  });
});
