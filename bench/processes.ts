import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";

/**
 * The measured servers run in processes of their own, started here; what they cost is read from the kernel's
 * accounting of those processes (/proc), so nothing in the server has to cooperate or report about itself.
 */

export interface ServerProcess {
  name: string;
  pid: number;
  /** The URL the process printed when it became ready. */
  url: string;
  /** Milliseconds from spawning the process to its ready line: its start-up time, Node's own start included. */
  readyMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A line on stdout that means "ready"; its first capture group is the URL. */
  ready: RegExp;
  timeoutMs?: number;
  /** Everything the process writes to stdout after its ready line (e.g. V8's `--trace-gc-nvp` lines). */
  onOutput?: (text: string) => void;
}

/** Every server started and not yet exited: killed when this process exits, however it exits. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts a server process and resolves once it prints its ready line; rejects with its output otherwise. */
export function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const spawnedAt = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let output = "";
  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${options.name} ${reason}. Its output:\n${output.trim() || "(none)"}`));
    };
    const timer = setTimeout(() => fail("did not become ready in time"), options.timeoutMs ?? 60_000);
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited early (code ${code}, signal ${signal})`);
    child.once("exit", exitedEarly);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = output
        .split("\n")
        .map((line) => options.ready.exec(line)?.[1])
        .find(Boolean);
      if (!url || child.pid === undefined) return;
      clearTimeout(timer);
      child.off("exit", exitedEarly);
      // Keep draining the pipes so that a chatty server never blocks on a full one.
      child.stdout.removeAllListeners("data").resume();
      if (options.onOutput) child.stdout.on("data", (chunk: Buffer) => options.onOutput!(chunk.toString()));
      child.stderr.removeAllListeners("data").resume();
      const readyMs = performance.now() - spawnedAt;
      resolve({ name: options.name, pid: child.pid, url, readyMs, stop: () => stopProcess(child) });
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();

/** User + system CPU time the process has used so far (all its threads), in milliseconds. */
export function cpuMilliseconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "pid (comm) ", which may itself hold spaces; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export interface MemoryUse {
  /** Resident set size now. */
  rssBytes: number;
  /** The process's peak resident set size since it started (VmHWM). */
  peakRssBytes: number;
}

export function memoryUse(pid: number): MemoryUse {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssBytes: kilobytes("VmRSS") * 1024, peakRssBytes: kilobytes("VmHWM") * 1024 };
}

/** Samples the RSS of `pid` every `intervalMs` until `stop()`, which returns the largest value seen. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = memoryUse(pid).rssBytes;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryUse(pid).rssBytes);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, memoryUse(pid).rssBytes);
    },
  };
}

// Private: USER_HZ, almost always 100 on Linux; asked of getconf so that an unusual kernel is measured right.
function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}
