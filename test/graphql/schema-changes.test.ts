/**
 * Schema change safety (scripts/schema-changes.ts): the committed schema/subgraph.graphql against the last
 * version on `main`, every change classified; a breaking change fails unless CHANGELOG.md names it. Then the
 * check itself on made-up changes, so that it is shown to fail when it should.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  CHANGELOG_PATH,
  classifySchemaChanges,
  committedBaseSchema,
  SCHEMA_FILE,
  unrecordedBreakingChanges,
} from "../../scripts/schema-changes";

const ROOT = path.resolve(__dirname, "../..");
const current = readFileSync(path.join(ROOT, SCHEMA_FILE), "utf8");
const changelog = readFileSync(CHANGELOG_PATH, "utf8");
const base = committedBaseSchema();

if ("unavailable" in base) {
  // Loud, not silent: the comparison is skipped and says why (CI runs on a full clone with `main`).
  process.stderr.write(`\n*** SCHEMA CHANGE CHECK SKIPPED: ${base.unavailable} ***\n\n`);
}

describe("schema/subgraph.graphql against main", () => {
  (("sdl" in base) ? it : it.skip)("every breaking change is named in CHANGELOG.md", async () => {
    if (!("sdl" in base)) return;
    const changes = await classifySchemaChanges(base.sdl, current);
    expect(unrecordedBreakingChanges(changes, changelog).map(change => `${change.path}: ${change.message}`)).toEqual([]);
  });
});

describe("the check itself", () => {
  it("classifies a removed field and a changed argument type as breaking, an added field as safe", async () => {
    const changed = current
      .replace(/\n {2}"""\n {2}Public-facing name[^]*?"""\n {2}publicName: String\n/, "\n")
      .replace("odsCode: String!\n  ): [Service!]!", "odsCode: ID!\n  ): [Service!]!")
      .replace(/(type ServiceType[^{]*\{)/, "$1\n  \"\"\"New.\"\"\"\n  code: String\n");
    const changes = await classifySchemaChanges(current, changed);
    const byPath = new Map(changes.map(change => [change.path, change.level]));
    expect(byPath.get("Service.publicName")).toBe("BREAKING");
    expect(byPath.get("Query.servicesByOdsCode.odsCode")).toBe("BREAKING");
    expect(byPath.get("ServiceType.code")).toBe("NON_BREAKING");
    expect(unrecordedBreakingChanges(changes, changelog).map(change => change.path).sort()).toEqual([
      "Query.servicesByOdsCode.odsCode",
      "Service.publicName",
    ]);
    const recorded = `${changelog}\n### Breaking\n- \`Service.publicName\` removed; \`Query.servicesByOdsCode.odsCode\` is an ID\n`;
    expect(unrecordedBreakingChanges(changes, recorded)).toEqual([]);
  });

  it("the base is main's committed file (or, on main, its parent), or a stated reason it is unavailable", () => {
    if ("sdl" in base) expect(base.sdl).toContain("type Service");
    else expect(base.unavailable).toMatch(/git|main|clone|exist/);
  });

  it("a directory outside any git checkout is unavailable with its reason, not 'no change'", () => {
    expect(committedBaseSchema("/")).toEqual({ unavailable: "not a git checkout (or git is not installed)" });
  });
});
