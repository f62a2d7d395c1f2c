import { type ManagedDosClient } from "../../src/dos/client";
import { DosBadResponse, DosFault } from "../../src/dos/errors";
import { type ServiceSummary } from "../../src/dos/types";
import { validatePayload } from "../helpers/xsd";
import {
  captureLogs,
  clientFor,
  fixture,
  sample,
  sampleJson,
  soapReply,
  startDosServer,
  type DosServer,
  BRISTOL_SEARCH,
  SOAP12_NAMESPACE,
  SOAP11_NAMESPACE,
} from "./helpers/dos-server";

/*
 * Responses through the whole client: a loopback server answers with real DoS XML (the shared samples) or our
 * fixtures, and the client's domain objects are compared with the values in the XML.
 */

const SOAP11 = SOAP11_NAMESPACE;
const SOAP12 = SOAP12_NAMESPACE;
const search = BRISTOL_SEARCH;

let server: DosServer;
let clients: ManagedDosClient[] = [];

beforeAll(async () => {
  server = await startDosServer();
});
afterEach(async () => {
  await Promise.all(clients.map(client => client.close()));
  clients = [];
});
afterAll(() => server.close());

/** A fresh client (node-soap's parser keeps caches per WSDL; each test starts without them). */
async function client(logger = captureLogs().logger): Promise<ManagedDosClient> {
  const created = await clientFor(server, { logger });
  clients.push(created);
  return created;
}

function answering(body: string, status = 200): void {
  server.answer(soapReply(body, status));
}

function edited(xml: string, from: string | RegExp, to: string): string {
  const result = xml.replace(from, to);
  if (result === xml) throw new Error(`edit target not found: ${from}`);
  return result;
}

describe("CheckCapacitySummary", () => {
  const realResponse = sample("responses", "ccs-v1.5-response-soap11-uecit.xml");

  it("decodes the real v1.5 response (SOAP 1.1) to DoS's values", async () => {
    answering(realResponse);
    const result = await (await client()).checkCapacitySummary(search);

    expect(result).toMatchObject({
      transactionId: "07ACC7B5-CF19-3EC2-C98F-76C1CADF6D3F",
      requestedAt: "2020-02-21T13:08:23",
      searchedAt: "2020-02-21T13:08:23",
      ageInDays: null,
      searchDistanceKm: 18,
      searchDistanceSource: "District",
    });
    expect(result.services.map(service => [service.id, service.capacity, service.distanceMiles])).toEqual([
      [2000029073, "High", 0.4],
      [2000029870, "High", 0.5],
      [1338219096, "High", 0.4],
      [145441, "High", 0.6],
      [2000004952, "High", 9.7],
      [120082, "High", 0.4],
      [2000014984, "High", 0.5],
      [1507202679, "High", 1.0],
      [1507202278, "High", 2.1],
      [1339587968, "High", 2.9],
      [116591, "High", 10.9],
      [157924, "High", 11.6],
    ]);

    const [boots] = result.services;
    expect(boots).toMatchObject({
      name: "CPCS: Boots (Broadmead) - Bristol",
      publicName: null,
      publicPhone: "0117 929 3631",
      address: "59 Broadmead, Broadmead, Bristol, BS1 3EA",
      postcode: "BS1 3EA",
      easting: 359129,
      northing: 173338,
      website: "www.boots.com",
      serviceType: { id: 132, name: "Pharmacy Enhanced Service" },
      odsCode: "FLQ56M24",
      nonPublicPhone: null,
      fax: null,
      openAllHours: false,
      capacityAttributes: [],
      endpoints: [],
      attributes: [],
      ageRanges: [{ daysFrom: 365.25, daysTo: 47481.5 }],
    });
    expect(boots.publicFacingInformation).toMatch(/^The pharmacist will be expecting you today/);
    expect(boots.referralInformation).toMatch(/^Referral Information: Provide the address/);
    const weekday = (day: string, from: number, to: number) => ({
      startDay: day,
      startTime: { hours: from, minutes: 0 },
      endDay: day,
      endTime: { hours: to, minutes: 0 },
      status: "Open",
    });
    expect(boots.rotaSessions).toEqual([
      weekday("Monday", 8, 20),
      weekday("Tuesday", 8, 20),
      weekday("Wednesday", 8, 20),
      weekday("Thursday", 8, 20),
      weekday("Friday", 8, 20),
      weekday("Saturday", 8, 20),
      weekday("Sunday", 11, 17),
    ]);
    expect(boots.specifiedOpeningTimes).toHaveLength(66);
    expect(boots.specifiedOpeningTimes[0]).toEqual({ date: "2018-12-26", start: "09:00", end: "18:00", closed: false });
    expect(boots.specifiedOpeningTimes).toContainEqual({
      date: "2019-09-02",
      start: "00:00",
      end: "00:00",
      closed: true,
    });

    const gp = result.services[2];
    expect(gp.ageRanges).toEqual([
      { daysFrom: 5844, daysTo: 47481.5 },
      { daysFrom: 1826.25, daysTo: 5843 },
      { daysFrom: 365.25, daysTo: 1825.25 },
      { daysFrom: 0, daysTo: 364.25 },
      { daysFrom: 23741.25, daysTo: 47481.5 },
    ]);
    expect(gp.rotaSessions[0]).toEqual({
      startDay: "Monday",
      startTime: { hours: 8, minutes: 0 },
      endDay: "Monday",
      endTime: { hours: 18, minutes: 30 },
      status: "Open",
    });

    const utc = result.services[4];
    expect(utc).toMatchObject({ openAllHours: true, rotaSessions: [], nonPublicPhone: "01225 824007", publicPhone: null });
    expect(utc.referralInformation).toMatch(/^Referral Information: This service operates 24 hours a day/);
    expect(utc.referralInformation).toMatch(/PLEASE DO NOT GIVE THE NUMBER OUT TO PATIENTS\.\n/);

    const walkIn = result.services[5];
    expect(walkIn.referralInformation).toContain("Sit & wait service only. LAST PATIENT ADMITTED 18:30");
    expect(walkIn.rotaSessions.at(-1)).toMatchObject({ startDay: "Bankholiday", endDay: "Bankholiday" });
    expect(walkIn.specifiedOpeningTimes).toEqual([{ date: "2019-04-21", start: "00:00", end: "00:00", closed: true }]);
  });

  it("decodes the same payload identically in a SOAP 1.2 envelope", async () => {
    answering(realResponse);
    const fromSoap11 = await (await client()).checkCapacitySummary(search);
    answering(edited(realResponse, SOAP11, SOAP12));
    const fromSoap12 = await (await client()).checkCapacitySummary(search);
    expect(fromSoap12).toEqual(fromSoap11);
  });

  it("decodes an envelope holding a real response's values (derived JSON) to those values", async () => {
    answering(fixture("CheckCapacitySummary", "leeds-pharmacies-soap12"));
    const result = await (await client()).checkCapacitySummary(search);

    const recorded = sampleJson<DotNetCheckCapacitySummary>("nhs111-CheckCapacitySummaryResponse.json");
    expect(result).toEqual({
      transactionId: recorded.TransactionId,
      requestedAt: recorded.RequestedAtDateTime,
      searchedAt: recorded.SearchDateTime,
      ageInDays: recorded.CalculatedAgeInDays,
      searchDistanceKm: recorded.SearchDistance,
      searchDistanceSource: "District",
      services: recorded.CheckCapacitySummaryResult.map(fromDotNet),
    });
    expect(result.services[0].endpoints).toEqual([
      {
        order: 1,
        transport: "email",
        format: "CDA",
        interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
        businessScenario: "Primary",
        address: "andria.turner@nhs.net",
        compression: "uncompressed",
        comment: null,
      },
    ]);
  });

  it("decodes the corners of the schema: id 2^31-1, Web Service, Low/None, empty elements, attributes", async () => {
    answering(fixture("CheckCapacitySummary", "edge-values-soap12"));
    const result = await (await client()).checkCapacitySummary(search);

    expect(result).toMatchObject({ ageInDays: 10957, searchDistanceKm: 99, searchDistanceSource: "WebService" });
    const [gp, catchAll] = result.services;
    expect(gp).toMatchObject({
      id: 2147483647,
      capacity: "Low",
      publicFacingInformation: "Sit & wait; bring <your> medication list.",
      capacityAttributes: [{ name: "CurrentWaitTime", description: "Current wait time in minutes", value: "45" }],
      attributes: [
        {
          dataType: "Boolean",
          name: "requirebooking",
          description: "Referral only with a booked appointment",
          value: "TRUE",
        },
        { dataType: "Boolean", name: "Website Signposting", description: "", value: "FALSE" },
      ],
      rotaSessions: [
        {
          startDay: "Bankholiday",
          startTime: { hours: 9, minutes: 30 },
          endDay: "Bankholiday",
          endTime: { hours: 23, minutes: 59 },
          status: "Open",
        },
      ],
      specifiedOpeningTimes: [
        { date: "2024-12-25", start: "00:00", end: "00:00", closed: true },
        { date: "2024-02-29", start: "08:00", end: "12:30", closed: false },
      ],
      ageRanges: [
        { daysFrom: 5844, daysTo: 47481.5 },
        { daysFrom: 0, daysTo: 364.25 },
      ],
    });
    expect(gp.endpoints).toEqual([
      {
        order: 1,
        transport: "itk",
        format: "CDA",
        interaction: "urn:nhs-itk:interaction:primaryGeneralPractitionerRecipientNHS111CDADocument-v2-0",
        businessScenario: "Primary",
        address: "https://itk.example.nhs.uk/NHS111/NHS111v2.svc",
        compression: "uncompressed",
        comment: null,
      },
      {
        order: 2,
        transport: "telno",
        format: "",
        interaction: "",
        businessScenario: "Copy",
        address: "0117 954 0000",
        compression: "",
        comment: "Professionals only",
      },
    ]);
    expect(catchAll).toEqual<ServiceSummary>({
      id: 1,
      capacity: "None",
      name: "Bristol Royal Infirmary - Emergency Department (Catch-all)",
      publicName: null,
      publicPhone: null,
      address: null,
      postcode: null,
      easting: null,
      northing: null,
      website: null,
      serviceType: { id: 105, name: "Emergency Department (ED)" },
      odsCode: null,
      nonPublicPhone: null,
      fax: null,
      publicFacingInformation: null,
      distanceMiles: null,
      referralInformation: null,
      openAllHours: true,
      capacityAttributes: [],
      endpoints: [],
      rotaSessions: [{ startDay: "Sunday", startTime: null, endDay: "Sunday", endTime: null, status: null }],
      specifiedOpeningTimes: [],
      attributes: [],
      ageRanges: [],
    });
  });

  it("leaves out invalid list entries, keeps the rest in order and logs each one without its values", async () => {
    const logs = captureLogs();
    answering(fixture("CheckCapacitySummary", "bad-entries-soap12"));
    const result = await (await client(logs.logger)).checkCapacitySummary(search);

    expect(result.services.map(service => service.id)).toEqual([2000029073, 1338219096]);
    const [pharmacy, gp] = result.services;
    expect(pharmacy.endpoints.map(endpoint => endpoint.address)).toEqual(["pharmacy.copy@nhs.net"]);
    expect(pharmacy.specifiedOpeningTimes.map(opening => opening.date)).toEqual(["2019-12-26"]);
    expect(gp.rotaSessions.map(session => session.startDay)).toEqual(["Monday"]);
    expect(gp.ageRanges).toEqual([{ daysFrom: 5844, daysTo: 47481.5 }]);

    const dropped = logs.lines.filter(line => line.msg === "DoS response entry dropped");
    expect(dropped.map(line => line.path)).toEqual([
      "serviceCareSummaryDestination[0].endpoint[0]",
      "serviceCareSummaryDestination[0].openTimeSpecified[0]",
      "serviceCareSummaryDestination[1]",
      "serviceCareSummaryDestination[2].serviceCareItemRotaSession[0]",
      "serviceCareSummaryDestination[2].ageRange[0]",
    ]);
    expect(dropped[2]).toMatchObject({
      level: 40,
      dosOperation: "CheckCapacitySummary",
      transactionId: "0F0E0D0C-0B0A-4908-8706-050403020100",
      issues: ["id: too_big"],
    });
    for (const value of ["first", "30-02-2020", "2147483648", "Funday", "5843"]) expect(logs.text()).not.toContain(value);
    expect(logs.lines.filter(line => line.msg === "DoS call")).toEqual([
      {
        level: 20, // debug: the gateway writes the audit line
        time: expect.any(Number),
        service: "dos-subgraph",
        msg: "DoS call",
        dosOperation: "CheckCapacitySummary",
        outcome: "ok",
        transactionId: "0F0E0D0C-0B0A-4908-8706-050403020100",
        durationMs: expect.any(Number),
      },
    ]);
  });

  it("returns no services for an empty result list", async () => {
    answering(fixture("CheckCapacitySummary", "no-services-soap12"));
    const result = await (await client()).checkCapacitySummary(search);
    expect(result).toEqual({
      transactionId: "5E1A7C2B-9D3F-4A61-B8E0-7F2C4D6A1B3E",
      requestedAt: "2020-02-21T13:08:23",
      searchedAt: "2020-02-21T13:08:23",
      ageInDays: null,
      searchDistanceKm: 60,
      searchDistanceSource: "National",
      services: [],
    });
  });

  const realSoap12 = edited(realResponse, SOAP11, SOAP12);
  it.each([
    ["an unknown SearchDistanceUsedSource", edited(realSoap12, ">District<", ">Everywhere<")],
    ["no TransactionId", edited(realSoap12, /<ns1:TransactionId>[^<]*<\/ns1:TransactionId>/, "")],
    ["an empty TransactionId", edited(realSoap12, /<ns1:TransactionId>[^<]*</, "<ns1:TransactionId><")],
    ["a SearchDistance that is not a number", edited(realSoap12, "<ns1:SearchDistance>18<", "<ns1:SearchDistance>18km<")],
    ["a date-time that is not one", edited(realSoap12, ">2020-02-21T13:08:23<", ">yesterday<")],
    ["no result list", edited(realSoap12, /<ns1:CheckCapacitySummaryResult>[\s\S]*<\/ns1:CheckCapacitySummaryResult>/, "")],
    ["a test tool's minimal mock (not a v1.5 response)", sample("responses", "ccs-v1.5-response-soap12-minimal-dos-comparison-tool.xml")],
    ["another operation's response", fixture("ServiceDetailsById", "email-endpoint-soap12")],
    ["an empty response element", `<env:Envelope xmlns:env="${SOAP12}"><env:Body><CheckCapacitySummaryResponse/></env:Body></env:Envelope>`],
    ["an empty Body", `<env:Envelope xmlns:env="${SOAP12}"><env:Body/></env:Envelope>`],
    ["an envelope without a Body", `<env:Envelope xmlns:env="${SOAP12}"><env:Header/></env:Envelope>`],
    ["XML that is not SOAP", "<CheckCapacitySummaryResponse><TransactionId>x</TransactionId></CheckCapacitySummaryResponse>"],
    ["an empty body", ""],
  ])("rejects a response with %s as DosBadResponse", async (_case, body) => {
    answering(body);
    const failure = (await client()).checkCapacitySummary(search);
    await expect(failure).rejects.toBeInstanceOf(DosBadResponse);
  });

  it("logs the schema issues of a rejected response, without its values", async () => {
    const logs = captureLogs();
    answering(edited(realSoap12, ">District<", ">Everywhere<"));
    await expect((await client(logs.logger)).checkCapacitySummary(search)).rejects.toThrow(
      "CheckCapacitySummaryResponse does not match the v1.5 schema",
    );
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ outcome: "bad-response", issues: ["SearchDistanceUsedSource: invalid_value"] }),
    );
    expect(logs.text()).not.toContain("Everywhere");
  });
});

describe("ServiceDetailsById", () => {
  it("decodes an envelope holding a real response's values (derived JSON) to those values", async () => {
    answering(fixture("ServiceDetailsById", "email-endpoint-soap12"));
    const details = await (await client()).serviceDetailsById("2000037448");

    const recorded = sampleJson<{ services: DotNetServiceDetail[] }>("nhs111-ServiceDetailsByIdResponse.json");
    expect(details).toEqual(
      recorded.services.map(service => ({
        id: Number(service.id),
        odsCode: service.odsCode,
        endpoints: service.serviceEndpoints.map(fromDotNetEndpoint),
      })),
    );
  });

  it("decodes several services for one ODS code (SOAP 1.1), with and without endpoints", async () => {
    answering(fixture("ServiceDetailsById", "shared-ods-code-soap11"));
    const details = await (await client()).serviceDetailsById("NQ7");
    expect(details).toEqual([
      {
        id: 1482418198,
        odsCode: "NQ7",
        endpoints: [
          {
            order: 1,
            transport: "itk",
            format: "CDA",
            interaction: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
            businessScenario: "Primary",
            address: "https://NQ7.oneoneone.nhs.uk:1880/NHS111/NHS111v2.svc",
            compression: "uncompressed",
            comment: null,
          },
          {
            order: 2,
            transport: "telno",
            format: "",
            interaction: "",
            businessScenario: "Copy",
            address: "0113 2685602",
            compression: "",
            comment: "Call only if the ITK message fails & out of hours",
          },
        ],
      },
      { id: 2147483647, odsCode: "NQ7", endpoints: [] },
    ]);
  });

  it.each([
    ["an empty services list", fixture("ServiceDetailsById", "no-services-soap12")],
    [
      "an empty response element",
      `<env:Envelope xmlns:env="${SOAP12}"><env:Body><ServiceDetailsByIdResponse/></env:Body></env:Envelope>`,
    ],
  ])("returns no services for %s", async (_case, body) => {
    answering(body);
    await expect((await client()).serviceDetailsById("2000037448")).resolves.toEqual([]);
  });

  it("rejects DoS's fault 103 as a not-found DosFault", async () => {
    answering(fixture("ServiceDetailsById", "fault-103-soap12"), 500);
    const failure = (await client()).serviceDetailsById("99999");
    await expect(failure).rejects.toBeInstanceOf(DosFault);
    await expect(failure).rejects.toMatchObject({ code: 103, category: "not-found" });
  });

  it("rejects a GetHospitalScores response given for a ServiceDetailsById call", async () => {
    answering(fixture("GetHospitalScores", "two-hospitals-soap12"));
    await expect((await client()).serviceDetailsById("1")).rejects.toBeInstanceOf(DosBadResponse);
  });
});

describe("GetHospitalScores", () => {
  it("decodes the hospitals, their scores, notes and update times", async () => {
    answering(fixture("GetHospitalScores", "two-hospitals-soap12"));
    await expect((await client()).getHospitalScores()).resolves.toEqual([
      {
        name: "Leeds General Infirmary Emergency Department",
        pressureScore: 37,
        note: "Ambulance handover delays < 30 minutes",
        updatedAt: "2020-07-27 13:45:00",
      },
      {
        name: "St James's University Hospital Emergency Department",
        pressureScore: 0,
        note: null,
        updatedAt: "2020-07-27 09:10:00",
      },
    ]);
  });

  it("returns an empty list for an empty response element", async () => {
    answering(fixture("GetHospitalScores", "empty-soap12"));
    await expect((await client()).getHospitalScores()).resolves.toEqual([]);
  });
});

describe("the shared fault samples", () => {
  it("decodes the real SOAP 1.2 fault (numeric Code/Value, no xml:lang) to DosFault 120", async () => {
    answering(sample("responses", "fault-120-soap12-dos-comparison-tool.xml"), 500);
    await expect((await client()).checkCapacitySummary(search)).rejects.toMatchObject({
      name: "DosFault",
      code: 120,
      category: "input",
    });
  });

  it("decodes the SOAP 1.1 fault (faultcode/faultstring) to DosFault 1001", async () => {
    answering(sample("legacy-test-fixtures", "CheckCapacitySummaryResponseFault.xml"), 500);
    await expect((await client()).checkCapacitySummary(search)).rejects.toMatchObject({
      name: "DosFault",
      code: 1001,
      category: "auth",
    });
  });
});

describe("our fixtures", () => {
  it.each([
    ["CheckCapacitySummary", "leeds-pharmacies-soap12"],
    ["CheckCapacitySummary", "edge-values-soap12"],
    ["CheckCapacitySummary", "no-services-soap12"],
    ["ServiceDetailsById", "email-endpoint-soap12"],
    ["ServiceDetailsById", "shared-ods-code-soap11"],
    ["ServiceDetailsById", "no-services-soap12"],
    ["GetHospitalScores", "two-hospitals-soap12"],
    ["GetHospitalScores", "empty-soap12"],
  ])("%s/%s is a valid payload for the published v1.5 schema", (operation, name) => {
    expect(validatePayload(fixture(operation, name))).toEqual({ valid: true, errors: [] });
  });

  it("bad-entries breaks the schema where it says it does", () => {
    const { valid, errors } = validatePayload(fixture("CheckCapacitySummary", "bad-entries-soap12"));
    expect(valid).toBe(false);
    expect(errors.join("\n")).toMatch(/endpointOrder.*'first'/);
  });
});

// ---- the JSON NHS 111 Online's .NET client recorded (enums as numbers, in WSDL order) -------------------------

interface DotNetEndpoint {
  endpointOrder: number;
  transport: string;
  format: string;
  interaction: string;
  businessScenario: string;
  address: string;
  compression: string;
  comment: string;
}

interface DotNetServiceDetail {
  id: string;
  odsCode: string;
  serviceEndpoints: DotNetEndpoint[];
}

interface DotNetService {
  id: number;
  capacity: number;
  name: string;
  publicName: string;
  contactDetails: string;
  address: string;
  postcode: string;
  northings: number;
  eastings: number;
  url: string;
  serviceType: { id: number; name: string };
  odsCode: string;
  nonPublicTelephoneNo: string;
  fax: string;
  publicFacingInformation: string;
  distance: string;
  referralInformation: string;
  openAllHours: boolean;
  serviceEndpoints: DotNetEndpoint[];
  rotaSessions: {
    startDayOfWeek: number;
    startTime: { hours: number; minutes: number };
    endDayOfWeek: number;
    endTime: { hours: number; minutes: number };
    status: string;
  }[];
  openTimeSpecifiedSessions: string[];
  serviceAgeRange: { daysFrom: number; daysTo: number }[];
}

interface DotNetCheckCapacitySummary {
  TransactionId: string;
  RequestedAtDateTime: string;
  SearchDateTime: string;
  CalculatedAgeInDays: number;
  SearchDistance: number;
  CheckCapacitySummaryResult: DotNetService[];
}

const CAPACITIES = ["High", "Low", "None"] as const;
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Bankholiday"] as const;
const orNull = (value: string) => (value === "" ? null : value);

function fromDotNetEndpoint(endpoint: DotNetEndpoint) {
  return {
    order: endpoint.endpointOrder,
    transport: endpoint.transport,
    format: endpoint.format,
    interaction: endpoint.interaction,
    businessScenario: endpoint.businessScenario,
    address: endpoint.address,
    compression: endpoint.compression,
    comment: orNull(endpoint.comment),
  };
}

function fromDotNet(service: DotNetService): ServiceSummary {
  return {
    id: service.id,
    capacity: CAPACITIES[service.capacity],
    name: service.name,
    publicName: orNull(service.publicName),
    publicPhone: orNull(service.contactDetails),
    address: orNull(service.address),
    postcode: orNull(service.postcode),
    easting: service.eastings,
    northing: service.northings,
    website: orNull(service.url),
    serviceType: service.serviceType,
    odsCode: orNull(service.odsCode),
    nonPublicPhone: orNull(service.nonPublicTelephoneNo),
    fax: orNull(service.fax),
    publicFacingInformation: orNull(service.publicFacingInformation),
    distanceMiles: Number(service.distance),
    referralInformation: orNull(service.referralInformation),
    openAllHours: service.openAllHours,
    capacityAttributes: [],
    endpoints: service.serviceEndpoints.map(fromDotNetEndpoint),
    rotaSessions: service.rotaSessions.map(session => ({
      startDay: DAYS[session.startDayOfWeek],
      startTime: session.startTime,
      endDay: DAYS[session.endDayOfWeek],
      endTime: session.endTime,
      status: session.status,
    })),
    specifiedOpeningTimes: service.openTimeSpecifiedSessions.map(opening => {
      const [day, month, year, start, end] = opening.split("-");
      return { date: `${year}-${month}-${day}`, start, end, closed: start === "00:00" && end === "00:00" };
    }),
    attributes: [],
    ageRanges: service.serviceAgeRange,
  };
}
