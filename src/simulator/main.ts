import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { createLogger } from "../logger";
import { DEFAULT_ACCOUNTS, startSimulator } from "./index";

/**
 * `npm run simulator`: the DoS simulator on 127.0.0.1, port SIMULATOR_PORT (default 4010) or `--port N`, seed
 * SIMULATOR_SEED or `--seed S`. Prints where it listens and its accounts; logs JSON at LOG_LEVEL (nothing per
 * call unless `debug`); stops on SIGINT/SIGTERM.
 */

const USAGE = `Usage: npm run simulator -- [--port N] [--seed S]

  --port N   TCP port on 127.0.0.1 (default: SIMULATOR_PORT or 4010; 0 picks a free one)
  --seed S   seed of the synthetic directory (default: SIMULATOR_SEED or "dos-subgraph")
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  const port = values.port === undefined ? config.simulator.port : portFrom(values.port);
  if (values.seed === "") throw new UsageError("--seed must not be empty");

  const logger = createLogger(config.logLevel).child({ component: "simulator" });
  const simulator = await startSimulator({
    port,
    host: "127.0.0.1",
    seed: values.seed ?? config.simulator.seed,
    logger,
  });
  const accounts = DEFAULT_ACCOUNTS.map(
    (a) =>
      `${a.username}/${a.password} (${a.webService ? `${a.role} role` : "no webService permission: 303"})`,
  );
  process.stdout.write(
    `DoS simulator (synthetic data) listening at ${simulator.url} (ready in ${Math.round(performance.now())} ms)\n` +
      `  SOAP endpoint  ${simulator.soapUrl}   WSDL ${simulator.soapUrl}?wsdl\n` +
      `  control API    ${simulator.url}/_sim/calls, /_sim/faults, /_sim/services/{id}/capacity\n` +
      `  accounts       ${accounts.join(", ")}\n`,
  );

  const stop = (signal: NodeJS.Signals) => {
    logger.debug({ signal }, "DoS simulator stopping");
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "DoS simulator did not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

class UsageError extends Error {}

function portFrom(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError("--port must be 0-65535");
  return Number(text);
}

main().catch((error: unknown) => {
  const code = String((error as { code?: unknown }).code ?? "");
  const usage = error instanceof UsageError || code.startsWith("ERR_PARSE_ARGS");
  const expected = usage || error instanceof ConfigError || code === "EADDRINUSE" || code === "EACCES";
  const message = expected ? (error as Error).message : String((error as Error).stack ?? error);
  process.stderr.write(`DoS simulator could not start: ${message}\n${usage ? USAGE : ""}`);
  process.exit(1);
});
