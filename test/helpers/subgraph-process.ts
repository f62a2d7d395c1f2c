import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export interface SubgraphProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  /** The GraphQL endpoint, on 127.0.0.1. */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines written so far (non-JSON lines skipped). */
  logLines(): Record<string, unknown>[];
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGKILL if still running; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * The subgraph as its own process, as `npm start` runs it: `node --import tsx src/index.ts` (one process, so
 * `pid` is the server's), optionally with `--require <preload>` files loaded first. Resolves once it prints its
 * ready line; rejects with its output if it exits first or is not ready within `timeoutMs`.
 */
export async function startSubgraphProcess(options: {
  env: Record<string, string>;
  preload?: string[];
  timeoutMs?: number;
}): Promise<SubgraphProcess> {
  const args = [...(options.preload ?? []).flatMap(file => ["--require", file]), "--import", "tsx", "src/index.ts"];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", ...options.env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve => child.once("close", code => resolve(code)) /* after its stdio ends: every line read */);
  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    void exited.then(code => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
    child.stdout.on("data", () => {
      const match = /"msg":"dos-subgraph ready at (http:\/\/[^\s"]+)"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1].replace("localhost", "127.0.0.1"));
    });
  }).catch(async error => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    throw error;
  });
  return {
    child,
    pid: child.pid!,
    url,
    output: () => output,
    logLines: () =>
      output.split("\n").flatMap(line => {
        try {
          const parsed: unknown = JSON.parse(line);
          return parsed && typeof parsed === "object" ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      }),
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
