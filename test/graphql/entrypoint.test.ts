/**
 * `npm start` without DOS_URL: the process starts the embedded simulator, prints the GraphQL URL, serves a search
 * and exits cleanly on SIGTERM. Runs src/index.ts through tsx (the build is `tsc`; both use explicit GraphQL
 * types, so neither depends on decorator metadata).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.split("\n").find(line => pattern.test(line));
      if (match) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(match);
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", code => reject(new Error(`exited with ${code} before printing ${pattern}:\n${output}`)));
  });
}

describe("process entry point", () => {
  it("serves the subgraph on the embedded simulator, prints its URL and stops on SIGTERM", async () => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["src/index.ts"], {
      cwd: ROOT,
      // A clean environment: no DOS_URL, so the embedded simulator is used.
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "warn",
        SHUTDOWN_DELAY_MS: "0",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", chunk => (stdout += chunk.toString()));
    child.stderr.on("data", chunk => (stderr += chunk.toString()));
    try {
      const line = await waitForLine(child, /^dos-subgraph ready at /, 30_000);
      const url = /(http:\/\/localhost:\d+\/graphql)$/.exec(line)?.[1];
      expect(url).toBeDefined();

      const response = await fetch(url!.replace("localhost", "127.0.0.1"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `{ serviceSearch(input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013,
            symptomDiscriminators: [4052], disposition: "Dx02" }) { results { service { id } } } }`,
        }),
      });
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.serviceSearch.results.length).toBeGreaterThan(0);

      const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    expect(stdout).toContain("EMBEDDED DoS SIMULATOR");
    // No credential field in any log line (the warning names the DOS_PASSWORD variable, which is fine).
    expect(stdout + stderr).not.toMatch(/"password"|<pas/i);
  }, 60_000);
});
