import { type CheckCapacitySummaryRequest } from "../../../src/dos/types";
import fs from "node:fs";
import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { type AddressInfo, type Socket } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { createDosClient, type DosClientOptions, type ManagedDosClient } from "../../../src/dos/client";
import { createLogger, type Logger } from "../../../src/logger";
import { sharedPath } from "../../helpers/shared";

/** One request as the server received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which TCP connection carried it (1, 2, … in order of connection). */
  connection: number;
}

/** Answers one request; it may also leave the response hanging, trickle it or destroy the socket. */
export type Reply = (request: ReceivedRequest, response: ServerResponse) => void;

/**
 * A stand-in for DoS: a raw HTTP server on 127.0.0.1 port 0 that records every request and answers with
 * `reply`, so tests see exactly what the client sent and control exactly what it gets back.
 */
export async function startDosServer(initialReply: Reply = soapReply("")) {
  let reply = initialReply;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const connectionIds = new WeakMap<Socket, number>();
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        connection: connectionIds.get(incoming.socket) ?? 0,
      };
      requests.push(request);
      reply(request, response);
    });
  });
  server.on("connection", socket => {
    connectionIds.set(socket, ++connections);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/app/api/webservices`,
    requests,
    /** TCP connections accepted so far. */
    connectionCount: () => connections,
    /** TCP connections open now. */
    openConnections: () => sockets.size,
    answer(next: Reply) {
      reply = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

export type DosServer = Awaited<ReturnType<typeof startDosServer>>;

/** Replies with `body` as a SOAP 1.2 message (DoS answers faults with HTTP 500). */
export function soapReply(body: string, status = 200, contentType = "application/soap+xml; charset=utf-8"): Reply {
  return (_request, response) => {
    response.writeHead(status, { "Content-Type": contentType });
    response.end(body);
  };
}

/** The search every client test sends: a 30-year-old in Bristol, SG 1013 / SD 4003, Dx02 (group 1002). */
export const BRISTOL_SEARCH: CheckCapacitySummaryRequest = {
  postcode: "BS1 3EA",
  age: 30,
  ageFormat: "Years",
  disposition: 1002,
  symptomGroup: 1013,
  symptomDiscriminators: [4003],
};

export const SOAP11_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/";
export const SOAP12_NAMESPACE = "http://www.w3.org/2003/05/soap-envelope";

export const TEST_ACCOUNT = { username: "dos-test-user", password: "Pa55w0rd!Secret" };

/** A client aimed at `server`, as production builds one, with small limits that tests can override. */
export function clientFor(server: { url: string }, options: Partial<DosClientOptions> = {}): Promise<ManagedDosClient> {
  return createDosClient({
    url: server.url,
    account: TEST_ACCOUNT,
    caseId: "TEST",
    timeoutMs: 2000,
    maxResponseBytes: 1024 * 1024,
    maxSockets: 4,
    ...options,
  });
}

/** A fixture of ours: test/fixtures/dos/<operation>/<name>.response.xml. */
export function fixture(operation: string, name: string): string {
  return fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "dos", operation, `${name}.response.xml`), "utf8");
}

/** A file from the shared reference samples (../shared/reference/dos/samples/...). */
export function sample(...parts: string[]): string {
  return fs.readFileSync(sharedPath("reference", "dos", "samples", ...parts), "utf8");
}

export function sampleJson<T>(name: string): T {
  return JSON.parse(sample("derived-json", name)) as T;
}

/** The project's pino logger writing into memory: parsed lines and the raw text a log shipper would store. */
export function captureLogs(level = "debug"): { logger: Logger; lines: Record<string, unknown>[]; text(): string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join("");
  return {
    logger: createLogger(level, destination),
    get lines() {
      return text()
        .split("\n")
        .filter(line => line.trim())
        .map(line => JSON.parse(line) as Record<string, unknown>);
    },
    text,
  };
}

/** A DoS SOAP fault as DoS writes it: SOAP 1.2 with a numeric Code/Value, or SOAP 1.1 faultcode/faultstring. */
export function soapFault(code: string, text: string, version: "1.1" | "1.2" = "1.2", lang?: string): string {
  if (version === "1.1") {
    return (
      '<?xml version="1.0" encoding="UTF-8"?>' +
      '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>' +
      `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault>` +
      "</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    );
  }
  const langAttribute = lang ? ` xml:lang="${lang}"` : "";
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>' +
    `<env:Code><env:Value>${code}</env:Value></env:Code>` +
    `<env:Reason><env:Text${langAttribute}>${text}</env:Text></env:Reason>` +
    "</env:Fault></env:Body></env:Envelope>"
  );
}
