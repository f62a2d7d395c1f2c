// `npm run build` (and so `npm start`): tsc -p tsconfig.build.json, incremental. tsc keeps what it knows in
// dist/.tsbuildinfo and recompiles only what changed since the last build (deleting dist/ starts afresh). When
// nothing under src/ (nor a tsconfig, nor the dependencies) is newer than that file, tsc is not even started.
// tsc says nothing when it succeeds; this says what it is doing, on stderr (stdout stays the server's JSON log).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";

const BUILD_INFO = "dist/.tsbuildinfo";
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

/** The newest modification time among the inputs; directories count too (a file added or deleted). */
function newestInput(paths) {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stats = statSync(entry);
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) newest = Math.max(newest, newestInput(readdirSync(entry).map(name => path.join(entry, name))));
  }
  return newest;
}

const say = message => process.stderr.write(`dos-subgraph: ${message}\n`);
if (existsSync(BUILD_INFO) && newestInput(INPUTS) <= statSync(BUILD_INFO).mtimeMs) {
  say("dist/ is up to date (nothing changed since the last build)");
  process.exit(0);
}
say(
  existsSync(BUILD_INFO)
    ? "compiling what changed in src/ since the last build (incremental tsc)..."
    : "compiling src/ to dist/ (first build: everything; later builds only what changed)...",
);
const started = performance.now();
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (result.status !== 0) {
  say("the build failed (see above)");
  process.exit(result.status ?? 1);
}
// tsc leaves the file alone when no output changed (a file touched, a comment edited): mark this build as seen.
const now = new Date();
utimesSync(BUILD_INFO, now, now);
say(`dist/ is up to date (${((performance.now() - started) / 1000).toFixed(1)} s)`);
