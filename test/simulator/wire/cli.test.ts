import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { startSimulator } from "../../../src/simulator";
import { createSimEngine } from "../../../src/simulator/engine";
import { ccsBody, envelope, post, userInfo } from "./soap-helpers";

/* `npm run simulator` runs the compiled src/simulator/main.ts; here it runs through tsx, which adds its own
 * start-up time, so the start-up budget below holds with room to spare for the compiled build. */

const ROOT = path.resolve(__dirname, "../../..");

interface Cli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runCli(args: string[], env: Record<string, string> = {}): Cli {
  const { LOG_LEVEL: _level, SIMULATOR_PORT: _port, SIMULATOR_SEED: _seed, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "src/simulator/main.ts", ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitForBanner(cli: Cli): Promise<{ url: string }> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const match = /listening at (http:\/\/127\.0\.0\.1:\d+) \(ready in (\d+) ms\)/.exec(cli.stdout());
    if (match) return { url: match[1] };
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no banner; stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("npm run simulator (src/simulator/main.ts)", () => {
  it("starts, prints its URL and accounts, answers, logs nothing per call, and stops on SIGTERM", async () => {
    const cli = runCli(["--port", "0"]);
    try {
      // Start-up time is reported in the banner and measured by the benchmarks, not asserted here.
      const { url } = await waitForBanner(cli);
      expect(cli.stdout()).toContain(`SOAP endpoint  ${url}/app/api/webservices`);
      expect(cli.stdout()).toContain("demo/demo (professional role), public/public (public role)");

      const response = await post(
        `${url}/app/api/webservices`,
        envelope(`<web:GetHospitalScores>${userInfo()}</web:GetHospitalScores>`),
      );
      expect(response.status).toBe(200);
      await post(`${url}/app/api/webservices`, "not xml");
      expect(
        cli
          .stdout()
          .split("\n")
          .filter((line) => line.startsWith("{")),
      ).toEqual([]);
    } finally {
      cli.child.kill("SIGTERM");
    }
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toBe("");
  });

  it("reads SIMULATOR_PORT and SIMULATOR_SEED through the configuration", async () => {
    const port = await freePort();
    const cli = runCli([], { SIMULATOR_PORT: String(port), SIMULATOR_SEED: "another-seed" });
    try {
      const { url } = await waitForBanner(cli);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const listed = (await (await fetch(`${url}/_sim/services?limit=3`)).json()) as {
        services: { id: number }[];
      };
      const expected = createSimEngine({ seed: "another-seed" })
        .services.slice(0, 3)
        .map((s) => s.id);
      expect(listed.services.map((s) => s.id)).toEqual(expected);
    } finally {
      cli.child.kill("SIGINT");
    }
    expect(await cli.exited).toBe(0);
  });

  it("refuses a bad --port with its usage and exit code 1", async () => {
    const cli = runCli(["--port", "http"]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain("--port must be 0-65535");
    expect(cli.stderr()).toContain("Usage: npm run simulator");
  });
});

describe("startSimulator", () => {
  it("listens on 127.0.0.1 on a free port by default", async () => {
    const simulator = await startSimulator();
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(simulator.soapUrl).toBe(`${simulator.url}/app/api/webservices`);
      expect((await fetch(`${simulator.url}/_sim/health`)).status).toBe(200);
    } finally {
      await simulator.stop();
    }
  });

  it("stops at once, cutting answers it is still delaying", async () => {
    const simulator = await startSimulator();
    await fetch(`${simulator.url}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({ operation: "*", kind: "latency", ms: 60_000 }),
    });
    const pending = post(simulator.soapUrl, envelope(ccsBody())).then(
      () => "answered",
      () => "cut",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No clock: stop() waiting for the 60 s answer would time the test out, and the answer would arrive, not be cut.
    await simulator.stop();
    expect(await pending).toBe("cut");
  });
});
