import { trimmed } from "../../src/dos/text";

// The shortcut must never change a result: compared with String.prototype.trim at the edges it takes.
it.each([
  "",
  " ",
  "abc",
  " abc",
  "abc ",
  "\tabc\n",
  "\u00a0abc",
  "abc\u00a0",
  "\u2028abc\u2029",
  "\ufeffabc",
  "a",
  "~x~",
  "\u000babc\u000c",
  "é",
  "aé",
  "éa",
])("trims %j as String.prototype.trim does", text => {
  expect(trimmed(text)).toBe(text.trim());
});
