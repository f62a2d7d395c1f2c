/**
 * src/heap.ts sets V8 flags at run time (Node warns that such a flag may do nothing). What it sets is checked here,
 * and that this Node's V8 still knows each flag (V8 ignores a flag it does not know): if a Node upgrade drops one,
 * this fails. Whether they act under load is measured where performance is, in the benchmark: the baseline A/B
 * (`npm run bench -- --ab`) reports full collections and promotion per 1,000 requests, which is how the
 * pretenuring effect was found (BENCHMARKS.md, "How it got here"). A behavioural check in a child process (young
 * collections of a workload that gets pretenured) separated the two settings on a quiet machine but not under a
 * loaded CI run, so it is not a test.
 */
import { execFileSync } from "node:child_process";
import v8 from "node:v8";

it("src/heap.ts sets the old generation's growth and turns allocation-site pretenuring off", async () => {
  const setFlags = jest.spyOn(v8, "setFlagsFromString").mockImplementation(() => undefined);
  try {
    await jest.isolateModulesAsync(async () => {
      await import("../../src/heap");
    });
    expect(setFlags.mock.calls).toEqual([["--heap-growing-percent=50"], ["--no-allocation-site-pretenuring"]]);
  } finally {
    setFlags.mockRestore();
  }
});

it("this Node's V8 knows both flags", () => {
  const options = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
  expect(options).toMatch(/^\s+--heap-growing-percent\b/m);
  expect(options).toMatch(/^\s+--allocation-site-pretenuring\b/m);
});
