import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { DEFAULT_WSDL_PATH, type ManagedDosClient } from "../../src/dos/client";
import { checkCapacitySummaryArgs, getHospitalScoresArgs, serviceDetailsByIdArgs } from "../../src/dos/requests";
import { loadSoapCodec } from "../../src/dos/soap";
import { type CheckCapacitySummaryRequest } from "../../src/dos/types";
import { sharedPath } from "../helpers/shared";
import { assertValidPayload, validatePayload } from "../helpers/xsd";
import { randomSearch, randomSource } from "./helpers/random-requests";
import {
  clientFor,
  fixture,
  soapReply,
  startDosServer,
  TEST_ACCOUNT,
  type DosServer,
  type ReceivedRequest,
  BRISTOL_SEARCH,
  SOAP12_NAMESPACE,
} from "./helpers/dos-server";

/*
 * What the client puts on the wire, as a loopback server receives it: SOAP 1.2, the serviceVersion header,
 * credentials and caseId from configuration, and payloads that are valid against the published v1.5 schema
 * (xmllint, test/helpers/xsd.ts).
 */

const DOS = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";
const SOAP12 = SOAP12_NAMESPACE;
const search = BRISTOL_SEARCH;

let server: DosServer;
let dos: ManagedDosClient;

beforeAll(async () => {
  server = await startDosServer();
  dos = await clientFor(server);
});
afterAll(async () => {
  await dos.close();
  await server.close();
});

/** The envelope as a tree: elements by local name, each with `ns` (its namespace URI) and text in `#text`. */
function parseEnvelope(xml: string): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    trimValues: false,
    isArray: name => name.endsWith(":int") || name === "int",
  });
  return parser.parse(xml) as Record<string, unknown>;
}

function payloadOf(body: string, operation: string): Record<string, unknown> {
  const envelope = parseEnvelope(body)["soap:Envelope"] as Record<string, Record<string, Record<string, unknown>>>;
  return envelope["soap:Body"][operation];
}

async function lastRequest(call: () => Promise<unknown>, answer: string): Promise<ReceivedRequest> {
  server.answer(soapReply(answer));
  await call();
  return server.requests.at(-1)!;
}

const ccsAnswer = fixture("CheckCapacitySummary", "no-services-soap12");

describe("every operation", () => {
  it.each([
    ["CheckCapacitySummary", () => dos.checkCapacitySummary(search), ccsAnswer],
    ["ServiceDetailsById", () => dos.serviceDetailsById("2000037448"), fixture("ServiceDetailsById", "no-services-soap12")],
    ["GetHospitalScores", () => dos.getHospitalScores(), fixture("GetHospitalScores", "empty-soap12")],
  ])("%s is a SOAP 1.2 POST with the action in Content-Type and serviceVersion 1.5", async (operation, call, answer) => {
    const request = await lastRequest(call, answer);

    expect(request.method).toBe("POST");
    expect(request.url).toBe("/app/api/webservices");
    expect(request.headers["content-type"]).toBe(`application/soap+xml; charset=utf-8; action="${DOS}/${operation}"`);
    expect(request.headers.soapaction).toBeUndefined();

    const envelope = parseEnvelope(request.body)["soap:Envelope"] as Record<string, unknown>;
    expect(envelope["@xmlns:soap"]).toBe(SOAP12);
    expect(envelope["soap:Header"]).toEqual({
      "dos:serviceVersion": { "#text": "1.5", "@xmlns:dos": DOS },
    });
    const payload = payloadOf(request.body, operation);
    expect(payload["@xmlns"]).toBe(DOS);
    expect(payload.userInfo).toEqual({ username: TEST_ACCOUNT.username, password: TEST_ACCOUNT.password });
    assertValidPayload(request.body);
  });
});

describe("CheckCapacitySummary", () => {
  it("sends the case in schema order with the configured caseId and DoS's defaults for gender and distance", async () => {
    const request = await lastRequest(() => dos.checkCapacitySummary(search), ccsAnswer);
    const payload = request.body.slice(request.body.indexOf("<c>"), request.body.indexOf("</c>") + 4);
    expect(payload).toBe(
      "<c><caseId>TEST</caseId><postcode>BS1 3EA</postcode><age>30</age><ageFormat>Years</ageFormat>" +
        "<disposition>1002</disposition><symptomGroup>1013</symptomGroup>" +
        "<symptomDiscriminatorList><int>4003</int></symptomDiscriminatorList>" +
        "<forceSearchDistance>false</forceSearchDistance><gender>I</gender></c>",
    );
  });

  it.each<[string, CheckCapacitySummaryRequest]>([
    [
      "every optional field at its limit",
      {
        caseRef: "a".repeat(60) + "-Z09",
        postcode: "SW1A1AA",
        surgery: "UNK",
        age: 0,
        ageFormat: "Days",
        disposition: 2 ** 31 - 1,
        symptomGroup: 2 ** 31 - 1,
        symptomDiscriminators: [4003, 4052, 2 ** 31 - 1],
        searchDistance: 99,
        forceSearchDistance: true,
        gender: "F",
        searchDateTime: "2024-03-31T01:30:00+00:00",
      },
    ],
    [
      "an age group, a UTC search time and no discriminators",
      {
        postcode: "LS17 7NZ",
        age: 4,
        ageFormat: "AgeGroup",
        disposition: 1075,
        symptomGroup: 1206,
        symptomDiscriminators: [],
        gender: "M",
        searchDateTime: "2024-12-25T23:59:59Z",
      },
    ],
    [
      "the largest age xs:short allows",
      { ...search, age: 32767, ageFormat: "Months", surgery: "L81051", caseRef: "0d7f9e62-5c1b-4b8e-9a37-2f4c1e8d6b90" },
    ],
  ])("produces a schema-valid request for %s", async (_case, request) => {
    const received = await lastRequest(() => dos.checkCapacitySummary(request), ccsAnswer);
    assertValidPayload(received.body);
    expect(payloadOf(received.body, "CheckCapacitySummary").c).toMatchObject({ caseId: "TEST", postcode: request.postcode, ageFormat: request.ageFormat });
  });

  it("leaves out a disposition the caller does not have: DoS accepts that, although the schema requires one", async () => {
    const { disposition: _unused, ...withoutDisposition } = search;
    const received = await lastRequest(() => dos.checkCapacitySummary(withoutDisposition), ccsAnswer);
    expect(validatePayload(received.body)).toEqual({
      valid: false,
      errors: [expect.stringMatching(/Element '\{[^}]+\}symptomGroup': .* Expected is \( \{[^}]+\}disposition \)/)],
    });
  });

  it("sends the configured caseId, and a caller's case reference as caseRef", async () => {
    const monitoring = await clientFor(server, { caseId: "MONITORING" });
    try {
      const received = await lastRequest(() => monitoring.checkCapacitySummary({ ...search, caseRef: "case-42" }), ccsAnswer);
      expect(received.body).toContain("<c><caseRef>case-42</caseRef><caseId>MONITORING</caseId><postcode>");
    } finally {
      await monitoring.close();
    }
  });
});

describe("credentials", () => {
  it("escapes a password with markup characters and sends it intact", async () => {
    const password = `p<a>s&s"w'o]]>rd £€ 🔑`;
    const received = await lastRequest(
      () => dos.getHospitalScores({ account: { username: "user&co", password } }),
      fixture("GetHospitalScores", "empty-soap12"),
    );
    assertValidPayload(received.body);
    expect(received.body).toContain("<username>user&amp;co</username>");
    expect(payloadOf(received.body, "GetHospitalScores").userInfo).toEqual({ username: "user&co", password });
  });

  it("uses the per-call account, and the configured one otherwise, under concurrency", async () => {
    server.answer(soapReply(fixture("ServiceDetailsById", "no-services-soap12")));
    const other = { username: "public-role", password: "another-secret" };
    const ids = Array.from({ length: 30 }, (_, index) => String(1000 + index));
    const before = server.requests.length;
    await Promise.all(ids.map((id, index) => dos.serviceDetailsById(id, index % 2 ? { account: other } : {})));

    const received = server.requests.slice(before);
    expect(received).toHaveLength(ids.length);
    for (const request of received) {
      const id = /<serviceId>(\d+)<\/serviceId>/.exec(request.body)![1];
      const expected = (Number(id) - 1000) % 2 ? other : TEST_ACCOUNT;
      expect(request.body).toContain(`<username>${expected.username}</username><password>${expected.password}</password>`);
      expect(request.body.match(/<dos:serviceVersion [^>]*>1\.5<\/dos:serviceVersion>/g)).toHaveLength(1);
      assertValidPayload(request.body);
    }
  });
});

describe("the request writer", () => {
  // src/dos/soap.ts writes each operation element itself rather than through node-soap's serialiser: the text
  // must be node-soap's, byte for byte, for every request the allow-lists (src/dos/requests.ts) let through.
  it("writes every operation's payload exactly as node-soap does, over 600 random requests", async () => {
    const codec = await loadSoapCodec(DEFAULT_WSDL_PATH);
    const source = randomSource(16);
    const { random, pick } = source;
    const characters = ["a", "Z", "0", " ", "&", "<", ">", '"', "'", "]]>", "£", "€", "🔑", "&amp;", "é"];
    const text = (min: number) =>
      Array.from({ length: min + Math.floor(random() * 12) }, () => pick(characters)).join("");
    const maybe = <T>(value: T): T | undefined => (random() < 0.5 ? value : undefined);
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const account = { username: text(1), password: text(1) };
      const search = {
        ...randomSearch(source),
        caseRef: maybe(`ref-${round}`),
        surgery: maybe(pick(["UNK", "A81001"])),
        disposition: maybe(1000 + Math.floor(random() * 100)),
        searchDistance: maybe(Math.floor(random() * 200)),
        forceSearchDistance: maybe(random() < 0.5),
        gender: maybe(pick(["F", "M", "I"] as const)),
        searchDateTime: maybe("2026-12-12T11:30:00"),
        symptomDiscriminators: Array.from({ length: Math.floor(random() * 4) }, () => 4000 + Math.floor(random() * 100)),
      };
      const requests = [
        ["CheckCapacitySummary", checkCapacitySummaryArgs(search, account, pick(["TEST", "case-1"]))],
        ["ServiceDetailsById", serviceDetailsByIdArgs(pick(["1419419101", "A81001"]), account)],
        ["GetHospitalScores", getHospitalScoresArgs(account)],
      ] as const;
      for (const [operation, args] of requests) {
        const { body } = codec.encode(operation, args);
        const payload = body.slice(body.indexOf("<soap:Body>") + 11, body.lastIndexOf("</soap:Body>"));
        expect({ round, operation, payload }).toEqual({ round, operation, payload: codec.referencePayload(operation, args) });
        compared++;
      }
    }
    expect(compared).toBe(600);
  });

  it("refuses a value the allow-lists never produce instead of writing it", async () => {
    const codec = await loadSoapCodec(DEFAULT_WSDL_PATH);
    const userInfo = { username: "u", password: "p" };
    for (const serviceId of [undefined, null, Number.NaN, () => "x"]) {
      expect(() => codec.encode("ServiceDetailsById", { userInfo, serviceId })).toThrow(TypeError);
    }
  });
});

describe("the WSDL", () => {
  it("defaults to the project's own schema/dos/dos-v1.5.wsdl", () => {
    expect(DEFAULT_WSDL_PATH).toBe(path.resolve(__dirname, "..", "..", "schema", "dos", "dos-v1.5.wsdl"));
    expect(fs.existsSync(DEFAULT_WSDL_PATH)).toBe(true);
  });

  it("produces the same request from the published WSDL as from ours", async () => {
    const published = await clientFor(server, { wsdlPath: sharedPath("reference", "dos", "wsdl", "dos-v1.5.wsdl") });
    try {
      const fromOurs = await lastRequest(() => dos.checkCapacitySummary(search), ccsAnswer);
      const fromPublished = await lastRequest(() => published.checkCapacitySummary(search), ccsAnswer);
      expect(fromPublished.body).toBe(fromOurs.body);
      expect(fromPublished.headers["content-type"]).toBe(fromOurs.headers["content-type"]);
    } finally {
      await published.close();
    }
  });

  it("is read from disk when the client is created, never fetched from DoS", async () => {
    const before = server.requests.length;
    const created = await clientFor(server);
    await created.close();
    expect(server.requests.length).toBe(before);
    expect(server.requests.filter(request => request.method !== "POST")).toEqual([]);
  });

  it("refuses a WSDL that would import a document over the network, without fetching it", async () => {
    const ours = fs.readFileSync(DEFAULT_WSDL_PATH, "utf8");
    const importing = ours.replace(
      /(<xs:schema[^>]*>)/,
      `$1<xs:import namespace="urn:elsewhere" schemaLocation="${server.url}/remote.xsd"/>`,
    );
    expect(importing).not.toBe(ours);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "dos-wsdl-"));
    const wsdlPath = path.join(directory, "importing.wsdl");
    fs.writeFileSync(wsdlPath, importing);
    const before = server.requests.length;
    try {
      await expect(clientFor(server, { wsdlPath })).rejects.toThrow("must not import or include");
      expect(server.requests.length).toBe(before);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("fails at creation when the WSDL file is missing or does not describe the v1.5 operations", async () => {
    await expect(clientFor(server, { wsdlPath: "/nonexistent/dos.wsdl" })).rejects.toThrow(/ENOENT/);
    // v1.1 had no GetHospitalScores.
    const v11 = sharedPath("reference", "dos", "wsdl", "dos-v1.1.wsdl");
    await expect(clientFor(server, { wsdlPath: v11 })).rejects.toThrow(/does not describe .*GetHospitalScores/);
  });
});
