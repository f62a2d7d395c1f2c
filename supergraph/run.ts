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
  const supergraph = await startSupergraph({ config, logger, port: config.supergraph.port });
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
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch(error => {
  const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`supergraph failed to start: ${reason}\n`);
  process.exit(1);
});
