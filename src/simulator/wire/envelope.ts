import { type SimFault } from "../engine/types";
import { wireFaults } from "./faults";
import { escapeXml, parseXml, type XmlElement, XmlSyntaxError } from "./xml";

/**
 * SOAP envelopes as DoS reads and writes them (spec §2.2–2.4, §3, §8.1).
 *
 * DoS answers in the SOAP version it was asked in, with PHP SoapServer's prefixes: `env` (1.2) or `SOAP-ENV`
 * (1.1) for the envelope and `ns1` for its own namespace, an XML declaration, and no Header.
 */

export const DOS_NAMESPACE = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";

export type SoapVersion = "1.1" | "1.2";

const ENVELOPE_NAMESPACE: Record<SoapVersion, string> = {
  "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
  "1.2": "http://www.w3.org/2003/05/soap-envelope",
};
const ENVELOPE_PREFIX: Record<SoapVersion, string> = { "1.1": "SOAP-ENV", "1.2": "env" };

/** Response Content-Type per SOAP version (the SOAP 1.1 and 1.2 HTTP bindings' media types). */
export const SOAP_CONTENT_TYPE: Record<SoapVersion, string> = {
  "1.1": "text/xml; charset=utf-8",
  "1.2": "application/soap+xml; charset=utf-8",
};

/** The only web-service version the simulator serves; also what an absent or empty header means. */
export const SERVED_VERSION = "1.5";

export interface SoapRequest {
  soapVersion: SoapVersion;
  /** Trimmed text of the `serviceVersion` header; "" when absent. */
  serviceVersion: string;
  /** The first element of the Body, whatever its name; `undefined` when the Body is missing or empty. */
  payload: XmlElement | undefined;
}

/**
 * Reads an envelope. Throws a `SimFault` 108 when the text is not XML or not a SOAP 1.1/1.2 envelope: the
 * caller's SOAP version is then unknown and the fault is answered in SOAP 1.2, the default.
 */
export function readEnvelope(xml: string): SoapRequest {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw wireFaults.malformedXml();
    throw error;
  }
  const soapVersion = (Object.keys(ENVELOPE_NAMESPACE) as SoapVersion[]).find(
    (version) => ENVELOPE_NAMESPACE[version] === root.namespace,
  );
  if (root.localName !== "Envelope" || !soapVersion) throw wireFaults.unknownSoapVersion();

  const inEnvelope = (name: string) =>
    root.children.find((child) => child.localName === name && child.namespace === root.namespace);
  // DoS matches the header by local name (NHS 111 Online sends it without a namespace).
  const header = inEnvelope("Header")?.children.find((child) => child.localName === "serviceVersion");
  return {
    soapVersion,
    serviceVersion: header?.text.trim() ?? "",
    payload: inEnvelope("Body")?.children[0],
  };
}

const XML_DECLARATION = `<?xml version="1.0" encoding="UTF-8"?>\n`;

/** A success envelope around an operation payload written with the `ns1` prefix. */
export function successEnvelope(soapVersion: SoapVersion, payload: string): string {
  const env = ENVELOPE_PREFIX[soapVersion];
  const namespaces = `xmlns:${env}="${ENVELOPE_NAMESPACE[soapVersion]}" xmlns:ns1="${DOS_NAMESPACE}"`;
  return `${XML_DECLARATION}<${env}:Envelope ${namespaces}><${env}:Body>${payload}</${env}:Body></${env}:Envelope>\n`;
}

/**
 * A DoS fault: the numeric code where SOAP expects a fault-code QName (`env:Code/env:Value` in 1.2,
 * `faultcode` in 1.1) and the text without `xml:lang` (spec §8.1). Sent with HTTP 500.
 */
export function faultEnvelope(soapVersion: SoapVersion, fault: SimFault): string {
  const env = ENVELOPE_PREFIX[soapVersion];
  const text = escapeXml(fault.text);
  const content =
    soapVersion === "1.2"
      ? `<env:Code><env:Value>${fault.code}</env:Value></env:Code>` +
        `<env:Reason><env:Text>${text}</env:Text></env:Reason>`
      : `<faultcode>${fault.code}</faultcode><faultstring>${text}</faultstring>`;
  return (
    `${XML_DECLARATION}<${env}:Envelope xmlns:${env}="${ENVELOPE_NAMESPACE[soapVersion]}">` +
    `<${env}:Body><${env}:Fault>${content}</${env}:Fault></${env}:Body></${env}:Envelope>\n`
  );
}
