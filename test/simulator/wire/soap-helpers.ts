import { XMLParser } from "fast-xml-parser";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../src/simulator";

/** Wednesday 10 June 2026, 10:00 BST: GP practices and pharmacies are open. */
export const NOW = new Date("2026-06-10T09:00:00Z");

export const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
export const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
export const DOS = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";

export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, host: "127.0.0.1", seed: "wire-tests", now: () => NOW, ...options });
}

export interface EnvelopeOptions {
  soap?: "1.1" | "1.2";
  /** The header's content; `undefined` gives `<web:serviceVersion>1.5</web:serviceVersion>`, "" no Header. */
  header?: string;
}

/** A request envelope the way SoapUI/Postman write them (`soap`/`web` prefixes). */
export function envelope(body: string, { soap = "1.2", header }: EnvelopeOptions = {}): string {
  const headerXml =
    header === ""
      ? ""
      : `<soap:Header>${header ?? "<web:serviceVersion>1.5</web:serviceVersion>"}</soap:Header>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="${soap === "1.2" ? SOAP12 : SOAP11}" ` +
    `xmlns:web="${DOS}">${headerXml}<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function userInfo(username = "demo", password = "demo"): string {
  return `<web:userInfo><web:username>${username}</web:username><web:password>${password}</web:password></web:userInfo>`;
}

/** An adult with ankle pain who needs a treatment centre within an hour, in Leeds (SG 1013, SD 4052, Dx02). */
export const LEEDS_CASE: Record<string, string> = {
  caseRef: "wire-test",
  caseId: "TEST",
  postcode: "LS1 1UR",
  surgery: "UNK",
  age: "40",
  ageFormat: "Years",
  disposition: "1002",
  symptomGroup: "1013",
  symptomDiscriminatorList: "<web:int>4052</web:int>",
  searchDistance: "60",
  forceSearchDistance: "false",
  gender: "F",
};

/** CheckCapacitySummary with the case's fields in the order given (schema order for `LEEDS_CASE`). */
export function ccsBody(fields: Record<string, string> = LEEDS_CASE, credentials = userInfo()): string {
  const c = Object.entries(fields)
    .map(([name, value]) => `<web:${name}>${value}</web:${name}>`)
    .join("");
  return `<web:CheckCapacitySummary>${credentials}<web:c>${c}</web:c></web:CheckCapacitySummary>`;
}

export interface SoapResponse {
  status: number;
  contentType: string | null;
  text: string;
}

export async function post(url: string, body: string, contentType = "application/soap+xml; charset=utf-8") {
  const response = await fetch(url, { method: "POST", body, headers: { "content-type": contentType } });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** Elements that repeat (xs:maxOccurs unbounded), read as arrays even when there is one. */
const ARRAY_ELEMENTS = new Set([
  "serviceCareSummaryDestination",
  "service",
  "endpoint",
  "serviceCareItemRotaSession",
  "openTimeSpecified",
  "attribute",
  "ageRange",
  "Hospital",
]);

const reader = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

/** The Body's first element, parsed by an independent parser (fast-xml-parser), prefixes removed. */
export function bodyOf(xml: string): Record<string, unknown> {
  const document = reader.parse(xml) as { Envelope: { Body: Record<string, unknown> } };
  return document.Envelope.Body;
}

/** `[code, text]` of a SOAP 1.2 or 1.1 fault, read by the independent parser. */
export function faultOf(xml: string): [number, string] {
  const fault = bodyOf(xml).Fault as Record<string, unknown>;
  if ("Code" in fault) {
    const { Code, Reason } = fault as { Code: { Value: string }; Reason: { Text: string } };
    return [Number(Code.Value), Reason.Text];
  }
  const { faultcode, faultstring } = fault as { faultcode: string; faultstring: string };
  return [Number(faultcode), faultstring];
}

export interface Destination {
  id: string;
  capacity: string;
  name: string;
  distance: string;
  [field: string]: unknown;
}

/** The services of a CheckCapacitySummary response, in order. */
export function destinationsOf(xml: string): Destination[] {
  const response = bodyOf(xml).CheckCapacitySummaryResponse as {
    CheckCapacitySummaryResult: { serviceCareSummaryDestination?: Destination[] } | "";
  };
  const result = response.CheckCapacitySummaryResult;
  return result === "" ? [] : (result.serviceCareSummaryDestination ?? []);
}
