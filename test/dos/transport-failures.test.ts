import http from "node:http";
import { type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { type ManagedDosClient } from "../../src/dos/client";
import { DosBadResponse, DosTimeout, DosUnavailable } from "../../src/dos/errors";
import { clientFor, fixture, soapReply, startDosServer, type DosServer, type Reply } from "./helpers/dos-server";

/*
 * Transport failures against a raw loopback server: each must end as its typed error, promptly, and leave no
 * connection hanging.
 */

const TIMEOUT_MS = 600;
const answer = fixture("GetHospitalScores", "two-hospitals-soap12");

let server: DosServer;
let dos: ManagedDosClient;

beforeAll(async () => {
  server = await startDosServer();
  dos = await clientFor(server, { timeoutMs: TIMEOUT_MS, maxResponseBytes: 64 * 1024 });
});
afterAll(async () => {
  await dos.close();
  await server.close();
});

/** The call's outcome and how long it took (only lower bounds are asserted: a timer never fires early). */
async function attempt(reply: Reply, signal?: AbortSignal): Promise<{ error: unknown; ms: number }> {
  server.answer(reply);
  const started = performance.now();
  const error = await dos.getHospitalScores({ signal }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return { error, ms: performance.now() - started };
}

async function eventually(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 2000) throw new Error("condition not met within 2 s");
    await sleep(10);
  }
}

/** Sends headers, then one byte every `everyMs` until the client goes. */
function trickle(everyMs: number, headers: http.OutgoingHttpHeaders = {}): Reply {
  return (_request, response) => {
    response.writeHead(200, { "Content-Type": "application/soap+xml", ...headers });
    const timer = setInterval(() => response.write(" "), everyMs);
    response.on("close", () => clearInterval(timer));
  };
}

const hang: Reply = () => undefined;

describe("the deadline", () => {
  it("fails a call DoS never answers with DosTimeout at the deadline", async () => {
    const { error, ms } = await attempt(hang);
    expect(error).toBeInstanceOf(DosTimeout);
    expect(error).toMatchObject({ timeoutMs: TIMEOUT_MS, message: `DoS did not answer within ${TIMEOUT_MS} ms` });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    await eventually(() => server.openConnections() === 0);
  });

  it("ends a body trickling one byte at a time at the deadline, and closes its connection", async () => {
    const { error } = await attempt(trickle(50));
    expect(error).toBeInstanceOf(DosTimeout);
    await eventually(() => server.openConnections() === 0);
  });

  it("lets an answer that arrives just inside the deadline through", async () => {
    const { error } = await attempt((request, response) => {
      setTimeout(() => soapReply(answer)(request, response), TIMEOUT_MS - 250);
    });
    expect(error).toBeUndefined();
  });
});

describe("the size limit", () => {
  const oversized = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>${"x".repeat(200_000)}`;

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { error } = await attempt(soapReply(oversized));
    expect(error).toBeInstanceOf(DosBadResponse);
    expect((error as DosBadResponse).reason).toBe("response larger than 65536 bytes");
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    const { error } = await attempt((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/soap+xml" });
      const chunk = "y".repeat(16 * 1024);
      const timer = setInterval(() => response.write(chunk), 5);
      response.on("close", () => clearInterval(timer));
    });
    expect(error).toBeInstanceOf(DosBadResponse);
    expect((error as DosBadResponse).reason).toBe("response larger than 65536 bytes");
    await eventually(() => server.openConnections() === 0);
  });
});

describe("answers that are not SOAP", () => {
  it.each<[string, Reply, typeof DosBadResponse | typeof DosUnavailable, Record<string, unknown>]>([
    [
      "an HTML 502 page from a proxy",
      soapReply("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", 502, "text/html"),
      DosUnavailable,
      { httpStatus: 502 },
    ],
    [
      "an HTML 503 page labelled as XML",
      soapReply("<!DOCTYPE html><html><body>Service Unavailable</body></html>", 503, "text/xml"),
      DosUnavailable,
      { httpStatus: 503 },
    ],
    ["an empty HTTP 500", soapReply("", 500), DosUnavailable, { httpStatus: 500 }],
    ["a plain-text 404", soapReply("Not Found", 404, "text/plain"), DosUnavailable, { httpStatus: 404 }],
    ["a redirect", soapReply("", 302, "text/html"), DosUnavailable, { httpStatus: 302 }],
    ["an HTML page with status 200", soapReply("<html><body>Login</body></html>", 200, "text/html"), DosBadResponse, {}],
    ["JSON", soapReply('{"services":[]}', 200, "application/json"), DosBadResponse, {}],
    ["malformed XML", soapReply("<env:Envelope><env:Body><oops></env:Body>"), DosBadResponse, { reason: "malformed XML" }],
    ["a truncated envelope", soapReply(answer.slice(0, answer.length / 2)), DosBadResponse, { reason: "malformed XML" }],
    [
      "XML with an entity-expansion DOCTYPE",
      soapReply('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><lolz>&lol;&lol;</lolz>'),
      DosBadResponse,
      { reason: "response contains a DOCTYPE" },
    ],
    [
      "a lower-case doctype after a comment",
      soapReply('<?xml version="1.0"?><!-- x --><!doctype lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>'),
      DosBadResponse,
      { reason: "response contains a DOCTYPE" },
    ],
    [
      // Only the prolog is scanned for a DOCTYPE; the reader refuses one anywhere else.
      "a DOCTYPE inside the document element",
      soapReply('<env:Envelope xmlns:env="urn:e"><!DOCTYPE lolz [<!ENTITY lol "lol">]><env:Body>&lol;</env:Body></env:Envelope>'),
      DosBadResponse,
      { reason: "malformed XML" },
    ],
    [
      "a gzip body nobody asked for",
      (_request, response) => {
        response.writeHead(200, { "Content-Type": "application/soap+xml", "Content-Encoding": "gzip" });
        response.end(gzipSync(answer));
      },
      DosBadResponse,
      { reason: "compressed response (none was asked for)" },
    ],
  ])("turns %s into its typed error", async (_case, reply, type, fields) => {
    const { error } = await attempt(reply);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
  });
});

describe("broken connections", () => {
  it("reports a refused connection as DosUnavailable at once", async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const refused = await clientFor(server, { url: `http://127.0.0.1:${port}/app/api/webservices` });
    try {
      const error = await refused.getHospitalScores().catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(DosUnavailable);
      expect(error).toMatchObject({ reason: "connection refused" });
    } finally {
      await refused.close();
    }
  });

  it("reports a connection DoS drops before answering as DosUnavailable", async () => {
    const { error } = await attempt((_request, response) => response.socket?.destroy());
    expect(error).toBeInstanceOf(DosUnavailable);
    expect(error).toMatchObject({ reason: "connection reset" });
  });

  it("reports a connection reset half-way through the body as DosUnavailable", async () => {
    const { error } = await attempt((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/soap+xml", "Content-Length": Buffer.byteLength(answer) });
      response.write(answer.slice(0, 200), () => setTimeout(() => response.socket?.destroy(), 20));
    });
    expect(error).toBeInstanceOf(DosUnavailable);
    expect(error).toMatchObject({ reason: "connection reset during the response" });
  });

  it("recovers: the next call after each failure succeeds", async () => {
    await attempt((_request, response) => response.socket?.destroy());
    const { error } = await attempt(soapReply(answer));
    expect(error).toBeUndefined();
  });
});

describe("aborting", () => {
  it("ends a call in flight when the caller's signal fires, as DosUnavailable aborted", async () => {
    const { error } = await attempt(hang, AbortSignal.timeout(100));
    expect(error).toBeInstanceOf(DosUnavailable);
    expect(error).toMatchObject({ reason: "aborted" });
    await eventually(() => server.openConnections() === 0);
  });

  it("sends nothing for a signal that has already fired", async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    controller.abort();
    const { error } = await attempt(soapReply(answer), controller.signal);
    expect(error).toMatchObject({ name: "DosUnavailable", reason: "aborted" });
    expect(server.requests.length).toBe(before);
  });
});

describe("close()", () => {
  it("closes the client's connections; calls afterwards fail without reaching DoS", async () => {
    const closing = await clientFor(server);
    server.answer(soapReply(answer));
    await closing.getHospitalScores();
    await eventually(() => server.openConnections() === 1);
    await closing.close();
    await eventually(() => server.openConnections() === 0);
    const before = server.requests.length;
    await expect(closing.getHospitalScores()).rejects.toMatchObject({ name: "DosUnavailable", reason: "client closed" });
    expect(server.requests.length).toBe(before);
  });
});
