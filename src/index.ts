import "./heap"; // first: before any module allocates
import "reflect-metadata";
import { loadConfig } from "./config";
import { createDosClient } from "./dos/client";
import { createProcessLogger, wantsPrettyLogs } from "./logger";
import { exitOnProcessFaults } from "./process-faults";
import { createServer } from "./server/createServer";

/**
 * Process entry (`npm start`, the container's CMD):
 *  1. load and validate the configuration;
 *  2. without DOS_URL, start the embedded DoS simulator on a loopback port (local use only; imported lazily so
 *     that the production path never loads it);
 *  3. create the DoS client, then the subgraph server, and listen on HOST:PORT;
 *  4. on SIGTERM/SIGINT stop taking requests, drain in-flight ones, close the client and the simulator, exit.
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
    url: dosUrl,
    account: config.dos.account,
    caseId: config.dos.caseId,
    timeoutMs: config.dos.timeoutMs,
    maxResponseBytes: config.dos.maxResponseBytes,
    maxSockets: config.dos.maxSockets,
    logger: logger.child({ component: "dos" }),
  });
  closers.unshift(() => dos.close());

  const server = await createServer({ dos, logger, config });
  closers.unshift(() => server.stop());
  const url = await server.listen(config.port, config.host);
  // Always written, whatever LOG_LEVEL: tools (tests, the benchmark, a developer) wait for it.
  logger.child({}, { level: "info" }).info({ url, embeddedSimulator: !config.dos.url }, `dos-subgraph ready at ${url}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: draining requests");
    closers
      .reduce((done, close) => done.then(close), Promise.resolve())
      .then(
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
