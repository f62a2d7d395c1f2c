import fs from "node:fs";
import path from "node:path";

/**
 * `tsx bench/run.ts --profile`: where the subgraph's CPU goes on the wide search. The subgraph runs with V8's
 * sampling profiler (`--cpu-prof`), which writes a `.cpuprofile` when the process exits; this summarises it by
 * self time, per module (a package, a file of dist/, or a V8 pseudo-frame such as the garbage collector) and per
 * function. The profile covers the process's whole life, start-up included; under a load of several seconds
 * start-up is a few per cent, and shows as such (node:internal/modules).
 */

/** The flags that make a Node process write its CPU profile into `dir` when it exits. */
export function cpuProfileFlags(dir: string): string[] {
  // 200 µs between samples (the default is 1 ms): enough samples for a few-per-cent frame in 8 s of load.
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"];
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
/** The parts of V8's `.cpuprofile` (the DevTools Profile object) read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of all sampled time, 0–1. */
  share: number;
}

export interface ProfileSummary {
  sampledMs: number;
  modules: ProfileShare[];
  functions: ProfileShare[];
}

export function summariseProfile(profile: CpuProfile, top = 30): ProfileSummary {
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    if (micros === 0) continue;
    total += micros;
    const module = moduleOf(node.callFrame);
    // V8 line numbers are 0-based.
    const fn = `${node.callFrame.functionName || "(anonymous)"} ${module}:${node.callFrame.lineNumber + 1}`;
    modules.set(module, (modules.get(module) ?? 0) + micros);
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const ranked = (shares: Map<string, number>) =>
    [...shares]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, share: total > 0 ? micros / total : 0 }));
  return { sampledMs: total / 1000, modules: ranked(modules), functions: ranked(functions) };
}

/** The newest `.cpuprofile` in `dir`. */
export function readNewestProfile(dir: string): { file: string; profile: CpuProfile } {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => path.join(dir, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}: did the process exit normally?`);
  return { file: files[0], profile: JSON.parse(fs.readFileSync(files[0], "utf8")) as CpuProfile };
}

export function describeProfile(summary: ProfileSummary): string {
  const lines = (shares: ProfileShare[]) =>
    shares.map(({ name, share }) => `  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `self time, ${summary.sampledMs.toFixed(0)} ms sampled; by module:`,
    ...lines(summary.modules),
    "by function:",
    ...lines(summary.functions),
  ].join("\n");
}

// Private: a package (`@scope/name` or `name`), a path relative to the checkout, a node: module, or V8's own
// pseudo-frames ("(garbage collector)", "(program)", "(idle)").
function moduleOf(frame: CallFrame): string {
  if (!frame.url) return `(${frame.functionName.replace(/^\((.*)\)$/, "$1")})`;
  const file = frame.url.replace(/^file:\/\//, "");
  const inPackage = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (inPackage) return inPackage[1];
  if (file.startsWith("node:")) return file;
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}
