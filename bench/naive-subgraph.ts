import "reflect-metadata";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { type ApolloServerPlugin } from "@apollo/server";
import type * as ConfigModule from "../src/config";
import type * as ClientModule from "../src/dos/client";
import type * as ErrorsModule from "../src/dos/errors";
import { type DosCallOptions, type DosClient, type ServiceDetails } from "../src/dos/types";
import { type DosLoaders } from "../src/graphql/loaders";
import type * as LoggerModule from "../src/logger";
import { type Context } from "../src/server/context";
import type * as ServerModule from "../src/server/createServer";

/*
 * The "naive" peer of `npm run bench`: the same subgraph (schema, resolvers, DoS client, server), configured
 * from the same environment as `node dist/index.js`, but with the per-request DataLoaders replaced by direct
 * DoS calls: no batching, no per-request de-duplication or memoisation, no priming from a search, no cap on
 * the calls in flight. So it makes one DoS call per `load`, the N+1 shape a resolver-per-field design has.
 *
 *   node --import tsx bench/naive-subgraph.ts [--runtime dist|source]
 *
 * `dist` (the default) runs the compiled subgraph, as the benchmark does; `source` runs src/ through tsx. The
 * loaders are swapped by an Apollo plugin through `createServer`'s `plugins` option, before any resolver runs;
 * the subgraph itself is not changed. Prints `dos-subgraph (naive) ready at URL`.
 */

const { values } = parseArgs({ options: { runtime: { type: "string", default: "dist" } }, strict: true });
if (values.runtime !== "dist" && values.runtime !== "source")
  throw new Error("--runtime must be dist or source");

const ROOT = path.resolve(__dirname, "..");
const moduleRoot = path.join(ROOT, values.runtime === "dist" ? "dist" : "src");
const load = createRequire(__filename);
const { loadConfig } = load(path.join(moduleRoot, "config")) as typeof ConfigModule;
const { createDosClient } = load(path.join(moduleRoot, "dos", "client")) as typeof ClientModule;
const { isDosFault } = load(path.join(moduleRoot, "dos", "errors")) as typeof ErrorsModule;
const { createLogger } = load(path.join(moduleRoot, "logger")) as typeof LoggerModule;
const { createServer } = load(path.join(moduleRoot, "server", "createServer")) as typeof ServerModule;

/**
 * `DosLoaders` without DataLoader. Only `load` is offered: the resolvers use nothing else, and a resolver that
 * started to would fail the benchmark's answer checks rather than go unnoticed.
 */
function createNaiveLoaders(dos: DosClient, callOptions: DosCallOptions): DosLoaders {
  const serviceById = {
    load: (id: number): Promise<ServiceDetails | null> =>
      dos.serviceDetailsById(String(id), callOptions).then(
        (services) => services.find((service) => service.id === id) ?? null,
        (error: unknown) => (isDosFault(error, 103) ? null : Promise.reject(error)),
      ),
  };
  const servicesByOdsCode = {
    load: (odsCode: string): Promise<ServiceDetails[]> =>
      dos.serviceDetailsById(odsCode, callOptions).then(
        (services) => services.filter((service) => service.odsCode?.toUpperCase() === odsCode),
        (error: unknown) => (isDosFault(error, 103) ? [] : Promise.reject(error)),
      ),
  };
  return {
    serviceById: serviceById as unknown as DosLoaders["serviceById"],
    servicesByOdsCode: servicesByOdsCode as unknown as DosLoaders["servicesByOdsCode"],
    checkCapacitySummary: (request) => dos.checkCapacitySummary(request, callOptions),
    hospitalScores: () => dos.getHospitalScores(callOptions),
  };
}

const naiveLoaders: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    contextValue.loaders = createNaiveLoaders(contextValue.dos, { signal: contextValue.signal });
  },
};

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.dos.url) throw new Error("DOS_URL must point at the benchmark's simulator");
  const logger = createLogger(config.logLevel);
  const dos = await createDosClient({
    url: config.dos.url,
    account: config.dos.account,
    caseId: config.dos.caseId,
    timeoutMs: config.dos.timeoutMs,
    maxResponseBytes: config.dos.maxResponseBytes,
    maxSockets: config.dos.maxSockets,
    logger: logger.child({ component: "dos" }),
  });
  const server = await createServer({ dos, logger, config, plugins: [naiveLoaders] });
  const url = await server.listen(config.port, config.host);
  process.stdout.write(`dos-subgraph (naive) ready at ${url}\n`);
  const stop = () => {
    server
      .stop()
      .then(() => dos.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `naive subgraph could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
