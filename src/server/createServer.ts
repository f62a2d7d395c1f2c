import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type Express } from "express";
import { DosError } from "../dos/errors";
import { type DosClient } from "../dos/types";
import { buildDosSubgraphSchema } from "../graphql/buildSubgraphSchema";
import { type Logger } from "../logger";
import { type ContextDependencies, type Context, createContextFactory } from "./context";
import { formatError, isUnexpectedError } from "./errors";
import { graphiqlLandingPage } from "./graphiql";

export const GRAPHQL_PATH = "/graphql";

export interface ServerDependencies {
  dos: DosClient;
  logger: Logger;
  /** The clock for "now" decisions (openNow, searchDateTime bounds). Default: the system clock. */
  now?: () => Date;
  /** Upper bound on DoS calls in flight per GraphQL request (`DOS_CONCURRENCY`). Default 4. */
  dosConcurrency?: number;
  /** Introspection and the offline GraphiQL landing page. Turn off in production. Default true. */
  introspection?: boolean;
  /** Largest accepted request body (express.json `limit`). Default 100 kB. */
  bodyLimit?: string | number;
  /** Extra Apollo plugins, e.g. the later guardrails (per-operation DoS budgets, rate limits). */
  plugins?: ApolloServerPlugin<Context>[];
  /** Derives the caller from the request; default: every caller is a professional. */
  identifyCaller?: ContextDependencies["identifyCaller"];
}

export interface SubgraphServer {
  readonly app: Express;
  readonly httpServer: Server;
  readonly apollo: ApolloServer<Context>;
  /** Starts listening; resolves with the GraphQL URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, drains in-flight ones, then closes the HTTP server. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The subgraph's HTTP server: Express 5 with the Apollo middleware on /graphql, /healthz (liveness) and
 * /readyz (readiness). It does not listen until `listen`, and never touches process signals: the caller
 * owns the process (src/index.ts) or the test.
 */
export async function createServer(deps: ServerDependencies): Promise<SubgraphServer> {
  const introspection = deps.introspection ?? true;
  const app = express();
  const httpServer = createHttpServer(app);
  const schema = await buildDosSubgraphSchema();

  const apollo = new ApolloServer<Context>({
    schema,
    logger: deps.logger,
    introspection,
    formatError,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Cache-Control is set once for every response below; Apollo must not compute its own.
      ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
      introspection ? graphiqlLandingPage(GRAPHQL_PATH) : ApolloServerPluginLandingPageDisabled(),
      errorLogging(deps.logger),
      ...(deps.plugins ?? []),
    ],
  });
  await apollo.start();

  let ready = true;
  app.disable("x-powered-by");
  app.set("etag", false);
  // DoS data must never be cached by browsers or proxies (ours, errors, health checks and GraphiQL included).
  app.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "stopping" });
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: deps.bodyLimit ?? "100kb" }),
    expressMiddleware(apollo, {
      context: createContextFactory({
        dos: deps.dos,
        logger: deps.logger,
        now: deps.now ?? (() => new Date()),
        dosConcurrency: deps.dosConcurrency ?? 4,
        identifyCaller: deps.identifyCaller,
      }),
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: "Not found.", extensions: { code: "NOT_FOUND" } }] });
  });
  app.use(requestErrors(deps.logger));

  let stopping: Promise<void> | undefined;
  return {
    app,
    httpServer,
    apollo,
    listen(port, host) {
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
      stopping ??= apollo.stop();
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
            if (original instanceof DosError) {
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

// Private: body-parser failures (malformed JSON 400, too large 413) as a GraphQL-shaped error, without echoing
// the parser's message.
function requestErrors(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, "request failed");
    const [message, code] =
      status === 500
        ? ["Internal server error.", "INTERNAL_SERVER_ERROR"]
        : [status === 413 ? "Request body too large." : "Malformed request.", "BAD_REQUEST"];
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
