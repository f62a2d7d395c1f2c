import fs from "node:fs/promises";
import { type IHttpClient, WSDL } from "soap";
import { DosBadResponse, DosUnavailable } from "./errors";
import { faultError } from "./faults";
import { type SoapArgs } from "./requests";
import { type HttpResponse } from "./transport";
import { readXmlInSlices, XmlReadError } from "./xml-reader";

/**
 * SOAP for the DoS client, on node-soap's WSDL model, which gives each operation's element, namespace and action.
 * Requests are written by `writeElements` (below): node-soap's serialiser (`objectToDocumentXML`, which walks the
 * WSDL's schema for every value) gave the same text at seven to nine times the CPU on every DoS call
 * (`bench/decode.ts`: 37-50 µs against 5-6 µs per search request). It remains the reference,
 * `referencePayload`, that test/dos/request-envelopes.test.ts holds the writer to over many random requests.
 * Responses are read by ./xml-reader.ts (`fast`, the default) or, as the reference the tests hold it to, by
 * node-soap (`xmlToObject`, a strict sax parser that expands no entities); see `ResponseDecoder`.
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
  /** node-soap's serialisation of the operation element, which `encode` writes itself: the tests' reference. */
  referencePayload(operation: DosOperation, args: SoapArgs): string;
  /**
   * The operation's response element as node-soap parses it: an object, or `null` for an empty element. Rejects
   * with the `DosFault` for a SOAP Fault, and `DosBadResponse`/`DosUnavailable` for anything that is not the
   * operation's response.
   */
  decode(operation: DosOperation, response: HttpResponse): Promise<unknown>;
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
 * How responses are decoded. `fast` (the default) reads every response, faults and HTTP errors included, with
 * ./xml-reader.ts, in slices that yield to the event loop; there is no fallback: text it cannot read is a
 * `DosBadResponse` (a fallback would hide reader bugs, and parse a hostile response twice, the second time with
 * node-soap's unsliced sax parser). `node-soap` decodes everything with node-soap: the reference that
 * test/dos/decoder-differential.test.ts holds the fast decoder to, never used by the server.
 */
export type ResponseDecoder = "fast" | "node-soap";

const decodes: Record<ResponseDecoder, number> = { fast: 0, "node-soap": 0 };

/**
 * Responses decoded by each decoder in this process, counted as each decode starts. With no fallback between
 * them, test/dos/decoder-differential.test.ts uses it to prove which decoder produced each side of a comparison.
 */
export function decodeCounts(): Readonly<Record<ResponseDecoder, number>> {
  return { ...decodes };
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

  // The operation element's start tag, as node-soap writes it: unprefixed, in the WSDL's target namespace.
  const startTags = Object.fromEntries(
    OPERATIONS.map(operation => {
      const { input } = methods[operation];
      return [operation, `<${input.$name} xmlns="${escapeXml(input.targetNamespace ?? namespace)}">`];
    }),
  ) as Record<DosOperation, string>;

  return {
    encode(operation, args) {
      const { input, soapAction } = methods[operation];
      const payload = `${startTags[operation]}${writeElements(args)}</${input.$name}>`;
      return {
        body:
          '<?xml version="1.0" encoding="utf-8"?>' +
          `<soap:Envelope xmlns:soap="${SOAP12_ENVELOPE}">` +
          `<soap:Header>${header}</soap:Header><soap:Body>${payload}</soap:Body></soap:Envelope>`,
        headers: { "Content-Type": `application/soap+xml; charset=utf-8; action="${soapAction}"` },
      };
    },

    referencePayload(operation, args) {
      const { input } = methods[operation];
      return wsdl.objectToDocumentXML(
        input.$name!,
        args,
        input.targetNSAlias ?? "tns",
        input.targetNamespace,
        input.$type ?? input.$lookupType,
      );
    },

    async decode(operation, response) {
      decodes[decoder]++;
      const envelope = decoder === "fast" ? await read(response) : parse(wsdl, response);
      const body = member(envelope, "Body");
      const element = `${operation}Response`;
      const found = body !== undefined && body !== null && Object.hasOwn(body as object, element);
      if (response.status >= 300) return unavailable(response.status);
      if (!found) throw new DosBadResponse(`the SOAP Body has no ${element}`);
      return (body as Record<string, unknown>)[element];
    },
  };
}

/**
 * The children of an operation element, from node-soap's input object: each key an element in key order
 * (./requests.ts builds the arguments with fixed keys in WSDL sequence order), an array a repeated element, an
 * object nested elements, and every text escaped. Only what ./requests.ts builds is written: anything else (undefined, null, a
 * non-finite number) is an error, never the text node-soap would have written for it.
 */
function writeElements(values: Readonly<Record<string, unknown>>): string {
  let xml = "";
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) xml += writeElement(name, item);
    else xml += writeElement(name, value);
  }
  return xml;
}

function writeElement(name: string, value: unknown): string {
  return `<${name}>${writeContent(value)}</${name}>`;
}

function writeContent(value: unknown): string {
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return String(value);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return writeElements(value as Record<string, unknown>);
  }
  throw new TypeError("a SOAP argument must be text, a finite number, a boolean or an object");
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#x9;",
  "\r": "&#xD;",
  "\n": "&#xA;",
};
const XML_SPECIAL = /[&<>"'\t\r\n]/g;

/** Text as node-soap escapes it (its `xmlEscape`, less the verbatim CDATA that ./requests.ts refuses). */
function escapeXml(text: string): string {
  return text.replace(XML_SPECIAL, character => XML_ESCAPES[character]);
}

/**
 * The fast decoder's read of the response envelope, with node-soap's outcomes: a SOAP Fault (a truthy
 * `Body/Fault`, as node-soap tests it) becomes its error whatever the HTTP status, unreadable text a
 * `DosUnavailable` under an HTTP error status and a `DosBadResponse` otherwise.
 */
async function read(response: HttpResponse): Promise<unknown> {
  let document: unknown;
  try {
    document = await readXmlInSlices(response.body);
  } catch (thrown) {
    if (!(thrown instanceof XmlReadError)) throw thrown;
    if (response.status >= 300) return unavailable(response.status);
    throw new DosBadResponse("malformed XML");
  }
  const envelope = member(document, "Envelope");
  if (envelope === undefined) return document;
  const fault = member(member(envelope, "Body"), "Fault");
  if (fault) throw faultError(fault);
  return envelope;
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
