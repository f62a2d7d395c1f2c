import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { measureSimulatorThroughput, SIMULATOR_TARGET_PER_SECOND } from "./simulator-load";

/*
 * CheckCapacitySummary responses per second from the DoS simulator, one process (so one core for its
 * JavaScript). `npm run bench` measures the same and writes it to BENCHMARKS.md; this is the quick check alone.
 *
 *   npx tsx bench/simulator.ts [--duration 10] [--warmup 2] [--connections 32] [--url http://127.0.0.1:4010]
 *
 * Without --url it starts its own simulator (src/simulator/main.ts through tsx) on a free loopback port and
 * stops it afterwards. Exits 1 below 3,000/s or on any failed answer.
 */

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "32" },
    url: { type: "string" },
  },
});
const durationSeconds = positive(values.duration, "--duration");
const warmupSeconds = Number(values.warmup);
const connections = positive(values.connections, "--connections");

async function main(): Promise<void> {
  const { url, child } = values.url ? { url: values.url, child: undefined } : await startOwnSimulator();
  console.log(
    `DoS simulator at ${url}: ${connections} keep-alive connections, ${warmupSeconds} s warm-up, ${durationSeconds} s measured`,
  );
  try {
    const result = await measureSimulatorThroughput({
      url,
      connections,
      warmupSeconds,
      durationSeconds,
      onSecond: (second, rate) =>
        console.log(
          `  ${String(second).padStart(3)} s  ${Math.round(rate).toLocaleString("en-GB").padStart(7)} responses/s`,
        ),
    });
    console.log(
      `CheckCapacitySummary: ${Math.round(result.responsesPerSecond).toLocaleString("en-GB")} responses/s ` +
        `(mean response ${result.meanResponseKiB.toFixed(1)} KiB, ${result.failed} failed) — target ≥ ` +
        `${SIMULATOR_TARGET_PER_SECOND.toLocaleString("en-GB")}/s`,
    );
    if (result.failed > 0 || result.responsesPerSecond < SIMULATOR_TARGET_PER_SECOND) process.exitCode = 1;
  } finally {
    child?.kill("SIGTERM");
  }
}

/** The simulator in its own process, so that it has a core to itself; resolves with the URL it prints. */
function startOwnSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const root = path.resolve(__dirname, "..");
  const child = spawn(process.execPath, ["--import", "tsx", "src/simulator/main.ts", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) =>
      reject(new Error(`simulator exited (${code}) before listening:\n${output}`)),
    );
  });
}

function positive(text: string | undefined, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number ≥ 1`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
