/**
 * The /graphql body reader (src/server/json-body.ts) against Express's own JSON parser, over real HTTP: for every
 * body, sent as the router sends it (`Content-Type: application/json`, a `Content-Length`) and as other clients
 * might, the reader must produce the same `req.body` or the same error status as `express.json` with the same
 * limit. One server answers with what each of the two made of the same request.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import express from "express";
import { createJsonBodyReader } from "../../src/server/json-body";
import { type GraphqlRequest } from "../../src/server/request-scope";

const LIMIT = 64;

let server: Server;
let port: number;

// `/reader` reads with the reader under test, `/parser` with express.json; both answer `{ body }` or `{ status }`.
beforeAll(async () => {
  const reader = createJsonBodyReader(LIMIT);
  const parser = express.json({ limit: LIMIT });
  const parse = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve, reject) => parser(req, res, error => (error ? reject(error) : resolve())));
  server = createServer((req: GraphqlRequest, res) => {
    const read = req.url === "/reader" ? reader(req, res) : parse(req, res);
    read.then(
      () => res.end(JSON.stringify({ body: req.body === undefined ? "(undefined)" : req.body })),
      (error: { status?: number }) => res.end(JSON.stringify({ status: error.status })),
    );
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

/** Sends `chunks` as separate writes (so a multi-byte character can straddle two), with `headers`. */
function send(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: "127.0.0.1", port, path, method: "POST", headers, agent: false }, res => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const utf8 = (text: string) => Buffer.from(text, "utf8");
const EURO = utf8("€"); // 3 bytes

const BODIES: [string, Buffer[]][] = [
  ["an object", [utf8('{"query":"{ __typename }"}')]],
  ["an array", [utf8("[1,2]")]],
  ["empty", []],
  ["whitespace only", [utf8(" \n\t ")]],
  ["leading whitespace", [utf8('  \r\n{"a":1}')]],
  ["a string", [utf8('"text"')]],
  ["a number", [utf8("42")]],
  ["null", [utf8("null")]],
  ["malformed", [utf8("{")]],
  ["trailing garbage", [utf8('{"a":1} x')]],
  ["a byte order mark", [utf8('\ufeff{"a":1}')]],
  ["two byte order marks", [utf8('\ufeff\ufeff{"a":1}')]],
  ["a character split across writes", [Buffer.concat([utf8('{"a":"'), EURO.subarray(0, 1)]), Buffer.concat([EURO.subarray(1), utf8('"}')])]],
  ["invalid UTF-8", [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x22, 0x7d])]],
  ["at the limit", [utf8(`{"a":"${"x".repeat(LIMIT - 8)}"}`)]],
  ["one byte over the limit", [utf8(`{"a":"${"x".repeat(LIMIT - 7)}"}`)]],
];

const HEADERS: [string, Record<string, string>][] = [
  ["the router's", { "content-type": "application/json" }],
  ["with charset=utf-8", { "content-type": "application/json; charset=utf-8" }],
  ["with charset=UTF-8", { "content-type": "application/json; charset=UTF-8" }],
  ["a +json type", { "content-type": "application/graphql-response+json" }],
  ["text/plain", { "content-type": "text/plain" }],
  ["latin1", { "content-type": "application/json; charset=latin1" }],
  ["chunked (no length)", { "content-type": "application/json", "transfer-encoding": "chunked" }],
];

describe("the /graphql body reader reads as express.json does", () => {
  const cases = HEADERS.flatMap(([headerName, headers]) =>
    BODIES.map(([bodyName, chunks]) => [headerName, bodyName, headers, chunks] as const),
  );

  it.each(cases)("%s headers, %s", async (_headerName, _bodyName, headers, chunks) => {
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const sent = headers["transfer-encoding"] ? headers : { ...headers, "content-length": String(length) };
    const [fromReader, fromParser] = await Promise.all([send("/reader", sent, chunks), send("/parser", sent, chunks)]);
    expect(fromReader).toEqual(fromParser);
  });

  it("answers the router's shape itself, and the statuses are the parser's", async () => {
    const json = { "content-type": "application/json" };
    expect(await send("/reader", { ...json, "content-length": "7" }, [utf8('{"a":1}')])).toEqual({ body: { a: 1 } });
    expect(await send("/reader", { ...json, "content-length": "1" }, [utf8("{")])).toEqual({ status: 400 });
    const over = utf8(`{"a":"${"x".repeat(LIMIT)}"}`);
    expect(await send("/reader", { ...json, "content-length": String(over.length) }, [over])).toEqual({ status: 413 });
  });
});
