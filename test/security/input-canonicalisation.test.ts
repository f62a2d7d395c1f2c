/**
 * Issue 12 §4: formatted string input is canonicalised with ASCII rules only, and input errors never echo long
 * input. Over real HTTP against the whole stack; the simulator counts every DoS call, so "refused before DoS" is
 * a count of 0, and "accepted" is a count of 1.
 *
 * Before: `\s` and `toUpperCase` turned `LS1<LINE SEPARATOR>1UR`, `LS1<IDEOGRAPHIC SPACE>1UR` and `Lſ1 1UR` into
 * `LS1 1UR` and searched DoS with it; `disposition(code:)` trimmed Unicode spaces; and a 60 KB value of the
 * wrong type came back twice in graphql-js's coercion message.
 */
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const SEARCH = `query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service { id } } } }`;
const BASE = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052] };
/** 60 KB of one letter: any 25 of them in a row in a response is an echo past the allowed short prefix. */
const HUGE = "Q".repeat(60 * 1024);
const ECHO = "Q".repeat(25);

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startSubgraph();
});
afterAll(async () => {
  await subgraph?.stop();
});
beforeEach(async () => {
  await subgraph.resetSimulator();
});

interface Reply {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: Record<string, unknown> }[] };
  /** DoS calls of every operation this request caused. */
  calls: number;
}

async function post(query: string, variables?: object): Promise<Reply> {
  const response = await fetch(subgraph.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const calls = await subgraph.simulatorCalls();
  await subgraph.resetSimulator();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as Reply["body"],
    calls: calls.CheckCapacitySummary + calls.ServiceDetailsById + calls.GetHospitalScores,
  };
}

const codes = (reply: Reply) => (reply.body.errors ?? []).map(error => error.extensions?.code);

describe("postcodes: ASCII letters, digits and spaces only", () => {
  it.each([
    ["a line separator inside", "LS1\u20281UR"],
    ["a paragraph separator inside", "LS1\u20291UR"],
    ["an ideographic space inside", "LS1\u30001UR"],
    ["a no-break space inside", "LS1\u00a01UR"],
    ["a tab inside", "LS1\t1UR"],
    ["CR/LF inside", "LS1\r\n1UR"],
    ["a long s (upper-cases to S)", "L\u017f1 1UR"],
    ["a dotless i (upper-cases to I)", "LS1 1UR\u0131"],
    ["fullwidth letters", "\uff2c\uff331 1UR"],
    ["a zero-width space", "LS1 1UR\u200b"],
    ["a leading line separator (not ASCII whitespace)", "\u2028LS1 1UR"],
  ])("%s: INVALID_POSTCODE, no DoS call", async (_what, postcode) => {
    const reply = await post(SEARCH, { input: { ...BASE, postcode } });
    expect([reply.status, codes(reply), reply.calls]).toEqual([200, ["INVALID_POSTCODE"], 0]);
  });

  it.each([
    ["lower case, no space", "ls11ur"],
    ["extra ASCII spaces", " ls1  1ur "],
    ["leading and trailing ASCII whitespace", "\t LS1 1UR\r\n"],
  ])("%s: accepted, one DoS search", async (_what, postcode) => {
    const reply = await post(SEARCH, { input: { ...BASE, postcode } });
    expect([reply.status, codes(reply), reply.calls]).toEqual([200, [], 1]);
  });
});

describe("every other formatted string: ASCII case and whitespace only, never Unicode folding", () => {
  it("Dx codes: a Unicode space or a look-alike letter is not a known disposition", async () => {
    for (const disposition of ["Dx02\u3000", "\u2028Dx02", "D\uff5802", "Dx02\u00a0"]) {
      const reply = await post(SEARCH, { input: { ...BASE, disposition } });
      expect([disposition, codes(reply), reply.calls]).toEqual([disposition, ["UNKNOWN_DISPOSITION"], 0]);
    }
    const lookup = `query($code: String!) { disposition(code: $code) { code } }`;
    expect((await post(lookup, { code: "Dx02\u2028" })).body).toEqual({ data: { disposition: null } });
    expect((await post(lookup, { code: "Dx02\u3000" })).body).toEqual({ data: { disposition: null } });
    expect((await post(lookup, { code: " dx02\n" })).body).toEqual({ data: { disposition: { code: "Dx02" } } });
    const search = await post(SEARCH, { input: { ...BASE, disposition: " dx02 " } });
    expect([codes(search), search.calls]).toEqual([[], 1]);
  });

  it("ODS codes, service ids and caseRef: BAD_USER_INPUT with no DoS call", async () => {
    const byOds = `query($code: String!) { servicesByOdsCode(odsCode: $code) { id } }`;
    for (const code of ["\ufb00123", "FA1\u2028", "F\u017f1", "\uff26A1", "FA\t1"]) {
      const reply = await post(byOds, { code });
      expect([code, codes(reply), reply.calls]).toEqual([code, ["BAD_USER_INPUT"], 0]);
    }
    expect((await post(byOds, { code: " fa1\n" })).calls).toBe(1);

    const byId = `query($id: ID!) { service(id: $id) { id } }`;
    for (const id of ["\uff11\uff12\uff13", "123\u2028", "\u0661\u0662\u0663", "12 3"]) {
      const reply = await post(byId, { id });
      expect([id, codes(reply), reply.calls]).toEqual([id, ["BAD_USER_INPUT"], 0]);
    }
    expect((await post(byId, { id: " 123\n" })).calls).toBe(1);

    for (const caseRef of ["case-42\u2028", "case\u300042", "\uff43ase-42"]) {
      const reply = await post(SEARCH, { input: { ...BASE, caseRef } });
      expect([caseRef, codes(reply), reply.calls]).toEqual([caseRef, ["BAD_USER_INPUT"], 0]);
    }
  });

  it("searchDateTime: RFC 3339 in ASCII only, refused before execution otherwise", async () => {
    for (const searchDateTime of ["\uff12026-03-01T09:30:00Z", "2026-03-01T09:30:00Z\u2028", "2026-03-01 09:30:00Z"]) {
      const reply = await post(SEARCH, { input: { ...BASE, searchDateTime } });
      const outcome = [reply.status, codes(reply), reply.calls];
      expect([searchDateTime, outcome]).toEqual([searchDateTime, [400, ["BAD_USER_INPUT"], 0]]);
    }
  });
});

describe("an input error never echoes long input back", () => {
  it.each<[string, string, object | undefined, number, string]>([
    ["a 60 KB postcode", SEARCH, { input: { ...BASE, postcode: HUGE } }, 200, "INVALID_POSTCODE"],
    ["a 60 KB service id", `query($id: ID!) { service(id: $id) { id } }`, { id: HUGE }, 200, "BAD_USER_INPUT"],
    ["a 60 KB ODS code", `{ servicesByOdsCode(odsCode: "${HUGE}") { id } }`, undefined, 200, "BAD_USER_INPUT"],
    ["a 60 KB caseRef", SEARCH, { input: { ...BASE, caseRef: HUGE } }, 200, "BAD_USER_INPUT"],
    ["a 60 KB Dx code", SEARCH, { input: { ...BASE, disposition: HUGE } }, 200, "UNKNOWN_DISPOSITION"],
    [
      "a 60 KB _entities id",
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
      { r: [{ __typename: "Service", id: HUGE }] },
      200,
      "BAD_USER_INPUT",
    ],
    // graphql-js's coercion messages quote the value, twice.
    ["a 60 KB string for an Int variable", SEARCH, { input: { ...BASE, age: HUGE } }, 400, "BAD_USER_INPUT"],
    ["a 60 KB searchDateTime", SEARCH, { input: { ...BASE, searchDateTime: HUGE } }, 400, "BAD_USER_INPUT"],
    ["a 60 KB enum value", SEARCH, { input: { ...BASE, ageUnit: HUGE } }, 400, "BAD_USER_INPUT"],
    ["a 60 KB unknown input field", SEARCH, { input: { ...BASE, [HUGE]: 1 } }, 400, "BAD_USER_INPUT"],
    ["a 60 KB object key for an Int", SEARCH, { input: { ...BASE, age: { [HUGE]: 1 } } }, 400, "BAD_USER_INPUT"],
    [
      "a 60 KB string literal for an Int argument",
      `{ serviceSearch(input: { postcode: "LS1 1UR", age: "${HUGE}", symptomGroup: 1013,
         symptomDiscriminators: [4052] }) { results { service { id } } } }`,
      undefined,
      400,
      "GRAPHQL_VALIDATION_FAILED",
    ],
  ])("%s: the error keeps at most a short prefix of it; no DoS call", async (_what, query, variables, status, code) => {
    const reply = await post(query, variables);
    expect([reply.status, codes(reply)[0], reply.calls]).toEqual([status, code, 0]);
    expect(reply.text).not.toContain(ECHO);
    expect(reply.text.length).toBeLessThan(2000);
  });
});
