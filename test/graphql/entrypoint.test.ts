/**
 * `npm start` without DOS_URL: the process starts the embedded simulator, prints the GraphQL URL, serves a search
 * and exits cleanly on SIGTERM. Runs src/index.ts through tsx (the build is `tsc`; both use explicit GraphQL
 * types, so neither depends on decorator metadata).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { utimesSync } from "node:fs";
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
      // The ready line is a JSON log record, written whatever LOG_LEVEL says.
      const line = await waitForLine(child, /"msg":"dos-subgraph ready at /, 30_000);
      const url = (JSON.parse(line) as { url?: string }).url;
      expect(url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
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

      const exited = new Promise<number | null>(resolve => child.once("close", code => resolve(code)) /* after its stdio ends */);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    expect(stdout).toContain("EMBEDDED DoS SIMULATOR");
    // No credential field in any log line (the warning names the DOS_PASSWORD variable, which is fine).
    expect(stdout + stderr).not.toMatch(/"password"|<pas/i);
  }, 60_000);

  it("`npm run dev` serves on the embedded simulator and restarts when a watched file changes", async () => {
    const child = spawn("npm", ["run", "--silent", "dev"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn" },
      // Its own process group: tsx watch runs the server as its child, and both must stop at the end.
      detached: true,
    });
    let stdout = "";
    child.stdout.on("data", chunk => (stdout += chunk.toString()));
    const readyLines = () => stdout.split("\n").filter(line => line.includes('"msg":"dos-subgraph ready at '));
    try {
      const first = await waitForLine(child, /"msg":"dos-subgraph ready at /, 30_000);
      const url = (JSON.parse(first) as { url: string }).url.replace("localhost", "127.0.0.1");
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: '{ disposition(code: "Dx02") { code } }' }),
      });
      expect(await response.json()).toEqual({ data: { disposition: { code: "Dx02" } } });

      // examples/ is watched (GraphiQL's tabs come from it): touching a file restarts the server.
      const example = path.join(ROOT, "examples", "dispositions.graphql");
      const now = new Date();
      utimesSync(example, now, now);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no restart within 30 s:\n${stdout}`)), 30_000);
        const check = () => {
          if (readyLines().length < 2) return;
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve();
        };
        child.stdout.on("data", check);
        check();
      });
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  }, 90_000);
});
