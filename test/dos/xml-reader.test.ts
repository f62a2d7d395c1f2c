/**
 * src/dos/xml-reader.ts is linear on every input: the characters it examines (its own count, `ReadStats`, which
 * every scan of the reader adds to) stay within a small constant times the input's length, at every size from
 * 10³ to 10⁵ elements, for every shape of document an attacker or a DoS deployment could send. A reader that
 * rescans ahead (the old end-tag prefix lookup scanned to the next `:` in the document) examines about n²/2
 * characters on some of these and fails. No clock is read.
 */
import { MAX_DEPTH, MAX_ELEMENTS, MAX_RUN_CHARS, readXml, readXmlInSlices, type XmlObject, XmlReadError } from "../../src/dos/xml-reader";

const SIZES = [1_000, 10_000, 100_000];
/** Characters examined per character of input, at most (the reader's scans overlap by a few passes at most). */
const PER_CHARACTER = 5;

interface Shape {
  name: string;
  document: (n: number) => string;
  /** What the reader found, e.g. how many `a` elements: proves it read the whole document. */
  count: (tree: XmlObject) => number;
  /** Expected `count` (default: n). */
  elements?: (n: number) => number;
}

const repeated = (child: string) => (tree: XmlObject) => {
  const values = Object.values(tree)[0] as Record<string, unknown>;
  const list = values[child];
  return Array.isArray(list) ? list.length : 1;
};

const shapes: Shape[] = [
  {
    name: "prefixed elements",
    document: n => `<s:E xmlns:s="urn:x">${"<s:a>x</s:a>".repeat(n)}</s:E>`,
    count: repeated("a"),
  },
  { name: "unprefixed elements", document: n => `<E>${"<a>x</a>".repeat(n)}</E>`, count: repeated("a") },
  {
    name: "a default namespace",
    document: n => `<E xmlns="urn:x">${"<a>x</a>".repeat(n)}</E>`,
    count: repeated("a"),
  },
  {
    name: "unprefixed elements after one prefixed",
    document: n => `<E>${"<a>x</a>".repeat(n)}<s:z xmlns:s="urn:x"/></E>`,
    count: repeated("a"),
  },
  {
    name: "entity and character references",
    document: n => `<E>${"<a>&amp;&#65;&#x42;&lt;&quot;</a>".repeat(n)}</E>`,
    count: repeated("a"),
  },
  {
    name: "text made of references, in runs of up to 10,000",
    document: n => `<E>${`<a>${"&#65;&amp;".repeat(Math.min(n, 10_000))}</a>`.repeat(Math.ceil(n / 10_000))}</E>`,
    count: repeated("a"),
    elements: n => Math.ceil(n / 10_000),
  },
  {
    name: "nesting to MAX_DEPTH, repeated",
    document: n => `<E>${`${"<a>".repeat(MAX_DEPTH - 1)}x${"</a>".repeat(MAX_DEPTH - 1)}`.repeat(Math.ceil(n / 63))}</E>`,
    count: repeated("a"),
    elements: n => Math.ceil(n / 63),
  },
  {
    name: "long attribute lists",
    document: n =>
      `<E>${`<a ${Array.from({ length: 20 }, (_, i) => `p:x${i}="v>${i}"`).join(" ")} xsi:nil="false">x</a>`.repeat(n)}</E>`,
    count: repeated("a"),
  },
  {
    name: "comments, CDATA and whitespace between elements",
    document: n => `<E>${"\n  <!-- c --><a><![CDATA[<x>]]></a>\n".repeat(n)}</E>`,
    count: repeated("a"),
  },
  {
    name: "SOAP envelopes of services (5 elements each)",
    elements: n => Math.ceil(n / 5),
    document: n =>
      '<?xml version="1.0"?><soap:Envelope xmlns:soap="urn:s"><soap:Body><R xmlns="urn:d">' +
      "<service><id>1</id><name>A &amp; B</name><ns1:address xmlns:ns1='urn:d'>1 High St</ns1:address><url/></service>".repeat(
        Math.ceil(n / 5),
      ) +
      "</R></soap:Body></soap:Envelope>",
    count: tree => (((tree.Envelope as XmlObject).Body as XmlObject).R as { service: unknown[] }).service.length,
  },
];

describe("readXml examines a bounded number of characters per input character", () => {
  it.each(shapes.map(shape => [shape.name, shape]))("%s, 10³ to 10⁵ elements", (_name, shape) => {
    for (const n of SIZES) {
      const xml = shape.document(n);
      const stats = { examined: 0 };
      const tree = readXml(xml, stats);
      expect({ n, found: shape.count(tree) }).toEqual({ n, found: shape.elements?.(n) ?? n });
      // Every character is examined at least once, and none more than a few times.
      expect({ n, examinedAll: stats.examined >= xml.length }).toEqual({ n, examinedAll: true });
      expect({ n, withinBound: stats.examined <= PER_CHARACTER * xml.length }).toEqual({ n, withinBound: true });
    }
  });

  it("counts a refused document's work too, and refuses any text run over MAX_RUN_CHARS", () => {
    const stats = { examined: 0 };
    const xml = `<E><a>${"x".repeat(MAX_RUN_CHARS + 1)}</a></E>`;
    expect(() => readXml(xml, stats)).toThrow(XmlReadError);
    expect(stats.examined).toBeLessThanOrEqual(PER_CHARACTER * xml.length);
    expect(readXml(`<E><a>${"x".repeat(MAX_RUN_CHARS)}</a></E>`)).toEqual({ E: { a: "x".repeat(MAX_RUN_CHARS) } });
    expect(() => readXml(`<E><a>${"&amp;".repeat(MAX_RUN_CHARS / 4)}</a></E>`)).toThrow(/text run too long/);
    expect(() => readXml(`<E><a b="${"x".repeat(MAX_RUN_CHARS)}"/></E>`)).toThrow(/start tag too long/);
    expect(() => readXml(`<E><![CDATA[${"x".repeat(MAX_RUN_CHARS)}]]></E>`)).toThrow(/CDATA section too long/);
  });

  it("refuses nesting deeper than MAX_DEPTH after examining no more than it read", () => {
    expect(readXml(`${"<a>".repeat(MAX_DEPTH)}x${"</a>".repeat(MAX_DEPTH)}`)).toBeDefined();
    const stats = { examined: 0 };
    const xml = `${"<a>".repeat(100_000)}x${"</a>".repeat(100_000)}`;
    expect(() => readXml(xml, stats)).toThrow(/nesting too deep/);
    expect(stats.examined).toBeLessThan(10 * MAX_DEPTH);
  });

  it("refuses more than MAX_ELEMENTS elements", () => {
    expect(readXml(`<E>${"<a/>".repeat(MAX_ELEMENTS - 1)}</E>`)).toBeDefined();
    expect(() => readXml(`<E>${"<a/>".repeat(MAX_ELEMENTS)}</E>`)).toThrow(/too many elements/);
  });

  it("refuses an entity name that is an Object.prototype member", () => {
    expect(() => readXml("<a>&toString;</a>")).toThrow(XmlReadError);
    expect(() => readXml("<a>&valueOf;</a>")).toThrow(XmlReadError);
  });
});

describe("readXmlInSlices", () => {
  it("gives readXml's tree, examining the same characters, and lets the event loop turn between slices", async () => {
    const xml = `<s:E xmlns:s="urn:x">${"<s:a>x &amp; y</s:a><b/>".repeat(10_000)}</s:E>`;
    const whole = { examined: 0 };
    const sliced = { examined: 0 };
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const tree = await readXmlInSlices(xml, { sliceChars: 10_000, stats: sliced });
    reading = false;
    expect(tree).toEqual(readXml(xml, whole));
    expect(sliced.examined).toBe(whole.examined);
    // One turn of the event loop per slice read, at least.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(xml.length / 10_000) - 1);
  });

  it("refuses what readXml refuses", async () => {
    await expect(readXmlInSlices("<a><b>text</b", { sliceChars: 4 })).rejects.toThrow(XmlReadError);
    await expect(readXmlInSlices('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).rejects.toThrow(XmlReadError);
  });
});

// The reader keeps element names in a cache shared by every read, predicts each start tag's name from the
// previous one, and stores a child without looking its name up while no sibling shares its name's key. None of
// this may change a tree, or make what a read examines depend on what was read before.
describe("the name cache, predictions and key bits", () => {
  it("still gathers repeats that are not adjacent, share a local name under other prefixes, or nest", () => {
    expect(readXml("<E><a:x>1</a:x><y/><b:x>2</b:x><x>3</x></E>")).toEqual({ E: { x: ["1", "2", "3"], y: null } });
    expect(readXml("<E><id>1</id><t><id>2</id><id>3</id></t><id>4</id></E>")).toEqual({
      E: { id: ["1", "4"], t: { id: ["2", "3"] } },
    });
    expect(readXml("<E><toString>1</toString><valueOf/><toString>2</toString></E>")).toEqual({
      E: { toString: ["1", "2"], valueOf: null },
    });
    // Every name once, then every name again, in reverse: far more names than key bits, so keys collide.
    const names = Array.from({ length: 200 }, (_, index) => `n${index}`);
    const xml = `<E>${names.map(name => `<${name}>a</${name}>`).join("")}${[...names]
      .reverse()
      .map(name => `<p:${name}>b</p:${name}>`)
      .join("")}</E>`;
    expect(readXml(xml)).toEqual({ E: Object.fromEntries(names.map(name => [name, ["a", "b"]])) });
  });

  it("gives the same tree and examines the same characters whatever was read before", () => {
    const xml = '<s:E xmlns:s="urn:x"><s:a>1</s:a><b><c/></b><s:a>2</s:a><d>x</d></s:E>';
    const first = { examined: 0 };
    const tree = readXml(xml, first);
    // Other documents: the same names in other orders and prefixes, and many names besides.
    readXml(`<E>${Array.from({ length: 3000 }, (_, index) => `<x${index}/>`).join("")}</E>`);
    readXml("<t:E><d>y</d><t:a>3</t:a><b/><c><a/></c></t:E>");
    const again = { examined: 0 };
    expect(readXml(xml, again)).toEqual(tree);
    expect(again.examined).toBe(first.examined);
  });

  it("reads documents whose slices interleave, each into its own tree", async () => {
    const documents = [0, 1, 2].map(
      variant =>
        `<p${variant}:E xmlns:p${variant}="urn:x">${Array.from(
          { length: 2000 },
          (_, index) => `<p${variant}:a${(index * (variant + 1)) % 50}>${index}</p${variant}:a${(index * (variant + 1)) % 50}>`,
        ).join("")}</p${variant}:E>`,
    );
    const expected = documents.map(xml => readXml(xml));
    const sliced = await Promise.all(documents.map(xml => readXmlInSlices(xml, { sliceChars: 1000 })));
    expect(sliced).toEqual(expected);
  });
});
