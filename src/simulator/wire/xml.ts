/**
 * A small, strict, namespace-aware XML reader for SOAP requests, and the escaping used to write responses.
 *
 * Strict about well-formedness (DoS answers 108 to anything that is not XML): tags must nest and match,
 * attributes must be quoted and unique, prefixes must be declared, and only the five predefined entities and
 * character references are known. A DOCTYPE is refused outright, so no entity expansion (XXE, "billion
 * laughs") can happen. It keeps only what SOAP dispatch needs: elements with their namespace, local name,
 * attributes and direct text. Comments and processing instructions are skipped.
 */

export interface XmlElement {
  /** Namespace URI; `undefined` for an unqualified element outside any default namespace. */
  namespace: string | undefined;
  localName: string;
  /** By qualified name as written (`xsi:nil`), with namespace declarations left out. */
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The element's own character data (CDATA included), concatenated; children's text is not included. */
  text: string;
}

export interface XmlAttribute {
  namespace: string | undefined;
  localName: string;
  value: string;
}

/** The input is not well-formed XML, or uses something this reader refuses (DOCTYPE, unknown entities). */
export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = "XmlSyntaxError";
  }
}

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$/;
// Characters XML 1.0 does not allow anywhere, even escaped.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const WHITESPACE = /^[ \t\r\n]*$/;
const ENTITY = /&([^;&\s]*);?/g;
/** SOAP requests nest a dozen levels; the cap keeps hostile input from making namespace lookups quadratic. */
const MAX_DEPTH = 100;
const PREDEFINED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Prefix → namespace URI; the default namespace is under "". Chained by prototype for nested scopes. */
type Scope = Record<string, string | undefined>;

interface OpenElement {
  qualifiedName: string;
  element: XmlElement;
  scope: Scope;
}

/** Parses a whole document and returns its root element, or throws `XmlSyntaxError`. */
export function parseXml(source: string): XmlElement {
  const forbidden = FORBIDDEN_CHARACTER.exec(source);
  if (forbidden) throw new XmlSyntaxError("character not allowed in XML", forbidden.index);

  const rootScope: Scope = Object.assign(Object.create(null) as Scope, { xml: XML_NAMESPACE, "": undefined });
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let position = source.charCodeAt(0) === 0xfeff ? 1 : 0;

  while (position < source.length) {
    const tagStart = source.indexOf("<", position);
    const textEnd = tagStart === -1 ? source.length : tagStart;
    if (textEnd > position) {
      const text = source.slice(position, textEnd);
      const open = stack[stack.length - 1];
      if (open) open.element.text += decodeEntities(text, position);
      else if (!WHITESPACE.test(text)) throw new XmlSyntaxError("text outside the root element", position);
    }
    if (tagStart === -1) break;

    const next = source.charCodeAt(tagStart + 1);
    if (next === 0x3f /* ? */) {
      position = skipProcessingInstruction(source, tagStart);
    } else if (source.startsWith("<!--", tagStart)) {
      position = endOf(source, "-->", tagStart, "unterminated comment");
    } else if (source.startsWith("<![CDATA[", tagStart)) {
      const open = stack[stack.length - 1];
      if (!open) throw new XmlSyntaxError("CDATA outside the root element", tagStart);
      const end = endOf(source, "]]>", tagStart, "unterminated CDATA section");
      open.element.text += source.slice(tagStart + 9, end - 3);
      position = end;
    } else if (next === 0x21 /* ! */) {
      throw new XmlSyntaxError("DOCTYPE and other declarations are not accepted", tagStart);
    } else if (next === 0x2f /* / */) {
      position = closeElement(source, tagStart, stack);
    } else {
      if (!stack.length && root) throw new XmlSyntaxError("more than one root element", tagStart);
      const parent = stack[stack.length - 1];
      const { open, end, selfClosing } = openElement(source, tagStart, parent?.scope ?? rootScope);
      if (parent) parent.element.children.push(open.element);
      else root = open.element;
      if (!selfClosing && stack.push(open) > MAX_DEPTH) {
        throw new XmlSyntaxError(`elements nested deeper than ${MAX_DEPTH}`, tagStart);
      }
      position = end;
    }
  }

  if (stack.length) {
    throw new XmlSyntaxError(
      `element <${stack[stack.length - 1].qualifiedName}> is not closed`,
      source.length,
    );
  }
  if (!root) throw new XmlSyntaxError("no root element", 0);
  return root;
}

/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  if (!/[&<>"]/.test(text)) return text;
  return text.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

// Private: the pieces of the scanner.

function endOf(source: string, terminator: string, from: number, problem: string): number {
  const index = source.indexOf(terminator, from);
  if (index === -1) throw new XmlSyntaxError(problem, from);
  return index + terminator.length;
}

function skipProcessingInstruction(source: string, start: number): number {
  const end = endOf(source, "?>", start, "unterminated processing instruction");
  const target = /^<\?([^\s?]+)/.exec(source.slice(start, end))?.[1] ?? "";
  const atDocumentStart = start === 0 || (start === 1 && source.charCodeAt(0) === 0xfeff);
  if (target.toLowerCase() === "xml" && !atDocumentStart) {
    throw new XmlSyntaxError("XML declaration not at the start of the document", start);
  }
  return end;
}

/** Names already checked: requests repeat the same few dozen, and the check is the scanner's hot spot. */
const validNames = new Set<string>();
const NAME_TOKEN = /[^ \t\r\n/>=<"']*/y;

function readName(source: string, start: number): { name: string; end: number } {
  NAME_TOKEN.lastIndex = start;
  const name = NAME_TOKEN.exec(source)?.[0] ?? "";
  if (!validNames.has(name)) {
    const parts = name.split(":");
    if (parts.length > 2 || !parts.every((part) => NAME.test(part))) {
      throw new XmlSyntaxError(`invalid name "${name}"`, start);
    }
    if (validNames.size < 10_000) validNames.add(name);
  }
  return { name, end: start + name.length };
}

function skipWhitespace(source: string, position: number): number {
  for (;;) {
    const c = source.charCodeAt(position);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return position;
    position++;
  }
}

function openElement(
  source: string,
  tagStart: number,
  parentScope: Scope,
): { open: OpenElement; end: number; selfClosing: boolean } {
  const { name: qualifiedName, end: nameEnd } = readName(source, tagStart + 1);
  const rawAttributes: { name: string; value: string; offset: number }[] = [];
  let seen: Set<string> | undefined;
  let position = nameEnd;
  for (;;) {
    const afterSpace = skipWhitespace(source, position);
    if (source.startsWith("/>", afterSpace) || source[afterSpace] === ">") {
      position = afterSpace;
      break;
    }
    if (afterSpace === position) throw new XmlSyntaxError(`malformed start tag <${qualifiedName}>`, position);
    const { name, end } = readName(source, afterSpace);
    let cursor = skipWhitespace(source, end);
    if (source[cursor] !== "=") throw new XmlSyntaxError(`attribute ${name} has no value`, cursor);
    cursor = skipWhitespace(source, cursor + 1);
    const quote = source[cursor];
    if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`attribute ${name} is not quoted`, cursor);
    const valueEnd = source.indexOf(quote, cursor + 1);
    if (valueEnd === -1) throw new XmlSyntaxError(`attribute ${name} is not terminated`, cursor);
    const raw = source.slice(cursor + 1, valueEnd);
    if (raw.includes("<")) throw new XmlSyntaxError(`"<" in the value of attribute ${name}`, cursor);
    seen ??= new Set();
    if (seen.has(name)) throw new XmlSyntaxError(`duplicate attribute ${name}`, afterSpace);
    seen.add(name);
    rawAttributes.push({ name, value: decodeEntities(raw, cursor + 1), offset: afterSpace });
    position = valueEnd + 1;
  }
  const selfClosing = source[position] === "/";

  let scope = parentScope;
  const attributes: XmlAttribute[] = [];
  if (rawAttributes.length) {
    for (const { name, value, offset } of rawAttributes) {
      if (name !== "xmlns" && !name.startsWith("xmlns:")) continue;
      const prefix = name === "xmlns" ? "" : name.slice(6);
      if (prefix && !value)
        throw new XmlSyntaxError(`namespace prefix ${prefix} bound to an empty URI`, offset);
      if (scope === parentScope) scope = Object.create(parentScope) as Scope;
      scope[prefix] = value || undefined;
    }
    for (const { name, value, offset } of rawAttributes) {
      if (name === "xmlns" || name.startsWith("xmlns:")) continue;
      const colon = name.indexOf(":");
      attributes.push(
        colon === -1
          ? { namespace: undefined, localName: name, value }
          : {
              namespace: resolvePrefix(scope, name.slice(0, colon), offset),
              localName: name.slice(colon + 1),
              value,
            },
      );
    }
  }

  const colon = qualifiedName.indexOf(":");
  const element: XmlElement = {
    namespace: resolvePrefix(scope, colon === -1 ? "" : qualifiedName.slice(0, colon), tagStart),
    localName: colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1),
    attributes,
    children: [],
    text: "",
  };
  return { open: { qualifiedName, element, scope }, end: position + (selfClosing ? 2 : 1), selfClosing };
}

function closeElement(source: string, tagStart: number, stack: OpenElement[]): number {
  const { name, end } = readName(source, tagStart + 2);
  const close = skipWhitespace(source, end);
  if (source[close] !== ">") throw new XmlSyntaxError(`malformed end tag </${name}>`, close);
  const open = stack.pop();
  if (!open) throw new XmlSyntaxError(`end tag </${name}> without a start tag`, tagStart);
  if (open.qualifiedName !== name) {
    throw new XmlSyntaxError(`end tag </${name}> does not match <${open.qualifiedName}>`, tagStart);
  }
  return close + 1;
}

function resolvePrefix(scope: Scope, prefix: string, offset: number): string | undefined {
  if (!prefix) return scope[""];
  const namespace = scope[prefix];
  if (namespace === undefined) throw new XmlSyntaxError(`undeclared namespace prefix ${prefix}`, offset);
  return namespace;
}

function decodeEntities(text: string, offset: number): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (reference: string, name: string, index: number) => {
    if (!reference.endsWith(";")) throw new XmlSyntaxError("unescaped &", offset + index);
    if (name in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[name];
    const code = /^#x[0-9a-fA-F]+$/.test(name)
      ? parseInt(name.slice(2), 16)
      : /^#[0-9]+$/.test(name)
        ? parseInt(name.slice(1), 10)
        : NaN;
    if (Number.isNaN(code)) throw new XmlSyntaxError(`unknown entity &${name};`, offset + index);
    const isXmlChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!isXmlChar)
      throw new XmlSyntaxError(`character reference &${name}; is not an XML character`, offset + index);
    return String.fromCodePoint(code);
  });
}
