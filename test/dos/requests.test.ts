import { DosInvalidRequest } from "../../src/dos/errors";
import { checkCapacitySummaryArgs, serviceDetailsByIdArgs } from "../../src/dos/requests";
import { type CheckCapacitySummaryRequest, type DosCallOptions } from "../../src/dos/types";
import { clientFor, fixture, soapReply, startDosServer, TEST_ACCOUNT, type DosServer, BRISTOL_SEARCH } from "./helpers/dos-server";
import { type ManagedDosClient } from "../../src/dos/client";

/*
 * The allow-lists in front of node-soap. node-soap passes `<![CDATA[…]]>` strings and `$xml`/`_xml` keys through
 * as raw XML, so anything that is not a plain, well-formed value must be refused before any I/O.
 */

const search = BRISTOL_SEARCH;
const MEGABYTE = "A".repeat(1024 * 1024);
const CDATA_INJECTION = "<![CDATA[x]]></postcode><searchDistance>99</searchDistance><postcode><![CDATA[y]]>";

let server: DosServer;
let dos: ManagedDosClient;

beforeAll(async () => {
  server = await startDosServer(soapReply(fixture("CheckCapacitySummary", "no-services-soap12")));
  dos = await clientFor(server);
});
afterAll(async () => {
  await dos.close();
  await server.close();
});

describe("checkCapacitySummaryArgs", () => {
  it("builds node-soap's arguments in WSDL sequence order, with DoS's defaults for the required extras", () => {
    const args = checkCapacitySummaryArgs({ ...search, caseRef: "case-1", surgery: "UNK", searchDistance: 5 }, TEST_ACCOUNT, "TEST");
    expect(JSON.stringify(args)).toBe(
      JSON.stringify({
        userInfo: TEST_ACCOUNT,
        c: {
          caseRef: "case-1",
          caseId: "TEST",
          postcode: "BS1 3EA",
          surgery: "UNK",
          age: 30,
          ageFormat: "Years",
          disposition: 1002,
          symptomGroup: 1013,
          symptomDiscriminatorList: { int: [4003] },
          searchDistance: 5,
          forceSearchDistance: false,
          gender: "I",
        },
      }),
    );
  });

  it("copies only the known fields: `$xml` and `_xml` keys on the request go nowhere", () => {
    const request = { ...search, $xml: "<searchDistance>99</searchDistance>", _xml: "<x/>" } as CheckCapacitySummaryRequest;
    expect(JSON.stringify(checkCapacitySummaryArgs(request, TEST_ACCOUNT, "TEST"))).not.toMatch(/xml|searchDistance|<x/);
  });
});

/** [case, field the refusal names, the value, how it reaches the client]. */
type Attempt = [string, string, unknown, (client: ManagedDosClient, value: unknown) => Promise<unknown>];
const inSearch = (field: string) => (client: ManagedDosClient, value: unknown) =>
  client.checkCapacitySummary({ ...search, [field]: value } as CheckCapacitySummaryRequest);
const asServiceId = (client: ManagedDosClient, value: unknown) => client.serviceDetailsById(value as string);
const inAccount = (field: "username" | "password") => (client: ManagedDosClient, value: unknown) =>
  client.getHospitalScores({ account: { username: "u", password: "p", [field]: value } as DosCallOptions["account"] });
const $xml = { $xml: "<searchDistance>99</searchDistance>" };

const attempts: Attempt[] = [
  ["a CDATA section closing the postcode", "postcode", CDATA_INJECTION, inSearch("postcode")],
  ["a bare CDATA postcode", "postcode", "<![CDATA[BS1 3EA]]>", inSearch("postcode")],
  ["an object with $xml as the postcode", "postcode", $xml, inSearch("postcode")],
  ["markup in the postcode", "postcode", "BS1<x/>", inSearch("postcode")],
  ["an ampersand in the postcode", "postcode", "BS1&amp;", inSearch("postcode")],
  ["a 1 MB postcode", "postcode", MEGABYTE, inSearch("postcode")],
  ["a newline in the postcode", "postcode", "BS1\n3EA", inSearch("postcode")],
  ["a NUL in the case reference", "caseRef", "ref\u0000", inSearch("caseRef")],
  ["a space in the case reference", "caseRef", "ref 1", inSearch("caseRef")],
  ["a 65-character case reference", "caseRef", "r".repeat(65), inSearch("caseRef")],
  ["a 1 MB case reference", "caseRef", MEGABYTE, inSearch("caseRef")],
  ["markup in the surgery", "surgery", "UNK</surgery><disposition>1</disposition>", inSearch("surgery")],
  ["a CDATA search time", "searchDateTime", "<![CDATA[2024-01-01T00:00:00]]>", inSearch("searchDateTime")],
  ["markup after the search time", "searchDateTime", "2024-01-01T00:00:00<x/>", inSearch("searchDateTime")],
  ["an age given as text", "age", "thirty", inSearch("age")],
  ["a fractional age", "age", 30.5, inSearch("age")],
  ["a negative age", "age", -1, inSearch("age")],
  ["an age past xs:short", "age", 32768, inSearch("age")],
  ["NaN as the age", "age", Number.NaN, inSearch("age")],
  ["an age format outside the enumeration", "ageFormat", "yrs", inSearch("ageFormat")],
  ["markup in the age format", "ageFormat", "Years<x/>", inSearch("ageFormat")],
  ["a gender outside the enumeration", "gender", "X", inSearch("gender")],
  ["a disposition past xs:int", "disposition", 2 ** 31, inSearch("disposition")],
  ["a symptom group given as text", "symptomGroup", "1013", inSearch("symptomGroup")],
  ["a discriminator given as text", "symptomDiscriminators", ["4003"], inSearch("symptomDiscriminators")],
  ["an infinite discriminator", "symptomDiscriminators", [Infinity], inSearch("symptomDiscriminators")],
  ["an object with $xml as the discriminators", "symptomDiscriminators", $xml, inSearch("symptomDiscriminators")],
  [
    "21 discriminators",
    "symptomDiscriminators",
    Array.from({ length: 21 }, (_, index) => 4001 + index),
    inSearch("symptomDiscriminators"),
  ],
  ["a search distance given as text", "searchDistance", "ninety", inSearch("searchDistance")],
  ["forceSearchDistance given as text", "forceSearchDistance", "yes", inSearch("forceSearchDistance")],
  ["no request at all", "request", null, client => client.checkCapacitySummary(null as unknown as CheckCapacitySummaryRequest)],
  ["a CDATA service id", "serviceId", "<![CDATA[1]]>", asServiceId],
  ["SQL-like text as the service id", "serviceId", "1 OR 1=1", asServiceId],
  ["an object with $xml as the service id", "serviceId", $xml, asServiceId],
  ["a 1 MB service id", "serviceId", MEGABYTE, asServiceId],
  ["a control character in the service id", "serviceId", "123\u0007", asServiceId],
  ["an empty service id", "serviceId", "", asServiceId],
  ["a CDATA password", "account.password", "<![CDATA[x]]><injected/>", inAccount("password")],
  ["a 1 MB password", "account.password", MEGABYTE, inAccount("password")],
  ["an object with $xml as the password", "account.password", $xml, inAccount("password")],
  ["a control character in the username", "account.username", "u\u001b", inAccount("username")],
  ["an empty username", "account.username", "", inAccount("username")],
];

describe("values that could inject XML or do not fit the schema", () => {
  it.each(attempts)("%s is refused before any I/O, naming %s but not the value", async (_case, field, value, send) => {
    const before = { requests: server.requests.length, connections: server.connectionCount() };
    const failure = await send(dos, value).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DosInvalidRequest);
    expect(failure).toMatchObject({ field });
    // Before any I/O: no request reached the server and no connection was opened.
    expect({ requests: server.requests.length, connections: server.connectionCount() }).toEqual(before);
    const error = failure as DosInvalidRequest;
    const shown = `${error.message} ${JSON.stringify(error)}`;
    const values = typeof value === "object" && value !== null ? Object.values(value).map(String) : [String(value)];
    for (const text of values.filter(text => text.length > 1)) expect(shown).not.toContain(text);
  });

  it("still sends well-formed values after refusing bad ones", async () => {
    const before = server.requests.length;
    await dos.checkCapacitySummary(search);
    expect(server.requests.length).toBe(before + 1);
    expect(server.requests.at(-1)!.body).toContain("<postcode>BS1 3EA</postcode>");
  });
});

describe("serviceDetailsByIdArgs", () => {
  it.each(["2000037448", "2147483647", "FQW63RPX", "y02578001"])("accepts the id or ODS code %s", id => {
    expect(serviceDetailsByIdArgs(id, TEST_ACCOUNT)).toEqual({ userInfo: TEST_ACCOUNT, serviceId: id });
  });
});
