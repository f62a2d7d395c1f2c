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
 * test/dos/xml-reader.test.ts proves this without a clock: every scan and comparison below adds what it examined.
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

/** One open element. Frames are reused (one per depth) rather than allocated per element. */
class Frame {
  /** The start tag's qualified name (prefix included), and its local name, the key it is stored under. */
  qname = "";
  name = "";
  key = 0;
  children: XmlObject | undefined = undefined;
  text = "";
  nil = false;
  /** Bit `k` set: a child whose name's `key` is `k` may have been attached (see `attach`). */
  keys = 0;
}

/** Keys of local names (a hash of the local name), one bit each in `Frame.keys`. */
const NAME_KEYS = 32;

/**
 * Element names, interned: the tree's keys are internalized strings (V8 looks properties up by them without
 * hashing, and objects of one element type share a hidden class), and a name already seen is neither sliced nor
 * internalized again. Indexed by a hash of the qualified name computed during the scan that finds its end; an
 * entry is used only when the text at the tag equals its `qname`. Bounded: NAME_SLOTS entries of names up to
 * NAME_CACHE_CHARS, copied out of the document (so no entry keeps a response alive). Shared by every read: a read
 * runs synchronously between its slices, and reads whatever another left in the cache only after comparing it.
 */
const NAME_SLOTS = 1024;
const NAME_CACHE_CHARS = 64;
const cachedQNames: string[] = new Array<string>(NAME_SLOTS).fill("");
const cachedNames: string[] = new Array<string>(NAME_SLOTS).fill("");
/** Each cached local name's key: a hash of the local name alone, below NAME_KEYS. */
const cachedKeys = new Int32Array(NAME_SLOTS);

/**
 * One document's predictions of its next start tag's name: for each name cache slot, the slots (plus one; 0 for
 * none) of the names of the two start tags that last followed it. Per document, so that what the reader examines
 * depends on the document alone.
 */
class Predictions {
  readonly first = new Int16Array(NAME_SLOTS);
  readonly second = new Int16Array(NAME_SLOTS);
}

/** `name` as V8's internalized copy: a property key's string is internalized, a slice of the document is not. */
function internalized(name: string): string {
  return Object.keys({ [name]: 0 })[0];
}

class Reader {
  examined = 0;
  private elements = 0;
  private readonly length: number;
  private readonly frames: Frame[] = [new Frame()];
  /** frames[depth] is the innermost open element; frames[0] holds the document element. */
  private depth = 0;
  private position = 0;
  private readonly predictions = new Predictions();
  /** The name cache's slot of the last start tag's name, -1 for none. */
  private previous = -1;
  /** Set by `scanName`. */
  private nameEnd = 0;
  private key = 0;
  private qname = "";
  private name = "";

  constructor(private readonly xml: string) {
    this.length = xml.length;
  }

  result(): XmlObject {
    const root = this.frames[0];
    if (this.depth !== 0 || root.children === undefined) throw new XmlReadError("truncated document");
    return root.children;
  }

  /**
   * Reads whole steps until `position` reaches `until` (or the end); true once the end is reached. The common
   * steps (a start tag without attributes, a text run, the matching end tag) are read inline, counting into a
   * local `examined` that is added to the field when the call ends, however it ends.
   */
  advance(until: number): boolean {
    const xml = this.xml;
    const length = this.length;
    const frames = this.frames;
    let depth = this.depth;
    let position = this.position;
    let examined = 0;
    let previous = this.previous;
    const predictions = this.predictions;
    const stop = Math.min(until, length);

    try {
      while (position < stop) {
        const open = xml.indexOf("<", position);
        const textEnd = open === -1 ? length : open;
        examined += (open === -1 ? length : open + 1) - position;
        if (textEnd > position) {
          if (textEnd - position > MAX_RUN_CHARS) throw new XmlReadError("text run too long");
          // Most runs between tags are formatting: skipped without copying.
          let first = position;
          while (first < textEnd && isSpace(xml.charCodeAt(first))) first++;
          examined += first - position;
          if (first < textEnd) {
            if (depth > 0) this.appendText(frames[depth], first, textEnd);
            else if (xml.slice(first, textEnd).trim() !== "") throw new XmlReadError("text outside the document element");
          }
        }
        if (open === -1) {
          position = length;
          break;
        }

        examined++;
        const next = xml.charCodeAt(open + 1);
        if (next === 0x2f /* / */) {
          const frame = frames[depth];
          const qname = frame.qname;
          const nameStart = open + 2;
          // The end tag of the element open, written as its start tag was: compared at once, without a scan.
          const matched = repeatedAt(xml, qname, nameStart);
          examined += matched + 1;
          if (depth > 0 && matched === qname.length && xml.charCodeAt(nameStart + matched) === 0x3e) {
            position = nameStart + matched + 1;
          } else {
            position = this.endTag(open, frame, depth);
          }
          depth--;
          attach(frames[depth], frame.name, frame.key, valueOf(frame));
        } else if (next === 0x3f /* ? */) {
          position = this.endOf("?>", open + 2);
        } else if (next === 0x21 /* ! */) {
          position = this.declaration(open, frames[depth], depth);
        } else {
          // The name: most often one of the two that followed the previous start tag's name before (DoS writes
          // its elements in schema order; a list's entry is followed by another or by the next element),
          // compared at once; otherwise scanned (`scanName`). A start tag with attributes (namespace
          // declarations, xsi:nil) is rare and read apart.
          let slot = -1;
          for (let attempt = 0; attempt < 2 && previous !== -1 && slot === -1; attempt++) {
            const candidate = (attempt === 0 ? predictions.first[previous] : predictions.second[previous]) - 1;
            if (candidate === -1) continue;
            const candidateName = cachedQNames[candidate];
            // First the character just past the candidate's length: unless it ends a name, the name is another.
            examined++;
            if (!isNameEnd(xml.charCodeAt(open + 1 + candidateName.length))) continue;
            const matched = repeatedAt(xml, candidateName, open + 1);
            // The characters that matched, and the one that differed if any.
            examined += matched === candidateName.length ? matched : matched + 1;
            if (matched === candidateName.length) slot = candidate;
          }
          let qname: string;
          let name: string;
          let key: number;
          let nameEnd: number;
          if (slot !== -1) {
            qname = cachedQNames[slot];
            name = cachedNames[slot];
            key = cachedKeys[slot];
            nameEnd = open + 1 + qname.length;
          } else {
            slot = this.scanName(open);
            if (previous !== -1 && slot !== -1) {
              predictions.second[previous] = predictions.first[previous];
              predictions.first[previous] = slot + 1;
            }
            nameEnd = this.nameEnd;
            qname = this.qname;
            name = this.name;
            key = this.key;
          }
          previous = slot;
          const after = xml.charCodeAt(nameEnd);
          const hasAttributes = isSpace(after);
          let close: number;
          if (hasAttributes) {
            close = this.tagEnd(nameEnd);
          } else {
            // `>` or `/>` right after the name.
            close = after === 0x2f ? nameEnd + 1 : nameEnd;
            examined += close - nameEnd + 1;
            if (close >= length || xml.charCodeAt(close) !== 0x3e) throw new XmlReadError("malformed start tag");
          }
          if (depth === 0 && frames[0].children !== undefined) throw new XmlReadError("two document elements");
          if (++this.elements > MAX_ELEMENTS) throw new XmlReadError("too many elements");
          if (xml.charCodeAt(close - 1) === 0x2f /* self-closing: empty, so null */) {
            attach(frames[depth], name, key, null);
          } else {
            if (++depth > MAX_DEPTH) throw new XmlReadError("nesting too deep");
            const frame = frames[depth] ?? (frames[depth] = new Frame());
            frame.qname = qname;
            frame.name = name;
            frame.key = key;
            frame.keys = 0;
            frame.children = undefined;
            frame.text = "";
            frame.nil = hasAttributes && NIL.test(xml.slice(nameEnd, close));
          }
          position = close + 1;
        }
      }
    } finally {
      this.examined += examined;
      this.depth = depth;
      this.position = position;
      this.previous = previous;
    }
    return position >= length;
  }

  /**
   * The name of the start tag at `open`, scanned and hashed, then found in the name cache or added to it: sets
   * `nameEnd`, `qname`, `name` and `key`, and returns the name's cache slot (-1 when too long to cache). The caller
   * counts the characters examined.
   */
  private scanName(open: number): number {
    const xml = this.xml;
    const length = this.length;
    let nameEnd = open + 1;
    let colon = -1;
    let hash = 0;
    let localHash = 0;
    for (; nameEnd < length; nameEnd++) {
      const c = xml.charCodeAt(nameEnd);
      if (isNameEnd(c)) break;
      if (c === 0x3a) {
        colon = nameEnd;
        localHash = 0;
      } else if (c === 0x3c) {
        this.examined += nameEnd + 1 - open;
        throw new XmlReadError("'<' inside a tag");
      } else {
        localHash = (Math.imul(localHash, 31) + c) | 0;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    this.key = localHash & (NAME_KEYS - 1);
    const qnameLength = nameEnd - open - 1;
    this.nameEnd = nameEnd;
    // The scan, then at most two comparisons with cached names (only a name short enough to be cached is
    // compared) and two slices: charged alike whatever the shared cache holds, so that the count depends on the
    // document alone.
    this.examined += nameEnd - open + (qnameLength <= NAME_CACHE_CHARS ? 4 : 2) * qnameLength;
    // Two slots per hash, the second taken when the first holds another name: two names of one document
    // rarely share both, so a document's names stay cached from one read to the next.
    const first = hash & (NAME_SLOTS - 1);
    let slot = first;
    for (let probe = 0; probe < 2; probe++, slot = first ^ 1) {
      const cached = cachedQNames[slot];
      if (cached.length === qnameLength && qnameLength > 0 && matchedAt(xml, cached, open + 1) === qnameLength) {
        this.qname = cached;
        this.name = cachedNames[slot];
        return slot;
      }
    }
    slot = cachedQNames[first] === "" || cachedQNames[first ^ 1] !== "" ? first : first ^ 1;
    const qname = xml.slice(open + 1, nameEnd);
    const name = xml.slice(colon === -1 ? open + 1 : colon + 1, nameEnd);
    if (name === "" || name === "__proto__") throw new XmlReadError("bad element name");
    if (qnameLength > NAME_CACHE_CHARS) {
      this.qname = qname;
      this.name = name;
      return -1;
    }
    this.qname = cachedQNames[slot] = internalized(qname);
    this.name = cachedNames[slot] = internalized(name);
    cachedKeys[slot] = this.key;
    return slot;
  }

  /** An end tag that is not written as its start tag was (another prefix, space before `>`), or a wrong one. */
  private endTag(open: number, frame: Frame, depth: number): number {
    const xml = this.xml;
    const length = this.length;
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
    this.examined += frame.name.length;
    if (depth === 0 || nameEnd - start !== frame.name.length || !xml.startsWith(frame.name, start)) {
      throw new XmlReadError("mismatched end tag");
    }
    return close + 1;
  }

  /** `<!`: a comment, a CDATA section (its text added to `frame`'s), or a refused declaration (DOCTYPE). */
  private declaration(open: number, frame: Frame, depth: number): number {
    const xml = this.xml;
    if (xml.startsWith("<!--", open)) {
      this.examined += 4;
      return this.endOf("-->", open + 4);
    }
    if (xml.startsWith("<![CDATA[", open)) {
      this.examined += 9;
      const close = this.endOf("]]>", open + 9);
      if (close - open > MAX_RUN_CHARS) throw new XmlReadError("CDATA section too long");
      if (depth === 0) throw new XmlReadError("text outside the document element");
      this.examined += close - 3 - (open + 9);
      frame.text += xml.slice(open + 9, close - 3).trim();
      return close;
    }
    throw new XmlReadError("DOCTYPE and declarations are not accepted");
  }

  /** The index just past `terminator`, searching from `from`. */
  private endOf(terminator: string, from: number): number {
    const index = this.xml.indexOf(terminator, from);
    this.examined += (index === -1 ? this.length : index + terminator.length) - from;
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
        // Counted twice: the scan, and the test for `xsi:nil` over the same characters.
        this.examined += 2 * (i + 1 - from);
        return i;
      } else if (c === 0x3c) {
        throw new XmlReadError("'<' inside a tag");
      }
    }
    throw new XmlReadError(end < this.length ? "start tag too long" : "unterminated start tag");
  }

  /** Text from `start` (not a space) to `end`, added to `frame`'s. */
  private appendText(frame: Frame, start: number, end: number): void {
    const raw = this.xml.slice(start, end);
    // Each run of text is trimmed, as node-soap does: DoS pads free text with line breaks.
    const text = trimmed(raw);
    this.examined += raw.length + text.length;
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

/**
 * How many characters of `text` the document repeats at `at`, up to the first difference: `matchedAt`'s answer,
 * found for the usual case (the whole of `text`) by one string comparison, which V8 makes over the characters in
 * native code. That halved the cost of the comparisons: reading the wide search's answer went from 375 to 295 µs
 * (the slice is garbage at once: in V8 a copy below 13 characters, a view of the document above). Only a
 * difference is counted out by `matchedAt`, so what is examined is counted as before.
 */
function repeatedAt(xml: string, text: string, at: number): number {
  return xml.slice(at, at + text.length) === text ? text.length : matchedAt(xml, text, at);
}

/**
 * How many characters of `text` the document repeats at `at`, up to the first difference, compared one by one in
 * a loop V8 inlines (cheaper than `startsWith`'s call).
 */
function matchedAt(xml: string, text: string, at: number): number {
  const length = Math.min(text.length, xml.length - at);
  let index = 0;
  while (index < length && xml.charCodeAt(at + index) === text.charCodeAt(index)) index++;
  return index;
}

/** What ends an element name in a start tag: `>`, `/` or white space. */
function isNameEnd(c: number): boolean {
  return c === 0x3e || c === 0x2f || isSpace(c);
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

/**
 * Adds a child to `parent`'s object: a first child of its name as a property, a repeated one in an array. `key` is
 * the name's key: while no child of that key was attached, the name cannot be a property yet, and is stored
 * without looking it up.
 */
function attach(parent: Frame, name: string, key: number, value: XmlValue): void {
  const children = (parent.children ??= {});
  const bit = 1 << key;
  if ((parent.keys & bit) === 0) {
    parent.keys |= bit;
    children[name] = value;
    return;
  }
  // A plain read rather than Object.hasOwn, cheaper per element: no value the reader stores is undefined or a
  // function, so either means the name is not yet a child (a function is an Object.prototype member, such as
  // an element named `toString`; `__proto__` is refused).
  const existing = children[name] as unknown;
  if (existing === undefined || typeof existing === "function") children[name] = value;
  // Leaves are never arrays, so an array here is this element's earlier repetitions.
  else if (Array.isArray(existing)) existing.push(value);
  else children[name] = [existing as XmlValue, value];
}
