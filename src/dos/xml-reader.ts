import { trimmed } from "./text";

/**
 * A small, single-pass XML reader for DoS's SOAP responses: the hot path of every DoS call (node-soap's
 * sax-based parse cost about 9 ms of CPU for a 25-service search; this reads the same text in well under one).
 *
 * It builds the tree node-soap's `xmlToObject` builds, in the form ./wire.ts validates: elements by local name
 * (prefixes vary between DoS deployments), text leaves as strings (entities decoded, CDATA kept, each run of
 * text trimmed as node-soap trims it), an element
 * without children or text as `null` (`xsi:nil` too), repeated siblings as an array and a single child as itself
 * (./wire.ts `list` accepts both). Attributes are not kept; DoS's payloads carry none.
 *
 * Safe by construction: a DOCTYPE (and with it any entity declaration) is refused, only the five predefined
 * entities and character references are decoded, and every character is looked at a bounded number of times
 * (linear time; input size is bounded by the transport). Anything malformed throws `XmlReadError`.
 */

export class XmlReadError extends Error {
  constructor(reason: string) {
    super(`malformed XML: ${reason}`);
    this.name = "XmlReadError";
  }
}

export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

interface Frame {
  name: string;
  children: XmlObject | undefined;
  text: string;
  nil: boolean;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NIL = /\bnil\s*=\s*["'](?:true|1)["']/;

/** The document element as `{ [localName]: value }`. */
export function readXml(xml: string): XmlObject {
  const root: Frame = { name: "", children: undefined, text: "", nil: false };
  const stack: Frame[] = [root];
  let position = 0;
  const length = xml.length;

  while (position < length) {
    const open = xml.indexOf("<", position);
    const textEnd = open === -1 ? length : open;
    if (textEnd > position) appendText(stack[stack.length - 1], xml, position, textEnd, stack.length > 1);
    if (open === -1) break;

    const next = xml.charCodeAt(open + 1);
    if (next === 0x3f /* ? */) {
      position = endOf(xml, "?>", open + 2);
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith("<!--", open)) {
        position = endOf(xml, "-->", open + 4);
      } else if (xml.startsWith("<![CDATA[", open)) {
        const close = endOf(xml, "]]>", open + 9);
        if (stack.length === 1) throw new XmlReadError("text outside the document element");
        stack[stack.length - 1].text += xml.slice(open + 9, close - 3).trim();
        position = close;
      } else {
        throw new XmlReadError("DOCTYPE and declarations are not accepted");
      }
    } else if (next === 0x2f /* / */) {
      const close = xml.indexOf(">", open + 2);
      if (close === -1) throw new XmlReadError("unterminated end tag");
      let end = close;
      while (end > open + 2 && isSpace(xml.charCodeAt(end - 1))) end--;
      const colon = xml.indexOf(":", open + 2);
      const start = colon !== -1 && colon < end ? colon + 1 : open + 2;
      const frame = stack.pop()!;
      if (stack.length === 0 || end - start !== frame.name.length || !xml.startsWith(frame.name, start)) {
        throw new XmlReadError("mismatched end tag");
      }
      attach(stack[stack.length - 1], frame.name, valueOf(frame));
      position = close + 1;
    } else {
      // Name first; a start tag with attributes (namespace declarations, xsi:nil) is rare and read apart.
      let nameEnd = open + 1;
      let colon = -1;
      for (; nameEnd < length; nameEnd++) {
        const c = xml.charCodeAt(nameEnd);
        if (c === 0x3e || c === 0x2f || isSpace(c)) break;
        if (c === 0x3a) colon = nameEnd;
        else if (c === 0x3c) throw new XmlReadError("'<' inside a tag");
      }
      const hasAttributes = nameEnd < length && isSpace(xml.charCodeAt(nameEnd));
      const close = hasAttributes ? tagEnd(xml, nameEnd) : xml.indexOf(">", nameEnd);
      if (close === -1) throw new XmlReadError("unterminated start tag");
      const selfClosing = xml.charCodeAt(close - 1) === 0x2f;
      if (!hasAttributes && close !== nameEnd + (selfClosing ? 1 : 0)) throw new XmlReadError("malformed start tag");
      const name = xml.slice(colon === -1 ? open + 1 : colon + 1, nameEnd);
      if (name === "" || name === "__proto__") throw new XmlReadError("bad element name");
      if (stack.length === 1 && root.children !== undefined) throw new XmlReadError("two document elements");
      const nil = hasAttributes && NIL.test(xml.slice(nameEnd, close));
      const frame: Frame = { name, children: undefined, text: "", nil };
      if (selfClosing) attach(stack[stack.length - 1], name, valueOf(frame));
      else stack.push(frame);
      position = close + 1;
    }
  }
  if (stack.length !== 1 || root.children === undefined) throw new XmlReadError("truncated document");
  return root.children;
}

// Private: the index just past `terminator`, searching from `from`.
function endOf(xml: string, terminator: string, from: number): number {
  const index = xml.indexOf(terminator, from);
  if (index === -1) throw new XmlReadError(`unterminated ${terminator}`);
  return index + terminator.length;
}

// Private: the `>` ending a start tag, skipping `>` inside quoted attribute values.
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return i;
    } else if (c === 0x3c) {
      throw new XmlReadError("'<' inside a tag");
    }
  }
  throw new XmlReadError("unterminated start tag");
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function appendText(frame: Frame, xml: string, start: number, end: number, inElement: boolean): void {
  // Most runs between tags are formatting: skip them without copying.
  let first = start;
  while (first < end && isSpace(xml.charCodeAt(first))) first++;
  if (first === end) return;
  const raw = xml.slice(first, end);
  if (!inElement) {
    if (raw.trim() !== "") throw new XmlReadError("text outside the document element");
    return;
  }
  // Each run of text is trimmed, as node-soap does: DoS pads free text with line breaks.
  const text = trimmed(raw);
  if (text !== "") frame.text += text.indexOf("&") === -1 ? text : decodeEntities(text);
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:([^;&<]{1,10});)?/g, (_match, entity: string | undefined) => {
    if (entity === undefined) throw new XmlReadError("bare '&'");
    if (entity.startsWith("#")) {
      const hex = entity[1] === "x" || entity[1] === "X";
      const digits = entity.slice(hex ? 2 : 1);
      const code = (hex ? /^[0-9A-Fa-f]{1,6}$/ : /^\d{1,7}$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!(code >= 1 && code <= 0x10ffff)) throw new XmlReadError("bad character reference");
      return String.fromCodePoint(code);
    }
    const decoded = PREDEFINED[entity];
    if (decoded === undefined) throw new XmlReadError("undeclared entity");
    return decoded;
  });
}

// Private: an element with children is its object (text between children is formatting); otherwise its text, or
// null when it has none or is `xsi:nil`.
function valueOf(frame: Frame): XmlValue {
  if (frame.nil) return null;
  if (frame.children !== undefined) return frame.children;
  return frame.text === "" ? null : frame.text;
}

function attach(parent: Frame, name: string, value: XmlValue): void {
  parent.children ??= {};
  if (!Object.hasOwn(parent.children, name)) {
    parent.children[name] = value;
    return;
  }
  // Leaves are never arrays, so an array here is this element's earlier repetitions.
  const existing = parent.children[name];
  if (Array.isArray(existing)) existing.push(value);
  else parent.children[name] = [existing, value];
}
