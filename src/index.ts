import "./heap"; // first: before any module allocates
import "reflect-metadata";
import { loadConfig } from "./config";
import { createDosClient, dosClientSettings } from "./dos/client";
import { createProcessLogger, wantsPrettyLogs } from "./logger";
import { exitOnProcessFaults } from "./process-faults";
import { startDosMonitor, type DosMonitor } from "./observability/dos-monitor";
import { createServer } from "./server/createServer";
import { drainAndStop } from "./server/drain";

/**
 * Process entry (`npm start`, the container's CMD):
 *  1. load and validate the configuration;
 *  2. without DOS_URL, start the embedded DoS simulator on a loopback port (local use only; imported lazily so
 *     that the production path never loads it);
 *  3. create the DoS client, then the subgraph server, and listen on HOST:PORT;
 *  4. on SIGTERM/SIGINT drain (src/server/drain.ts): /readyz 503 for SHUTDOWN_DELAY_MS while still serving, then
 *     stop taking requests, let in-flight ones finish, close the client and the simulator, log "stopped", exit 0.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createProcessLogger(config.logLevel, wantsPrettyLogs(config, process.stdout.isTTY === true));
  // A bug that escapes every handler: log it at fatal (with the request id) and exit 1 (src/process-faults.ts).
  exitOnProcessFaults(logger);
  const closers: (() => Promise<void>)[] = [];

  let dosUrl = config.dos.url;
  if (!dosUrl) {
    const { startSimulator } = await import("./simulator");
    const simulator = await startSimulator({
      port: 0,
      host: "127.0.0.1",
      seed: config.simulator.seed,
      logger: logger.child({ component: "simulator" }),
    });
    closers.unshift(() => simulator.stop());
    dosUrl = simulator.soapUrl;
    logger.warn(
      { simulatorUrl: simulator.url },
      "DOS_URL is not set: using the EMBEDDED DoS SIMULATOR with synthetic data. Set DOS_URL, DOS_USERNAME and " +
        "DOS_PASSWORD to use a real DoS.",
    );
  }

  const dos = await createDosClient({
    ...dosClientSettings(config.dos),
    url: dosUrl,
    logger: logger.child({ component: "dos" }),
  });
  closers.unshift(() => dos.close());

  // The synthetic monitor has its own client: caseId MONITORING and one socket (src/observability/dos-monitor.ts).
  let dosMonitor: DosMonitor | undefined;
  if (config.dosMonitor) {
    const monitorDos = await createDosClient({
      ...dosClientSettings(config.dos),
      url: dosUrl,
      caseId: "MONITORING",
      maxSockets: 1,
      logger: logger.child({ component: "dos-monitor" }),
    });
    const monitor = startDosMonitor({ dos: monitorDos, ...config.dosMonitor, logger });
    closers.unshift(async () => {
      monitor.stop();
      await monitorDos.close();
    });
    dosMonitor = monitor;
  }

  const server = await createServer({ dos, logger, config, dosMonitor });
  closers.unshift(() => server.stop());
  const url = await server.listen(config.port, config.host);
  // Always written, whatever LOG_LEVEL: tools (tests, the benchmark, a developer) wait for it.
  logger.child({}, { level: "info" }).info({ url, embeddedSimulator: !config.dos.url }, `dos-subgraph ready at ${url}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // SIGTERM comes from the orchestrator (drain for the load balancer); SIGINT from a terminal (no delay).
    drainAndStop({
      server,
      signal,
      delayMs: signal === "SIGTERM" ? config.shutdown.delayMs : 0,
      graceMs: config.shutdown.graceMs,
      close: () => closers.reduce((done, close) => done.then(close), Promise.resolve()),
      logger,
    }).then(
      () => process.exit(0),
      error => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch(error => {
  // ConfigError messages name the variable, never the value.
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`dos-subgraph failed to start: ${reason}\n`);
  process.exit(1);
});
