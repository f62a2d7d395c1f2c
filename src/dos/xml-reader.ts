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
 * entities and character references are decoded, and anything malformed throws `XmlReadError`.
 *
 * Linear on every input: every scan is bounded by the construct it reads (a tag, a text run, a comment), and
 * moves `position` past what it looked at, so each character is examined a bounded number of times whatever the
 * names, prefixes, entities or nesting. The reader counts the characters it examines (`ReadStats`), which is how
 * test/dos/xml-reader.test.ts proves this without a clock: every scan below goes through a counting helper.
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

/** Filled in by `readXml` when passed: the characters it examined (each scan, copy and comparison counts). */
export interface ReadStats {
  examined: number;
}

interface Frame {
  name: string;
  children: XmlObject | undefined;
  text: string;
  nil: boolean;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NIL = /\bnil\s*=\s*["'](?:true|1)["']/;
/** The longest reference decoded: `&#x10FFFF;` less its `&` and `;`. */
const MAX_REFERENCE = 8;

/**
 * Characters of one text run, CDATA section or start tag beyond which a document is refused. No field a caller
 * can receive is longer than 10,000 characters (./limits.ts) and a character is at most 10 characters of XML
 * (`&#x10FFFF;`), so a longer run can only be an over-long field; refusing it bounds the work of each step.
 */
export const MAX_RUN_CHARS = 100_000;
/**
 * Characters read between two turns of the event loop by `readXmlInSlices` (about 2-5 ms of CPU). An ordinary
 * answer (a wide search is about 100 KB) is read, checked and mapped in one turn: every yield lets other
 * requests' work run while this one's objects are alive, which promotes them to the old generation (issue 16's
 * A/B bench measured 64 KiB slices at 12x the baseline's promotion).
 */
export const SLICE_CHARS = 256 * 1024;
/**
 * Deepest element nesting accepted. DoS's payloads nest about eight deep (envelope, body, response, result,
 * service, list, entry, leaf); a document nesting thousands deep only builds a chain of objects for the
 * garbage collector (a 4.5 MB one cost a 120 ms pause) and is refused.
 */
export const MAX_DEPTH = 64;
/**
 * Most elements accepted in one document. The largest answer the subgraph accepts (DOS_MAX_SERVICES = 200
 * services) holds well under this even with hundreds of endpoints and dates per service; half a million junk
 * elements only cost the garbage collector, and are refused as soon as they are counted.
 */
export const MAX_ELEMENTS = 250_000;

/** The document element as `{ [localName]: value }`, read in one go. */
export function readXml(xml: string, stats?: ReadStats): XmlObject {
  const reader = new Reader(xml);
  try {
    reader.advance(xml.length);
    return reader.result();
  } finally {
    if (stats) stats.examined += reader.examined;
  }
}

/**
 * `readXml`, yielding to the event loop after each `sliceChars` characters, so that no response, however large
 * within the transport's byte cap, holds the event loop for longer than one slice (`npm run bench`, hostile
 * responses). Each step (a tag, a text run) is bounded by MAX_RUN_CHARS, so a slice overruns by at most one step.
 */
export async function readXmlInSlices(
  xml: string,
  { sliceChars = SLICE_CHARS, stats }: { sliceChars?: number; stats?: ReadStats } = {},
): Promise<XmlObject> {
  const reader = new Reader(xml);
  try {
    for (let until = sliceChars; !reader.advance(until); until += sliceChars) {
      await new Promise<void>(resolve => setImmediate(resolve));
    }
    return reader.result();
  } finally {
    if (stats) stats.examined += reader.examined;
  }
}

class Reader {
  examined = 0;
  private elements = 0;
  private readonly length: number;
  private readonly root: Frame = { name: "", children: undefined, text: "", nil: false };
  private readonly stack: Frame[] = [this.root];
  private position = 0;

  constructor(private readonly xml: string) {
    this.length = xml.length;
  }

  result(): XmlObject {
    if (this.stack.length !== 1 || this.root.children === undefined) throw new XmlReadError("truncated document");
    return this.root.children;
  }

  /** Reads whole steps until `position` reaches `until` (or the end); true once the end is reached. */
  advance(until: number): boolean {
    const xml = this.xml;
    const length = this.length;
    const root = this.root;
    const stack = this.stack;
    let position = this.position;
    const stop = Math.min(until, length);

    while (position < stop) {
      const open = this.indexOf("<", position);
      const textEnd = open === -1 ? length : open;
      if (textEnd - position > MAX_RUN_CHARS) throw new XmlReadError("text run too long");
      if (textEnd > position) this.appendText(stack[stack.length - 1], position, textEnd, stack.length > 1);
      if (open === -1) {
        position = length;
        break;
      }

      const next = this.charAt(open + 1);
      if (next === 0x3f /* ? */) {
        position = this.endOf("?>", open + 2);
      } else if (next === 0x21 /* ! */) {
        if (this.startsWith("<!--", open)) {
          position = this.endOf("-->", open + 4);
        } else if (this.startsWith("<![CDATA[", open)) {
          const close = this.endOf("]]>", open + 9);
          if (close - open > MAX_RUN_CHARS) throw new XmlReadError("CDATA section too long");
          if (stack.length === 1) throw new XmlReadError("text outside the document element");
          stack[stack.length - 1].text += this.slice(open + 9, close - 3).trim();
          position = close;
        } else {
          throw new XmlReadError("DOCTYPE and declarations are not accepted");
        }
      } else if (next === 0x2f /* / */) {
        // The end tag's name, read up to its `>`: the prefix is looked for inside the tag only.
        let nameEnd = open + 2;
        let colon = -1;
        for (; nameEnd < length; nameEnd++) {
          const c = xml.charCodeAt(nameEnd);
          if (c === 0x3e || isSpace(c)) break;
          if (c === 0x3a) colon = nameEnd;
          else if (c === 0x3c) throw new XmlReadError("'<' inside a tag");
        }
        this.examined += nameEnd - open;
        let close = nameEnd;
        while (close < length && isSpace(xml.charCodeAt(close))) close++;
        this.examined += close - nameEnd + 1;
        if (close >= length || xml.charCodeAt(close) !== 0x3e) throw new XmlReadError("unterminated end tag");
        const start = colon === -1 ? open + 2 : colon + 1;
        const frame = stack.pop()!;
        if (stack.length === 0 || nameEnd - start !== frame.name.length || !this.startsWith(frame.name, start)) {
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
        this.examined += nameEnd - open;
        const hasAttributes = nameEnd < length && isSpace(xml.charCodeAt(nameEnd));
        let close: number;
        if (hasAttributes) {
          close = this.tagEnd(nameEnd);
        } else {
          // `>` or `/>` right after the name.
          close = this.charAt(nameEnd) === 0x2f ? nameEnd + 1 : nameEnd;
          if (this.charAt(close) !== 0x3e) throw new XmlReadError("malformed start tag");
        }
        const selfClosing = xml.charCodeAt(close - 1) === 0x2f;
        const name = this.slice(colon === -1 ? open + 1 : colon + 1, nameEnd);
        if (name === "" || name === "__proto__") throw new XmlReadError("bad element name");
        if (stack.length === 1 && root.children !== undefined) throw new XmlReadError("two document elements");
        if (++this.elements > MAX_ELEMENTS) throw new XmlReadError("too many elements");
        const nil = hasAttributes && NIL.test(this.slice(nameEnd, close));
        const frame: Frame = { name, children: undefined, text: "", nil };
        if (selfClosing) attach(stack[stack.length - 1], name, valueOf(frame));
        else if (stack.push(frame) > MAX_DEPTH + 1) throw new XmlReadError("nesting too deep");
        position = close + 1;
      }
    }
    this.position = position;
    return position >= length;
  }

  // ---- counted primitives: every look at the text goes through one of these (or counts itself) ----

  private charAt(index: number): number {
    this.examined++;
    return this.xml.charCodeAt(index);
  }

  private indexOf(search: string, from: number): number {
    const index = this.xml.indexOf(search, from);
    this.examined += (index === -1 ? this.length : index + search.length) - from;
    return index;
  }

  private startsWith(search: string, at: number): boolean {
    this.examined += search.length;
    return this.xml.startsWith(search, at);
  }

  private slice(start: number, end: number): string {
    this.examined += end - start;
    return this.xml.slice(start, end);
  }

  /** The index just past `terminator`, searching from `from`. */
  private endOf(terminator: string, from: number): number {
    const index = this.indexOf(terminator, from);
    if (index === -1) throw new XmlReadError(`unterminated ${terminator}`);
    return index + terminator.length;
  }

  /** The `>` ending a start tag, skipping `>` inside quoted attribute values. */
  private tagEnd(from: number): number {
    const xml = this.xml;
    let quote = 0;
    const end = Math.min(this.length, from + MAX_RUN_CHARS);
    for (let i = from; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === 0x3e) {
        this.examined += i + 1 - from;
        return i;
      } else if (c === 0x3c) {
        throw new XmlReadError("'<' inside a tag");
      }
    }
    throw new XmlReadError(end < this.length ? "start tag too long" : "unterminated start tag");
  }

  private appendText(frame: Frame, start: number, end: number, inElement: boolean): void {
    const xml = this.xml;
    // Most runs between tags are formatting: skip them without copying.
    let first = start;
    while (first < end && isSpace(xml.charCodeAt(first))) first++;
    this.examined += first - start;
    if (first === end) return;
    const raw = this.slice(first, end);
    if (!inElement) {
      if (raw.trim() !== "") throw new XmlReadError("text outside the document element");
      return;
    }
    // Each run of text is trimmed, as node-soap does: DoS pads free text with line breaks.
    const text = trimmed(raw);
    this.examined += text.length;
    if (text !== "") frame.text += text.indexOf("&") === -1 ? text : this.decodeReferences(text);
  }

  /**
   * `text` with its entity and character references decoded, in one pass over it. Joined from parts rather than
   * concatenated, so the result is one flat string: a rope of thousands of pieces would be flattened later, by
   * whoever first reads it (./wire.ts), outside the reader's slices.
   */
  private decodeReferences(text: string): string {
    const parts: string[] = [];
    let done = 0;
    for (let amp = text.indexOf("&"); amp !== -1; amp = text.indexOf("&", done)) {
      let semicolon = amp + 1;
      const limit = Math.min(text.length, amp + 2 + MAX_REFERENCE);
      while (semicolon < limit && text.charCodeAt(semicolon) !== 0x3b) semicolon++;
      if (semicolon >= limit) throw new XmlReadError("bare '&' or unknown reference");
      if (amp > done) parts.push(text.slice(done, amp));
      parts.push(reference(text, amp + 1, semicolon));
      done = semicolon + 1;
    }
    this.examined += text.length;
    if (done < text.length) parts.push(text.slice(done));
    return parts.join("");
  }
}

// Private: the character `text[start, end)` (between `&` and `;`) refers to.
function reference(text: string, start: number, end: number): string {
  if (text.charCodeAt(start) !== 0x23 /* # */) {
    const name = text.slice(start, end);
    if (!Object.hasOwn(PREDEFINED, name)) throw new XmlReadError("undeclared entity");
    return PREDEFINED[name];
  }
  const hex = text.charCodeAt(start + 1) === 0x78 || text.charCodeAt(start + 1) === 0x58; /* x X */
  const digits = text.slice(start + (hex ? 2 : 1), end);
  const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^\d{1,7}$/.test(digits);
  const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
  if (!(code >= 1 && code <= 0x10ffff)) throw new XmlReadError("bad character reference");
  return String.fromCodePoint(code);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
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
