/**
 * The synthetic DoS monitor against the real simulator over SOAP/HTTP, through a recording proxy that shows what
 * reached the wire: caseId MONITORING, search distance 1, no caseRef, one call per check. Its result is in
 * /readyz's body and in /metrics, and a DoS outage never makes the subgraph unready.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { ConfigError, loadConfig } from "../../src/config";
import { createDosClient } from "../../src/dos/client";
import { createLogger } from "../../src/logger";
import { startDosMonitor, type DosMonitor } from "../../src/observability/dos-monitor";
import { createServer, type SubgraphServer } from "../../src/server/createServer";
import { startSimulator } from "../../src/simulator";
import { parseExposition, valueOf } from "./helpers";

describe("synthetic DoS monitor", () => {
  const logger = createLogger("silent");
  const wire: string[] = [];
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  let proxy: Server;
  let monitorDos: Awaited<ReturnType<typeof createDosClient>>;
  let mainDos: Awaited<ReturnType<typeof createDosClient>>;
  let monitor: DosMonitor;
  let server: SubgraphServer;
  let origin: string;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1", logger });
    // Records each SOAP body, then forwards it to the simulator unchanged.
    proxy = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", chunk => chunks.push(chunk as Buffer));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString();
        wire.push(body);
        const answer = await fetch(simulator.soapUrl, {
          method: "POST",
          headers: { "content-type": req.headers["content-type"]! },
          body,
        });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>(resolve => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    const client = { account: { username: "demo", password: "demo" }, timeoutMs: 5000, maxResponseBytes: 5 << 20, logger };
    monitorDos = await createDosClient({ ...client, url: proxyUrl, caseId: "MONITORING", maxSockets: 1 });
    mainDos = await createDosClient({ ...client, url: simulator.soapUrl, caseId: "TEST", maxSockets: 4 });

    const config = loadConfig({
      NODE_ENV: "test",
      DOS_URL: simulator.soapUrl,
      DOS_USERNAME: "demo",
      DOS_PASSWORD: "demo",
      DOS_MONITOR_INTERVAL_MS: "300000",
    });
    monitor = startDosMonitor({ dos: monitorDos, logger, ...config.dosMonitor! });
    server = await createServer({ dos: mainDos, logger, config, dosMonitor: monitor });
    origin = new URL(await server.listen(0, "127.0.0.1")).origin.replace("localhost", "127.0.0.1");
  });
  afterAll(async () => {
    monitor?.stop();
    await server?.stop();
    await monitorDos?.close();
    await mainDos?.close();
    await new Promise(resolve => proxy?.close(resolve));
    await simulator?.stop();
  });

  const readyz = async () => {
    const response = await fetch(`${origin}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const scrape = async () => parseExposition(await (await fetch(`${origin}/metrics`)).text());

  it("searches once at start as DoS asks monitors to: caseId MONITORING, distance 1, no caseRef", async () => {
    // The first check started with the monitor; `check` joins it rather than sending a second call.
    const status = await monitor.check();
    expect(status.reachable).toBe(true);
    expect(wire).toHaveLength(1);
    expect(wire[0]).toMatch(/<(\w+:)?caseId>MONITORING<\/(\w+:)?caseId>/);
    expect(wire[0]).toMatch(/<(\w+:)?searchDistance>1<\/(\w+:)?searchDistance>/);
    expect(wire[0]).not.toMatch(/caseRef/);

    expect(await readyz()).toEqual({
      status: 200,
      body: { status: "ready", dos: { reachable: true, latencyMs: status.latencyMs, checkedAt: status.checkedAt } },
    });
    const samples = await scrape();
    expect(valueOf(samples, "dos_subgraph_dos_monitor_up")).toBe(1);
    expect(valueOf(samples, "dos_subgraph_dos_monitor_latency_seconds")).toBe(status.latencyMs / 1000);
  });

  it("reports DoS unreachable without failing readiness", async () => {
    await fetch(new URL("/_sim/faults", simulator.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "*", kind: "http500", times: 1 }),
    });
    const status = await monitor.check();
    expect(status.reachable).toBe(false);
    expect(wire).toHaveLength(2);
    const { status: httpStatus, body } = await readyz();
    expect(httpStatus).toBe(200);
    expect(body).toMatchObject({ status: "ready", dos: { reachable: false } });
    expect(valueOf(await scrape(), "dos_subgraph_dos_monitor_up")).toBe(0);
  });

  it("is off by default and refuses an interval under one minute", () => {
    expect(loadConfig({}).dosMonitor).toBeUndefined();
    expect(() => loadConfig({ DOS_MONITOR_INTERVAL_MS: "59999" })).toThrow(ConfigError);
    expect(loadConfig({ DOS_MONITOR_INTERVAL_MS: "60000" }).dosMonitor).toEqual({ intervalMs: 60_000, postcode: "LS1 1UR" });
  });
});
