import { type IncomingMessage, type ServerResponse } from "node:http";
import { parse as parseUrl } from "node:url";
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import { type ErrorRequestHandler, type RequestHandler, type Response } from "express";
import { type Logger } from "../logger";
import { type RequestObservation } from "../observability/requests";
import { authenticateRequest, type Authenticator } from "./auth";
import { type CallerRateLimit } from "./caller-rate-limit";
import { type Context } from "./context";
import { createJsonBodyReader } from "./json-body";
import { type GraphqlRequest, type GraphqlResponse } from "./request-scope";
import { sendBody, sendJson } from "./respond";

export interface GraphqlHttpDependencies {
  apollo: ApolloServer<Context>;
  logger: Logger;
  /** `MAX_BODY_BYTES`. */
  bodyLimitBytes: number;
  observation: RequestObservation;
  authenticator: Authenticator;
  callerRateLimit: CallerRateLimit;
  context: (argument: { req: GraphqlRequest; res: GraphqlResponse }) => Promise<Context>;
  /** True while the server drains (./drain.ts): responses then ask for `Connection: close`. */
  draining: () => boolean;
}

export interface GraphqlHttp {
  /** For node's HTTP server: serves a request to /graphql (createServer routes `POST /graphql` here). */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** The same pipeline mounted in Express at /graphql, for every other request there (GET, `/graphql/…`). */
  express: RequestHandler;
}

/**
 * The /graphql pipeline, on node's HTTP objects. A request passes, in order: `Cache-Control: no-store` (and
 * `Connection: close` while draining); the access log and request id (src/observability/requests.ts); the JSON
 * body (as Express's parser reads it, ./json-body.ts; `MAX_BODY_BYTES`: 413, 400 malformed, 415 charset or
 * encoding); authentication
 * (401, or 400 for a malformed caller header); the caller's rate limit (429); then Apollo.
 *
 * Why not Express's router for it: the hot path (`POST /graphql`, what Apollo Router sends) skips Express's
 * per-request work (prototype swaps, route matching through every layer, `res.send`'s header juggling), which
 * was several per cent of a search's CPU (issue 16). The answers are byte for byte those of the Express entry,
 * which keeps serving every other form of request to /graphql (test/server/graphql-http.test.ts compares them).
 */
export function createGraphqlHttp(deps: GraphqlHttpDependencies): GraphqlHttp {
  const { apollo, logger, observation } = deps;
  const readBody = createJsonBodyReader(deps.bodyLimitBytes);

  async function handle(req: GraphqlRequest, res: GraphqlResponse, send: SendComplete): Promise<void> {
    res.setHeader("Cache-Control", "no-store");
    if (deps.draining()) res.setHeader("Connection", "close");
    const record = observation.start(req, res);
    try {
      await readBody(req, res);
    } catch (error) {
      writeRequestError(res, error, logger);
      return;
    }
    await observation.enter(record, () => answer(req, res, send));
  }

  // Private: inside the request's context, so that a failure's log line carries its ids.
  async function answer(req: GraphqlRequest, res: GraphqlResponse, send: SendComplete): Promise<void> {
    try {
      const caller = await authenticateRequest(deps.authenticator, logger, req, res);
      if (!caller || !(await deps.callerRateLimit.admit(caller, res))) return;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: httpGraphQLRequestOf(req),
        context: () => deps.context({ req, res }),
      });
      await writeResponse(res, response, send);
    } catch (error) {
      writeRequestError(res, error, logger);
    }
  }

  return {
    serve(req, res) {
      (res as GraphqlResponse).locals = {};
      // Anything thrown is the request's 500, never an unhandled rejection (as Express does for its entry).
      handle(req, res as GraphqlResponse, sendBody).catch((error: unknown) => writeRequestError(res, error, logger));
    },
    express(req, res, next) {
      handle(req, res, (response, status, body) => (response as Response).status(status).send(body)).catch(next);
    },
  };
}

type SendComplete = (res: ServerResponse, status: number, body: string) => void;

// Private: what @as-integrations/express5 builds from Express's request, from node's.
function httpGraphQLRequestOf(req: GraphqlRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = req.url ?? "";
  return {
    method: req.method!.toUpperCase(),
    headers,
    search: url.includes("?") ? (parseUrl(url).search ?? "") : "",
    body: req.body,
  };
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse, send: SendComplete): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  const status = response.status || 200;
  if (response.body.kind === "complete") {
    send(res, status, response.body.string);
    return;
  }
  res.statusCode = status;
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * A request that failed outside GraphQL, as a GraphQL-shaped error: the body parser's 4xx (malformed JSON 400, too
 * large 413, unsupported charset or encoding 415) without echoing the parser's message, anything else a logged 500.
 */
export function writeRequestError(res: ServerResponse, error: unknown, logger: Logger): void {
  const reported = (error ?? {}) as { status?: unknown };
  const status =
    typeof reported.status === "number" && reported.status >= 400 && reported.status < 500 ? reported.status : 500;
  if (status === 500) logger.error({ err: error }, "request failed");
  if (res.headersSent) {
    // Too late for an error body: end the connection, as Express's final handler does.
    res.destroy();
    return;
  }
  const [message, code] =
    status === 500
      ? ["Internal server error.", "INTERNAL_SERVER_ERROR"]
      : [status === 413 ? "Request body too large." : "Malformed request.", "BAD_REQUEST"];
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** `writeRequestError` as Express's error handler, for the other routes. */
export function requestErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => writeRequestError(res, error, logger);
}
