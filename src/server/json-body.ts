import { type IncomingMessage, type ServerResponse } from "node:http";
import { StringDecoder } from "node:string_decoder";
import express from "express";
import { type GraphqlRequest } from "./request-scope";

/** What the body reader rejects with: the status the request is answered with (`writeRequestError`). */
export interface BodyError {
  status: number;
}

/**
 * Reads a request's JSON body into `req.body`, exactly as Express's parser (`express.json({ limit })`, body-parser 2)
 * does: the same bodies accepted, the same values, the same statuses (400 malformed, 413 too large, 415 charset or
 * encoding). Rejects with the parser's error (it has `status`).
 *
 * Why not the parser alone: for the one shape the router sends (`Content-Type: application/json`, a
 * `Content-Length` within the limit, no `Content-Encoding`), reading and parsing here costs a fraction of the
 * parser's stack of modules (type-is, content-type, raw-body, iconv-lite, http-errors), on every request (issue
 * 16). Every other request, malformed or unusual, goes to the parser itself.
 */
export function createJsonBodyReader(limitBytes: number) {
  const parser = express.json({ limit: limitBytes });
  const byParser = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve, reject) => parser(req, res, error => (error ? reject(error) : resolve())));

  return function readJsonBody(req: GraphqlRequest, res: ServerResponse): Promise<void> {
    const { headers } = req;
    const type = headers["content-type"];
    const length = Number(headers["content-length"]);
    const plain =
      (type === "application/json" || type === "application/json; charset=utf-8") &&
      headers["content-encoding"] === undefined &&
      headers["transfer-encoding"] === undefined &&
      headers["content-length"] !== undefined &&
      Number.isInteger(length) &&
      length >= 0 &&
      length <= limitBytes &&
      // The parser's "already read" check (on-finished), inverted: a request it would skip is left to it.
      !(req as { upgrade?: boolean }).upgrade &&
      req.socket?.readable === true &&
      !(req.complete && !req.readable);
    return plain ? readPlain(req) : byParser(req, res);
  };
}

// Private: the body of a plain JSON request (see above). Decoding as iconv-lite does for the parser: UTF-8 through
// a StringDecoder, a leading byte order mark dropped.
function readPlain(req: GraphqlRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder("utf8");
    let text = "";
    const onData = (chunk: Buffer) => {
      text += decoder.write(chunk);
    };
    const onEnd = () => {
      cleanup();
      text += decoder.end();
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        req.body = parseStrictJson(text);
      } catch {
        reject(badRequest());
        return;
      }
      resolve();
    };
    // The client went away mid-body: the parser's "request aborted" (400).
    const onAborted = () => {
      cleanup();
      reject(badRequest());
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAborted);
      req.off("close", onAborted);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAborted);
    req.on("close", onAborted);
  });
}

// body-parser's strict JSON: an empty body is `{}`; anything but an object or an array is refused.
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  if (text[0] !== "{" && text[0] !== "[") {
    const first = /^[ \t\n\r]*([^ \t\n\r]|$)/.exec(text)![1];
    if (first !== "{" && first !== "[") throw new SyntaxError("strict JSON: not an object or an array");
  }
  return JSON.parse(text) as unknown;
}

function badRequest(): BodyError {
  return { status: 400 };
}
