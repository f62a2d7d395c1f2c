/**
 * Schema change safety (issue 13), the way `rover subgraph check` guards a registry: every change of
 * schema/subgraph.graphql against the last version committed on `main`, classified by @graphql-inspector/core
 * as BREAKING, DANGEROUS or NON_BREAKING. A breaking change must be recorded in CHANGELOG.md by its schema
 * coordinate (e.g. `Service.name`). test/graphql/schema-changes.test.ts fails otherwise;
 * `npm run schema:check` prints the classification.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { type Change, CriticalityLevel, diff } from "@graphql-inspector/core";
import { parse } from "graphql";

const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = "schema/subgraph.graphql";
export const CHANGELOG_PATH = path.join(ROOT, "CHANGELOG.md");

export interface SchemaChange {
  level: "BREAKING" | "DANGEROUS" | "NON_BREAKING";
  /** The schema coordinate, e.g. `Service.name` or `Query.service.id`. */
  path: string;
  message: string;
}

export type BaseSchema = { ref: string; sdl: string } | { unavailable: string };

/**
 * The committed schema to compare with: `main` (or `origin/main` in a clone that has only the remote branch);
 * on `main` itself, its parent, the version before the last commit. Unavailable (no git, a shallow clone
 * without the parent, no `main`) is reported with its reason, never silently treated as "no change".
 */
export function committedBaseSchema(cwd = ROOT): BaseSchema {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  let main: string | undefined;
  try {
    git("rev-parse", "--git-dir");
  } catch {
    return { unavailable: "not a git checkout (or git is not installed)" };
  }
  for (const ref of ["main", "origin/main"]) {
    try {
      main = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
      break;
    } catch {
      // try the next name
    }
  }
  if (!main) return { unavailable: "no `main` or `origin/main` branch in this clone" };
  let ref = main;
  try {
    if (git("rev-parse", "HEAD") === main) ref = git("rev-parse", "--verify", "--quiet", `${main}~1^{commit}`);
  } catch {
    return { unavailable: "HEAD is main and its parent is not in this (shallow?) clone" };
  }
  try {
    return { ref, sdl: git("show", `${ref}:${SCHEMA_FILE}`) };
  } catch {
    return { unavailable: `${SCHEMA_FILE} does not exist at ${ref}` };
  }
}

/** Every change from `before` to `after` (both subgraph SDL), classified. */
export async function classifySchemaChanges(before: string, after: string): Promise<SchemaChange[]> {
  const changes: Change[] = await diff(buildSubgraphSchema(parse(before)), buildSubgraphSchema(parse(after)));
  return changes.map(change => ({
    level:
      change.criticality.level === CriticalityLevel.Breaking
        ? "BREAKING"
        : change.criticality.level === CriticalityLevel.Dangerous
          ? "DANGEROUS"
          : "NON_BREAKING",
    path: change.path ?? "",
    message: change.message,
  }));
}

/** Breaking changes whose coordinate CHANGELOG.md does not name (in backticks, e.g. `Service.name`). */
export function unrecordedBreakingChanges(changes: readonly SchemaChange[], changelog: string): SchemaChange[] {
  return changes.filter(change => change.level === "BREAKING" && !changelog.includes(`\`${change.path}\``));
}

async function main(): Promise<void> {
  const base = committedBaseSchema();
  if ("unavailable" in base) {
    process.stderr.write(`schema:check cannot run: ${base.unavailable}\n`);
    process.exitCode = 2;
    return;
  }
  const changes = await classifySchemaChanges(base.sdl, readFileSync(path.join(ROOT, SCHEMA_FILE), "utf8"));
  for (const change of changes) process.stdout.write(`${change.level.padEnd(12)} ${change.path}  ${change.message}\n`);
  const missing = unrecordedBreakingChanges(changes, readFileSync(CHANGELOG_PATH, "utf8"));
  for (const change of missing) process.stderr.write(`not in CHANGELOG.md: \`${change.path}\` (${change.message})\n`);
  process.stdout.write(`${changes.length} change(s) against ${base.ref.slice(0, 12)}; ${missing.length} unrecorded breaking\n`);
  if (missing.length) process.exitCode = 1;
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
