import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { sharedPath } from "./shared";

/*
 * Schema validation of DoS v1.5 operation payloads (requests and responses) against the *published* v1.5 schema,
 * the one inline in the WSDL DoS serves (../shared/reference/dos/wsdl/dos-v1.5.wsdl), using xmllint.
 *
 * Only operation payloads are covered: SOAP Faults (and the envelope itself) are not part of the DoS schema, so a
 * Fault body is reported as invalid with a message saying so rather than handed to xmllint.
 */

export interface PayloadValidation {
  valid: boolean;
  errors: string[];
}

const SOAP_ENVELOPE_NAMESPACES = new Set([
  "http://schemas.xmlsoap.org/soap/envelope/", // SOAP 1.1
  "http://www.w3.org/2003/05/soap-envelope", // SOAP 1.2
]);

/** fast-xml-parser's order-preserving node: `{ [tag]: children, ":@"?: attributes }`. */
type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

const xmlOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: "#comment",
  cdataPropName: "#cdata",
} as const;

/** WSDL path -> the standalone .xsd extracted from it (written once per process). */
const extractedSchemas = new Map<string, string>();

/**
 * Validates a full SOAP 1.1/1.2 envelope (its first Body element) or a bare payload element against the
 * published DoS v1.5 schema, or against the inline schema of another WSDL when `wsdlPath` is given.
 */
export function validatePayload(xml: string, wsdlPath = publishedWsdlPath()): PayloadValidation {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return { valid: false, errors: [`not well-formed XML (line ${line}, column ${col}): ${msg}`] };
  }
  const payload = extractPayload(xml);
  if ("error" in payload) return { valid: false, errors: [payload.error] };
  return runXmllint(payload.document, schemaFrom(wsdlPath));
}

/** Throws with xmllint's messages unless the payload is valid against the published v1.5 schema. */
export function assertValidPayload(xml: string): void {
  const { valid, errors } = validatePayload(xml);
  if (!valid) throw new Error(`DoS v1.5 payload is not schema-valid:\n${errors.join("\n")}`);
}

function runXmllint(document: string, xsdPath: string): PayloadValidation {
  const result = spawnSync("xmllint", ["--noout", "--schema", xsdPath, "-"], {
    input: document,
    encoding: "utf8",
    // Explicitly this environment: under jest the sandbox's process.env is a copy the child would not see.
    env: process.env,
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("xmllint is not installed: install libxml2-utils (apt-get install libxml2-utils)");
    }
    throw result.error;
  }
  // xmllint exit codes: 0 valid, 1 unparsable input, 3 invalid; anything else means the schema itself failed.
  if (result.status !== 0 && result.status !== 1 && result.status !== 3) {
    throw new Error(`xmllint could not use the extracted schema (exit ${result.status}):\n${result.stderr}`);
  }
  const errors = result.stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^- (validates|fails to validate)$/.test(line));
  return { valid: result.status === 0, errors };
}

/**
 * The first element of the SOAP Body (or the root itself when it is not an envelope) as a standalone document,
 * with the namespace declarations it inherits from the Envelope and Body copied onto it.
 */
function extractPayload(xml: string): { document: string } | { error: string } {
  const nodes = new XMLParser(xmlOptions).parse(xml) as OrderedNode[];
  const root = firstElement(nodes);
  if (!root) return { error: "no root element" };

  const rootNamespace = namespaceOf(root, root[":@"] ?? {});
  if (localName(root) !== "Envelope" || !SOAP_ENVELOPE_NAMESPACES.has(rootNamespace ?? "")) {
    return { document: serialise(root) };
  }
  const body = childElements(root).find((child) => localName(child) === "Body");
  const payload = body && firstElement(body[tagOf(body)] as OrderedNode[]);
  if (!body || !payload) return { error: "the SOAP envelope has no Body element with content" };

  const inherited = { ...root[":@"], ...body[":@"] };
  const payloadNamespace = namespaceOf(payload, { ...inherited, ...payload[":@"] });
  if (localName(payload) === "Fault" && payloadNamespace === rootNamespace) {
    return { error: "the Body holds a SOAP Fault; only DoS operation payloads are in the DoS schema" };
  }
  const declarations = Object.fromEntries(
    Object.entries(inherited).filter(([name]) => isNamespaceDeclaration(name)),
  );
  return { document: serialise({ ...payload, ":@": { ...declarations, ...payload[":@"] } }) };
}

function serialise(node: OrderedNode): string {
  return new XMLBuilder({ ...xmlOptions, suppressEmptyNode: false }).build([node]) as string;
}

function tagOf(node: OrderedNode): string {
  return Object.keys(node).find((key) => key !== ":@") ?? "";
}

function isElement(node: OrderedNode): boolean {
  const tag = tagOf(node);
  return tag !== "#text" && tag !== "#comment" && tag !== "#cdata" && !tag.startsWith("?");
}

function firstElement(nodes: OrderedNode[]): OrderedNode | undefined {
  return nodes.find(isElement);
}

function childElements(node: OrderedNode): OrderedNode[] {
  return (node[tagOf(node)] as OrderedNode[]).filter(isElement);
}

function localName(node: OrderedNode): string {
  return tagOf(node).split(":").pop() ?? "";
}

/** The element's namespace, resolved from the given (already merged) in-scope attributes. */
function namespaceOf(node: OrderedNode, attributes: Record<string, string>): string | undefined {
  const tag = tagOf(node);
  const prefix = tag.includes(":") ? tag.split(":")[0] : undefined;
  return attributes[prefix ? `@_xmlns:${prefix}` : "@_xmlns"];
}

function isNamespaceDeclaration(attributeName: string): boolean {
  return attributeName === "@_xmlns" || attributeName.startsWith("@_xmlns:");
}

function publishedWsdlPath(): string {
  return sharedPath("reference", "dos", "wsdl", "dos-v1.5.wsdl");
}

/**
 * A WSDL's inline `<xs:schema>` written out once per process as a standalone .xsd. The published WSDL declares
 * the schema's prefixes (`s`, `tns`) on `wsdl:definitions`, so those declarations are carried over onto it.
 */
function schemaFrom(wsdlPath: string): string {
  const cached = extractedSchemas.get(wsdlPath);
  if (cached) return cached;
  const wsdl = fs.readFileSync(wsdlPath, "utf8");
  const definitionsTag = /<(\w+:)?definitions\b[^>]*>/.exec(wsdl)?.[0];
  const schemaStart = /<(\w+):schema\b/.exec(wsdl);
  if (!definitionsTag || !schemaStart) throw new Error(`${wsdlPath} has no wsdl:definitions/schema element`);
  const end = `</${schemaStart[1]}:schema>`;
  const schema = wsdl.slice(schemaStart.index, wsdl.indexOf(end) + end.length);
  const schemaTag = /^<[^>]*>/.exec(schema)?.[0] ?? "";
  const carried = (definitionsTag.match(/\sxmlns(:\w+)?="[^"]*"/g) ?? []).filter(
    (declaration) => !schemaTag.includes(declaration.trim().split("=")[0] + "="),
  );
  const xsd = schema.replace(schemaStart[0], schemaStart[0] + carried.join(""));

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "dos-xsd-"));
  process.once("exit", () => fs.rmSync(directory, { recursive: true, force: true }));
  const xsdPath = path.join(directory, `${path.basename(wsdlPath, ".wsdl")}.xsd`);
  fs.writeFileSync(xsdPath, xsd);
  extractedSchemas.set(wsdlPath, xsdPath);
  return xsdPath;
}
