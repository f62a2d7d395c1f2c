/**
 * `npm run bench:smoke`: the benchmark suite end to end, without its timed phases. Real processes on loopback
 * (simulator, subgraph, naive variant, Mesh peer) and real autocannon load; asserts that every scenario
 * completes with correct answers and that each target costs exactly the DoS calls per operation it should.
 * Speeds are not asserted: CI machines vary.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BenchResults } from "../../bench/report";

const ROOT = path.resolve(__dirname, "../..");

let runner: ChildProcess | undefined;

afterEach(() => {
  // A timed-out test must not leave the suite's servers running; the runner stops them on SIGTERM.
  if (runner && runner.exitCode === null) runner.kill("SIGTERM");
});

function runSmoke(jsonPath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bench/run.ts", "--smoke", "--json", jsonPath],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    runner = child;
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("benchmark smoke run", () => {
  it("runs every scenario against every target with the minimum DoS calls per operation", async () => {
    const jsonPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-")), "results.json");
    const { code, output } = await runSmoke(jsonPath);
    if (code !== 0) throw new Error(`bench/run.ts --smoke exited with ${code}:\n${output}`);
    const results = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as BenchResults;

    expect(results.runs.filter((run) => run.error || run.failedRequests > 0)).toEqual([]);
    const callsPerOperation = Object.fromEntries(
      results.runs.map((run) => [`${run.scenario} ${run.target}`, run.dosCallsPerOperation]),
    );
    expect(callsPerOperation).toEqual({
      // One CheckCapacitySummary per search, whoever makes it.
      "search-c1 subgraph": 1,
      "search-c1 direct": 1,
      "search-c1 naive": 1,
      "search-c1 mesh": 1,
      "search subgraph": 1,
      "search direct": 1,
      "search naive": 1,
      "search mesh": 1,
      // A federated trace (ftv1) changes nothing upstream.
      "search-ftv1 subgraph": 1,
      "search-50ms subgraph": 1,
      "search-50ms direct": 1,
      "search-50ms naive": 1,
      "search-50ms mesh": 1,
      // One ServiceDetailsById per distinct id.
      "service-by-id subgraph": 10,
      "service-by-id direct": 10,
      "service-by-id naive": 10,
      "service-by-id mesh": 10,
      "entities subgraph": 10,
      "entities direct": 10,
      "entities naive": 10,
      // Five ids asked twice: only DataLoader's de-duplication gets this to the minimum.
      "service-by-id-repeated subgraph": 5,
      "service-by-id-repeated direct": 5,
      "service-by-id-repeated naive": 10,
      "service-by-id-repeated mesh": 10,
    });

    // Every target found the benchmark's search's services (about 25; the simulator's capacity clock may move
    // one in or out between runs).
    const searchResults = results.runs
      .filter((run) => run.scenario.startsWith("search"))
      .map((run) => Number(/^(\d+) services, \d+ with endpoints(?:, with a trace)?$/.exec(run.answer ?? "")?.[1]));
    expect(searchResults).toHaveLength(13);
    for (const found of searchResults) expect(found).toBeGreaterThanOrEqual(20);
    expect(new Set(results.serviceIds).size).toBe(10);

    // The simulator alone: a second of concurrent searches, every one answered 200 with a full response; its
    // start-up time is recorded (reported in BENCHMARKS.md, not asserted: CI machines vary).
    expect(results.simulator).toEqual(
      expect.objectContaining({ connections: 32, failed: 0, startupMs: expect.any(Number) }),
    );
    expect(results.simulator?.error).toBeUndefined();
    expect(results.simulator?.meanResponseKiB).toBeGreaterThan(5);

    // Hostile DoS responses: every kind gets its bounded answer (stalls are recorded, not asserted).
    expect(results.hostile?.error).toBeUndefined();
    expect(results.hostile?.kinds.length).toBeGreaterThanOrEqual(8);
    expect(results.hostile?.kinds.filter(kind => kind.outcome !== kind.expected)).toEqual([]);
    expect(results.hostile?.scaling.every(row => row.examinedPerChar <= 5)).toBe(true);
  }, 180_000);
});
