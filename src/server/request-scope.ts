import { randomUUID } from "node:crypto";
import { type Request, type RequestHandler, type Response } from "express";
import { requestContext } from "../process-faults";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the client's `x-request-id` when it is a short token, else a fresh UUID. Decided once per
 * request (the first call), echoed in the `x-request-id` response header and put on every log line.
 */
export function requestIdOf(req: Request, res: Response): string {
  const locals = res.locals as { requestId?: string };
  if (locals.requestId) return locals.requestId;
  const header = req.get("x-request-id");
  const requestId = header && REQUEST_ID.test(header) ? header : randomUUID();
  res.setHeader("x-request-id", requestId);
  locals.requestId = requestId;
  return requestId;
}

/**
 * Runs the rest of the request's handling inside `requestContext` (src/process-faults.ts), so that a bug that
 * surfaces as an unhandled rejection or uncaught exception is logged with the request's id. Placed after the
 * body parser, whose callback runs outside any request's async context.
 */
export function requestScope(): RequestHandler {
  return (req, res, next) => requestContext.run({ requestId: requestIdOf(req, res) }, next);
}
