/**
 * `boundEchoes` (src/server/message-bounds.ts), which formatError applies to every message: the subgraph's own
 * messages pass unchanged; quoted values, unbroken runs and the whole message are cut to short bounds.
 */
import { errorCatalogue } from "../../src/server/errors";
import { boundEchoes, MAX_MESSAGE_LENGTH } from "../../src/server/message-bounds";

describe("boundEchoes", () => {
  it("leaves the subgraph's own and graphql-js's short messages unchanged", () => {
    for (const message of [
      ...Object.values(errorCatalogue),
      'Cannot query field "nme" on type "Service". Did you mean "name"?',
      'Variable "$input" got invalid value "LS1" at "input.age"; Int cannot represent non-integer value: "LS1"',
      "postcode is not a valid UK postcode (e.g. LS1 1UR).",
    ]) {
      expect(boundEchoes(message)).toBe(message);
    }
  });

  it("keeps 24 characters of a long quoted value, each time it is quoted", () => {
    const value = "x".repeat(10_000);
    expect(boundEchoes(`got invalid value "${value}"; cannot represent: "${value}"`)).toBe(
      `got invalid value "${"x".repeat(24)}…"; cannot represent: "${"x".repeat(24)}…"`,
    );
  });

  it("never cuts inside an escape or a surrogate pair, and follows escaped quotes", () => {
    expect(boundEchoes(`"${"a".repeat(20)}\\u2028${"b".repeat(30)}"`)).toBe(`"${"a".repeat(20)}…"`);
    expect(boundEchoes(`"${"a".repeat(23)}😀${"b".repeat(30)}"`)).toBe(`"${"a".repeat(23)}…"`);
    expect(boundEchoes(`"${'\\"'.repeat(5)}${"c".repeat(40)}" tail`)).toBe(`"${'\\"'.repeat(5)}${"c".repeat(14)}…" tail`);
  });

  it("cuts unquoted runs over 48 characters, and every message at MAX_MESSAGE_LENGTH", () => {
    expect(boundEchoes(`value { ${"k".repeat(5000)}: 1 }`)).toBe(`value { ${"k".repeat(24)}… 1 }`);
    const wordy = "word ".repeat(1000);
    const bounded = boundEchoes(wordy);
    expect(bounded.length).toBe(MAX_MESSAGE_LENGTH);
    expect(bounded.endsWith("…")).toBe(true);
    expect(boundEchoes(`"${"q ".repeat(50_000)}`).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });
});
