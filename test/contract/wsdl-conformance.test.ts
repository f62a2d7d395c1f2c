import fs from "node:fs";
import http from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import * as soap from "soap";
import { sharedPath } from "../helpers/shared";
import { validatePayload } from "../helpers/xsd";
import { contractFacts, diffContracts } from "./wsdl-facts";

/*
 * schema/dos/dos-v1.5.wsdl is our own text of the DoS v1.5 contract. These tests prove it says exactly what the
 * WSDL DoS publishes says (compared structurally, fact by fact), that the comparison would notice a difference,
 * and that the file is fit to serve and to build a node-soap client from.
 */

const DOS_NAMESPACE = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";
const OUR_WSDL = path.resolve(__dirname, "..", "..", "schema", "dos", "dos-v1.5.wsdl");
const ourText = fs.readFileSync(OUR_WSDL, "utf8");
const publishedWsdl = (): string => sharedPath("reference", "dos", "wsdl", "dos-v1.5.wsdl");
const publishedFacts = () => contractFacts(fs.readFileSync(publishedWsdl(), "utf8"));

/** Our WSDL text with `from` (which must occur exactly once) replaced: a deliberate contract difference. */
function mutated(from: string, to: string): string {
  const occurrences = ourText.split(from).length - 1;
  if (occurrences !== 1) throw new Error(`mutation target occurs ${occurrences} times: ${from}`);
  return ourText.replace(from, to);
}

describe("schema/dos/dos-v1.5.wsdl states the published DoS v1.5 contract", () => {
  it("has no structural difference from the published WSDL", () => {
    expect(diffContracts(contractFacts(ourText), publishedFacts())).toEqual([]);
  });

  it("compares the whole contract, not an empty or partial reduction of it", () => {
    const facts = publishedFacts();
    const expected: Record<string, string> = {
      "definitions: targetNamespace": "https://nww.pathwaysdos.nhs.uk/app/api/webservices",
      "schema: elementFormDefault": "qualified",
      "element serviceVersion: type": "xs:string",
      "complexType Case/forceSearchDistance: minOccurs": "1",
      "complexType ServiceCareSummaryDestination/id: type": "xs:int",
      "complexType ArrayOfCapacityAttributes/capacityAttribute: nillable": "true",
      'simpleType DistanceSource: enumeration "Web Service"': "allowed",
      "element CheckCapacitySummaryResponse/SearchDistanceUsedSource: type": "tns:DistanceSource",
      "message ServiceVersionHeader: parts": "ServiceVersion=element tns:serviceVersion",
      "portType PathWayServiceSoap/operation GetHospitalScores: input": "tns:GetHospitalScoresSoapIn",
      "binding PathWayServiceSoap12: soap12:binding": "transport=http://schemas.xmlsoap.org/soap/http",
      "binding PathWayServiceSoap12/operation ServiceDetailsById: soap12:operation":
        "soapAction=https://nww.pathwaysdos.nhs.uk/app/api/webservices/ServiceDetailsById",
      ["binding PathWayServiceSoap12/operation CheckCapacitySummary/input: soap12:header " +
      "tns:ServiceVersionHeader#ServiceVersion"]: "use=literal",
      "service PathWayService/port PathWayServiceSoap12: soap12:address":
        "https://nww.pathwaysdos.nhs.uk/app/api/webservices",
    };
    for (const [fact, value] of Object.entries(expected)) expect([fact, facts.get(fact)]).toEqual([fact, value]);
    expect(
      [...facts.keys()].filter((fact) => fact.endsWith(": style")).map((fact) => [fact, facts.get(fact)]),
    ).toEqual(
      ["ServiceDetailsById", "GetHospitalScores", "CheckCapacitySummary"].map((operation) => [
        `binding PathWayServiceSoap12/operation ${operation}: style`,
        "document",
      ]),
    );
    // The published schema declares 99 element particles, each contributing four facts.
    expect([...facts.keys()].filter((fact) => /\/.*: nillable$/.test(fact))).toHaveLength(99);
    expect(facts.size).toBeGreaterThan(99 * 4);
  });

  it("agrees with the second, independently obtained copy of the published WSDL", () => {
    const secondCopyPath = sharedPath("reference", "dos", "wsdl", "dos-v1.5-uecit-cds-dos.wsdl");
    const secondCopy = contractFacts(fs.readFileSync(secondCopyPath, "utf8"));
    expect(diffContracts(secondCopy, publishedFacts())).toEqual([]);
  });

  it("ignores what does not change the contract: prefixes, comments, documentation, spelt-out defaults", () => {
    const reprefixed = ourText
      .replace(/xmlns:xs=/, "xmlns:q=")
      .replace(/\bxs:/g, "q:")
      .replace(/<!--[\s\S]*?-->/g, "");
    const defaultsSpelt = mutated('name="int" type="xs:int"', 'name="int" type="xs:int" nillable="false"');
    expect(diffContracts(contractFacts(reprefixed), publishedFacts())).toEqual([]);
    expect(diffContracts(contractFacts(defaultsSpelt), publishedFacts())).toEqual([]);
  });
});

describe("the WSDL comparison notices a difference", () => {
  const cases: Array<[string, string, string, string]> = [
    [
      "a changed type",
      'name="SearchDistanceUsedSource" type="tns:DistanceSource"',
      'name="SearchDistanceUsedSource" type="xs:string"',
      'element CheckCapacitySummaryResponse/SearchDistanceUsedSource: type differs (ours "xs:string", published ' +
        '"tns:DistanceSource")',
    ],
    [
      "a changed minOccurs",
      '<xs:element name="forceSearchDistance" type="xs:boolean" minOccurs="1"',
      '<xs:element name="forceSearchDistance" type="xs:boolean" minOccurs="0"',
      'complexType Case/forceSearchDistance: minOccurs differs (ours "0", published "1")',
    ],
    [
      "a dropped nillable",
      '<xs:element name="endpoint" type="tns:Endpoint" minOccurs="0" maxOccurs="unbounded" nillable="true"/>',
      '<xs:element name="endpoint" type="tns:Endpoint" minOccurs="0" maxOccurs="unbounded"/>',
      'complexType ArrayOfServiceEndpoints/endpoint: nillable differs (ours "false", published "true")',
    ],
    [
      "a reordered sequence",
      '<xs:element name="daysFrom" type="xs:float" minOccurs="1" maxOccurs="1"/>\n' +
        '          <xs:element name="daysTo" type="xs:float" minOccurs="1" maxOccurs="1"/>',
      '<xs:element name="daysTo" type="xs:float" minOccurs="1" maxOccurs="1"/>\n' +
        '          <xs:element name="daysFrom" type="xs:float" minOccurs="1" maxOccurs="1"/>',
      'complexType AgeRange: sequence differs (ours "daysTo, daysFrom", published "daysFrom, daysTo")',
    ],
    [
      "a missing enumeration value",
      '<xs:enumeration value="Web Service"/>',
      "",
      'simpleType DistanceSource: enumeration "Web Service" missing from ours (published "allowed")',
    ],
    [
      "a misspelt enumeration value",
      '<xs:enumeration value="Bankholiday"/>',
      '<xs:enumeration value="BankHoliday"/>',
      'simpleType DayOfWeek: enumeration "BankHoliday" only in ours ("allowed")',
    ],
    [
      "a changed soapAction",
      'soapAction="https://nww.pathwaysdos.nhs.uk/app/api/webservices/GetHospitalScores"',
      'soapAction="https://nww.pathwaysdos.nhs.uk/app/api/webservices/GetHospitalScore"',
      "binding PathWayServiceSoap12/operation GetHospitalScores: soap12:operation differs",
    ],
    [
      "a SOAP 1.1 binding in place of SOAP 1.2",
      'xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"',
      'xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap/"',
      'binding PathWayServiceSoap12: soap12:binding missing from ours (published "transport=',
    ],
    [
      "a rpc-style operation",
      'soapAction="https://nww.pathwaysdos.nhs.uk/app/api/webservices/ServiceDetailsById"',
      'soapAction="https://nww.pathwaysdos.nhs.uk/app/api/webservices/ServiceDetailsById" style="rpc"',
      "binding PathWayServiceSoap12/operation ServiceDetailsById: style differs " +
        '(ours "rpc", published "document")',
    ],
    [
      "a changed address",
      'location="https://nww.pathwaysdos.nhs.uk/app/api/webservices"',
      'location="https://www.pathwaysdos.nhs.uk/app/api/webservices"',
      "service PathWayService/port PathWayServiceSoap12: soap12:address differs",
    ],
    [
      "a changed target namespace",
      'targetNamespace="https://nww.pathwaysdos.nhs.uk/app/api/webservices"\n               elementFormDefault',
      'targetNamespace="https://www.pathwaysdos.nhs.uk/app/api/webservices"\n               elementFormDefault',
      'schema: targetNamespace differs (ours "https://www.pathwaysdos.nhs.uk/app/api/webservices"',
    ],
  ];

  it.each(cases)("reports %s", (_name, from, to, expectedMessage) => {
    const differences = diffContracts(contractFacts(mutated(from, to)), publishedFacts());
    expect(differences).toEqual(expect.arrayContaining([expect.stringContaining(expectedMessage)]));
  });

  it("reports a SOAP header removed from one operation's input", () => {
    const header = '<soap12:header message="tns:ServiceVersionHeader" part="ServiceVersion" use="literal"/>';
    const firstHeaderRemoved = ourText.replace(header, "");
    expect(diffContracts(contractFacts(firstHeaderRemoved), publishedFacts())).toEqual([
      "binding PathWayServiceSoap12/operation CheckCapacitySummary/input: soap12:header " +
        'tns:ServiceVersionHeader#ServiceVersion missing from ours (published "use=literal")',
    ]);
  });

  it("refuses a schema construct it cannot compare instead of skipping it", () => {
    const lastTimeOfDayParticle = '<xs:element name="minutes" type="xs:short" minOccurs="1" maxOccurs="1"/>\n';
    const withAttribute = mutated(
      `${lastTimeOfDayParticle}        </xs:sequence>`,
      `${lastTimeOfDayParticle}        </xs:sequence>\n        <xs:attribute name="lang" type="xs:string"/>`,
    );
    expect(() => contractFacts(withAttribute)).toThrow(
      "unsupported construct xs:attribute in complexType TimeOfDay",
    );
  });
});

describe("schema/dos/dos-v1.5.wsdl is ready to serve", () => {
  it("is well-formed XML", () => {
    expect(XMLValidator.validate(ourText)).toBe(true);
  });

  it("has an inline schema xmllint compiles, which accepts a real DoS v1.5 response", () => {
    const sample = fs.readFileSync(
      sharedPath("reference", "dos", "samples", "responses", "ccs-v1.5-response-soap11-uecit.xml"),
      "utf8",
    );
    expect(validatePayload(sample, OUR_WSDL)).toEqual({ valid: true, errors: [] });
  });

  it("gives node-soap the same SOAP 1.2 client description as the published WSDL", async () => {
    // node-soap names built-in types with the document's own XML Schema prefix: ours is xs:, DoS's is s:.
    const describe = async (wsdlPath: string, schemaPrefix: string) => {
      const client = await soap.createClientAsync(wsdlPath, { forceSoap12Headers: true });
      return JSON.parse(JSON.stringify(client.describe()).replace(new RegExp(`\\b${schemaPrefix}:`, "g"), "xs:"));
    };
    const ours = await describe(OUR_WSDL, "xs");
    expect(Object.keys(ours.PathWayService.PathWayServiceSoap12).sort()).toEqual([
      "CheckCapacitySummary",
      "GetHospitalScores",
      "ServiceDetailsById",
    ]);
    expect(ours).toEqual(await describe(publishedWsdl(), "s"));
  });

  describe("served over HTTP by node-soap", () => {
    const server = http.createServer();
    let wsdlUrl = "";
    const receivedVersions: unknown[] = [];

    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const soapServer = soap.listen(server, {
        path: "/app/api/webservices",
        xml: ourText,
        forceSoap12Headers: true,
        services: {
          PathWayService: {
            PathWayServiceSoap12: {
              GetHospitalScores: () => ({
                GetHospitalScoresResult: {
                  Hospital: [{ hospital_name: "Test ED", total_score: 3, note: "", update_date: "2024-01-01" }],
                },
              }),
            },
          },
        },
      });
      soapServer.on("headers", (headers: { serviceVersion?: unknown }) => {
        receivedVersions.push(headers.serviceVersion);
      });
      wsdlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/api/webservices?wsdl`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("yields a client that speaks SOAP 1.2 with the DoS action and schema-valid payloads", async () => {
      const client = await soap.createClientAsync(wsdlUrl, {
        forceSoap12Headers: true,
        endpoint: wsdlUrl.replace("?wsdl", ""),
      });
      client.addSoapHeader({ serviceVersion: "1.5" }, "", "tns", DOS_NAMESPACE);
      const [result] = await client.GetHospitalScoresAsync({ userInfo: { username: "u", password: "p" } });

      expect(result.GetHospitalScoresResult.Hospital).toEqual([
        { hospital_name: "Test ED", total_score: 3, note: "", update_date: "2024-01-01" },
      ]);
      expect(client.lastRequestHeaders["Content-Type"]).toBe(
        `application/soap+xml; charset=utf-8; action="${DOS_NAMESPACE}/GetHospitalScores"`,
      );
      expect(client.lastRequest).toContain('"http://www.w3.org/2003/05/soap-envelope"');
      expect(receivedVersions).toEqual(["1.5"]);
      expect(validatePayload(client.lastRequest ?? "")).toEqual({ valid: true, errors: [] });
      expect(validatePayload(client.lastResponse as string)).toEqual({ valid: true, errors: [] });
    });
  });
});
