/**
 * Faults mean the same thing in every layer (issue 12 §7). src/dos turns each DoS fault number into a
 * backend-neutral failure (`DosError.classify()`: category, input field, hint, transient), and nothing above
 * src/dos decides on a raw SOAP fault number: the scan below fails on any file that does.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DosBadResponse, type DosError, DosInvalidRequest, DosTimeout, DosUnavailable, hasDosCategory } from "../../src/dos/errors";
import { dosFault } from "../../src/dos/faults";
import { DosCircuitOpen } from "../../src/upstream/errors";

describe("DosError.classify()", () => {
  it.each<[number, string | undefined, string, string | undefined, boolean]>([
    [100, undefined, "unavailable", undefined, false],
    [101, undefined, "invalid-input", "postcode", false],
    [102, undefined, "no-results", undefined, false],
    [103, undefined, "not-found", undefined, false],
    [104, undefined, "invalid-input", "symptomDiscriminators", false],
    [105, undefined, "invalid-input", "searchDistance", false],
    [106, undefined, "invalid-input", "gender", false],
    [107, undefined, "bad-response", undefined, false],
    [108, "Parameter Validation: Search date and time is invalid", "invalid-input", "searchDateTime", false],
    [108, "Malformed XML: The soap message is not valid xml.", "bad-response", undefined, false],
    [109, "searchDateTime (2099-01-01) more than 12 months in future", "invalid-input", "searchDateTime", false],
    [109, "WSDL Validation: (109) - Unable to find version", "bad-response", undefined, false],
    [110, undefined, "invalid-input", "searchDateTime", false],
    [113, undefined, "invalid-input", "searchDistance", false],
    [114, undefined, "invalid-input", "age", false],
    [117, undefined, "invalid-input", "age", false],
    [119, undefined, "invalid-input", "ageFormat", false],
    [120, undefined, "invalid-input", "symptomGroup", false],
    [121, undefined, "invalid-input", "disposition", false],
    [300, undefined, "auth", undefined, false],
    [302, undefined, "auth", undefined, false],
    [303, undefined, "auth", undefined, false],
    [1001, undefined, "auth", undefined, false],
    [500, undefined, "unavailable", undefined, true],
    [504, undefined, "timeout", undefined, true],
    [777, undefined, "unavailable", undefined, false],
  ])("DoS fault %d (%s) → %s, field %s, transient %s", (code, text, category, field, transient) => {
    const failure = dosFault(code, text).classify();
    expect({ category: failure.category, field: failure.field, transient: failure.transient }).toEqual({
      category,
      field,
      transient,
    });
    // An input fault carries a fixed, client-safe hint; it never quotes what DoS sent.
    if (category === "invalid-input") expect(failure.hint).toMatch(/^[A-Za-z_ ,.:0-9-]+$/);
    if (text) expect(failure.hint ?? "").not.toContain(text);
  });

  it.each<[string, string, boolean, DosError]>([
    ["DosTimeout", "timeout", false, new DosTimeout(8000)],
    ["DosUnavailable", "unavailable", true, new DosUnavailable("connection reset")],
    ["DosCircuitOpen", "unavailable", false, new DosCircuitOpen()],
    ["DosBadResponse", "bad-response", false, new DosBadResponse("malformed XML")],
    ["DosInvalidRequest", "invalid-input", false, new DosInvalidRequest("postcode", "bad")],
  ])("%s → %s, transient %s", (_name, category, transient, error) => {
    expect(error.classify()).toMatchObject({ category, transient });
    expect(hasDosCategory(error, category as never)).toBe(true);
  });

  it("hasDosCategory is false for anything that is not a DosError", () => {
    expect(hasDosCategory(new Error("not-found"), "not-found")).toBe(false);
    expect(hasDosCategory({ classify: () => ({ category: "not-found" }) }, "not-found")).toBe(false);
  });
});

/** DoS fault numbers (spec §8.2) and the ways code could decide on them. */
const FAULT_CODE = String.raw`(?:10\d|11\d|12[01]|30[0-3]|50[04]|1001)`;
const DECIDES_ON_FAULT_NUMBER: RegExp[] = [
  /\bisDosFault\s*\(/, // the helper that takes a fault number
  // x === 103 and 103 === x; an HTTP status compared with 500 (`status === 500`) is not a fault number.
  new RegExp(String.raw`(?<!status\s*)(?<![=!])[=!]==?\s*${FAULT_CODE}\b`, "i"),
  new RegExp(String.raw`\b${FAULT_CODE}\s*[=!]==?(?!\s*\w*status\b)`, "i"),
  new RegExp(String.raw`\bcase\s+${FAULT_CODE}\s*:`), // case 102:
  new RegExp(String.raw`^\s*${FAULT_CODE}\s*:`, "m"), // { 101: … } tables keyed by fault number
  /Record<number,\s*\{\s*code:/, // such a table's type
];

/** The code with comments and string contents removed (fault numbers in prose and messages are fine). */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

function offences(source: string): string[] {
  const code = codeOnly(source);
  return DECIDES_ON_FAULT_NUMBER.filter(pattern => pattern.test(code)).map(pattern => pattern.source);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("no layer above src/dos decides on a SOAP fault number", () => {
  const src = path.join(__dirname, "../../src");

  it("the scan catches each way of doing it (the code this issue removed, among others)", () => {
    expect(offences("error => (isDosFault(error, 103) ? null : asError(error))")).not.toEqual([]);
    expect(offences("if (error instanceof DosFault) return error.code === 500 || error.code === 504;")).not.toEqual([]);
    expect(offences("return 504 === fault.code ? timeout() : other();")).not.toEqual([]);
    expect(offences("const empty = error.code == 102;")).not.toEqual([]);
    expect(offences("switch (fault.code) {\n  case 102:\n    return empty();\n}")).not.toEqual([]);
    expect(offences("const inputFaults: Readonly<Record<number, { code: ErrorCode }>> = {\n  101: { code: \"X\" },\n};")).not.toEqual([]);
    // Prose, messages and other numbers are not decisions.
    expect(offences('// fault 103: not found\nconst text = "DoS fault 101";\nif (status === 500) log();')).toEqual([]);
  });

  it("finds none in src outside src/dos and the simulator", () => {
    const files = sourceFiles(src).filter(file => {
      const relative = path.relative(src, file).split(path.sep);
      return relative[0] !== "dos" && relative[0] !== "simulator";
    });
    expect(files.length).toBeGreaterThan(20);
    const found = files
      .map(file => ({ file: path.relative(src, file), offences: offences(readFileSync(file, "utf8")) }))
      .filter(result => result.offences.length > 0);
    expect(found).toEqual([]);
  });
});
