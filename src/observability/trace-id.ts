import { type IncomingMessage } from "node:http";

// W3C Trace Context `traceparent`: version-traceid-parentid-flags. An all-zero trace or parent id is invalid.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The request's W3C trace id (32 lowercase hex): from a well-formed `traceparent` header (Apollo Router sends one
 * when its telemetry is on), else undefined. Anything malformed is ignored, never echoed.
 */
export function traceIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.traceparent;
  const match = typeof header === "string" && header.length <= 55 ? TRACEPARENT.exec(header.trim()) : null;
  if (!match || match[1] === "ff" || /^0+$/.test(match[2]) || /^0+$/.test(match[3])) return undefined;
  return match[2];
}
