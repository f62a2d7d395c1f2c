/**
 * The document limits (src/server/document-limits.ts) run by graphql-js `validate` against the real subgraph
 * schema, beside graphql-js's specified rules, as Apollo Server runs them. Limits are the production defaults
 * from `loadConfig` unless a case sets one lower to reach it with real fields.
 */
import { type GraphQLSchema, getIntrospectionQuery, parse, specifiedRules, validate } from "graphql";
import { loadConfig } from "../../src/config";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import { type DocumentLimits, documentLimitRules } from "../../src/server/document-limits";

const DEFAULTS: DocumentLimits = loadConfig({ NODE_ENV: "test" }).limits;

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildDosSubgraphSchema();
});

/** Every error the document gets, as Apollo Server's validation would report it (specified rules first). */
function errorsOf(query: string, limits: Partial<DocumentLimits> = {}) {
  const rules = [...specifiedRules, ...documentLimitRules({ ...DEFAULTS, ...limits })];
  const errors = validate(schema, parse(query), rules);
  return errors.map(error => ({ message: error.message, extensions: error.extensions }));
}

/** `{ a0: <field> a1: <field> … }` */
function aliased(field: string, count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
}

const limitError = (limit: string, max: number) => ({
  message: expect.stringContaining(`the limit is ${max} (${limit})`) as unknown,
  extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit, max },
});

// serviceSearch(1) results(2) service(3) capacity(4) status(5)
const DEPTH_5 = `query Deep($input: ServiceSearchInput!) {
  serviceSearch(input: $input) { results { service { capacity { status } } } }
}`;

it("uses the production defaults the issue names", () => {
  expect(DEFAULTS).toMatchObject({ depth: 10, aliases: 15, rootFields: 12, directives: 10 });
});

describe("MAX_DEPTH", () => {
  it("passes a document exactly at the limit and rejects it one level over, naming the depth", () => {
    expect(errorsOf(DEPTH_5, { depth: 5 })).toEqual([]);
    expect(errorsOf(DEPTH_5, { depth: 4 })).toEqual([limitError("MAX_DEPTH", 4)]);
    expect(errorsOf(DEPTH_5, { depth: 4 })[0].message).toBe(
      'Operation "Deep" nests fields 5 deep; the limit is 4 (MAX_DEPTH).',
    );
  });

  it("counts through named fragments, nested fragments and inline fragments", () => {
    const query = `query Deep($input: ServiceSearchInput!) { serviceSearch(input: $input) { ...Results } }
      fragment Results on ServiceSearch { results { ... on ServiceSearchResult { service { ...Capacity } } } }
      fragment Capacity on Service { capacity { status } }`;
    expect(errorsOf(query, { depth: 5 })).toEqual([]);
    expect(errorsOf(query, { depth: 4 })).toEqual([limitError("MAX_DEPTH", 4)]);
  });

  it("takes the deepest place a fragment is spread, not the first", () => {
    const query = `query($input: ServiceSearchInput!) {
        _entities(representations: []) { ... on Service { ...Status } }
        serviceSearch(input: $input) { results { service { ...Status } } }
      }
      fragment Status on Service { capacity { status } }`;
    expect(errorsOf(query, { depth: 5 })).toEqual([]);
    expect(errorsOf(query, { depth: 4 })).toEqual([limitError("MAX_DEPTH", 4)]);
  });

  it("measures nesting of unknown fields too (the schema itself is shallower than the default)", () => {
    const eleven = `{ ${"f { ".repeat(10)}__typename${" }".repeat(10)} }`;
    const ten = `{ ${"f { ".repeat(9)}__typename${" }".repeat(9)} }`;
    expect(errorsOf(eleven).filter(error => error.extensions.limit)).toEqual([limitError("MAX_DEPTH", 10)]);
    expect(errorsOf(ten).filter(error => error.extensions.limit)).toEqual([]);
  });

  it("lets the standard introspection query through (GraphiQL in development)", () => {
    expect(errorsOf(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }))).toEqual([]);
  });
});

describe("MAX_ALIASES", () => {
  it("passes 15 aliases and rejects 16", () => {
    expect(errorsOf(aliased("__typename", 15))).toEqual([]);
    expect(errorsOf(aliased("__typename", 16))).toEqual([limitError("MAX_ALIASES", 15)]);
  });

  it("rejects graphql-cop's 101 `__typename` aliases with one error", () => {
    const errors = errorsOf(aliased("__typename", 101));
    expect(errors).toEqual([limitError("MAX_ALIASES", 15)]);
    expect(errors[0].message).toBe("The document uses 101 aliases; the limit is 15 (MAX_ALIASES).");
  });

  it("counts aliases inside fragments and inline fragments", () => {
    const query = `{ ...Aliases ... on Query { c: __typename } }
      fragment Aliases on Query { ${Array.from({ length: 14 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    expect(errorsOf(query)).toEqual([]);
    expect(errorsOf(query.replace("c: __typename", "c: __typename d: __typename"))).toEqual([
      limitError("MAX_ALIASES", 15),
    ]);
  });
});

describe("MAX_ROOT_FIELDS", () => {
  const services = (count: number) => aliased('service(id: "1") { id }', count);

  it("passes 12 root fields and rejects 13", () => {
    expect(errorsOf(services(12))).toEqual([]);
    expect(errorsOf(services(13))).toEqual([limitError("MAX_ROOT_FIELDS", 12)]);
  });

  it("counts root fields selected through fragments and inline fragments", () => {
    const query = `{ dispositions { code } ...Two ... on Query { ...Two2 } }
      fragment Two on Query { a: service(id: "1") { id } b: service(id: "2") { id } }
      fragment Two2 on Query { c: service(id: "3") { id } d: service(id: "4") { id } }`;
    expect(errorsOf(query, { rootFields: 5 })).toEqual([]);
    expect(errorsOf(query, { rootFields: 4 })).toEqual([limitError("MAX_ROOT_FIELDS", 4)]);
  });

  it("does not count the fields of a fragment spread below the root", () => {
    const query = '{ service(id: "1") { ...Fields } } fragment Fields on Service { id odsCode name }';
    expect(errorsOf(query, { rootFields: 1 })).toEqual([]);
  });

  it("does not count `__typename`, which no resolver answers", () => {
    expect(errorsOf('{ __typename t: __typename service(id: "1") { id } }', { rootFields: 1 })).toEqual([]);
  });

  it("reports the worst operation once when several are over", () => {
    const query = `query A ${services(13)} query B ${services(14)}`;
    const errors = errorsOf(query, { aliases: 100 });
    expect(errors).toEqual([limitError("MAX_ROOT_FIELDS", 12)]);
    expect(errors[0].message).toBe('Operation "B" selects 14 root fields; the limit is 12 (MAX_ROOT_FIELDS).');
  });
});

describe("MAX_DIRECTIVES", () => {
  /** `count` directive uses, each valid where it stands, so only the limit can object. */
  const withDirectives = (count: number) =>
    `{ dispositions { ${"... @include(if: true) { code } ".repeat(count)} } }`;

  it("passes 10 directives and rejects 11", () => {
    expect(errorsOf(withDirectives(10))).toEqual([]);
    expect(errorsOf(withDirectives(11))).toEqual([limitError("MAX_DIRECTIVES", 10)]);
  });

  it("rejects 60 directives with ONE error, not one per directive", () => {
    const errors = errorsOf(withDirectives(60));
    expect(errors).toEqual([limitError("MAX_DIRECTIVES", 10)]);
    expect(errors[0].message).toBe("The document uses 60 directives; the limit is 10 (MAX_DIRECTIVES).");
  });

  it("adds one error to what graphql-js reports for 60 repeats at one location", () => {
    // UniqueDirectivesPerLocation (a specified rule) reports each repeat itself: 59 errors, then ours.
    const errors = errorsOf(`{ __typename ${"@include(if: true) ".repeat(60)} }`);
    expect(errors.filter(error => error.extensions.limit)).toEqual([limitError("MAX_DIRECTIVES", 10)]);
    expect(errors).toHaveLength(60);
  });
});

describe("robustness", () => {
  it("terminates on circular fragments, leaving the error to NoFragmentCycles", () => {
    const query = `{ ...A }
      fragment A on Query { dispositions { code } ...B }
      fragment B on Query { _entities(representations: []) { ... on Service { id } } ...A }`;
    expect(errorsOf(query)).toEqual([
      expect.objectContaining({ message: 'Cannot spread fragment "A" within itself via "B".' }),
    ]);
  });

  it("terminates on a fragment that spreads itself below a field", () => {
    const query = "{ service(id: \"1\") { ...S } } fragment S on Service { id ...S }";
    expect(errorsOf(query).map(error => error.message)).toEqual(['Cannot spread fragment "S" within itself.']);
  });

  // No clock: a rule that expanded the spreads would visit 2^41 fields and never finish (the test times out).
  it("measures each fragment once: 40 fragments each spreading the next twice (2^40 expansions) are counted, not expanded", () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Query { a${i}: __typename dispositions { code } ...F${i + 1} ...F${i + 1} }`,
    ).join("\n");
    const document = parse(`{ ...F0 } ${fragments} fragment F40 on Query { service(id: "1") { id } }`);
    const errors = validate(schema, document, documentLimitRules({ ...DEFAULTS, aliases: 100 }));
    expect(errors.map(error => error.extensions.limit)).toEqual(["MAX_ROOT_FIELDS"]);
    expect(errors[0].message).toContain(`selects ${2 ** 41 - 1} root fields`);
  });
});
