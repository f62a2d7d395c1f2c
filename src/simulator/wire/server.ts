import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type Logger } from "../../logger";
import { type SimAccount, type SimEngine, SimFault } from "../engine/types";
import { CallLog } from "./call-log";
import { handleControl } from "./control";
import { SERVED_VERSION, SOAP_CONTENT_TYPE, type SoapVersion } from "./envelope";
import { documentedFaultText, wireFaults } from "./faults";
import {
  DEFAULT_DRIP_MS,
  DEFAULT_LATENCY_MS,
  DEFAULT_OVERSIZE_BYTES,
  type FaultKind,
  type FaultRule,
  FaultRules,
} from "./injection";
import { type Answer, answerCall, oversized, readCall, writeAnswer } from "./soap-service";

/**
 * The simulator's HTTP server: the DoS SOAP endpoint and its WSDL at DoS's path, the control API under
 * `/_sim/`, nothing else (404).
 *
 * Request bodies over 1 MiB get HTTP 413 with an HTML page, as the proxy in front of a real server would send,
 * rather than a SOAP fault. Any request Content-Type is accepted and SOAPAction is ignored (spec §2.3): the
 * Body's element picks the operation.
 */

export const SOAP_PATH = "/app/api/webservices";
export const MAX_SOAP_BODY_BYTES = 1024 * 1024;

export interface SimulatorServerDependencies {
  engine: SimEngine;
  accounts: readonly SimAccount[];
  now: () => Date;
  logger: Logger;
  /** The WSDL served at `?wsdl` and `?wsdl=1.5`. */
  wsdl: string;
}

export interface SimulatorServer {
  server: Server;
  calls: CallLog;
  faults: FaultRules;
  /** Stops listening, cuts open connections and pending delayed answers. */
  close(): Promise<void>;
}

export function createSimulatorServer(dependencies: SimulatorServerDependencies): SimulatorServer {
  const { engine, now, logger, wsdl } = dependencies;
  const accounts = new Map(dependencies.accounts.map((account) => [account.username, account]));
  if (accounts.size !== dependencies.accounts.length) {
    throw new Error("Simulator accounts must have unique usernames");
  }
  const calls = new CallLog();
  const faults = new FaultRules();
  const stopping = new AbortController();

  const soapEndpoint = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    if (body === undefined) {
      calls.record({ operation: "unknown", username: null, at: now().toISOString() });
      return send(response, 413, "text/html", errorPage("413 Request Entity Too Large"), {
        connection: "close",
      });
    }
    const call = readCall(body);
    const rule = faults.take(call.operation);
    const at = now();
    const answer = answerFor(rule, () => {
      try {
        return answerCall(call, { engine, accounts }, at);
      } catch (error) {
        logger.error({ err: error, operation: call.operation }, "simulator failed to answer a call");
        return wireFaults.internalError();
      }
    });
    const faultCode = answer instanceof SimFault ? answer.code : undefined;
    calls.record({
      operation: call.operation ?? call.payload?.localName ?? "unknown",
      username: call.username ?? null,
      at: at.toISOString(),
      ...(faultCode === undefined ? {} : { faultCode }),
      ...(rule ? { injected: rule.kind } : {}),
    });
    logger.debug({ operation: call.operation, faultCode, injected: rule?.kind }, "simulated DoS call");
    await deliver(request, response, call.soapVersion, answer, rule, stopping.signal);
  };

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const [path, query = ""] = (request.url ?? "/").split("?", 2);
    if (path === SOAP_PATH || path === `${SOAP_PATH}/`) {
      if (request.method === "POST") return soapEndpoint(request, response);
      if (request.method === "GET" && isWsdlQuery(query)) return serveWsdl(response, query, wsdl);
      response.setHeader("allow", "GET, POST");
      return send(response, 405, "text/plain; charset=utf-8", "POST SOAP requests here, or GET ?wsdl\n");
    }
    if (path === "/_sim" || path.startsWith("/_sim/")) {
      return handleControl(request, response, { engine, calls, faults });
    }
    return send(response, 404, "text/plain; charset=utf-8", "Not found\n");
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // A caller that went away, or a delayed answer cut short by close(), is not the simulator's failure.
      const abandoned = stopping.signal.aborted || request.socket.destroyed || response.destroyed;
      if (abandoned || response.headersSent) {
        if (!abandoned) logger.error({ err: error }, "simulator request failed mid-answer");
        response.destroy();
        return;
      }
      logger.error({ err: error }, "simulator request failed");
      send(response, 500, "text/plain; charset=utf-8", "Internal Server Error\n");
    });
  });

  return {
    server,
    calls,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Private: answering, with or without an injected fault.

/** Kinds that replace the answer entirely, so the call is not worked out at all. */
const REPLACING_KINDS: ReadonlySet<FaultKind> = new Set(["http500", "html", "reset", "fault"]);

function answerFor(rule: FaultRule | undefined, work: () => Answer): Answer | undefined {
  if (rule?.kind === "fault") {
    const code = rule.code ?? 500;
    return new SimFault(code, rule.text ?? documentedFaultText(code) ?? "Simulated fault");
  }
  if (rule && REPLACING_KINDS.has(rule.kind)) return undefined;
  const answer = work();
  return rule?.kind === "oversize" ? oversized(answer, rule.bytes ?? DEFAULT_OVERSIZE_BYTES) : answer;
}

async function deliver(
  request: IncomingMessage,
  response: ServerResponse,
  soapVersion: SoapVersion,
  answer: Answer | undefined,
  rule: FaultRule | undefined,
  stopping: AbortSignal,
): Promise<void> {
  const contentType = SOAP_CONTENT_TYPE[soapVersion];
  const { status, body } = answer ? writeAnswer(soapVersion, answer) : { status: 500, body: "" };
  switch (rule?.kind) {
    case undefined:
    case "fault":
    case "oversize":
      return send(response, status, contentType, body);
    case "latency":
      await sleep(rule.ms ?? DEFAULT_LATENCY_MS, undefined, { signal: stopping });
      return send(response, status, contentType, body);
    case "http500":
      return send(response, 500, "text/plain; charset=utf-8", "Internal Server Error\n");
    case "html":
      return send(response, 502, "text/html", errorPage("502 Bad Gateway"));
    case "malformed":
      return send(response, 200, contentType, malformed(body));
    case "truncate": {
      response.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
      response.write(body.slice(0, cutMidElement(body)), () => response.socket?.end());
      return;
    }
    case "reset":
      request.socket.destroy();
      return;
    case "drip":
      return drip(response, status, contentType, Buffer.from(body), rule.ms ?? DEFAULT_DRIP_MS, stopping);
  }
}

/** Writes the body in small pieces spread evenly over `totalMs`, stopping if the caller goes away. */
async function drip(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  totalMs: number,
  stopping: AbortSignal,
): Promise<void> {
  const pieces = Math.max(1, Math.min(Math.ceil(body.length / 8), Math.floor(totalMs / 10)));
  const pieceSize = Math.ceil(body.length / pieces);
  const pause = pieces > 1 ? totalMs / (pieces - 1) : 0;
  response.writeHead(status, { "content-type": contentType, "content-length": body.length });
  for (let offset = 0; offset < body.length; offset += pieceSize) {
    if (offset > 0) await sleep(pause, undefined, { signal: stopping });
    if (response.destroyed) return;
    response.write(body.subarray(offset, offset + pieceSize));
  }
  response.end();
}

/** The envelope with an unquoted attribute in an element that is never closed: no XML parser accepts it. */
function malformed(body: string): string {
  return body.replace(/<\/([\w-]+):Body>/, "<ns1:broken at=tribute></$1:Body>");
}

/** Just inside a tag name near the middle of the payload (`…<ns1`), or the middle when there is none. */
function cutMidElement(body: string): number {
  const middle = Math.floor(body.length / 2);
  const tag = body.indexOf("<ns1:", middle);
  return tag === -1 ? middle : tag + 4;
}

function serveWsdl(response: ServerResponse, query: string, wsdl: string): void {
  const version = new URLSearchParams(query).get("wsdl") ?? "";
  if (version !== "" && version !== SERVED_VERSION) {
    return send(
      response,
      404,
      "text/plain; charset=utf-8",
      `This simulator serves the v${SERVED_VERSION} WSDL only\n`,
    );
  }
  send(response, 200, "text/xml; charset=utf-8", wsdl);
}

function isWsdlQuery(query: string): boolean {
  return new URLSearchParams(query).has("wsdl");
}

/** The whole body as UTF-8 text, or `undefined` when it is larger than `MAX_SOAP_BODY_BYTES`. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  if (Number(request.headers["content-length"]) > MAX_SOAP_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SOAP_BODY_BYTES) return void chunks.push(chunk);
      request.off("data", onData);
      resolve(undefined);
    };
    request.on("data", onData);
    request.on("end", () => {
      if (size <= MAX_SOAP_BODY_BYTES) resolve(Buffer.concat(chunks, size).toString("utf8"));
    });
    request.on("error", reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...headers,
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

/** The kind of page nginx sends in front of an application server. */
function errorPage(title: string): string {
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
  );
}
