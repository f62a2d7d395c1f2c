import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { type RunningSimulator } from "../../../src/simulator";
import { createSimEngine } from "../../../src/simulator/engine";
import { isLoopback } from "../../../src/simulator/wire/control";
import { createSimulatorServer } from "../../../src/simulator/wire/server";
import { createLogger } from "../../../src/logger";
import { validatePayload } from "../../helpers/xsd";
import {
  ccsBody,
  destinationsOf,
  envelope,
  faultOf,
  LEEDS_CASE,
  NOW,
  post,
  startTestSimulator,
  userInfo,
} from "./soap-helpers";

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startTestSimulator({
    accounts: [
      { username: "demo", password: "demo", webService: true, role: "professional" },
      { username: "tester", password: "s3cret-Passw0rd", webService: true, role: "professional" },
    ],
  });
});
afterAll(() => simulator.stop());
afterEach(async () => {
  await control("DELETE", "/_sim/faults");
  await control("POST", "/_sim/reset");
});

// A fresh connection per call. With a pooled keep-alive socket, a call made right after a long synchronous step
// (checking the 11 MB answer below takes seconds on a loaded machine) reused the socket in the same tick as the
// server's overdue idle timer closed it: ECONNRESET, a test artefact rather than a simulator fault.
async function control(method: string, route: string, body?: unknown) {
  const url = new URL(route, simulator.url);
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const response = await exchange(
    {
      host: url.hostname,
      port: Number(url.port),
      method,
      path: url.pathname + url.search,
      headers: payload === undefined ? {} : { "content-type": "application/json" },
    },
    payload,
  );
  if (response.error || response.statusCode === undefined) throw new Error(`${method} ${route}: ${response.error}`);
  const text = response.received;
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const hospitalScores = (credentials = userInfo()) =>
  post(simulator.soapUrl, envelope(`<web:GetHospitalScores>${credentials}</web:GetHospitalScores>`));
const search = (fields = LEEDS_CASE, soap: "1.1" | "1.2" = "1.2") =>
  post(simulator.soapUrl, envelope(ccsBody(fields), { soap }));

describe("GET /_sim/calls and POST /_sim/reset", () => {
  it("counts every call per operation, failed ones included, and lists recent ones without passwords", async () => {
    await search();
    await hospitalScores(userInfo("tester", "s3cret-Passw0rd"));
    await hospitalScores(userInfo("tester", "wrong-Passw0rd"));
    await post(
      simulator.soapUrl,
      envelope(
        `<web:ServiceDetailsById>${userInfo()}<web:serviceId>x</web:serviceId></web:ServiceDetailsById>`,
      ),
    );
    await post(simulator.soapUrl, "not xml");

    const { status, json } = await control("GET", "/_sim/calls");

    expect(status).toBe(200);
    expect(json).toEqual({
      CheckCapacitySummary: 1,
      ServiceDetailsById: 1,
      GetHospitalScores: 2,
      other: 1,
      recent: [
        { operation: "CheckCapacitySummary", username: "demo", at: NOW.toISOString() },
        { operation: "GetHospitalScores", username: "tester", at: NOW.toISOString() },
        { operation: "GetHospitalScores", username: "tester", at: NOW.toISOString(), faultCode: 302 },
        { operation: "ServiceDetailsById", username: "demo", at: NOW.toISOString(), faultCode: 103 },
        { operation: "unknown", username: null, at: NOW.toISOString(), faultCode: 108 },
      ],
    });
    expect(JSON.stringify(json)).not.toMatch(/Passw0rd|password/i);
  });

  it("keeps only the last 100 calls in recent, and reset zeroes everything", async () => {
    for (let i = 0; i < 105; i++) await hospitalScores();
    const before = (await control("GET", "/_sim/calls")).json!;
    expect(before.GetHospitalScores).toBe(105);
    expect(before.recent).toHaveLength(100);

    expect((await control("POST", "/_sim/reset")).status).toBe(204);
    expect((await control("GET", "/_sim/calls")).json).toEqual({
      CheckCapacitySummary: 0,
      ServiceDetailsById: 0,
      GetHospitalScores: 0,
      other: 0,
      recent: [],
    });
  });
});

describe("POST /_sim/faults: each kind", () => {
  it("latency: answers normally after ms", async () => {
    await control("POST", "/_sim/faults", { operation: "GetHospitalScores", kind: "latency", ms: 300 });
    const started = Date.now();
    const response = await hospitalScores();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(validatePayload(response.text).errors).toEqual([]);
  });

  it("http500: a plain HTTP 500 without SOAP", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "http500" });
    const response = await hospitalScores();
    expect([response.status, response.contentType]).toEqual([500, "text/plain; charset=utf-8"]);
    expect(response.text).not.toContain("Envelope");
  });

  it("fault: a SOAP fault with DoS's text for the code, in the caller's SOAP version", async () => {
    await control("POST", "/_sim/faults", { operation: "CheckCapacitySummary", kind: "fault", code: 504 });
    const soap11 = await search(LEEDS_CASE, "1.1");
    expect([soap11.status, soap11.contentType, faultOf(soap11.text)]).toEqual([
      500,
      "text/xml; charset=utf-8",
      [504, "Time out"],
    ]);
    expect(soap11.text).toContain("<faultcode>504</faultcode>");

    await control("POST", "/_sim/faults", { operation: "CheckCapacitySummary", kind: "fault", code: 108 });
    expect(faultOf((await search()).text)).toEqual([
      108,
      "Malformed XML: The soap message is not valid xml.",
    ]);
    await control("POST", "/_sim/faults", {
      operation: "CheckCapacitySummary",
      kind: "fault",
      code: 999,
      text: "Odd",
    });
    expect(faultOf((await search()).text)).toEqual([999, "Odd"]);
  });

  it("html: an HTML error page with 502, as a proxy sends", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "html" });
    const response = await search();
    expect([response.status, response.contentType]).toEqual([502, "text/html"]);
    expect(response.text).toContain("<title>502 Bad Gateway</title>");
  });

  it("malformed: 200 with a SOAP content type and a body that is not well-formed XML", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "malformed" });
    const response = await search();
    expect([response.status, response.contentType]).toEqual([200, "application/soap+xml; charset=utf-8"]);
    expect(response.text).toContain("<ns1:CheckCapacitySummaryResponse>");
    expect(XMLValidator.validate(response.text)).not.toBe(true);
  });

  it("truncate: 200 announcing the full length, the body cut inside a tag, then the socket ended", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "truncate" });
    const { statusCode, headers, received, error } = await rawPost(envelope(ccsBody()));
    expect(statusCode).toBe(200);
    expect(Number(headers["content-length"])).toBeGreaterThan(Buffer.byteLength(received));
    expect(received).toMatch(/<ns1$/);
    expect(error).toMatch(/aborted|ECONNRESET|socket hang up/);
  });

  it("reset: the socket is destroyed without an answer", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "reset" });
    await expect(search()).rejects.toThrow();
    expect((await control("GET", "/_sim/calls")).json).toMatchObject({
      CheckCapacitySummary: 1,
      recent: [{ operation: "CheckCapacitySummary", injected: "reset" }],
    });
  });

  it("drip: the real answer, a few bytes at a time over ms", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "drip", ms: 500 });
    const started = Date.now();
    const { statusCode, received, chunks } = await rawPost(
      envelope(`<web:GetHospitalScores>${userInfo()}</web:GetHospitalScores>`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(statusCode).toBe(200);
    expect(chunks).toBeGreaterThan(10);
    expect(validatePayload(received).errors).toEqual([]);
  });

  it("oversize: a valid answer over 10 MB, the padding inside free-text fields", async () => {
    // Each on a fresh connection, like `control` (see there).
    await control("POST", "/_sim/faults", { operation: "*", kind: "oversize" });
    const response = await rawPost(envelope(ccsBody(LEEDS_CASE)));
    expect([response.statusCode, response.error]).toEqual([200, undefined]);
    expect(Buffer.byteLength(response.received)).toBeGreaterThan(11 * 1024 * 1024);
    const padded = [...response.received.matchAll(/<ns1:referralInformation>([^<]*)</g)].map((m) => m[1].length);
    expect(padded.reduce((sum, length) => sum + length, 0)).toBeGreaterThan(11 * 1024 * 1024);
    expect(validatePayload(response.received).errors).toEqual([]);

    await control("POST", "/_sim/faults", { operation: "*", kind: "oversize", bytes: 100_000 });
    const smaller = await rawPost(envelope(`<web:GetHospitalScores>${userInfo()}</web:GetHospitalScores>`));
    expect([smaller.statusCode, smaller.error]).toEqual([200, undefined]);
    expect(Buffer.byteLength(smaller.received)).toBeGreaterThan(100_000);
    expect(Buffer.byteLength(smaller.received)).toBeLessThan(200_000);
    expect(validatePayload(smaller.received).errors).toEqual([]);
  });
});

describe("POST /_sim/faults: matching, times and clearing", () => {
  it("applies `times` times, only to its operation, then answers normally", async () => {
    const { status, json } = await control("POST", "/_sim/faults", {
      operation: "GetHospitalScores",
      kind: "http500",
      times: 2,
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({ operation: "GetHospitalScores", kind: "http500", times: 2, remaining: 2 });

    expect((await search()).status).toBe(200);
    expect((await hospitalScores()).status).toBe(500);
    expect((await hospitalScores()).status).toBe(500);
    expect((await hospitalScores()).status).toBe(200);
    expect((await control("GET", "/_sim/faults")).json).toEqual({ faults: [] });

    const calls = (await control("GET", "/_sim/calls")).json!;
    expect(calls.GetHospitalScores).toBe(3);
    expect((calls.recent as { injected?: string }[]).map((c) => c.injected)).toEqual([
      undefined,
      "http500",
      "http500",
      undefined,
    ]);
  });

  it("lets the newest matching rule win, and DELETE clears them all", async () => {
    await control("POST", "/_sim/faults", { operation: "*", kind: "http500" });
    await control("POST", "/_sim/faults", { operation: "GetHospitalScores", kind: "fault", code: 302 });
    expect(faultOf((await hospitalScores()).text)[0]).toBe(302);
    expect((await search()).status).toBe(500);
    expect((await search()).contentType).toBe("text/plain; charset=utf-8");

    expect((await control("DELETE", "/_sim/faults")).status).toBe(204);
    expect((await hospitalScores()).status).toBe(200);
    expect((await search()).status).toBe(200);
  });

  it.each([
    ["a body that is not JSON", "{not json"],
    ["an unknown kind", { operation: "*", kind: "explode" }],
    ["an unknown operation", { operation: "ServiceAnalysis", kind: "http500" }],
    ["a fault without a code", { operation: "*", kind: "fault" }],
    ["a negative time", { operation: "*", kind: "latency", ms: -1 }],
    ["times of 0", { operation: "*", kind: "http500", times: 0 }],
    ["an unknown field", { operation: "*", kind: "http500", tmies: 2 }],
  ])("400 with a JSON error for %s", async (_case, body) => {
    const { status, json } = await control("POST", "/_sim/faults", body);
    expect(status).toBe(400);
    expect(json).toHaveProperty("error");
    expect((await control("GET", "/_sim/faults")).json).toEqual({ faults: [] });
  });
});

describe("PUT /_sim/services/{id}/capacity", () => {
  it("changes what the next search returns, and DELETE hands the service back to the capacity clock", async () => {
    const before = destinationsOf((await search()).text);
    const target = before[0];

    expect(await control("PUT", `/_sim/services/${target.id}/capacity`, { rag: "AMBER" })).toEqual({
      status: 200,
      json: { id: Number(target.id), rag: "AMBER" },
    });
    expect(destinationsOf((await search()).text).find((d) => d.id === target.id)?.capacity).toBe("Low");

    await control("PUT", `/_sim/services/${target.id}/capacity`, { rag: "RED" });
    expect(destinationsOf((await search()).text).map((d) => d.id)).not.toContain(target.id);

    expect((await control("DELETE", `/_sim/services/${target.id}/capacity`)).status).toBe(204);
    expect(destinationsOf((await search()).text).map((d) => d.id)).toEqual(before.map((d) => d.id));
  });

  it("404 for an unknown service, 400 for a bad body, 405 for other methods", async () => {
    expect((await control("PUT", "/_sim/services/1/capacity", { rag: "RED" })).status).toBe(404);
    const id = simulator.engine.services[0].id;
    expect((await control("PUT", `/_sim/services/${id}/capacity`, { rag: "PURPLE" })).status).toBe(400);
    expect((await control("PUT", `/_sim/services/${id}/capacity`, "RED")).status).toBe(400);
    expect((await control("GET", `/_sim/services/${id}/capacity`)).status).toBe(405);
  });
});

describe("GET /_sim/services and /_sim/health", () => {
  it("lists a few services of a type with what tests and benchmarks need", async () => {
    const { status, json } = await control("GET", "/_sim/services?type=105&limit=3");
    expect(status).toBe(200);
    const eds = simulator.engine.services.filter((s) => s.serviceType.id === 105).slice(0, 3);
    expect(json).toEqual({
      services: eds.map((s) => ({
        id: s.id,
        odsCode: s.odsCode,
        name: s.name,
        serviceType: { id: 105, name: s.serviceType.name },
        postcode: s.postcode,
        status: s.status,
        rag: s.rag,
        professionalOnly: s.professionalOnly,
      })),
    });
  });

  it("reports health and 404s unknown control routes", async () => {
    expect(await control("GET", "/_sim/health")).toEqual({
      status: 200,
      json: { status: "ok", services: simulator.engine.services.length },
    });
    expect((await control("GET", "/_sim/nothing")).status).toBe(404);
  });
});

describe("loopback only", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.10.20.30", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["192.0.2.2", false],
    ["::ffff:10.0.0.1", false],
    ["fe80::1", false],
    ["1.27.0.0", false],
    [undefined, false],
  ])("isLoopback(%p) is %p", (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  it("refuses the control API with 403 to a caller without a loopback address, while SOAP still answers", async () => {
    // A Unix socket peer has no IP address: the simplest real non-loopback caller on a machine without network.
    const server = createSimulatorServer({
      engine: createSimEngine({ seed: "wire-tests", now: () => NOW }),
      accounts: [{ username: "demo", password: "demo", webService: true, role: "professional" }],
      now: () => NOW,
      logger: createLogger("silent"),
      wsdl: "<wsdl/>",
    });
    const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sim-")), "sim.sock");
    await new Promise<void>((resolve) => server.server.listen(socketPath, resolve));
    try {
      const calls = await rawRequest(socketPath, "GET", "/_sim/calls");
      expect([calls.statusCode, JSON.parse(calls.received)]).toEqual([
        403,
        { error: "The control API answers loopback callers only" },
      ]);
      expect((await rawRequest(socketPath, "POST", "/_sim/faults", "{}")).statusCode).toBe(403);
      const soap = await rawRequest(
        socketPath,
        "POST",
        "/app/api/webservices",
        envelope(`<web:GetHospitalScores>${userInfo()}</web:GetHospitalScores>`),
      );
      expect(soap.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});

interface RawResponse {
  statusCode?: number;
  headers: http.IncomingHttpHeaders;
  received: string;
  chunks: number;
  error?: string;
}

/** A POST through node:http, reporting what arrived even when the connection breaks mid-body. */
function rawPost(body: string): Promise<RawResponse> {
  const { port } = new URL(simulator.url);
  return exchange(
    { host: "127.0.0.1", port: Number(port), method: "POST", path: "/app/api/webservices" },
    body,
  );
}

function rawRequest(socketPath: string, method: string, route: string, body?: string): Promise<RawResponse> {
  return exchange({ socketPath, method, path: route }, body);
}

function exchange(options: http.RequestOptions, body?: string): Promise<RawResponse> {
  return new Promise((resolve) => {
    const result: RawResponse = { headers: {}, received: "", chunks: 0 };
    const request = http.request({ ...options, agent: false }, (response) => {
      result.statusCode = response.statusCode;
      result.headers = response.headers;
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        result.received += chunk;
        result.chunks++;
      });
      response.on("end", () => resolve(result));
      response.on("error", (error) => resolve({ ...result, error: error.message }));
      response.on("aborted", () => resolve({ ...result, error: "aborted" }));
    });
    request.on("error", (error) => resolve({ ...result, error: error.message }));
    request.end(body);
  });
}
