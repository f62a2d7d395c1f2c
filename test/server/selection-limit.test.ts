/**
 * MAX_SELECTIONS (issue 12 §3): a document whose fragment spreads expand exponentially is refused before
 * execution with 400 INPUT_LIMIT_EXCEEDED and no DoS call, and the measurement itself is linear: the tests count
 * its steps (`work`) against the document's size, never a clock.
 */
import { getIntrospectionQuery, parse, visit } from "graphql";
import { measureSelections } from "../../src/server/selection-limit";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

/** `levels` nested fragments, each spreading the one below twice, under one `service(id:)` field. */
function doubling(levels: number, id = "1"): string {
  let text = `query Doubling { service(id: "${id}") { ...F${levels} } }\nfragment F0 on Service { id odsCode }\n`;
  for (let level = 1; level <= levels; level++) {
    text += `fragment F${level} on Service { ...F${level - 1} ...F${level - 1} }\n`;
  }
  return text;
}

/** Selection nodes (fields, inline fragments, spreads) in the document as written: its size for `work`. */
function selectionNodes(text: string): number {
  let nodes = 0;
  visit(parse(text), {
    Field: () => void nodes++,
    InlineFragment: () => void nodes++,
    FragmentSpread: () => void nodes++,
  });
  return nodes;
}

describe("measureSelections", () => {
  it("counts fields, inline fragments and spreads, with each spread's fragment expanded each time", () => {
    const text = `{ a b { c ...F ... on T { d } } ...F }
      fragment F on T { e f { g } }`;
    // a, b, c, ...F, (e, f, g), inline fragment, d, ...F, (e, f, g)
    expect(measureSelections(parse(text), 1000).worst).toEqual({ name: undefined, selections: 13 });
    // Ten levels select 4096 from a document of 24 selection nodes.
    expect(measureSelections(parse(doubling(10)), 1_000_000).worst).toEqual({ name: "Doubling", selections: 4096 });
    expect(selectionNodes(doubling(10))).toBe(24);
  });

  it("reports the worst operation of the document, and saturates at the cap", () => {
    const text = `query Small { a } query Big { ...F ...F } fragment F on Query { b c d }`;
    expect(measureSelections(parse(text), 100).worst).toEqual({ name: "Big", selections: 8 });
    expect(measureSelections(parse(doubling(300)), 1000).worst?.selections).toBe(1001);
  });

  it("is linear: its steps stay under 3 x the document's selection nodes, however far the spreads expand", () => {
    const shapes: Record<string, (n: number) => string> = {
      // Exponential: n levels, each spreading the next twice.
      doubling: n => doubling(n),
      // Wide: one fragment spread n times, and n fragments all spreading one shared fragment.
      wide: n =>
        `{ ${Array.from({ length: n }, (_, i) => `a${i}: service(id: "1") { ...S${i} }`).join(" ")} }
         fragment Leaf on Service { id }
         ${Array.from({ length: n }, (_, i) => `fragment S${i} on Service { ...Leaf ...Leaf ...Leaf }`).join("\n")}`,
      // Cycles (invalid, but the measurement may meet them): a ring of n fragments, each also spreading itself.
      ring: n =>
        `{ ...R0 } ` +
        Array.from({ length: n }, (_, i) => `fragment R${i} on Query { ...R${(i + 1) % n} ...R${i} }`).join(" "),
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const ratios = [10, 100, 1000, 3000].map(n => {
        const text = make(n);
        const { work } = measureSelections(parse(text, { noLocation: true }), 1000);
        return work / selectionNodes(text);
      });
      for (const ratio of ratios) expect([shape, ratio <= 3]).toEqual([shape, true]);
    }
  });

  it("ends on cycles and on chains deeper than any call stack", () => {
    expect(measureSelections(parse("{ ...A } fragment A on Query { ...A x }"), 1000).worst?.selections).toBe(3);
    const chain = (n: number) =>
      `{ ...C0 } ${Array.from({ length: n }, (_, i) => `fragment C${i} on Query { x ...C${i + 1} }`).join(" ")}`;
    // 20,000 fragments each spreading the next: a recursive measurement would overflow the stack.
    expect(measureSelections(parse(chain(20_000), { noLocation: true }), 1_000_000).worst?.selections).toBe(40_001);
  });
});

describe("MAX_SELECTIONS over HTTP", () => {
  let subgraph: TestSubgraph;
  let knownId: string;

  async function post(query: string) {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
    return { status: response.status, body, calls: (await subgraph.simulatorCalls()).ServiceDetailsById };
  }

  afterEach(async () => {
    await subgraph?.stop();
  });

  it("refuses nested spreads ten levels deep, each used twice: 400, INPUT_LIMIT_EXCEEDED, no DoS call", async () => {
    subgraph = await startSubgraph();
    knownId = String(subgraph.simulator.engine.services[0].id);
    const refused = await post(doubling(10, knownId));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.map(error => error.extensions)).toEqual([
      { code: "INPUT_LIMIT_EXCEEDED", limit: "MAX_SELECTIONS", max: 1000 },
    ]);
    expect(refused.calls).toBe(0);

    // Seven levels select 512: under the default bound, the same shape runs (one DoS call).
    const allowed = await post(doubling(7, knownId));
    expect([allowed.status, allowed.body.errors, allowed.calls]).toEqual([200, undefined, 1]);

    // GraphiQL's introspection query (239 selections) is well within it.
    const introspection = await post(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect([introspection.status, introspection.body.errors]).toEqual([200, undefined]);
  });

  it("is configurable: with MAX_SELECTIONS=5000 the ten-level document runs", async () => {
    subgraph = await startSubgraph({ env: { MAX_SELECTIONS: "5000" } });
    knownId = String(subgraph.simulator.engine.services[0].id);
    const reply = await post(doubling(10, knownId));
    expect([reply.status, reply.body.errors, reply.calls]).toEqual([200, undefined, 1]);
  });
});
