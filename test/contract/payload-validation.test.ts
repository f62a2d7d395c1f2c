import fs from "node:fs";
import { sharedPath } from "../helpers/shared";
import { assertValidPayload, validatePayload } from "../helpers/xsd";

/* test/helpers/xsd.ts: DoS v1.5 payloads checked by xmllint against the schema inline in the published WSDL. */

const DOS = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";
const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

const sample = (name: string): string =>
  fs.readFileSync(sharedPath("reference", "dos", "samples", "responses", name), "utf8");
/** A real DoS v1.5 CheckCapacitySummary response: SOAP 1.1 envelope, `ns1` declared on the Envelope. */
const realResponse = sample("ccs-v1.5-response-soap11-uecit.xml");

function edited(xml: string, from: string | RegExp, to: string): string {
  const result = xml.replace(from, to);
  if (result === xml) throw new Error(`edit target not found: ${from}`);
  return result;
}

const hospitalScoresRequest = (envelopeNamespace: string, payload: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${envelopeNamespace}" xmlns="${DOS}">
  <soap:Header><serviceVersion>1.5</serviceVersion></soap:Header>
  <soap:Body>${payload}</soap:Body>
</soap:Envelope>`;

describe("validatePayload", () => {
  it("accepts the real DoS v1.5 response capture", () => {
    expect(validatePayload(realResponse)).toEqual({ valid: true, errors: [] });
  });

  it("accepts the same payload in a SOAP 1.2 envelope and as a bare element", () => {
    expect(validatePayload(edited(realResponse, SOAP11, SOAP12))).toEqual({ valid: true, errors: [] });
    const userInfo = "<userInfo><username>u</username><password>p</password></userInfo>";
    const bare = `<GetHospitalScores xmlns="${DOS}">${userInfo}</GetHospitalScores>`;
    expect(validatePayload(bare)).toEqual({ valid: true, errors: [] });
  });

  it("keeps the namespace declarations the payload inherits, including a default namespace", () => {
    const userInfo = "<userInfo><username>u &amp; v</username><password><![CDATA[p<&>]]></password></userInfo>";
    const request = hospitalScoresRequest(SOAP12, `<GetHospitalScores>${userInfo}</GetHospitalScores>`);
    expect(validatePayload(request)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    [
      "the documentation's spelling of a DistanceSource value",
      (xml: string) => edited(xml, /District(?=<\/ns1:SearchDistanceUsedSource>)/, "Webservice"),
      "'Webservice' is not an element of the set",
    ],
    [
      "a service id beyond xs:int (2^31-1)",
      (xml: string) => edited(xml, "<ns1:id>2000029073</ns1:id>", "<ns1:id>2147483648</ns1:id>"),
      "'2147483648' is not a valid value of the atomic type 'xs:int'",
    ],
    [
      "a missing required element (serviceAgeRange)",
      (xml: string) => edited(xml, /<ns1:serviceAgeRange>[\s\S]*?<\/ns1:serviceAgeRange>/, ""),
      "Missing child element(s)",
    ],
    [
      "elements out of sequence order",
      (xml: string) => {
        const searchDateTime = /<ns1:SearchDateTime>[^<]*<\/ns1:SearchDateTime>/.source;
        const searchDistance = /<ns1:SearchDistance>[^<]*<\/ns1:SearchDistance>/.source;
        return edited(xml, new RegExp(`(${searchDateTime})(\\s*)(${searchDistance})`), "$3$2$1");
      },
      "This element is not expected",
    ],
  ])("rejects %s", (_name, mutate, expectedError) => {
    const { valid, errors } = validatePayload(mutate(realResponse));
    expect(valid).toBe(false);
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(expectedError)]));
  });

  it("rejects a v1.3 response, whose result items and fields are named differently", () => {
    const { valid, errors } = validatePayload(sample("ccs-v1.3-response-soap12-a2si.xml"));
    expect(valid).toBe(false);
    expect(errors.join("\n")).toContain("CheckCapacitySummaryResult': This element is not expected");
  });

  it("reports a SOAP Fault as outside the DoS schema rather than validating it", () => {
    expect(validatePayload(sample("fault-120-soap12-dos-comparison-tool.xml"))).toEqual({
      valid: false,
      errors: ["the Body holds a SOAP Fault; only DoS operation payloads are in the DoS schema"],
    });
  });

  it("reports malformed XML and an empty Body without calling xmllint", () => {
    expect(validatePayload("<a><b></a>").errors[0]).toMatch(/^not well-formed XML \(line 1/);
    expect(validatePayload(hospitalScoresRequest(SOAP11, "")).errors).toEqual([
      "the SOAP envelope has no Body element with content",
    ]);
  });
});

describe("assertValidPayload", () => {
  it("passes a valid payload and throws xmllint's messages for an invalid one", () => {
    expect(() => assertValidPayload(realResponse)).not.toThrow();
    const noPassword = "<GetHospitalScores><userInfo><username>u</username></userInfo></GetHospitalScores>";
    const noUser = hospitalScoresRequest(SOAP12, noPassword);
    expect(() => assertValidPayload(noUser)).toThrow(/not schema-valid:\n.*password/);
  });

  it("says how to install xmllint when it is missing", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => validatePayload(realResponse)).toThrow("install libxml2-utils");
    } finally {
      process.env.PATH = path;
    }
  });
});
