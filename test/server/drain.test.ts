/**
 * The drain on SIGTERM, observed over real HTTP against the real process (src/index.ts through tsx, on its
 * embedded simulator): /readyz turns 503 at once while GraphQL requests are still served, then the listener
 * closes, a request already in flight still completes, "stopped" is the last log line, and the exit code is 0.
 *
 * Nothing here reads a clock: each step waits for the state the previous one must lead to (a log line, a
 * status), and the slow request is held in flight by the simulator's latency fault, which outlasts the delay.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SEARCH = `{ serviceSearch(input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013,
  symptomDiscriminators: [4052], disposition: "Dx02" }) { results { service { id } } } }`;
// The delay must outlast the steps the test takes during it; the held DoS call outlasts the delay by as much.
const DELAY_MS = 3000;
const HELD_MS = 6000;

type LogLine = Record<string, unknown> & { msg?: string };

class ChildLog {
  readonly lines: LogLine[] = [];
  private waiters: { test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  constructor(child: ChildProcessWithoutNullStreams) {
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split("\n");
      partial = complete.pop()!;
      for (const text of complete) {
        if (!text.startsWith("{")) continue;
        const line = JSON.parse(text) as LogLine;
        this.lines.push(line);
        this.waiters = this.waiters.filter(waiter => !(waiter.test(line) && (waiter.resolve(line), true)));
      }
    });
  }
  next(msg: string | RegExp): Promise<LogLine> {
    const test = (line: LogLine) => (typeof msg === "string" ? line.msg === msg : msg.test(line.msg ?? ""));
    const seen = this.lines.find(test);
    return seen ? Promise.resolve(seen) : new Promise(resolve => this.waiters.push({ test, resolve }));
  }
}

/** A request on a fresh connection (no keep-alive pool), so "refused" means the listener is closed. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", reject);
    req.end();
  });
}

const postQuery = (url: string, query: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });

describe("drain on SIGTERM", () => {
  it("says 503 on /readyz while still serving, closes the listener, finishes the in-flight request, exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "info",
        SHUTDOWN_DELAY_MS: String(DELAY_MS),
        SHUTDOWN_GRACE_MS: "20000",
      },
    });
    // "close", not "exit": the child's stdout may still hold its last lines when "exit" fires; "close" comes after
    // its stdio has ended, so every line it wrote has been read.
    const exited = new Promise<number | null>(resolve => child.once("close", code => resolve(code)));
    let stderr = "";
    child.stderr.on("data", chunk => (stderr += chunk.toString()));
    const log = new ChildLog(child);
    try {
      const listening = await log.next(/^dos-subgraph ready at /);
      const url = (listening.url as string).replace("localhost", "127.0.0.1");
      const origin = new URL(url).origin;
      const simulatorUrl = (await log.next(/EMBEDDED DoS SIMULATOR/)).simulatorUrl as string;
      expect(await freshGet(`${origin}/readyz`)).toBe(200);

      // Hold one search's DoS call in the simulator, and wait until it is in flight.
      const fault = await fetch(new URL("/_sim/faults", simulatorUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ operation: "CheckCapacitySummary", kind: "latency", ms: HELD_MS, times: 1 }),
      });
      expect(fault.ok).toBe(true);
      const held = postQuery(url, SEARCH);
      while (!/^dos_subgraph_dos_in_flight 1$/m.test(await (await fetch(`${origin}/metrics`)).text()));

      child.kill("SIGTERM");
      await log.next(/^draining/);
      expect(await freshGet(`${origin}/readyz`)).toBe(503);
      // Still served during the delay, with `Connection: close` so keep-alive clients move elsewhere.
      const during = await postQuery(url, "{ __typename }");
      expect(during.status).toBe(200);
      expect(await during.json()).toEqual({ data: { __typename: "Query" } });
      expect(during.headers.get("connection")).toBe("close");

      await log.next(/^drain delay over/);
      // A new connection is not served any more (refused, or reset if it raced the close).
      const refused = await freshGet(`${origin}/readyz`).then(
        status => `HTTP ${status}`,
        (error: NodeJS.ErrnoException) => error.code,
      );
      expect(["ECONNREFUSED", "ECONNRESET"]).toContain(refused);

      // The request that was in flight when the listener closed completes normally.
      const response = await held;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { serviceSearch: { results: unknown[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.serviceSearch.results.length).toBeGreaterThan(0);

      expect(await exited).toBe(0);
      // "stopped" is last because the process logger writes each line before it returns (test/process/log-exit.test.ts);
      // with pino's asynchronous default, the access line sometimes came out after it.
      expect(log.lines.at(-1)).toMatchObject({ msg: "stopped" });
      const order = log.lines.map(line => line.msg);
      expect(order.indexOf("GraphQL request")).toBeGreaterThan(order.findIndex(msg => /^draining/.test(msg ?? "")));
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    expect(stderr).toBe("");
  }, 60_000);
});
