/**
 * docs/clinical-safety.md stays a usable hazard log: one table row per hazard, ids H1, H2, … in order, every row
 * filled, and every test it cites as a control's proof exists (so a renamed or deleted test breaks this).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const text = readFileSync(path.join(ROOT, "docs/clinical-safety.md"), "utf8");
const rows = text
  .split("\n")
  .filter(line => /^\| H\d+ \|/.test(line))
  .map(line => line.slice(1, -1).split(" | ").map(cell => cell.trim()));

describe("docs/clinical-safety.md", () => {
  it("has hazards H1..Hn in order, each with a hazard, cause, control, test and residual risk", () => {
    expect(rows.length).toBeGreaterThanOrEqual(7);
    rows.forEach((row, index) => {
      expect(row[0]).toBe(`H${index + 1}`);
      expect(row).toHaveLength(6);
      for (const cell of row.slice(1, 5)) expect(cell.length).toBeGreaterThan(10);
    });
  });

  it("covers the hazards the issue names", () => {
    const hazards = rows.map(row => row[1].toLowerCase()).join("\n");
    for (const topic of ["capacity", "open when", "endpoint", "withheld", "english postcode", "professional-only", "outage"]) {
      expect(hazards).toContain(topic);
    }
  });

  it("cites, as proof of each control, test files that exist", () => {
    for (const row of rows) {
      const tests = [...row[4].matchAll(/`(test\/[^`]+\.test\.ts)`/g)].map(match => match[1]);
      expect([row[0], tests.length > 0]).toEqual([row[0], true]);
      for (const file of tests) expect([row[0], file, existsSync(path.join(ROOT, file))]).toEqual([row[0], file, true]);
    }
  });
});
