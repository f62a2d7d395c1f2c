/**
 * bench/gc-trace.ts reads the GC figures of the baseline A/B (`tsx bench/run.ts --ab`) from V8's
 * `--trace-gc-nvp` lines. Checked against a real Node process: its counts must equal what the same process's
 * own PerformanceObserver saw, and promotion must follow what the process kept alive. The line format is V8's,
 * not a documented API: this fails loudly if a Node upgrade changes it.
 */
import { spawn } from "node:child_process";
import { GC_TRACE_FLAG, GcTrace } from "../../bench/gc-trace";

/** Allocates 400,000 small objects (keeping them if told), forces two full collections, reports its own counts. */
const CHILD = `
const { PerformanceObserver, constants } = require("node:perf_hooks");
const counts = { major: 0, minor: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) counts.major++;
    if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) counts.minor++;
  }
}).observe({ entryTypes: ["gc"] });
const kept = [];
for (let i = 0; i < 400000; i++) { const o = { i, s: "x" + i }; if (process.argv[1] === "keep") kept.push(o); }
global.gc();
global.gc();
setTimeout(() => process.stdout.write("\\nCOUNTS " + JSON.stringify(counts) + " " + kept.length + "\\n"), 100);
`;

async function traced(mode: "keep" | "drop") {
  const trace = new GcTrace();
  let output = "";
  const child = spawn(process.execPath, [GC_TRACE_FLAG, "--expose-gc", "-e", CHILD, mode], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { PATH: process.env.PATH },
  });
  // Fed in whatever chunks the pipe delivers: lines split across chunks must still count once.
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    trace.feed(chunk.toString());
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(0);
  const own = JSON.parse(/COUNTS (\{.*\})/.exec(output)![1]) as { major: number; minor: number };
  return { counts: trace.snapshot(), own };
}

describe("GC figures from V8's --trace-gc-nvp", () => {
  it("counts the collections the process itself observed, young and full", async () => {
    const { counts, own } = await traced("keep");
    expect(own.major).toBeGreaterThanOrEqual(2);
    expect(counts.fullCollections).toBe(own.major);
    expect(counts.youngCollections).toBe(own.minor);
  });

  it("measures promotion: megabytes when objects survive, almost nothing when they die young", async () => {
    const kept = await traced("keep");
    const dropped = await traced("drop");
    // 400,000 retained objects with their strings are well over 10 MB; all of it must be promoted to survive.
    expect(kept.counts.promotedBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(dropped.counts.promotedBytes).toBeLessThan(kept.counts.promotedBytes / 10);
  });

  it("takes a window as the difference of two snapshots, across lines split between chunks", () => {
    const trace = new GcTrace();
    trace.feed("[1:0x1]   5 ms: pause=1.0 gc=s reduce_memory=0 promo");
    const before = trace.snapshot();
    expect(before.youngCollections).toBe(0);
    trace.feed("ted=1000 new_space_survived=5\n[1:0x1]   9 ms: pause=3.0 gc=mc reduce_memory=0 promoted=7\n");
    expect(trace.snapshot()).toEqual({ youngCollections: 1, promotedBytes: 1000, fullCollections: 1 });
  });
});
