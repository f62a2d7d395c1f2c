import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Caller } from "./auth";

/**
 * A request to /graphql as the GraphQL pipeline (./graphql-http.ts) sees it: node's own request, plus the parsed
 * JSON body. Express's request is one too, so the same code serves both entries (the direct one and Express's).
 */
export interface GraphqlRequest extends IncomingMessage {
  body?: unknown;
}

/** What the pipeline decides once per request and keeps on the response (as Express keeps `res.locals`). */
export interface RequestLocals {
  requestId?: string;
  /** Set by authentication (./auth.ts `authenticateRequest`). */
  caller?: Caller;
}

export interface GraphqlResponse extends ServerResponse {
  locals: RequestLocals;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the client's `x-request-id` when it is a short token, else a fresh UUID. Decided once per
 * request (the first call), echoed in the `x-request-id` response header and put on every log line.
 */
export function requestIdOf(req: IncomingMessage, res: GraphqlResponse): string {
  const locals = res.locals;
  if (locals.requestId) return locals.requestId;
  const header = req.headers["x-request-id"];
  const requestId = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
  res.setHeader("x-request-id", requestId);
  locals.requestId = requestId;
  return requestId;
}
