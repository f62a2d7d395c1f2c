import { createHash, timingSafeEqual } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import { type RequestHandler } from "express";
import { type Metrics } from "./metrics";

/**
 * Who may read `GET /metrics` (README "Observability"). Metrics are never public:
 *  - `METRICS_PORT` set: served only on that port (all paths but /metrics 404), not on the GraphQL port; the
 *    port is reachable only by the scraper (deploy/k8s NetworkPolicy);
 *  - else, with `ROUTER_SECRET` set: on the GraphQL port, for callers sending the router secret
 *    (`Authorization: Bearer <secret>`, what Prometheus sends with `authorization.credentials`, or
 *    `x-router-secret`);
 *  - else outside production (local use): on the GraphQL port, open;
 *  - else (production, JWT mode, no METRICS_PORT): not served (404); startup warns.
 */
export type MetricsAccess =
  | { kind: "port"; port: number }
  | { kind: "secret"; secret: string }
  | { kind: "open" }
  | { kind: "off" };

export function metricsAccess(config: {
  env: string;
  metricsPort: number | undefined;
  routerSecret: string | undefined;
}): MetricsAccess {
  if (config.metricsPort !== undefined) return { kind: "port", port: config.metricsPort };
  if (config.routerSecret) return { kind: "secret", secret: config.routerSecret };
  return config.env === "production" ? { kind: "off" } : { kind: "open" };
}

/** The scrape handler; with a `secret`, a request without it gets 401 and no metrics. */
export function metricsHandler(metrics: Metrics, secret?: string): RequestHandler {
  const expected = secret === undefined ? undefined : sha256(secret);
  return (req, res, next) => {
    if (expected && !sentSecretMatches(req.get("authorization"), req.get("x-router-secret"), expected)) {
      res.status(401).json({ errors: [{ message: "Authentication required.", extensions: { code: "UNAUTHENTICATED" } }] });
      return;
    }
    metrics.scrape().then(({ contentType, body }) => {
      res.setHeader("Content-Type", contentType);
      res.send(body);
    }, next);
  };
}

/** A plain HTTP server on its own port that serves `GET /metrics` only. */
export function createMetricsServer(metrics: Metrics): Server {
  return createHttpServer((req, res) => {
    res.setHeader("Cache-Control", "no-store");
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found.\n");
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { "Content-Type": contentType }).end(body),
      () => res.writeHead(500, { "Content-Type": "text/plain" }).end("Metrics failed.\n"),
    );
  });
}

function sentSecretMatches(authorization: string | undefined, routerSecret: string | undefined, expected: Buffer) {
  const bearer = authorization && /^Bearer (\S{1,512})$/.exec(authorization)?.[1];
  const sent = bearer || routerSecret;
  // Hashing both sides gives equal lengths for timingSafeEqual, so not even the secret's length leaks.
  return sent !== undefined && sent.length <= 512 && timingSafeEqual(sha256(sent), expected);
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
