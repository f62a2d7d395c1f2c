import { escapeXml, parseXml, type XmlElement, XmlSyntaxError } from "../../../src/simulator/wire/xml";

function names(element: XmlElement): unknown {
  return [element.namespace ?? null, element.localName, element.children.map(names)];
}

describe("parseXml: what it reads", () => {
  it("resolves prefixes, default namespaces, redeclarations and un-declarations", () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
      <a:root xmlns:a="urn:a" xmlns="urn:default">
        <plain/>
        <a:inner xmlns:a="urn:other"><deep xmlns=""/></a:inner>
        <a:after/>
      </a:root>`,
    );
    expect(names(root)).toEqual([
      "urn:a",
      "root",
      [
        ["urn:default", "plain", []],
        ["urn:other", "inner", [[null, "deep", []]]],
        ["urn:a", "after", []],
      ],
    ]);
  });

  it("decodes the predefined entities, character references and CDATA, and skips comments and PIs", () => {
    const root = parseXml(
      "\uFEFF<r>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x1F600;<!-- no --><?pi x?><![CDATA[<raw & text>]]></r>",
    );
    expect(root.text).toBe(`a & b <c> "d" 'e' é😀<raw & text>`);
  });

  it("reads nesting up to 100 levels", () => {
    let element = parseXml("<a>".repeat(100) + "x" + "</a>".repeat(100));
    for (let depth = 1; depth < 100; depth++) element = element.children[0];
    expect(element.text).toBe("x");
  });

  it("keeps each element's own text and its attributes with their namespaces", () => {
    const root = parseXml(
      `<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">x<c xsi:nil='true' plain="a &amp; b">1</c>y</r>`,
    );
    expect(root.text).toBe("xy");
    expect(root.children[0].text).toBe("1");
    expect(root.children[0].attributes).toEqual([
      { namespace: "http://www.w3.org/2001/XMLSchema-instance", localName: "nil", value: "true" },
      { namespace: undefined, localName: "plain", value: "a & b" },
    ]);
  });
});

describe("parseXml: what it refuses", () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>`;
  const externalEntity = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>`;

  it.each([
    ["a DOCTYPE (billion laughs)", billionLaughs, /DOCTYPE/],
    ["a DOCTYPE (external entity)", externalEntity, /DOCTYPE/],
    ["an undeclared entity", "<r>&xxe;</r>", /unknown entity &xxe;/],
    ["a bare ampersand", "<r>a & b</r>", /unescaped &/],
    ["a character reference to a non-character", "<r>&#0;</r>", /not an XML character/],
    ["mismatched tags", "<a><b></a></b>", /does not match/],
    ["an unclosed element", "<a><b></b>", /<a> is not closed/],
    ["an end tag without a start", "<a></a></b>", /without a start tag/],
    ["two roots", "<a/><b/>", /more than one root/],
    ["text outside the root", "<a/>text", /text outside the root/],
    ["an undeclared prefix", "<x:a/>", /undeclared namespace prefix x/],
    ["an undeclared attribute prefix", "<a x:b='1'/>", /undeclared namespace prefix x/],
    ["a duplicate attribute", `<a b="1" b="2"/>`, /duplicate attribute b/],
    ["an unquoted attribute", "<a b=1/>", /not quoted/],
    ["'<' in an attribute value", `<a b="<"/>`, /"<" in the value/],
    ["attributes run together", `<a b="1"c="2"/>`, /malformed start tag/],
    ["an XML declaration after the start", ` <?xml version="1.0"?><a/>`, /XML declaration/],
    ["a control character", "<a>\u0001</a>", /character not allowed/],
    ["an invalid name", "<1a/>", /invalid name/],
    ["an empty document", "   ", /no root element/],
    ["a document that is not XML at all", "hello", /text outside the root/],
    ["an unterminated comment", "<a><!-- </a>", /unterminated comment/],
    ["nesting deeper than 100 levels", "<a>".repeat(101) + "</a>".repeat(101), /nested deeper than 100/],
  ])("%s", (_case, xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
    expect(() => parseXml(xml)).toThrow(message);
  });
});

describe("escapeXml", () => {
  it("escapes what would break element text or a double-quoted attribute, and round-trips", () => {
    const text = `Smith & Sons <"Pharmacy"> 'open'`;
    expect(escapeXml(text)).toBe("Smith &amp; Sons &lt;&quot;Pharmacy&quot;&gt; 'open'");
    expect(parseXml(`<a b="${escapeXml(text)}">${escapeXml(text)}</a>`)).toMatchObject({
      text,
      attributes: [{ localName: "b", value: text }],
    });
  });
});
