import fs from "node:fs";
import path from "node:path";
import * as soap from "soap";
import { type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger } from "../../../src/logger";
import { DEFAULT_ACCOUNTS, type RunningSimulator } from "../../../src/simulator";
import { faults } from "../../../src/simulator/engine/faults";
import { createSimulatorServer } from "../../../src/simulator/wire/server";
import { sharedPath } from "../../helpers/shared";
import { assertValidPayload } from "../../helpers/xsd";
import {
  ccsBody,
  destinationsOf,
  DOS,
  envelope,
  faultOf,
  LEEDS_CASE,
  post,
  SOAP11,
  SOAP12,
  startTestSimulator,
  userInfo,
} from "./soap-helpers";

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startTestSimulator();
});
afterAll(() => simulator.stop());

const AUTH_FAILED =
  "Authentication Failed: Please check user credentials (username/password) or check whether the user account " +
  "is locked (use password reset to unlock)";
const MISSING_CREDENTIALS = "Request Validation: Unable to locate username and password in the request";
const MALFORMED = "Malformed XML: The soap message is not valid xml.";

describe("success envelopes (spec §2.4)", () => {
  it("answers SOAP 1.2 with 200, application/soap+xml, an XML declaration, env/ns1 prefixes and no Header", async () => {
    const response = await post(simulator.soapUrl, envelope(ccsBody()));

    expect(response.status).toBe(200);
    expect(response.contentType).toBe("application/soap+xml; charset=utf-8");
    expect(response.text).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<env:Envelope xmlns:env="${SOAP12}" xmlns:ns1="${DOS}">` +
          "<env:Body><ns1:CheckCapacitySummaryResponse><ns1:TransactionId>[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-" +
          "[0-9A-F]{4}-[0-9A-F]{12}</ns1:TransactionId>",
      ),
    );
    expect(response.text).not.toContain("Header");
    expect(destinationsOf(response.text).length).toBeGreaterThan(0);
    assertValidPayload(response.text);
  });

  it("answers SOAP 1.1 in SOAP 1.1: SOAP-ENV prefix, text/xml, same payload", async () => {
    const response = await post(
      simulator.soapUrl,
      envelope(ccsBody(), { soap: "1.1" }),
      "text/xml; charset=utf-8",
    );

    expect(response.status).toBe(200);
    expect(response.contentType).toBe("text/xml; charset=utf-8");
    expect(response.text).toContain(
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}" xmlns:ns1="${DOS}"><SOAP-ENV:Body><ns1:CheckCapacitySummaryResponse>`,
    );
    const soap12 = await post(simulator.soapUrl, envelope(ccsBody()));
    expect(destinationsOf(response.text).map((d) => d.id)).toEqual(
      destinationsOf(soap12.text).map((d) => d.id),
    );
    assertValidPayload(response.text);
  });

  it.each([
    ["application/xml"],
    ["text/xml"],
    ["text/plain"],
    [`application/soap+xml; charset=utf-8; action="x"`],
  ])("accepts any request Content-Type (%s)", async (contentType) => {
    const response = await post(simulator.soapUrl, envelope(ccsBody()), contentType);
    expect(response.status).toBe(200);
  });
});

describe("faults (spec §4, §8)", () => {
  /** Posts, then checks the fault's HTTP status, content type and exact SOAP 1.2 shape (no xml:lang). */
  async function fault12(body: string): Promise<[number, string]> {
    const response = await post(simulator.soapUrl, body);
    expect(response.status).toBe(500);
    expect(response.contentType).toBe("application/soap+xml; charset=utf-8");
    expect(response.text).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<env:Envelope xmlns:env="${SOAP12}"><env:Body><env:Fault>` +
          "<env:Code><env:Value>\\d+</env:Value></env:Code><env:Reason><env:Text>[^<]+</env:Text></env:Reason>" +
          "</env:Fault></env:Body></env:Envelope>\\n$",
      ),
    );
    return faultOf(response.text);
  }

  it.each([
    ["userInfo is missing", ccsBody(LEEDS_CASE, "")],
    [
      "the password is missing",
      ccsBody(LEEDS_CASE, "<web:userInfo><web:username>demo</web:username></web:userInfo>"),
    ],
    ["the username is empty", ccsBody(LEEDS_CASE, userInfo("", "demo"))],
    ["GetHospitalScores has no userInfo (optional in the schema)", "<web:GetHospitalScores/>"],
  ])("1001 when %s", async (_case, body) => {
    expect(await fault12(envelope(body))).toEqual([1001, MISSING_CREDENTIALS]);
  });

  it.each([
    ["a wrong password", userInfo("demo", "wrong")],
    ["an unknown user", userInfo("nobody", "demo")],
    ["a username in the wrong case", userInfo("DEMO", "demo")],
  ])("302 for %s", async (_case, credentials) => {
    expect(await fault12(envelope(ccsBody(LEEDS_CASE, credentials)))).toEqual([302, AUTH_FAILED]);
  });

  it("303 for an account without the webService permission, on every operation", async () => {
    const privileges = [
      303,
      "Incorrect Privileges: Please check that the user has the correct privileges to run this service",
    ];
    const credentials = userInfo("nows", "nows");
    expect(await fault12(envelope(ccsBody(LEEDS_CASE, credentials)))).toEqual(privileges);
    expect(await fault12(envelope(`<web:GetHospitalScores>${credentials}</web:GetHospitalScores>`))).toEqual(
      privileges,
    );
    expect(
      await fault12(
        envelope(
          `<web:ServiceDetailsById>${credentials}<web:serviceId>1</web:serviceId></web:ServiceDetailsById>`,
        ),
      ),
    ).toEqual(privileges);
  });

  it.each([["1.4"], ["1.3"], ["1.6"], ["v1.5"]])("107 for serviceVersion %s", async (version) => {
    const body = envelope(ccsBody(), { header: `<web:serviceVersion>${version}</web:serviceVersion>` });
    expect(await fault12(body)).toEqual([107, "WSDL Validation: Unsupported Webservice version"]);
  });

  it("107 before credentials: the version picks the service that reads the Body", async () => {
    const body = envelope(ccsBody(LEEDS_CASE, userInfo("demo", "wrong")), {
      header: "<web:serviceVersion>1.3</web:serviceVersion>",
    });
    expect((await fault12(body))[0]).toBe(107);
  });

  it.each([
    ["text that is not XML", "this is not xml"],
    ["unclosed elements", envelope(ccsBody()).replace("</soap:Envelope>", "")],
    ["a DOCTYPE with entities (billion laughs)", `<!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope(ccsBody())}`],
    ["an undeclared prefix", envelope(ccsBody()).replace("<web:c>", "<x:c>")],
    ["an empty Body", envelope("")],
    ["an operation v1.5 does not have", envelope(`<web:ServiceAnalysis>${userInfo()}</web:ServiceAnalysis>`)],
    [
      "an operation in a foreign namespace",
      envelope(`<x:GetHospitalScores xmlns:x="urn:x">${userInfo()}</x:GetHospitalScores>`),
    ],
  ])("108 for %s", async (_case, body) => {
    expect(await fault12(body)).toEqual([108, MALFORMED]);
  });

  it.each([
    ["a root that is not an Envelope", `<web:CheckCapacitySummary xmlns:web="${DOS}"/>`],
    ["an Envelope in no SOAP namespace", `<Envelope xmlns="urn:soap"><Body/></Envelope>`],
  ])("108 'Unable to identify the SOAP version' for %s, answered in SOAP 1.2", async (_case, body) => {
    expect(await fault12(body)).toEqual([108, "Malformed XML: Unable to identify the SOAP version"]);
  });

  it("103 for an unknown ServiceDetailsById id", async () => {
    const body = `<web:ServiceDetailsById>${userInfo()}<web:serviceId>NOPE1</web:serviceId></web:ServiceDetailsById>`;
    expect(await fault12(envelope(body))).toEqual([103, "Request Response: Service not found"]);
  });

  /** LEEDS_CASE with some fields changed; `undefined` leaves the element out of the request. */
  const leedsWith = (changes: Record<string, string | undefined>) =>
    Object.fromEntries(
      Object.entries({ ...LEEDS_CASE, ...changes }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
  const AHEAD = "2099-01-01T00:00:00";
  const AGO = "2000-01-01T00:00:00";

  // Every CheckCapacitySummary input fault of spec §5.2–5.6, from crafted XML over real HTTP, in both SOAP
  // versions. The texts are pinned literally in test/simulator/engine/validation.test.ts; here they must arrive
  // intact on the wire.
  it.each<[number, string, Record<string, string | undefined>, () => { code: number; text: string }]>([
    [101, "an unknown postcode", { postcode: "ZZ99 9ZZ" }, faults.postcodeNotFound],
    [102, "a Welsh postcode (nothing, no catch-all)", { postcode: "CF10 1EP" }, faults.noServicesFound],
    [
      104,
      "a discriminator not valid with the SG",
      { symptomDiscriminatorList: "<web:int>4193</web:int>" },
      faults.noValidDiscriminators,
    ],
    [
      105,
      "a forced distance of 100 km",
      { forceSearchDistance: "true", searchDistance: "100" },
      faults.searchDistanceOutOfRange,
    ],
    [106, "gender X", { gender: "X" }, faults.invalidGender],
    [108, "a searchDateTime that is not a date", { searchDateTime: "soon" }, faults.invalidSearchDateTime],
    [109, "a searchDateTime years ahead", { searchDateTime: AHEAD }, () => faults.searchDateTimeTooFarAhead(AHEAD)],
    [110, "a searchDateTime years ago", { searchDateTime: AGO }, () => faults.searchDateTimeInPast(AGO)],
    [
      113,
      "forceSearchDistance without a distance",
      { forceSearchDistance: "true", searchDistance: undefined },
      faults.overrideWithoutDistance,
    ],
    [114, "an age that is not a whole number", { age: "forty" }, faults.invalidAge],
    [115, "32 Days", { age: "32", ageFormat: "Days" }, faults.ageOutOfRangeDays],
    [116, "24 Months", { age: "24", ageFormat: "Months" }, faults.ageOutOfRangeMonths],
    [117, "130 Years", { age: "130" }, faults.ageOutOfRangeYears],
    [118, "AgeGroup 5", { age: "5", ageFormat: "AgeGroup" }, faults.ageGroupOutOfRange],
    [119, "age format Weeks", { ageFormat: "Weeks" }, faults.invalidAgeFormat],
    [120, "an unknown symptom group", { symptomGroup: "1" }, faults.symptomGroupNotFound],
    [121, "an unknown disposition", { disposition: "99999" }, faults.dispositionNotFound],
  ])("CheckCapacitySummary fault %i for %s, in SOAP 1.2 and 1.1", async (code, _case, changes, expected) => {
    const body = ccsBody(leedsWith(changes));
    const { text } = expected();
    expect(await fault12(envelope(body))).toEqual([code, text]);
    const soap11 = await post(simulator.soapUrl, envelope(body, { soap: "1.1" }), "text/xml; charset=utf-8");
    expect(soap11.status).toBe(500);
    expect(soap11.text).toContain(
      `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault>`,
    );
  });

  it("answers faults in SOAP 1.1 to a SOAP 1.1 caller: faultcode/faultstring, text/xml, HTTP 500", async () => {
    const response = await post(
      simulator.soapUrl,
      envelope(ccsBody(LEEDS_CASE, userInfo("demo", "x")), { soap: "1.1" }),
    );
    expect(response.status).toBe(500);
    expect(response.contentType).toBe("text/xml; charset=utf-8");
    expect(response.text).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}"><SOAP-ENV:Body>` +
        `<SOAP-ENV:Fault><faultcode>302</faultcode><faultstring>${AUTH_FAILED}</faultstring></SOAP-ENV:Fault>` +
        "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n",
    );
  });
});

describe("lenient reading, like DoS (spec §5.2 notes, §12)", () => {
  /** Service ids found for a request; the canonical request must find some for these tests to mean anything. */
  async function idsFor(body: string): Promise<string[]> {
    const response = await post(simulator.soapUrl, body);
    expect([response.status, response.status === 200 ? "" : faultOf(response.text)]).toEqual([200, ""]);
    return destinationsOf(response.text).map((d) => d.id);
  }
  let canonical: string[];
  beforeAll(async () => {
    canonical = await idsFor(envelope(ccsBody()));
    expect(canonical.length).toBeGreaterThanOrEqual(3);
  });

  it("takes the case's elements in any order (the NHS England comparison tool's order)", async () => {
    const {
      postcode,
      age,
      ageFormat,
      disposition,
      symptomGroup,
      searchDistance,
      gender,
      symptomDiscriminatorList,
    } = LEEDS_CASE;
    const reordered = {
      postcode,
      age,
      ageFormat,
      disposition,
      symptomGroup,
      searchDistance,
      gender,
      symptomDiscriminatorList,
    };
    const body = `<web:CheckCapacitySummary><web:c>${Object.entries(reordered)
      .map(([name, value]) => `<web:${name}>${value}</web:${name}>`)
      .join("")}</web:c>${userInfo()}</web:CheckCapacitySummary>`;
    expect(await idsFor(envelope(body))).toEqual(canonical);
  });

  it("ignores unknown elements, in the DoS namespace or another, and comments", async () => {
    const body = ccsBody({ ...LEEDS_CASE, shoeSize: "9" })
      .replace(
        "<web:c>",
        // A postcode in another namespace, first: it is someone else's element, not the case's postcode.
        `<web:c><x:postcode xmlns:x="urn:x">M1 1AE</x:postcode><x:extra xmlns:x="urn:x"/><!-- note -->`,
      )
      .replace("</web:CheckCapacitySummary>", "<web:trailer>1</web:trailer></web:CheckCapacitySummary>");
    expect(await idsFor(envelope(body))).toEqual(canonical);
  });

  it("needs neither forceSearchDistance nor caseRef, caseId, surgery (the comparison tool omits them)", async () => {
    const { caseRef: _r, caseId: _i, surgery: _s, forceSearchDistance: _f, ...fewer } = LEEDS_CASE;
    expect(await idsFor(envelope(ccsBody(fewer)))).toEqual(canonical);
  });

  it("searches without gender (defaults to I) or disposition (matches all)", async () => {
    const { gender: _g, disposition: _d, ...fewer } = LEEDS_CASE;
    expect((await idsFor(envelope(ccsBody(fewer)))).length).toBeGreaterThan(0);
  });

  it("treats an xsi:nil element as absent", async () => {
    const body = ccsBody({ ...LEEDS_CASE, forceSearchDistance: "" }).replace(
      "<web:forceSearchDistance></web:forceSearchDistance>",
      `<web:forceSearchDistance xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true">true</web:forceSearchDistance>`,
    );
    expect(await idsFor(envelope(body))).toEqual(canonical);
  });

  it("reads unqualified children and an unqualified serviceVersion header (NHS 111 Online's WCF client)", async () => {
    const body = ccsBody().replace(/<(\/?)web:(?!CheckCapacitySummary)/g, "<$1");
    expect(body).toContain("<postcode>LS1 1UR</postcode>");
    expect(await idsFor(envelope(body, { header: "<serviceVersion>1.5</serviceVersion>" }))).toEqual(
      canonical,
    );
  });

  it("defaults to 1.5 without a Header or with an empty serviceVersion (generic SOAP tools)", async () => {
    expect(await idsFor(envelope(ccsBody(), { header: "" }))).toEqual(canonical);
    expect(await idsFor(envelope(ccsBody(), { header: "<web:serviceVersion/>" }))).toEqual(canonical);
    expect(
      await idsFor(envelope(ccsBody(), { header: "<web:serviceVersion> 1.5 </web:serviceVersion>" })),
    ).toEqual(canonical);
  });

  it("tolerates extra headers (WS-Addressing, as 111 Online sends)", async () => {
    const header =
      `<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">${DOS}/CheckCapacitySummary</wsa:Action>` +
      "<web:serviceVersion>1.5</web:serviceVersion>";
    expect(await idsFor(envelope(ccsBody(), { header }))).toEqual(canonical);
  });

  it("uses the account's referral role: the public account gets no professional-only services", async () => {
    // Primary care within 24 hours in Leeds: among the out-of-hours services, one is for professionals only.
    const primaryCare = {
      ...LEEDS_CASE,
      disposition: "1008",
      symptomDiscriminatorList: "<web:int>4003</web:int>",
    };
    const professionalOnly = new Set(
      simulator.engine.services.filter((s) => s.professionalOnly).map((s) => String(s.id)),
    );
    const searchAs = async (username: string) => {
      const response = await post(
        simulator.soapUrl,
        envelope(ccsBody(primaryCare, userInfo(username, username))),
      );
      expect(response.status).toBe(200);
      return destinationsOf(response.text).map((d) => d.id);
    };

    const [professional, publicRole] = [await searchAs("demo"), await searchAs("public")];

    expect(professional.filter((id) => professionalOnly.has(id)).length).toBeGreaterThan(0);
    expect(publicRole.filter((id) => professionalOnly.has(id))).toEqual([]);
    expect(publicRole.length).toBeGreaterThan(0);
  });
});

describe("the official sample requests (docs-dos-api Postman collection)", () => {
  const samples = (name: string) =>
    fs.readFileSync(sharedPath("reference", "dos", "samples", "requests", name), "utf8");
  const sampleNames = [
    "postman-CheckCapacitySummary-v1.3.request.xml",
    "postman-CheckCapacitySummary-v1.4.request.xml",
    "postman-GetHospitalScores-v1.3.request.xml",
    "postman-ServiceDetailsById-v1.3.request.xml",
  ];

  it.each(sampleNames)(
    "%s as published (v1.3/1.4 header, {{placeholder}} credentials): 107",
    async (name) => {
      const response = await post(simulator.soapUrl, samples(name), "application/xml");
      expect([response.status, faultOf(response.text)]).toEqual([
        500,
        [107, "WSDL Validation: Unsupported Webservice version"],
      ]);
    },
  );

  it.each(sampleNames)("%s with a 1.5 header and its placeholder credentials: 302", async (name) => {
    const body = samples(name).replace(/<web:serviceVersion>1\.[34]</, "<web:serviceVersion>1.5<");
    const response = await post(simulator.soapUrl, body, "application/xml");
    expect([response.status, faultOf(response.text)]).toEqual([500, [302, AUTH_FAILED]]);
  });

  it("the v1.4 CheckCapacitySummary sample with a 1.5 header and the demo account: a schema-valid search", async () => {
    const body = samples("postman-CheckCapacitySummary-v1.4.request.xml")
      .replace("<web:serviceVersion>1.4<", "<web:serviceVersion>1.5<")
      .replace("{{username}}", "demo")
      .replace("{{password}}", "demo");
    const response = await post(simulator.soapUrl, body, "application/xml");
    expect(response.status).toBe(200);
    expect(destinationsOf(response.text).length).toBeGreaterThan(0);
    assertValidPayload(response.text);
  });
});

describe("the WSDL (spec §2.1)", () => {
  const ours = fs.readFileSync(path.resolve(__dirname, "../../../schema/dos/dos-v1.5.wsdl"), "utf8");

  it.each([["?wsdl"], ["?wsdl=1.5"]])("GET %s serves schema/dos/dos-v1.5.wsdl as text/xml", async (query) => {
    const response = await fetch(simulator.soapUrl + query);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await response.text()).toBe(ours);
  });

  it("refuses other WSDL versions (v1.5 only) and other methods", async () => {
    expect((await fetch(simulator.soapUrl + "?wsdl=1.3")).status).toBe(404);
    expect((await fetch(simulator.soapUrl)).status).toBe(405);
    expect((await fetch(simulator.soapUrl, { method: "PUT", body: "x" })).status).toBe(405);
    expect((await fetch(simulator.url + "/app/api/other")).status).toBe(404);
  });

  it("is enough for node-soap: a client built from it calls all three operations", async () => {
    const client = await soap.createClientAsync(simulator.soapUrl + "?wsdl", {
      endpoint: simulator.soapUrl,
      forceSoap12Headers: true,
    });
    client.addSoapHeader({ serviceVersion: "1.5" }, "", "tns", DOS);
    const credentials = { username: "demo", password: "demo" };

    const [scores] = await client.GetHospitalScoresAsync({ userInfo: credentials });
    expect(scores.GetHospitalScoresResult.Hospital.length).toBeGreaterThan(0);

    const [search] = await client.CheckCapacitySummaryAsync({
      userInfo: credentials,
      c: {
        postcode: "LS1 1UR",
        age: 40,
        ageFormat: "Years",
        disposition: 1002,
        symptomGroup: 1013,
        symptomDiscriminatorList: { int: [4052] },
        gender: "F",
      },
    });
    const first = search.CheckCapacitySummaryResult.serviceCareSummaryDestination[0];
    expect(first).toMatchObject({
      capacity: expect.stringMatching(/^(High|Low)$/),
      serviceAgeRange: expect.anything(),
    });

    const [details] = await client.ServiceDetailsByIdAsync({
      userInfo: credentials,
      serviceId: String(first.id),
    });
    expect(String(details.services.service[0].id)).toBe(String(first.id));
    expect(client.lastRequest).toContain(SOAP12);
  });
});

describe("HTTP limits", () => {
  it("answers a body over 1 MiB with HTTP 413 (as a proxy would), not a SOAP fault", async () => {
    const body = envelope(ccsBody({ ...LEEDS_CASE, caseRef: "x".repeat(1024 * 1024) }));
    const response = await post(simulator.soapUrl, body);
    expect(response.status).toBe(413);
    expect(response.contentType).toBe("text/html");
  });

  it("counts a chunked body (no Content-Length) as it arrives and stops at 1 MiB", async () => {
    const chunk = new TextEncoder().encode(`<!-- ${"x".repeat(64 * 1024)} -->`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(simulator.soapUrl, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("serves nothing but the SOAP path and the control API", async () => {
    const response = await fetch(simulator.url + "/");
    expect(response.status).toBe(404);
  });
});

describe("unexpected errors", () => {
  it("answers fault 500 'Internal Server Error' and logs the error, never the request", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger("info", destination);
    const failing = createSimulatorServer({
      engine: {
        ...simulator.engine,
        checkCapacitySummary: () => {
          throw new Error("engine bug");
        },
      },
      accounts: DEFAULT_ACCOUNTS,
      now: () => new Date(),
      logger,
      wsdl: "",
    });
    await new Promise<void>((resolve) => failing.server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = failing.server.address() as AddressInfo;
      const response = await post(`http://127.0.0.1:${port}/app/api/webservices`, envelope(ccsBody()));
      expect([response.status, faultOf(response.text)]).toEqual([500, [500, "Internal Server Error"]]);
      expect(lines.join("")).toContain("engine bug");
      expect(lines.join("")).not.toContain("demo");
    } finally {
      await failing.close();
    }
  });
});
