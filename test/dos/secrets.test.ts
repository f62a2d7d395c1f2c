import http from "node:http";
import { type AddressInfo } from "node:net";
import { inspect } from "node:util";
import { type ManagedDosClient } from "../../src/dos/client";
import { DosError } from "../../src/dos/errors";
import {
  captureLogs,
  clientFor,
  fixture,
  soapFault,
  soapReply,
  startDosServer,
  type DosServer,
  type Reply,
  BRISTOL_SEARCH,
} from "./helpers/dos-server";

/*
 * node-soap and axios put the request envelope, and so the DoS password, into their error objects and events.
 * Whatever goes wrong, and even when the server echoes the request back, nothing the client raises or logs may
 * contain the password: not the message, the stack, the JSON form or a deep inspection of the error.
 */

const PASSWORD = "Zq7-pa55word&<secret>";
/** Every form the password can take on the wire or in a log. */
const FORMS = [PASSWORD, "Zq7-pa55word&amp;&lt;secret&gt;", "Zq7-pa55word", Buffer.from(PASSWORD).toString("base64")];
const account = { username: "dos-user", password: PASSWORD };
const search = BRISTOL_SEARCH;

const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Replies that put the request back into the response, the way a careless proxy or a debug page might. */
const echo = {
  inFault: ((request, response) =>
    soapReply(soapFault("302", `Authentication Failed for ${escaped(request.body)}`), 500)(request, response)) as Reply,
  inUnknownFault: ((request, response) =>
    soapReply(soapFault("999", `Unexpected: ${escaped(request.body)}`), 500)(request, response)) as Reply,
  inNonDosFault: ((request, response) =>
    soapReply(soapFault("env:Receiver", `Bad request ${escaped(request.body)}`), 500)(request, response)) as Reply,
  inHtmlPage: ((request, response) =>
    soapReply(`<html><pre>${request.body}</pre></html>`, 502, "text/html")(request, response)) as Reply,
  inMalformedXml: ((request, response) => soapReply(`${request.body}<unclosed>`)(request, response)) as Reply,
  asResponseField: ((request, response) => {
    const password = /<password>(.*?)<\/password>/.exec(request.body)![1];
    const body = fixture("CheckCapacitySummary", "no-services-soap12").replace(">National<", `>${password}<`);
    soapReply(body)(request, response);
  }) as Reply,
  inDroppedEntry: ((request, response) => {
    const password = /<password>(.*?)<\/password>/.exec(request.body)![1];
    const body = fixture("CheckCapacitySummary", "bad-entries-soap12").replace(">Funday<", `>${password}<`);
    soapReply(body)(request, response);
  }) as Reply,
  afterDeadline: (() => undefined) as Reply,
  resetMidBody: ((request, response) => {
    response.writeHead(200, { "Content-Type": "application/soap+xml", "Content-Length": 100_000 });
    response.write(request.body, () => response.socket?.destroy());
  }) as Reply,
  oversized: ((request, response) => soapReply(request.body.repeat(2000))(request, response)) as Reply,
};

let server: DosServer;
let dos: ManagedDosClient;
const logs = captureLogs("trace");
const raised: unknown[] = [];

beforeAll(async () => {
  server = await startDosServer();
  dos = await clientFor(server, { account, logger: logs.logger, timeoutMs: 300, maxResponseBytes: 64 * 1024 });
});
afterAll(async () => {
  await dos.close();
  await server.close();
});

function everythingAbout(error: unknown): string {
  const asError = error as Error;
  return [
    String(error),
    asError.message,
    asError.stack,
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true, getters: true }),
  ].join("\n");
}

function expectNoPassword(text: string): void {
  for (const form of FORMS) expect(text).not.toContain(form);
}

describe.each(Object.entries(echo))("a response that echoes the request %s", (_case, reply) => {
  it("fails (or drops the entry) without the password in the error or the logs", async () => {
    server.answer(reply);
    const outcome = await dos.checkCapacitySummary(search).then(
      result => result,
      (error: unknown) => error,
    );
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(DosError);
      raised.push(outcome);
      expectNoPassword(everythingAbout(outcome));
    } else {
      // Only the dropped-entry case succeeds: its bad entry is left out.
      expect(_case).toBe("inDroppedEntry");
      expectNoPassword(JSON.stringify(outcome));
    }
    expectNoPassword(logs.text());
  });
});

it("keeps the password out of failures before any I/O and of connection failures", async () => {
  const closed = http.createServer();
  await new Promise<void>(resolve => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>(resolve => closed.close(() => resolve()));
  const refused = await clientFor(server, { account, logger: logs.logger, url: `http://127.0.0.1:${port}/` });
  try {
    const failures = await Promise.all([
      refused.getHospitalScores().catch((error: unknown) => error),
      dos.getHospitalScores({ account: { username: "x", password: `<![CDATA[${PASSWORD}]]>` } }).catch((e: unknown) => e),
      dos.getHospitalScores({ account: { username: "x", password: `${PASSWORD}\u0000` } }).catch((e: unknown) => e),
      dos.getHospitalScores({ signal: AbortSignal.abort() }).catch((error: unknown) => error),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(DosError);
      expectNoPassword(everythingAbout(failure));
    }
    raised.push(...failures);
  } finally {
    await refused.close();
  }
  expectNoPassword(logs.text());
});

it("covered every kind of DosError, and logged every call", () => {
  const kinds = new Set(raised.map(error => (error as DosError).kind));
  expect([...kinds].sort()).toEqual(["bad-response", "fault", "invalid-request", "timeout", "unavailable"]);
  expect(logs.lines.filter(line => line.msg === "DoS call").length).toBeGreaterThanOrEqual(raised.length);
});

it("does not expose the password through the client object", () => {
  expectNoPassword(inspect(dos, { depth: Infinity, showHidden: true }));
  expectNoPassword(JSON.stringify(dos));
});
