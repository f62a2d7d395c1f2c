import "reflect-metadata";
import { ConfigError, loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { startSupergraph } from "./start";

/**
 * `npm run supergraph`: the whole supergraph on this machine (supergraph/start.ts) with Hive Gateway on
 * 127.0.0.1:SUPERGRAPH_PORT (default 4000), path /graphql. Prints the URL and two demo tokens (professional and
 * public) from the local identity provider; Ctrl-C (SIGINT) or SIGTERM stops every part and exits 0.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Hive Gateway's logger reads LOG_LEVEL itself and throws on pino's `fatal` and `silent`; its level is set
  // below from ours, so the variable is hidden from it once src/config.ts has read it.
  // eslint-disable-next-line no-restricted-syntax
  delete process.env.LOG_LEVEL;
  const supergraph = await startSupergraph({
    config,
    logger,
    port: config.supergraph.port,
    gatewayLogging: hiveLogLevel(config.logLevel),
  });
  const professional = await supergraph.token({ sub: "local-professional", scope: "dos:professional" });
  const publicCaller = await supergraph.token({ sub: "local-public", scope: "dos:public" });
  process.stdout.write(
    [
      `Supergraph (Hive Gateway) ready at ${supergraph.gatewayUrl}`,
      `  dos subgraph (router-secret mode):  ${supergraph.subgraphUrl}`,
      `  example organisations subgraph:     ${supergraph.organisationsUrl}`,
      `  embedded DoS simulator:             ${supergraph.simulator.url}`,
      "Send a token (valid 12 h) in the Authorization header; none = an anonymous public caller:",
      `  professional: Bearer ${professional}`,
      `  public:       Bearer ${publicCaller}`,
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "supergraph: shutting down");
    supergraph.stop().then(
      () => process.exit(0),
      error => {
        logger.error({ err: error }, "supergraph: shutdown failed");
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: tsx's own handler re-raises a signal no listener is left for, which would kill the process.
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** Hive Gateway's level for ours; quieter by one step at `info`, as its info lines are per start-up detail. */
function hiveLogLevel(level: string): false | "error" | "warn" | "info" {
  if (level === "silent") return false;
  if (level === "fatal" || level === "error") return "error";
  if (level === "debug" || level === "trace") return "info";
  return "warn";
}

main().catch(error => {
  const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`supergraph failed to start: ${reason}\n`);
  process.exit(1);
});
