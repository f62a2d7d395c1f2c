import { type RawCase } from "../engine/types";
import { DOS_NAMESPACE } from "./envelope";
import { type XmlElement } from "./xml";

/**
 * Reading operation elements as leniently as DoS does (spec §5.2 notes, §12.6): children are found by local
 * name in any order, unknown ones are ignored, and missing ones are `undefined` for the engine to judge. Only
 * elements in the DoS namespace count, or unqualified ones (hand-written requests often leave the children
 * unqualified); elements of other namespaces are someone else's extension and ignored like unknown ones.
 */

export const OPERATIONS = ["CheckCapacitySummary", "ServiceDetailsById", "GetHospitalScores"] as const;
export type OperationName = (typeof OPERATIONS)[number];

export interface Credentials {
  /** `undefined` when absent; empty text counts as absent too (DoS: "Unable to locate username and password"). */
  username: string | undefined;
  password: string | undefined;
}

/** The operation an element asks for, or `undefined` when it is none of the three v1.5 operations. */
export function operationOf(element: XmlElement | undefined): OperationName | undefined {
  if (!element || !isDosElement(element)) return undefined;
  return OPERATIONS.find((name) => name === element.localName);
}

export function readCredentials(operation: XmlElement): Credentials {
  const userInfo = child(operation, "userInfo");
  return {
    username: nonEmpty(userInfo && textOf(userInfo, "username")),
    password: nonEmpty(userInfo && textOf(userInfo, "password")),
  };
}

/** CheckCapacitySummary's `c`, as raw text per field (the engine validates and converts). */
export function readCase(operation: XmlElement): RawCase {
  const c = child(operation, "c");
  if (!c) return {};
  const list = child(c, "symptomDiscriminatorList");
  return {
    caseRef: textOf(c, "caseRef"),
    caseId: textOf(c, "caseId"),
    postcode: textOf(c, "postcode"),
    surgery: textOf(c, "surgery"),
    age: textOf(c, "age"),
    ageFormat: textOf(c, "ageFormat"),
    disposition: textOf(c, "disposition"),
    symptomGroup: textOf(c, "symptomGroup"),
    symptomDiscriminators:
      list && list.children.filter((e) => isDosElement(e) && e.localName === "int").map((e) => e.text),
    searchDistance: textOf(c, "searchDistance"),
    forceSearchDistance: textOf(c, "forceSearchDistance"),
    gender: textOf(c, "gender"),
    searchDateTime: textOf(c, "searchDateTime"),
  };
}

export function readServiceId(operation: XmlElement): string | undefined {
  return textOf(operation, "serviceId");
}

// Private helpers.

const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

// Lenient like DoS: children in the DoS namespace, or unqualified (some generic SOAP tools omit the prefix).
function isDosElement(element: XmlElement): boolean {
  return element.namespace === DOS_NAMESPACE || element.namespace === undefined;
}

/** The first child with this local name; an `xsi:nil="true"` element counts as absent. */
function child(parent: XmlElement, localName: string): XmlElement | undefined {
  const found = parent.children.find((e) => e.localName === localName && isDosElement(e));
  const nil = found?.attributes.find((a) => a.localName === "nil" && a.namespace === XSI_NAMESPACE);
  return nil && (nil.value.trim() === "true" || nil.value.trim() === "1") ? undefined : found;
}

function textOf(parent: XmlElement, localName: string): string | undefined {
  return child(parent, localName)?.text;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text ? text : undefined;
}
