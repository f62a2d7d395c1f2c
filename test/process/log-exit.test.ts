/**
 * The process logger's lines are out, in order, before the process exits (src/logger.ts): the contract the fatal
 * line of src/process-faults.ts and the drain's "stopped" line rely on. The child keeps libuv's thread pool busy,
 * which is where pino's default (asynchronous) destination writes: with it, the access line came out after the
 * fatal line here in each of three runs (the drain test's intermittent failure was the same reordering).
 */
import { execFile } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

it("writes every line before the process exits, in order, even while libuv's thread pool is busy", async () => {
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
    resolve => {
      execFile(
        process.execPath,
        ["--import", "tsx", "test/fixtures/process/log-then-fail.ts"],
        { cwd: ROOT, env: { PATH: process.env.PATH, UV_THREADPOOL_SIZE: "1" } },
        (error, out, err) => resolve({ stdout: out, stderr: err, code: error ? (error.code as number) : 0 }),
      );
    },
  );
  expect(stderr).toBe("");
  expect(code).toBe(1);
  const lines = stdout
    .split("\n")
    .filter(Boolean)
    .map(line => JSON.parse(line) as { msg: string; level: number });
  expect(lines.map(line => line.msg)).toEqual([
    "GraphQL request",
    "uncaughtException: a bug in the subgraph; exiting so that it is restarted",
  ]);
}, 30_000);
