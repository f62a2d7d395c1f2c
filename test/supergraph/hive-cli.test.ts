/**
 * supergraph/gateway.config.ts as platform teams run it: the Hive Gateway CLI (pinned, from npm) started in
 * supergraph/ with the subgraph's environment variables, over a supergraph composed from the committed SDLs.
 * No subgraph runs here: what is checked is that the CLI loads the configuration and applies it before any
 * subgraph call (scopes enforced, the demand-control budget in DoS calls, bound to 127.0.0.1).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeSupergraph } from "../../supergraph/compose";

const ROOT = path.resolve(__dirname, "../..");

function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it("the CLI loads gateway.config.ts: listens on 127.0.0.1:SUPERGRAPH_PORT, enforces scopes and the budget", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dos-supergraph-"));
  const supergraphFile = path.join(dir, "supergraph.graphql");
  // Unreachable routing URLs: nothing in this test may reach a subgraph.
  writeFileSync(supergraphFile, composeSupergraph({ dos: "http://127.0.0.1:9/graphql", organisations: "http://127.0.0.1:9/graphql" }));
  const port = await freePort();
  const child = spawn(path.join(ROOT, "node_modules/.bin/hive-gateway"), ["supergraph", supergraphFile], {
    cwd: path.join(ROOT, "supergraph"),
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "error",
      SUPERGRAPH_PORT: String(port),
      ROUTER_SECRET: "a-router-secret-of-at-least-32-characters",
      JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
      JWT_ISSUER: "https://idp.example/",
      JWT_AUDIENCE: "dos",
      MAX_DOS_CALLS_PER_OPERATION: "3",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = async (query: string) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return (await response.json()) as { errors?: { extensions?: { code?: string; cost?: unknown } }[] };
  };
  try {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null || attempt > 120) throw new Error(`the gateway did not start:\n${output}`);
      try {
        await fetch(url, { method: "POST" });
        break;
      } catch {
        await new Promise(resolve => setTimeout(resolve, 500));
      }
    }
    const forbidden = await post("{ hospitalCapacities { name } }");
    expect(forbidden.errors?.map(error => error.extensions?.code)).toEqual(["UNAUTHORIZED_FIELD_OR_TYPE"]);
    const overBudget = await post('{ a: service(id: "1") { id } b: service(id: "2") { id } c: service(id: "3") { id } d: service(id: "4") { id } }');
    expect(overBudget.errors?.[0].extensions).toMatchObject({ code: "COST_ESTIMATED_TOO_EXPENSIVE", cost: { estimated: 4, max: 3 } });
  } finally {
    child.kill("SIGTERM");
    await new Promise(resolve => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
