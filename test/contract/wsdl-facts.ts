import { XMLParser } from "fast-xml-parser";

/*
 * Reduces a document/literal WSDL 1.1 with an inline XML Schema to a flat set of contract facts, so that two
 * WSDLs can be compared structurally: prefixes, layout, comments and documentation do not matter; names, types,
 * element order, occurrences, nillability, enumeration values, messages, bindings and addresses do.
 *
 * A fact is `"<subject>: <aspect>" -> value`, e.g. `"element CheckCapacitySummaryResponse/SearchDistance: type"
 * -> "xs:int"`. Defaults are made explicit (minOccurs 1, nillable false, style document) so that spelling a
 * default out is not a difference. A construct this reduction does not understand is an error, never skipped:
 * otherwise a difference inside it would go unnoticed.
 */

export type ContractFacts = Map<string, string>;

const NS = {
  wsdl: "http://schemas.xmlsoap.org/wsdl/",
  xs: "http://www.w3.org/2001/XMLSchema",
  soap12: "http://schemas.xmlsoap.org/wsdl/soap12/",
  soap: "http://schemas.xmlsoap.org/wsdl/soap/",
  tns: "https://nww.pathwaysdos.nhs.uk/app/api/webservices",
} as const;

interface XmlElement {
  namespace: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Resolves a QName-valued attribute against the namespaces in scope, rendered with our fixed prefixes. */
  qname(attribute: string): string | undefined;
}

/** One message per differing fact, e.g. `element X/Y: type differs (ours "xs:string", published "xs:int")`. */
export function diffContracts(ours: ContractFacts, published: ContractFacts): string[] {
  const differences: string[] = [];
  for (const [fact, expected] of published) {
    const actual = ours.get(fact);
    if (actual === undefined) differences.push(`${fact} missing from ours (published "${expected}")`);
    else if (actual !== expected) differences.push(`${fact} differs (ours "${actual}", published "${expected}")`);
  }
  for (const [fact, actual] of ours) {
    if (!published.has(fact)) differences.push(`${fact} only in ours ("${actual}")`);
  }
  return differences;
}

export function contractFacts(wsdlText: string): ContractFacts {
  const definitions = parse(wsdlText);
  expectElement(definitions, NS.wsdl, "definitions");
  const facts: ContractFacts = new Map();
  const add = (fact: string, value: string): void => {
    if (facts.has(fact)) throw new Error(`${fact} is declared twice`);
    facts.set(fact, value);
  };
  add("definitions: targetNamespace", definitions.attributes.targetNamespace ?? "");

  for (const child of definitions.children) {
    if (child.namespace !== NS.wsdl) throw unsupported(child, "definitions");
    const name = child.attributes.name;
    switch (child.name) {
      case "documentation":
        break;
      case "types":
        for (const schema of content(child)) schemaFacts(schema, add);
        break;
      case "message":
        add(`message ${name}: parts`, content(child).map(partFact).join(", "));
        break;
      case "portType":
        portTypeFacts(child, add);
        break;
      case "binding":
        bindingFacts(child, add);
        break;
      case "service":
        serviceFacts(child, add);
        break;
      default:
        throw unsupported(child, "definitions");
    }
  }
  return facts;
}

type AddFact = (fact: string, value: string) => void;

// ---- XML Schema ------------------------------------------------------------------------------------------------

function schemaFacts(schema: XmlElement, add: AddFact): void {
  expectElement(schema, NS.xs, "schema");
  add("schema: targetNamespace", schema.attributes.targetNamespace ?? "");
  add("schema: elementFormDefault", schema.attributes.elementFormDefault ?? "unqualified");
  add("schema: attributeFormDefault", schema.attributes.attributeFormDefault ?? "unqualified");

  for (const declaration of schemaContent(schema, "schema")) {
    const name = declaration.attributes.name;
    if (declaration.name === "element") {
      onlyAttributes(declaration, ["name", "type"]);
      const [inlineType, ...more] = schemaContent(declaration, `element ${name}`);
      if (more.length > 0) throw unsupported(more[0], `element ${name}`);
      if (inlineType) complexTypeFacts(`element ${name}`, inlineType, add);
      else add(`element ${name}: type`, declaration.qname("type") ?? "(none)");
    } else if (declaration.name === "complexType") {
      complexTypeFacts(`complexType ${name}`, declaration, add);
    } else if (declaration.name === "simpleType") {
      simpleTypeFacts(`simpleType ${name}`, declaration, add);
    } else {
      throw unsupported(declaration, "schema");
    }
  }
}

function complexTypeFacts(subject: string, complexType: XmlElement, add: AddFact): void {
  expectElement(complexType, NS.xs, "complexType");
  onlyAttributes(complexType, ["name"]);
  const [sequence, ...more] = schemaContent(complexType, subject);
  if (more.length > 0) throw unsupported(more[0], subject);
  if (!sequence) return add(`${subject}: content`, "empty");
  expectElement(sequence, NS.xs, "sequence");
  onlyAttributes(sequence, []);

  const particles = schemaContent(sequence, subject);
  add(`${subject}: sequence`, particles.map((particle) => particle.attributes.name).join(", "));
  for (const particle of particles) {
    expectElement(particle, NS.xs, "element");
    onlyAttributes(particle, ["name", "type", "minOccurs", "maxOccurs", "nillable"]);
    const where = `${subject}/${particle.attributes.name}`;
    if (schemaContent(particle, where).length > 0) throw unsupported(schemaContent(particle, where)[0], where);
    add(`${where}: type`, particle.qname("type") ?? "(none)");
    add(`${where}: minOccurs`, particle.attributes.minOccurs ?? "1");
    add(`${where}: maxOccurs`, particle.attributes.maxOccurs ?? "1");
    add(`${where}: nillable`, particle.attributes.nillable ?? "false");
  }
}

function simpleTypeFacts(subject: string, simpleType: XmlElement, add: AddFact): void {
  onlyAttributes(simpleType, ["name"]);
  const [restriction, ...more] = schemaContent(simpleType, subject);
  if (!restriction || more.length > 0) throw new Error(`${subject}: expected exactly one xs:restriction`);
  expectElement(restriction, NS.xs, "restriction");
  add(`${subject}: base`, restriction.qname("base") ?? "(none)");
  for (const facet of schemaContent(restriction, subject)) {
    expectElement(facet, NS.xs, "enumeration");
    add(`${subject}: enumeration "${facet.attributes.value}"`, "allowed");
  }
}

/** Schema children that carry meaning: everything but xs:annotation. */
function schemaContent(node: XmlElement, where: string): XmlElement[] {
  return node.children.filter((child) => {
    if (child.namespace !== NS.xs) throw unsupported(child, where);
    return child.name !== "annotation";
  });
}

// ---- WSDL ------------------------------------------------------------------------------------------------------

function partFact(part: XmlElement): string {
  expectElement(part, NS.wsdl, "part");
  const element = part.qname("element");
  return `${part.attributes.name}=${element ? `element ${element}` : `type ${part.qname("type")}`}`;
}

function portTypeFacts(portType: XmlElement, add: AddFact): void {
  for (const operation of content(portType)) {
    expectElement(operation, NS.wsdl, "operation");
    onlyAttributes(operation, ["name"]);
    const subject = `portType ${portType.attributes.name}/operation ${operation.attributes.name}`;
    for (const message of content(operation)) {
      // input, output and fault(s); a fault is identified by its name.
      const label = message.attributes.name ? `${message.name} ${message.attributes.name}` : message.name;
      add(`${subject}: ${label}`, message.qname("message") ?? "(none)");
    }
  }
}

function bindingFacts(binding: XmlElement, add: AddFact): void {
  const subject = `binding ${binding.attributes.name}`;
  add(`${subject}: type`, binding.qname("type") ?? "(none)");
  let defaultStyle = "document";

  for (const child of content(binding)) {
    if (child.namespace !== NS.wsdl) {
      // The protocol binding (soap12:binding); its style is the default of every operation's style.
      const { style, ...rest } = child.attributes;
      defaultStyle = style ?? defaultStyle;
      add(`${subject}: ${render(child)}`, canonicalAttributes(rest));
      continue;
    }
    expectElement(child, NS.wsdl, "operation");
    const where = `${subject}/operation ${child.attributes.name}`;
    for (const part of content(child)) {
      if (part.namespace !== NS.wsdl) {
        const { style, ...rest } = part.attributes;
        add(`${where}: ${render(part)}`, canonicalAttributes(rest));
        add(`${where}: style`, style ?? defaultStyle);
        continue;
      }
      for (const extension of content(part)) {
        const message = extension.qname("message");
        const label = message ? `${render(extension)} ${message}#${extension.attributes.part}` : render(extension);
        const { message: _message, part: _part, ...rest } = extension.attributes;
        add(`${where}/${part.name}: ${label}`, canonicalAttributes(rest));
      }
    }
  }
}

function serviceFacts(service: XmlElement, add: AddFact): void {
  for (const port of content(service)) {
    expectElement(port, NS.wsdl, "port");
    const subject = `service ${service.attributes.name}/port ${port.attributes.name}`;
    add(`${subject}: binding`, port.qname("binding") ?? "(none)");
    for (const address of content(port)) {
      add(`${subject}: ${render(address)}`, address.attributes.location ?? "(none)");
    }
  }
}

/** WSDL children that carry meaning: everything but wsdl:documentation. */
function content(node: XmlElement): XmlElement[] {
  return node.children.filter((child) => !isDocumentation(child));
}

function isDocumentation(node: XmlElement): boolean {
  return node.namespace === NS.wsdl && node.name === "documentation";
}

function canonicalAttributes(attributes: Record<string, string>): string {
  const entries = Object.keys(attributes).sort().map((name) => `${name}=${attributes[name]}`);
  return entries.length > 0 ? entries.join(" ") : "(no attributes)";
}

// ---- namespace-aware XML tree ----------------------------------------------------------------------------------

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

function parse(text: string): XmlElement {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
  });
  const roots = (parser.parse(text) as OrderedNode[]).filter(isElementNode);
  if (roots.length !== 1) throw new Error("expected exactly one root element");
  return toElement(roots[0], new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]));
}

function isElementNode(node: OrderedNode): boolean {
  const tag = tagOf(node);
  return !tag.startsWith("#") && !tag.startsWith("?");
}

function tagOf(node: OrderedNode): string {
  return Object.keys(node).find((key) => key !== ":@") ?? "";
}

function toElement(node: OrderedNode, parentScope: Map<string, string>): XmlElement {
  const tag = tagOf(node);
  const scope = new Map(parentScope);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(node[":@"] ?? {})) {
    if (name === "xmlns") scope.set("", value);
    else if (name.startsWith("xmlns:")) scope.set(name.slice("xmlns:".length), value);
    else attributes[name] = value;
  }
  const [prefix, name] = tag.includes(":") ? tag.split(":") : ["", tag];
  const namespace = scope.get(prefix);
  if (namespace === undefined && prefix !== "") throw new Error(`undeclared prefix in <${tag}>`);

  return {
    namespace: namespace ?? "",
    name,
    attributes,
    children: (node[tag] as OrderedNode[]).filter(isElementNode).map((child) => toElement(child, scope)),
    qname(attribute) {
      const value = attributes[attribute];
      if (value === undefined) return undefined;
      const [valuePrefix, local] = value.includes(":") ? value.split(":") : ["", value];
      const uri = scope.get(valuePrefix);
      if (uri === undefined && valuePrefix !== "") throw new Error(`undeclared prefix in ${attribute}="${value}"`);
      return renderName(uri ?? "", local);
    },
  };
}

function render(node: XmlElement): string {
  return renderName(node.namespace, node.name);
}

function renderName(namespace: string, local: string): string {
  const prefix = Object.entries(NS).find(([, uri]) => uri === namespace)?.[0];
  return prefix ? `${prefix}:${local}` : `{${namespace}}${local}`;
}

function expectElement(node: XmlElement, namespace: string, name: string): void {
  if (node.namespace !== namespace || node.name !== name) {
    throw new Error(`expected ${renderName(namespace, name)}, found ${render(node)}`);
  }
}

function onlyAttributes(node: XmlElement, allowed: string[]): void {
  const other = Object.keys(node.attributes).find((name) => !allowed.includes(name));
  if (other) throw new Error(`unsupported attribute ${other} on ${render(node)} ${node.attributes.name ?? ""}`);
}

function unsupported(node: XmlElement, where: string): Error {
  return new Error(`unsupported construct ${render(node)} in ${where}: teach wsdl-facts.ts about it`);
}
