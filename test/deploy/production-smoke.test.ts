/**
 * The Dockerfile's runtime stage, run without Docker (no engine here or in CI): in a fresh directory holding only
 * what the image copies (the package files, the compiled dist/, schema/), the stage's own `npm ci` (production
 * dependencies only), then the image's CMD with the image's ENV and a deployment's variables: a DoS at DOS_URL
 * (the simulator, standing in for a real one, with an account of its own), router-secret authentication. Then the
 * image's HEALTHCHECK, a search as Apollo Router sends it, the production posture, and a clean SIGTERM.
 *
 * The simulator's modules are deleted from that dist/ first: the production path must never load them.
 * `npm ci` prefers the npm cache (`--prefer-offline`) that the repository's own install has just filled.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { type RunningSimulator, startSimulator } from "../../src/simulator";
import { execForm, ROOT, runtime, runtimeEnv } from "./dockerfile";

const ACCOUNT = { username: "smoke-test", password: "Pr0duction-Sm0ke-Passw0rd" };
/** The public-role account public callers search with (production refuses to start without one). */
const PUBLIC_ACCOUNT = { username: "smoke-test-public", password: "Pr0duction-Sm0ke-Publ1c" };
const ROUTER_SECRET = "router-secret-for-the-production-smoke-test";
const ROUTER = { "x-router-secret": ROUTER_SECRET, "x-dos-scopes": "dos:professional" };
const SEARCH = `{ serviceSearch(input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013,
  symptomDiscriminators: [4052], disposition: "Dx02" }) { results { service { id endpoints { address } } } } }`;

let work: string;
let app: string;
let simulator: RunningSimulator;
let server: ChildProcess | undefined;
let port: number;
let output = "";

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "dos-subgraph-production-"));
  app = path.join(work, "app");
  mkdirSync(app);

  // COPY package.json package-lock.json ./ ; RUN npm ci --omit=dev … (without the image's cache clean, which
  // would empty this machine's npm cache).
  for (const file of ["package.json", "package-lock.json"]) cpSync(path.join(ROOT, file), path.join(app, file));
  const install = runtime.find(instruction => instruction.startsWith("RUN npm ci "))!;
  const [npm, ...args] = install.slice(4).split("&&")[0].trim().split(/\s+/);
  execFileSync(npm, [...args, "--prefer-offline"], { cwd: app, stdio: "pipe" });

  // The build stage's `npm run build`, into the app; COPY schema ./schema.
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsc"),
    // Its own build info: the repository's (dist/.tsbuildinfo) describes the repository's dist/, not this one.
    ["-p", "tsconfig.build.json", "--outDir", path.join(app, "dist"), "--tsBuildInfoFile", path.join(work, "tsbuildinfo")],
    { cwd: ROOT, stdio: "pipe" },
  );
  cpSync(path.join(ROOT, "schema"), path.join(app, "schema"), { recursive: true });
  rmSync(path.join(app, "dist", "simulator"), { recursive: true });

  simulator = await startSimulator({
    seed: "production-smoke",
    accounts: [
      { ...ACCOUNT, webService: true, role: "professional" },
      { ...PUBLIC_ACCOUNT, webService: true, role: "public" },
    ],
  });
  port = await freePort();
  const [command, ...cmdArgs] = execForm("CMD");
  expect(command).toBe("node");
  server = spawn(process.execPath, cmdArgs, {
    cwd: app,
    env: {
      PATH: process.env.PATH,
      ...runtimeEnv(),
      PORT: String(port),
      DOS_URL: simulator.soapUrl,
      DOS_USERNAME: ACCOUNT.username,
      DOS_PASSWORD: ACCOUNT.password,
      DOS_PUBLIC_USERNAME: PUBLIC_ACCOUNT.username,
      DOS_PUBLIC_PASSWORD: PUBLIC_ACCOUNT.password,
      AUTH_MODE: "router-secret",
      ROUTER_SECRET,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await readyLine(server, 30_000);
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  await simulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the production image's runtime stage, without Docker", () => {
  it("installs production dependencies only", () => {
    expect(existsSync(path.join(app, "node_modules", "soap"))).toBe(true);
    for (const devOnly of ["typescript", "jest", "tsx", "@apollo/gateway"]) {
      expect([devOnly, existsSync(path.join(app, "node_modules", devOnly))]).toEqual([devOnly, false]);
    }
  });

  it("passes the image's HEALTHCHECK", () => {
    const [command, ...args] = execForm("HEALTHCHECK");
    expect(command).toBe("node");
    const check = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, PORT: String(port) } });
    expect(check.status).toBe(0);
  });

  it("answers a search as Apollo Router sends it, from the DoS at DOS_URL with the configured account", async () => {
    await fetch(`${simulator.url}/_sim/reset`, { method: "POST" });
    const response = await graphql(SEARCH, ROUTER);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { data?: { serviceSearch: { results: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.serviceSearch.results.length).toBeGreaterThan(0);
    const calls = (await (await fetch(`${simulator.url}/_sim/calls`)).json()) as {
      CheckCapacitySummary: number;
      recent: { username: string }[];
    };
    expect(calls.CheckCapacitySummary).toBe(1);
    expect(calls.recent.map(call => call.username)).toEqual([ACCOUNT.username]);
  });

  it("refuses a caller without the router secret, and keeps the schema to itself", async () => {
    const anonymous = await graphql(SEARCH, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("cache-control")).toBe("no-store");

    const introspection = await graphql("{ __schema { types { name } } }", ROUTER);
    const body = (await introspection.json()) as { data?: unknown; errors?: { message: string }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toMatch(/introspection/i);
    const graphiql = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
    expect(graphiql.status).not.toBe(200);
  });

  it("logs JSON lines only, without the DoS password or the router secret, and stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>(resolve => server!.once("close", code => resolve(code)) /* after its stdio ends */);
    server!.kill("SIGTERM");
    expect(await exited).toBe(0);

    const lines = output.split("\n").filter(line => line.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const records = lines.map(line => JSON.parse(line) as { msg: string; url?: string; publicCallersAccount?: string });
    expect(records.find(record => record.msg.startsWith("dos-subgraph ready at "))?.url).toBe(
      `http://localhost:${port}/graphql`,
    );
    expect(records.find(record => record.publicCallersAccount)?.publicCallersAccount).toBe("public");
    expect(output).not.toContain(ACCOUNT.password);
    expect(output).not.toContain(PUBLIC_ACCOUNT.password);
    expect(output).not.toContain(ROUTER_SECRET);
    expect(output).not.toMatch(/EMBEDDED DoS SIMULATOR/);
  });
});

function graphql(query: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
}

// Private: a port nothing listens on now (the server is told it through PORT, as a container would be).
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

// Private: resolves once the server prints its ready line; rejects with its output if it exits or times out.
function readyLine(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    };
    child.once("exit", onExit);
    child.stdout!.on("data", () => {
      if (!/"msg":"dos-subgraph ready at /.test(output)) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve();
    });
  });
}
