/**
 * The demand-control annotations as published (schema/subgraph.graphql) against the subgraph's own DoS-call
 * estimate (src/server/operation-cost.ts), field by field: for every field of every object type, the `@cost`
 * weight a router reads equals the DoS calls the subgraph counts for resolving that field once. Then the routers'
 * static formula (platform.md §3.2, Apollo Router `static_cost.rs`), computed here from the same annotations,
 * on ordinary and crawling operations.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type ConstDirectiveNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from "graphql";
import { loadConfig } from "../../src/config";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import { estimateOperationCost } from "../../src/server/operation-cost";


const SDL = readFileSync(path.resolve(__dirname, "../../schema/subgraph.graphql"), "utf8");
const BUDGET = loadConfig({ NODE_ENV: "test" }).limits.dosCallsPerOperation;
const PROFESSIONAL: ReadonlySet<string> = new Set(["dos:professional"]);
const SEARCH = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const ORGANISATION = [{ __typename: "Organisation", odsCode: "FA123" }];

/** The published annotations, read from the SDL text (not from the code that writes them). */
interface Annotations {
  typeWeights: Map<string, number>;
  fieldWeights: Map<string, number>;
  listSizes: Map<string, number>;
}

function readAnnotations(sdl: string): Annotations {
  const annotations: Annotations = { typeWeights: new Map(), fieldWeights: new Map(), listSizes: new Map() };
  const argument = (directives: readonly ConstDirectiveNode[] | undefined, name: string, arg: string) => {
    const node = directives?.find(d => d.name.value === name)?.arguments?.find(a => a.name.value === arg);
    return node ? (valueFromASTUntyped(node.value) as number) : undefined;
  };
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = definition.name.value;
    const typeWeight = argument(definition.directives, "cost", "weight");
    if (typeWeight !== undefined) annotations.typeWeights.set(type, typeWeight);
    for (const field of definition.fields ?? []) {
      const weight = argument(field.directives, "cost", "weight");
      const size = argument(field.directives, "listSize", "assumedSize");
      if (weight !== undefined) annotations.fieldWeights.set(`${type}.${field.name.value}`, weight);
      if (size !== undefined) annotations.listSizes.set(`${type}.${field.name.value}`, size);
    }
  }
  return annotations;
}

const annotations = readAnnotations(SDL);
let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildDosSubgraphSchema();
});

function subgraphCalls(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return estimateOperationCost({ schema, document, operation, variables, now: new Date(), scopes: PROFESSIONAL })
    .calls;
}

/** Valid arguments for each root field, so that the subgraph's estimate counts the call the resolver makes. */
const ROOT_ARGUMENTS: Record<string, string> = {
  serviceSearch: "(input: $input)",
  service: '(id: "1001")',
  servicesByOdsCode: '(odsCode: "FA123")',
  disposition: '(code: "Dx02")',
};

/** An operation resolving one object of `type` once, with `selection` on it. */
function reaching(type: string, selection: string): { query: string; variables: Record<string, unknown> } {
  const variables = { input: SEARCH, r: ORGANISATION };
  const header = "query($input: ServiceSearchInput!, $r: [_Any!]!)";
  const use = "_u: serviceSearch(input: $input) @skip(if: true) { __typename } _v: _entities(representations: $r) @skip(if: true) { __typename }";
  const wrap = (body: string) => ({ query: `${header} { ${use} ${body} }`, variables });
  switch (type) {
    case "Query":
      return wrap(selection);
    case "Organisation":
      return wrap(`_entities(representations: $r) { ... on Organisation { ${selection} } }`);
    case "ServiceSearch":
      return wrap(`serviceSearch(input: $input) { ${selection} }`);
    case "ServiceSearchResult":
      return wrap(`serviceSearch(input: $input) { results { ${selection} } }`);
    case "Disposition":
      return wrap(`disposition(code: "Dx02") { ${selection} }`);
    case "HospitalCapacity":
      return wrap(`hospitalCapacities { ${selection} }`);
    case "Service":
      return wrap(`service(id: "1001") { ${selection} }`);
  }
  // A type reached from Service (Capacity, Location, Endpoint, …).
  const serviceType = schema.getType("Service");
  const via = isObjectType(serviceType)
    ? Object.values(serviceType.getFields()).find(field => getNamedType(field.type).name === type)
    : undefined;
  if (!via) throw new Error(`demand-control.test.ts: add a way to reach ${type}`);
  return wrap(`service(id: "1001") { ${via.name} { ${selection} } }`);
}

function selecting(parent: string, field: GraphQLField<unknown, unknown>): string {
  const args = parent === "Query" ? (ROOT_ARGUMENTS[field.name] ?? "") : "";
  const sub = isCompositeType(getNamedType(field.type)) ? " { __typename }" : "";
  return `${field.name}${args}${sub}`;
}

function publishedObjectTypes(): string[] {
  return parse(SDL)
    .definitions.filter(d => d.kind === Kind.OBJECT_TYPE_DEFINITION)
    .map(d => (d as { name: { value: string } }).name.value);
}

describe("demand-control annotations (schema/subgraph.graphql)", () => {
  it("every object type but Query weighs 0: traversal is free, only DoS calls cost", () => {
    const types = publishedObjectTypes().filter(name => name !== "Query");
    expect(types.length).toBeGreaterThan(10);
    expect(Object.fromEntries(types.map(name => [name, annotations.typeWeights.get(name)]))).toEqual(
      Object.fromEntries(types.map(name => [name, 0])),
    );
  });

  it("every list field carries @listSize", () => {
    const lists: string[] = [];
    for (const typeName of publishedObjectTypes()) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (isListType(getNullableType(field.type)) && !field.name.startsWith("_")) lists.push(`${typeName}.${field.name}`);
      }
    }
    expect(lists.filter(coordinate => !annotations.listSizes.has(coordinate))).toEqual([]);
    expect(lists.length).toBeGreaterThan(5);
  });

  it("field by field, the @cost weight is the DoS calls operation-cost.ts counts for one resolution", () => {
    const weights: Record<string, number> = {};
    const counted: Record<string, number> = {};
    for (const typeName of publishedObjectTypes()) {
      const type = schema.getType(typeName) as GraphQLNamedType;
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith("_")) continue;
        const coordinate = `${typeName}.${field.name}`;
        const base = reaching(typeName, "__typename");
        const withField = reaching(typeName, selecting(typeName, field));
        counted[coordinate] = subgraphCalls(withField.query, withField.variables) - subgraphCalls(base.query, base.variables);
        weights[coordinate] = annotations.fieldWeights.get(coordinate) ?? 0;
      }
    }
    expect(Object.keys(counted).length).toBeGreaterThan(60);
    expect(counted).toEqual(weights);
    // The fields issue 13 names as calling DoS, and nothing else, weigh more than 0.
    expect(Object.keys(weights).filter(coordinate => weights[coordinate] > 0).sort()).toEqual([
      "Organisation.services",
      "Query.hospitalCapacities",
      "Query.service",
      "Query.serviceSearch",
      "Query.servicesByOdsCode",
    ]);
  });
});

/**
 * The routers' static estimate from the annotations: a field costs `instances × (weight + its selection)`, where
 * the weight is the field's `@cost`, else its type's, else 1 for objects and 0 for leaves; a list's instances are
 * its `@listSize(assumedSize)`. Query operations add 0.
 */
function routerEstimate(query: string): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const cost = (parentName: string, selectionSet: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.typeCondition!.name.value, selection.selectionSet);
        continue;
      }
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith("__")) continue;
      const parent = schema.getType(parentName);
      if (!isObjectType(parent)) continue;
      const field = parent.getFields()[selection.name.value];
      const coordinate = `${parentName}.${field.name}`;
      const named = getNamedType(field.type);
      const weight =
        annotations.fieldWeights.get(coordinate) ??
        annotations.typeWeights.get(named.name) ??
        (isCompositeType(named) ? 1 : 0);
      const instances = isListType(getNullableType(field.type)) ? (annotations.listSizes.get(coordinate) ?? 1) : 1;
      total += instances * (weight + cost(named.name, selection.selectionSet));
    }
    return total;
  };
  return cost("Query", operation.selectionSet);
}

describe("the routers' static estimate from the annotations", () => {
  const ordinarySearch = `query($input: ServiceSearchInput!) { serviceSearch(input: $input) {
    transactionId results { rank service { id displayName openingTimes { day opens } endpoints { address }
    capacity { rag } location { latitude } organisation { odsCode } } } } }`;

  it("an ordinary search costs 1, as the subgraph counts it", () => {
    expect([routerEstimate(ordinarySearch), subgraphCalls(ordinarySearch, { input: SEARCH })]).toEqual([1, 1]);
  });

  it("aliases and root fields add up as in the subgraph", () => {
    const query = `{ a: service(id: "1") { id } b: service(id: "2") { id } c: servicesByOdsCode(odsCode: "FA1") { id }
      d: hospitalCapacities { name } e: dispositions { code } }`;
    expect([routerEstimate(query), subgraphCalls(query)]).toEqual([4, 4]);
  });

  it(`crawling through nested lists is over the budget (${BUDGET}) for the router before the subgraph runs`, () => {
    const crawl = `query($input: ServiceSearchInput!) { serviceSearch(input: $input) {
      results { service { organisation { services { id } } } } } }`;
    expect(routerEstimate(crawl)).toBe(1 + (annotations.listSizes.get("ServiceSearch.results") ?? 0));
    expect(routerEstimate(crawl)).toBeGreaterThan(BUDGET);
  });
});
