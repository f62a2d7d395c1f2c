import { type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { type SimEngine } from "../engine/types";
import { type CallLog } from "./call-log";
import { FaultRequestSchema, type FaultRules } from "./injection";

/**
 * The control API under `/_sim/`, for tests, demos and benchmarks. Other tools depend on its shape: extend
 * it, never rename. Loopback callers only (403 otherwise); JSON in and out; 400 for a bad body.
 *
 *   GET    /_sim/health                     {"status":"ok","services":n}
 *   GET    /_sim/calls                      per-operation counts, "other", and "recent" (last 100)
 *   POST   /_sim/reset                      zeroes the call counts → 204
 *   POST   /_sim/faults                     add a fault rule (injection.ts) → 201 with the rule
 *   GET    /_sim/faults                     the active rules
 *   DELETE /_sim/faults                     clear them → 204
 *   PUT    /_sim/services/{id}/capacity     {"rag":"GREEN"|"AMBER"|"RED"} → 200; 404 for an unknown id
 *   DELETE /_sim/services/{id}/capacity     hand the service back to the capacity clock → 204
 *   GET    /_sim/services?type=105&limit=5  a few services (id, ODS code, name, type, postcode, capacity)
 */

export interface ControlDependencies {
  engine: SimEngine;
  calls: CallLog;
  faults: FaultRules;
}

const CapacityRequestSchema = z.strictObject({ rag: z.enum(["GREEN", "AMBER", "RED"]) });
const MAX_BODY_BYTES = 64 * 1024;

export async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  { engine, calls, faults }: ControlDependencies,
): Promise<void> {
  if (!isLoopback(request.socket.remoteAddress)) {
    return sendJson(response, 403, { error: "The control API answers loopback callers only" });
  }
  const url = new URL(request.url ?? "/", "http://simulator");
  const route = `${request.method} ${url.pathname.replace(/\/+$/, "")}`;
  const capacityPath = /^\/_sim\/services\/(\d+)\/capacity$/.exec(url.pathname);

  switch (route) {
    case "GET /_sim/health":
      return sendJson(response, 200, { status: "ok", services: engine.services.length });
    case "GET /_sim/calls":
      return sendJson(response, 200, calls.snapshot());
    case "POST /_sim/reset":
      calls.reset();
      return sendJson(response, 204);
    case "GET /_sim/faults":
      return sendJson(response, 200, { faults: faults.list() });
    case "POST /_sim/faults": {
      const body = await readJson(request, response, FaultRequestSchema);
      if (body) sendJson(response, 201, faults.add(body));
      return;
    }
    case "DELETE /_sim/faults":
      faults.clear();
      return sendJson(response, 204);
    case "GET /_sim/services":
      return sendJson(response, 200, { services: listServices(engine, url.searchParams) });
  }
  if (capacityPath && request.method === "PUT") {
    const id = Number(capacityPath[1]);
    const body = await readJson(request, response, CapacityRequestSchema);
    if (!body) return;
    if (!engine.setCapacity(id, body.rag)) return sendJson(response, 404, { error: `No service ${id}` });
    return sendJson(response, 200, { id, rag: body.rag });
  }
  if (capacityPath && request.method === "DELETE") {
    const id = Number(capacityPath[1]);
    if (!engine.resetCapacity(id)) return sendJson(response, 404, { error: `No service ${id}` });
    return sendJson(response, 204);
  }
  const allowed = allowedMethods(url.pathname, Boolean(capacityPath));
  if (allowed.length) {
    response.setHeader("allow", allowed.join(", "));
    return sendJson(response, 405, { error: `${request.method} is not allowed on ${url.pathname}` });
  }
  return sendJson(response, 404, { error: `No control route ${url.pathname}` });
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. Anything else, or no address, is remote. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return ipv4.startsWith("127.") || address === "::1";
}

// Private helpers.

function listServices(engine: SimEngine, query: URLSearchParams) {
  const type = query.has("type") ? Number(query.get("type")) : undefined;
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 20) || 20, 1), 500);
  const found = [];
  for (const service of engine.services) {
    if (type !== undefined && service.serviceType.id !== type) continue;
    found.push({
      id: service.id,
      odsCode: service.odsCode,
      name: service.name,
      serviceType: service.serviceType,
      postcode: service.postcode,
      status: service.status,
      rag: service.rag,
      professionalOnly: service.professionalOnly,
    });
    if (found.length === limit) break;
  }
  return found;
}

function allowedMethods(pathname: string, isCapacityPath: boolean): string[] {
  if (isCapacityPath) return ["PUT", "DELETE"];
  const path = pathname.replace(/\/+$/, "");
  const byPath: Record<string, string[]> = {
    "/_sim/health": ["GET"],
    "/_sim/calls": ["GET"],
    "/_sim/reset": ["POST"],
    "/_sim/faults": ["GET", "POST", "DELETE"],
    "/_sim/services": ["GET"],
  };
  return byPath[path] ?? [];
}

/** The parsed body, or `undefined` after answering 400/413 for it. */
async function readJson<T>(
  request: IncomingMessage,
  response: ServerResponse,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      sendJson(response, 413, { error: `Body larger than ${MAX_BODY_BYTES} bytes` });
      return undefined;
    }
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    sendJson(response, 400, { error: "Body is not JSON" });
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "body"}: ${issue.message}`,
    );
    sendJson(response, 400, { error: "Invalid body", problems });
    return undefined;
  }
  return parsed.data;
}

function sendJson(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}
