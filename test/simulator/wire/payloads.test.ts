import { type RunningSimulator } from "../../../src/simulator";
import { type SimService } from "../../../src/simulator/engine/types";
import { validatePayload } from "../../helpers/xsd";
import {
  bodyOf,
  ccsBody,
  type Destination,
  destinationsOf,
  envelope,
  faultOf,
  LEEDS_CASE,
  NOW,
  post,
  startTestSimulator,
  userInfo,
} from "./soap-helpers";

/*
 * Every answer the simulator gives must validate against the *published* v1.5 schema (test/helpers/xsd.ts,
 * xmllint), and carry the engine's data in DoS's shapes. Searches start from service postcodes spread over the
 * whole synthetic directory, with the case varied per search.
 */

let simulator: RunningSimulator;
let services: Map<string, SimService>;
beforeAll(async () => {
  simulator = await startTestSimulator();
  services = new Map(simulator.engine.services.map((s) => [String(s.id), s]));
});
afterAll(() => simulator.stop());

const CASES: Record<string, string>[] = [
  LEEDS_CASE, // ED-capable treatment within an hour
  { ...LEEDS_CASE, disposition: "1005", symptomDiscriminatorList: "<web:int>4003</web:int>" }, // primary care, 2 h
  { ...LEEDS_CASE, disposition: "1028", symptomDiscriminatorList: "<web:int>4003</web:int>" }, // pharmacist, 24 h
  {
    ...LEEDS_CASE,
    disposition: "1008",
    symptomDiscriminatorList: "<web:int>4003</web:int>",
    searchDateTime: "2026-06-11T02:00:00",
  },
  { ...LEEDS_CASE, age: "2", ageFormat: "AgeGroup", gender: "M" }, // AgeGroup: no CalculatedAgeInDays
  { ...LEEDS_CASE, disposition: "", surgery: "UNK", forceSearchDistance: "true", searchDistance: "5" },
];

describe("CheckCapacitySummary payloads", () => {
  it("validate against the published schema and carry the engine's data, over many searches", async () => {
    const origins = simulator.engine.services.filter((_, index) => index % 199 === 0).map((s) => s.postcode);
    const seen = {
      searches: 0,
      destinations: 0,
      rota: 0,
      specified: 0,
      attributes: 0,
      endpoints: 0,
      ageGroup: 0,
    };
    const faultCodes = new Set<number>();

    for (const [index, postcode] of origins.entries()) {
      const soapVersion = index % 3 === 0 ? "1.1" : "1.2";
      const account = index % 4 === 0 ? userInfo("public", "public") : userInfo();
      const fields: Record<string, string> = { ...CASES[index % CASES.length], postcode };
      const response = await post(
        simulator.soapUrl,
        envelope(ccsBody(fields, account), { soap: soapVersion }),
      );
      if (response.status !== 200) {
        faultCodes.add(faultOf(response.text)[0]);
        continue;
      }
      const validation = validatePayload(response.text);
      expect({ postcode, errors: validation.errors }).toEqual({ postcode, errors: [] });

      const header = bodyOf(response.text).CheckCapacitySummaryResponse as Record<string, unknown>;
      if (fields.ageFormat === "AgeGroup") {
        expect(header).not.toHaveProperty("CalculatedAgeInDays");
        seen.ageGroup++;
      } else {
        expect(header.CalculatedAgeInDays).toBe("14610");
      }
      for (const destination of destinationsOf(response.text)) {
        expectDestinationToShow(destination, services.get(destination.id)!, response.text);
        const service = services.get(destination.id)!;
        seen.destinations++;
        if (service.rota.length) seen.rota++;
        if (service.specifiedDates.length) seen.specified++;
        if (service.attributes.length) seen.attributes++;
        if (service.endpoints.length) seen.endpoints++;
      }
      seen.searches++;
    }

    // The run must have exercised every shape, or it proves little.
    expect(seen.searches).toBeGreaterThanOrEqual(40);
    for (const [shape, count] of Object.entries(seen)) expect([shape, count > 0]).toEqual([shape, true]);
    // Failed searches may only be DoS's own "nothing found" faults, never wire errors.
    expect([...faultCodes].filter((code) => code !== 102 && code !== 101)).toEqual([]);
  });

  it("sends unset strings as empty elements and always sends the five arrays, even when empty", async () => {
    const response = await post(simulator.soapUrl, envelope(ccsBody()));
    const first = destinationsOf(response.text)[0];
    const service = services.get(first.id)!;
    expect(service.publicName).toBe(""); // the synthetic directory leaves most public names unset
    const xml = response.text.slice(response.text.indexOf(`<ns1:id>${first.id}</ns1:id>`));
    expect(xml).toMatch(
      /^<ns1:id>\d+<\/ns1:id><ns1:capacity>(High|Low)<\/ns1:capacity><ns1:name>[^<]+<\/ns1:name><ns1:publicName\/>/,
    );
    for (const array of [
      "serviceEndpoints",
      "rotaSessions",
      "openTimeSpecifiedSessions",
      "attributes",
      "serviceAgeRange",
    ]) {
      expect(first).toHaveProperty(array);
    }
    expect(response.text).not.toContain("capacityAttributes");
  });

  it("names the catch-all services as the engine does and keeps them schema-valid", async () => {
    const catchAll = { ...LEEDS_CASE, postcode: "OX1 1AA", disposition: "1038" };
    const response = await post(simulator.soapUrl, envelope(ccsBody(catchAll)));
    expect(response.status).toBe(200);
    expect(destinationsOf(response.text).map((d) => d.name)).toEqual([
      expect.stringMatching(/ \(Catch-all\)$/),
      expect.stringMatching(/ \(Catch-all\)$/),
    ]);
    expect(validatePayload(response.text).errors).toEqual([]);
  });
});

describe("ServiceDetailsById payloads", () => {
  it("validate and list each service's endpoints in order, for ids and shared ODS codes", async () => {
    const sample = simulator.engine.services.filter((_, index) => index % 500 === 0);
    const withoutEndpoints = simulator.engine.services.find((s) => s.endpoints.length === 0)!;
    const sharedOds = simulator.engine.services.find((s) => s.serviceType.id === 132)!.odsCode;

    for (const serviceId of [...sample.map((s) => String(s.id)), String(withoutEndpoints.id), sharedOds]) {
      const body = `<web:ServiceDetailsById>${userInfo()}<web:serviceId>${serviceId}</web:serviceId></web:ServiceDetailsById>`;
      const response = await post(simulator.soapUrl, envelope(body));
      expect(response.status).toBe(200);
      expect(validatePayload(response.text).errors).toEqual([]);

      const expected = simulator.engine.serviceDetailsById(serviceId, demoAccount());
      const listed = (
        bodyOf(response.text).ServiceDetailsByIdResponse as { services: { service: unknown[] } }
      ).services.service;
      expect(listed).toEqual(
        expected.map((service) => ({
          id: String(service.id),
          odsCode: service.odsCode,
          serviceEndpoints: service.endpoints.length ? { endpoint: service.endpoints.map(endpointXml) } : "",
        })),
      );
    }
  });
});

describe("GetHospitalScores payloads", () => {
  it("validate and list every hospital with its score, note and update date", async () => {
    const body = `<web:GetHospitalScores>${userInfo()}</web:GetHospitalScores>`;
    const response = await post(simulator.soapUrl, envelope(body));
    expect(response.status).toBe(200);
    expect(validatePayload(response.text).errors).toEqual([]);

    const result = bodyOf(response.text).GetHospitalScoresResponse as {
      GetHospitalScoresResult: { Hospital: unknown[] };
    };
    const expected = simulator.engine.getHospitalScores(demoAccount(), NOW);
    expect(expected.length).toBeGreaterThan(10);
    expect(result.GetHospitalScoresResult.Hospital).toEqual(
      expected.map((h) => ({
        hospital_name: h.name,
        total_score: String(h.score),
        note: h.note,
        update_date: h.updateDate,
      })),
    );
  });
});

// Helpers: the expected wire form of engine data, written independently of src/simulator/wire/payloads.ts.

function demoAccount() {
  return { username: "demo", password: "demo", webService: true, role: "professional" as const };
}

function endpointXml(e: SimService["endpoints"][number]) {
  return {
    endpointOrder: String(e.order),
    transport: e.transport,
    format: e.format,
    interaction: e.interaction,
    businessScenario: e.businessScenario,
    address: e.address,
    compression: e.compression,
    comment: e.comment,
  };
}

function hhmm(minute: number): [number, number] {
  return minute === 1440 ? [23, 59] : [Math.floor(minute / 60), minute % 60];
}

function expectDestinationToShow(destination: Destination, service: SimService, xml: string): void {
  const pad = (n: number) => String(n).padStart(2, "0");
  const list = <T>(items: T[], name: string, map: (item: T) => unknown) =>
    items.length ? { [name]: items.map(map) } : "";
  expect(destination).toEqual({
    id: String(service.id),
    capacity: { GREEN: "High", AMBER: "Low", RED: "None" }[service.rag],
    name: expect.stringMatching(
      new RegExp(
        `^${service.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\((Home|Home OOH|Catch-all)\\))?$`,
      ),
    ),
    publicName: service.publicName,
    contactDetails: service.publicPhone,
    address: service.address,
    postcode: service.postcode,
    northings: String(service.northing),
    eastings: String(service.easting),
    url: service.url,
    serviceType: { id: String(service.serviceType.id), name: service.serviceType.name },
    odsCode: service.odsCode,
    nonPublicTelephoneNo: service.nonPublicPhone,
    fax: service.fax,
    publicFacingInformation: service.publicFacingInformation,
    distance: expect.stringMatching(/^\d+\.\d$/),
    referralInformation: service.referralInformation,
    openAllHours: String(service.openAllHours),
    serviceEndpoints: list(service.endpoints, "endpoint", endpointXml),
    rotaSessions: list(service.rota, "serviceCareItemRotaSession", (session) => {
      const [[startH, startM], [endH, endM]] = [hhmm(session.startMinute), hhmm(session.endMinute)];
      return {
        startDayOfWeek: session.day,
        startTime: { hours: String(startH), minutes: String(startM) },
        endDayOfWeek: session.day,
        endTime: { hours: String(endH), minutes: String(endM) },
        status: "Open",
      };
    }),
    openTimeSpecifiedSessions: list(service.specifiedDates, "openTimeSpecified", (d) => {
      const [[sh, sm], [eh, em]] = [hhmm(d.startMinute), hhmm(d.endMinute)];
      return `${d.date.slice(8, 10)}-${d.date.slice(5, 7)}-${d.date.slice(0, 4)}-${pad(sh)}:${pad(sm)}-${pad(eh)}:${pad(em)}`;
    }),
    attributes: list(service.attributes, "attribute", (a) => ({ ...a })),
    serviceAgeRange: list(service.ageRanges, "ageRange", (r) => ({
      daysFrom: String(r.daysFrom),
      daysTo: String(r.daysTo),
    })),
  });
  if (service.fax === "") expect(xml).toContain("<ns1:fax/>");
}
