import fs from "node:fs/promises";
import { type IHttpClient, WSDL } from "soap";
import { DosBadResponse, DosUnavailable } from "./errors";
import { faultError } from "./faults";
import { type SoapArgs } from "./requests";
import { type HttpResponse } from "./transport";
import { readXml } from "./xml-reader";

/**
 * SOAP for the DoS client, on node-soap's WSDL model: it serialises operation arguments (`objectToDocumentXML`,
 * which escapes text) and parses responses (`xmlToObject`, a strict sax parser that expands no entities).
 *
 * The envelope around the payload is written here rather than by node-soap's `Client`, because the client's
 * method calls keep per-call state on the shared instance (`lastRequest`, `soapHeaders`) and fuse HTTP and
 * parsing into one step. Writing it here makes every call independent, keeps the `serviceVersion` header a
 * constant, and leaves HTTP (./transport.ts) and decoding as separate steps: a faster decoder (raw XML to the
 * same payload) can replace `decode` without touching anything else.
 *
 * DoS's WSDL declares only a SOAP 1.2 binding, which node-soap does not detect by itself: the envelope is SOAP
 * 1.2 with the action in Content-Type. Responses are read in either SOAP version (DoS has been seen to answer
 * in SOAP 1.1).
 */

export type DosOperation = "CheckCapacitySummary" | "ServiceDetailsById" | "GetHospitalScores";

export interface SoapRequest {
  body: string;
  headers: Record<string, string>;
}

export interface DosSoapCodec {
  encode(operation: DosOperation, args: SoapArgs): SoapRequest;
  /**
   * The operation's response element as node-soap parsed it: an object, or `null` for an empty element. Throws
   * the `DosFault` for a SOAP Fault, and `DosBadResponse`/`DosUnavailable` for anything that is not the
   * operation's response.
   */
  decode(operation: DosOperation, response: HttpResponse): unknown;
}

const SOAP12_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
const SERVICE_VERSION = "1.5";
const SERVICE = "PathWayService";
const PORT = "PathWayServiceSoap12";
const OPERATIONS: readonly DosOperation[] = ["CheckCapacitySummary", "ServiceDetailsById", "GetHospitalScores"];

// node-soap converts xs:int/xs:boolean/… text while parsing, leniently (parseInt("12abc") is 12, any text but
// "true"/"1" is false). Keeping the text lets ./wire.ts check it strictly.
const keepText = (text: string): string => text;
const customDeserializer = Object.fromEntries(
  ["int", "integer", "short", "long", "float", "double", "decimal", "boolean", "date", "dateTime"].map(type => [
    type,
    keepText,
  ]),
);

// The WSDL is self-contained; node-soap would fetch imports or includes over HTTP, which must never happen.
const noNetwork: IHttpClient = {
  request(_url, _data, callback) {
    callback(new Error("The DoS WSDL must not import or include other documents"));
    return undefined as never;
  },
};

/**
 * How responses are decoded. `fast` (the default) reads a successful response with ./xml-reader.ts; anything else
 * (faults, HTTP errors, text it cannot read) goes to node-soap, so error handling is node-soap's either way.
 * `node-soap` decodes everything with node-soap: the reference that test/dos/decoder-differential.test.ts holds
 * the fast path to.
 */
export type ResponseDecoder = "fast" | "node-soap";

let fallbacks = 0;

/**
 * Successful (HTTP < 300) responses the fast decoder could not read, so node-soap decoded them, since the process
 * started. Exported as `dos_subgraph_decoder_fallbacks_total` (src/observability/metrics.ts).
 */
export function decoderFallbackCount(): number {
  return fallbacks;
}

/** Reads and parses the WSDL file (never the network) and checks it describes the three v1.5 operations. */
export async function loadSoapCodec(wsdlPath: string, decoder: ResponseDecoder = "fast"): Promise<DosSoapCodec> {
  const text = await fs.readFile(wsdlPath, "utf8");
  const wsdl = await new Promise<WSDL>((resolve, reject) => {
    const parsed = new WSDL(text, wsdlPath, { customDeserializer, httpClient: noNetwork });
    parsed.onReady(error => (error ? reject(error) : resolve(parsed)));
  });
  const namespace = wsdl.definitions.$targetNamespace;
  const header = `<dos:serviceVersion xmlns:dos="${namespace}">${SERVICE_VERSION}</dos:serviceVersion>`;
  const methods = wsdl.definitions.services[SERVICE]?.ports[PORT]?.binding.methods ?? {};
  const missing = OPERATIONS.filter(operation => !methods[operation]?.input?.$name);
  if (missing.length > 0) {
    throw new Error(`${wsdlPath} does not describe ${SERVICE}/${PORT} operations: ${missing.join(", ")}`);
  }

  return {
    encode(operation, args) {
      const { input, soapAction } = methods[operation];
      const payload: string = wsdl.objectToDocumentXML(
        input.$name!,
        args,
        input.targetNSAlias ?? "tns",
        input.targetNamespace,
        input.$type ?? input.$lookupType,
      );
      return {
        body:
          '<?xml version="1.0" encoding="utf-8"?>' +
          `<soap:Envelope xmlns:soap="${SOAP12_ENVELOPE}">` +
          `<soap:Header>${header}</soap:Header><soap:Body>${payload}</soap:Body></soap:Envelope>`,
        headers: { "Content-Type": `application/soap+xml; charset=utf-8; action="${soapAction}"` },
      };
    },

    decode(operation, response) {
      if (decoder === "fast" && response.status < 300) {
        const payload = readPayload(operation, response.body);
        if (payload !== undefined) return payload;
        fallbacks++;
      }
      const envelope = parse(wsdl, response);
      const body = member(envelope, "Body");
      const element = `${operation}Response`;
      const found = body !== undefined && body !== null && Object.hasOwn(body as object, element);
      if (response.status >= 300) return unavailable(response.status);
      if (!found) throw new DosBadResponse(`the SOAP Body has no ${element}`);
      return (body as Record<string, unknown>)[element];
    },
  };
}

/** The fast path: the operation's response element, or undefined for anything else (left to node-soap). */
function readPayload(operation: DosOperation, xml: string): unknown {
  let document: unknown;
  try {
    document = readXml(xml);
  } catch {
    return undefined;
  }
  const body = member(member(document, "Envelope"), "Body");
  const element = `${operation}Response`;
  return typeof body === "object" && body !== null && Object.hasOwn(body, element)
    ? (body as Record<string, unknown>)[element]
    : undefined;
}

/**
 * node-soap's parse of the response envelope (namespaces are not checked; elements are matched by local name).
 * A SOAP Fault comes back from node-soap as an `Error` whose `root` is the parsed envelope; malformed XML as a
 * thrown plain object. Neither is kept: both can carry text from the wire.
 */
function parse(wsdl: WSDL, response: HttpResponse): unknown {
  try {
    return wsdl.xmlToObject(response.body);
  } catch (thrown) {
    const fault = member(member(member(thrown, "root"), "Envelope"), "Body");
    if (thrown instanceof Error && member(fault, "Fault") !== undefined) throw faultError(member(fault, "Fault"));
    if (response.status >= 300) return unavailable(response.status);
    throw new DosBadResponse("malformed XML");
  }
}

// Private: an HTTP error status without a SOAP Fault is a failure between us and DoS (a proxy, a gateway).
function unavailable(status: number): never {
  throw new DosUnavailable(`HTTP ${status} without a SOAP Fault`, status);
}

function member(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
