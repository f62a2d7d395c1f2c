import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express, { type Express } from "express";
import { type Config } from "../config";
import { DosError } from "../dos/errors";
import { type DosClient } from "../dos/types";
import { buildDosSubgraphSchema, buildDosSubgraphSchemaForCompilation } from "../graphql/buildSubgraphSchema";
import { combinedStoreState, type RateLimitStoreState } from "../limits/rate-limiter";
import { type Logger } from "../logger";
import { type DosMonitor } from "../observability/dos-monitor";
import { createMetrics, type Metrics } from "../observability/metrics";
import { createMetricsServer, metricsAccess, metricsHandler } from "../observability/metrics-http";
import { observeRequests } from "../observability/requests";
import type * as TracingModule from "../observability/tracing";
import { DosCallRefused } from "../upstream/errors";
import { logPublicCallersAccount } from "../upstream/accounts";
import { createDosGateway, type DosGatewayDependencies } from "../upstream/gateway";
import { createAuthenticator } from "./auth";
import { createCallerRateLimit } from "./caller-rate-limit";
import { type Context, createContextFactory } from "./context";
import { knownOperationTypesRule } from "./operation-types";
import { documentLimitRules } from "./document-limits";
import { formatError, isUnexpectedError } from "./errors";
import { createExecutor, installExecutor } from "./executor";
import { createGraphqlHttp, requestErrors } from "./graphql-http";
import { operationCostPlugin } from "./operation-cost";
import { selectionLimitPlugin } from "./selection-limit";
import { federatedTracesPlugin } from "./traces";
import { createGraphiqlWorkbench, GRAPHIQL_ASSETS_PATH, graphiqlBeforeAuthentication } from "./graphiql";
import { withheldResultsPlugin } from "./withheld";

export const GRAPHQL_PATH = "/graphql";

export interface ServerDependencies {
  /** The raw DoS client; every call goes through the DoS gateway built here (src/upstream/gateway.ts). */
  dos: DosClient;
  logger: Logger;
  /** The whole configuration: limits, authentication, introspection (src/config.ts). */
  config: Config;
  /** The clock for "now" decisions (openNow, searchDateTime bounds). Default: the system clock. */
  now?: () => Date;
  /** Extra Apollo plugins (the naive benchmark variant swaps the loaders with one). */
  plugins?: ApolloServerPlugin<Context>[];
  /** Breaker timings for tests; production uses the gateway's defaults. */
  gateway?: Pick<DosGatewayDependencies, "circuit" | "authBreakerOpenMs">;
  /** The synthetic DoS monitor, when `DOS_MONITOR_INTERVAL_MS` is set (src/index.ts starts it). */
  dosMonitor?: DosMonitor;
}

export interface SubgraphServer {
  readonly app: Express;
  readonly httpServer: Server;
  readonly apollo: ApolloServer<Context>;
  /** Prometheus metrics of this server (src/observability/metrics.ts). */
  readonly metrics: Metrics;
  /** The `METRICS_PORT` listener's address once listening; undefined when metrics share the GraphQL port. */
  metricsAddress(): AddressInfo | undefined;
  /**
   * Starts the drain (src/server/drain.ts): `/readyz` answers 503 and responses ask clients to close their
   * connections, while requests are still served. `stop` follows.
   */
  drain(): void;
  /** Starts listening; resolves with the GraphQL URL. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Where the Redis-backed rate limits count right now: `off` (no REDIS_URL), `connecting`, `ok` or `degraded`
   * (Redis down or past REDIS_TIMEOUT_MS: counting per process). For /readyz and metrics.
   */
  redisState(): RateLimitStoreState;
  /** True while Redis is configured but down or stalled (limits count per process). */
  redisDegraded(): boolean;
  /** Stops taking requests, drains in-flight ones, then closes the HTTP server and the limiters. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The subgraph's HTTP server: the GraphQL pipeline on /graphql (./graphql-http.ts: node's HTTP server hands it
 * `POST /graphql` directly, Express the rest), and Express 5 for /healthz (liveness), /readyz (readiness),
 * /metrics and GraphiQL. It does not listen until `listen`, and never touches process signals: the caller
 * owns the process (src/index.ts) or the test.
 *
 * A GraphQL request passes, in order: `Cache-Control: no-store`; the body limit (`MAX_BODY_BYTES`);
 * authentication (`AUTH_MODE`, 401 before GraphQL); the caller's rate limit (`RATE_LIMIT_PER_MINUTE`, 429);
 * Apollo's CSRF prevention, token limit (`MAX_TOKENS`) and validation with the document limits (depth, aliases,
 * root fields, directives); the static DoS-call estimate (`MAX_DOS_CALLS_PER_OPERATION`, `MAX_SEARCHES_…`,
 * `MAX_ENTITIES`); then execution, where every DoS call goes through the gateway (budget, breakers, bulkhead,
 * outbound rate, audit). Each step is security.md §2 made code; README "Using DoS responsibly" maps them.
 */
export async function createServer(deps: ServerDependencies): Promise<SubgraphServer> {
  const { config, logger } = deps;
  const { limits, introspection } = config;
  const app = express();
  // `POST /graphql` (what the router sends) goes straight to the GraphQL pipeline; everything else through Express,
  // which mounts the same pipeline at /graphql for the other forms (./graphql-http.ts).
  // (`graphqlHttp` is built below, before the server listens.)
  const httpServer = createHttpServer((req, res) => {
    if (req.method === "POST" && req.url === GRAPHQL_PATH) graphqlHttp.serve(req, res);
    else app(req, res);
  });
  const schema = await buildDosSubgraphSchema();
  const metrics = createMetrics({
    redisDegraded: () => redisState() === "degraded",
    dosMonitor: deps.dosMonitor && (() => deps.dosMonitor?.status()),
  });
  const tracing = config.tracing
    ? loadTracing().createTracing(config.tracing, { logger, onExportFailure: () => metrics.traceExportFailed() })
    : undefined;
  const observation = observeRequests({ logger, metrics, tracing });
  const gateway = createDosGateway({ dos: deps.dos, logger, config, metrics, tracing, ...deps.gateway });
  const callerRateLimit = createCallerRateLimit({
    perMinute: limits.ratePerMinute,
    redisUrl: limits.redisUrl,
    redisTimeoutMs: limits.redisTimeoutMs,
    logger,
  });
  const redisState = () => combinedStoreState([callerRateLimit.storeState(), gateway.storeState()]);
  const access = metricsAccess({
    env: config.env,
    metricsPort: config.metricsPort,
    routerSecret: config.auth.routerSecret,
  });
  if (access.kind === "off") {
    logger.warn("/metrics is not served: in production set METRICS_PORT (or ROUTER_SECRET to scrape with it).");
  }
  const metricsServer = access.kind === "port" ? createMetricsServer(metrics) : undefined;
  const authenticator = createAuthenticator(config.auth, logger);
  const graphiql = introspection
    ? createGraphiqlWorkbench({ endpoint: GRAPHQL_PATH, schema, authMode: config.auth.mode })
    : undefined;
  if (config.auth.mode === "off") {
    logger.warn("AUTH_MODE=off: EVERY CALLER IS TREATED AS A PROFESSIONAL. For local development only.");
  }
  logPublicCallersAccount(config.auth, logger);

  const apollo = new ApolloServer<Context>({
    schema,
    logger,
    introspection,
    // Field suggestions ("Did you mean …") reveal the schema; they go with introspection.
    hideSchemaDetailsFromClientErrors: !introspection,
    formatError,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // No APQ: nothing a client sends is kept between requests.
    persistedQueries: false,
    parseOptions: { maxTokens: limits.tokens },
    validationRules: [...documentLimitRules(limits), knownOperationTypesRule],
    plugins: [
      // After the drain delay: in-flight requests get SHUTDOWN_GRACE_MS, then their connections are closed.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdown.graceMs }),
      // Cache-Control is `no-store`, set once for every response below. Apollo's cache-control plugin would compute
      // hints on every field (a hook per field of every result) for headers that are never sent.
      ApolloServerPluginCacheControlDisabled(),
      graphiql ? graphiql.landingPage : ApolloServerPluginLandingPageDisabled(),
      // Before the cost estimate: both refuse in didResolveOperation, and the first plugin's refusal is the answer.
      selectionLimitPlugin(limits.selections),
      operationCostPlugin(limits),
      errorLogging(logger),
      // ftv1 traces for the router (router-secret) and development (off) only; never in jwt mode.
      federatedTracesPlugin(config.auth.mode),
      withheldResultsPlugin<Context>(),
      observation.plugin,
      ...(deps.plugins ?? []),
    ],
  });
  // The compile schema is a second build of the schema (about 40 ms more at start-up; ./executor.ts says why).
  installExecutor(
    apollo,
    createExecutor({
      compileSchema: await buildDosSubgraphSchemaForCompilation(),
      logger,
      onExecuted: choice => metrics.executed(choice),
    }),
  );
  await apollo.start();

  let ready = true;
  let draining = false;
  app.disable("x-powered-by");
  app.set("etag", false);
  // DoS data must never be cached by browsers or proxies (ours, errors, health checks and GraphiQL included).
  app.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    // Draining: keep-alive clients reconnect, and so reach a replica that is not going away.
    if (draining) res.setHeader("Connection", "close");
    next();
  });
  // GraphiQL's scripts and styles: not DoS data, content-hashed, so the one exception to no-store (README AUP).
  if (graphiql) app.get(`${GRAPHIQL_ASSETS_PATH}/:name`, graphiql.assets.handler);
  // Probes never call DoS (security.md G5).
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    // Neither the DoS monitor's result nor a degraded Redis fails readiness: a DoS outage, or limits counting per
    // process (fail open), would otherwise take every replica out together. The body says so; `redis` appears
    // only when REDIS_URL is set, `dos` only with the monitor on.
    const dos = deps.dosMonitor?.status();
    const redis = redisState();
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "stopping",
      ...(redis === "off" ? {} : { redis }),
      ...(dos && { dos }),
    });
  });
  if (access.kind === "secret" || access.kind === "open") {
    app.get("/metrics", metricsHandler(metrics, access.kind === "secret" ? access.secret : undefined));
  }
  // Development: the GraphiQL page itself needs no credentials (its operations do), whatever AUTH_MODE is.
  if (graphiql && config.env !== "production") app.get(GRAPHQL_PATH, graphiqlBeforeAuthentication(graphiql));
  const graphqlHttp = createGraphqlHttp({
    apollo,
    logger,
    bodyLimitBytes: limits.bodyBytes,
    observation,
    authenticator,
    callerRateLimit,
    context: createContextFactory({
      gateway,
      logger,
      now: deps.now ?? (() => new Date()),
      dosConcurrency: config.dos.concurrency,
    }),
    draining: () => draining,
  });
  app.use(GRAPHQL_PATH, graphqlHttp.express);
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: "Not found.", extensions: { code: "NOT_FOUND" } }] });
  });
  app.use(requestErrors(deps.logger));

  let stopping: Promise<void> | undefined;
  return {
    app,
    httpServer,
    apollo,
    redisState,
    redisDegraded: () => redisState() === "degraded",
    metrics,
    metricsAddress: () => (metricsServer?.listening ? (metricsServer.address() as AddressInfo) : undefined),
    drain() {
      ready = false;
      draining = true;
    },
    async listen(port, host) {
      if (metricsServer && access.kind === "port") await listenOn(metricsServer, access.port, host);
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          httpServer.off("error", reject);
          const { port: actualPort } = httpServer.address() as AddressInfo;
          const shownHost = host === "0.0.0.0" || host === "127.0.0.1" || host === "::" ? "localhost" : host;
          resolve(`http://${shownHost}:${actualPort}${GRAPHQL_PATH}`);
        });
      });
    },
    stop() {
      ready = false;
      // The drain plugin closes the HTTP server once in-flight requests finish.
      stopping ??= apollo
        .stop()
        .then(() =>
          Promise.all([
            gateway.close(),
            callerRateLimit.close(),
            authenticator.close?.(),
            closeServer(metricsServer),
            tracing?.shutdown(),
          ]),
        )
        .then(() => undefined);
      return stopping;
    },
  };
}

// Private: logs what formatError hides. DoS failures are expected operational events (warn); anything else
// is a bug (error, with the stack). Never logs variables: they may hold clinical details.
function errorLogging(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const log = contextValue?.logger ?? logger;
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof DosError || original instanceof DosCallRefused) {
              const fields = { dosError: original.name, message: original.message, path: error.path };
              log.warn(fields, "DoS call failed");
            } else if (isUnexpectedError(error)) {
              log.error({ err: original, path: error.path }, "unexpected resolver error");
            }
          }
        },
      };
    },
  };
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise(resolve => server.close(() => resolve()));
}

/**
 * The OpenTelemetry SDK is loaded only when tracing is configured (`OTEL_EXPORTER_OTLP_…`): a process without it
 * does not carry the SDK and its exporter's protobuf code.
 */
function loadTracing(): typeof TracingModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../observability/tracing") as typeof TracingModule;
}
