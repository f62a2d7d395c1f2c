import { type ServerResponse } from "node:http";

/**
 * Writes a complete response body as Express's `res.send(string)` does for a POST (no ETag, since the server
 * disables them; POST is never "fresh"): the content type gets `charset=utf-8`, `Content-Length` is set, and the
 * header names are spelled as Express spells them, so the bytes on the wire are the same whichever entry served
 * the request (./graphql-http.ts). `contentType` applies when the response has none yet.
 */
export function sendBody(res: ServerResponse, status: number, body: string, contentType = "text/html"): void {
  res.statusCode = status;
  const type = res.getHeader("Content-Type");
  res.setHeader("Content-Type", withUtf8Charset(typeof type === "string" ? type : contentType));
  res.setHeader("Content-Length", String(Buffer.byteLength(body, "utf8")));
  res.end(body, "utf8");
}

/** `res.status(status).json(value)` of Express, for the pipeline's own answers (401, 429, 400, 413, 500). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendBody(res, status, JSON.stringify(value), "application/json");
}

// Private: Express's `setCharset(type, "utf-8")` for the types this server sends: Apollo's JSON types already end
// in `; charset=utf-8`, ours have no parameters (test/server/graphql-http.test.ts compares the two entries).
function withUtf8Charset(type: string): string {
  return type.endsWith("; charset=utf-8") ? type : `${type}; charset=utf-8`;
}
