import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { DosBadResponse, DosFault, DosInvalidRequest, DosTimeout, DosUnavailable, type DosFaultCategory } from "../dos/errors";
import { decodeCounts } from "../dos/soap";
import { type ExecutionChoice } from "../server/executor";
import { DosCallRefused, DosCircuitOpen } from "../upstream/errors";
import { DOS_OPERATIONS, type DosOperation } from "../upstream/operations";
import { type DosMonitorStatus } from "./dos-monitor";

/**
 * Prometheus metrics (prom-client), scraped on `GET /metrics` (./metrics-http.ts). README "Metrics" lists them.
 *
 * Every label takes its value from a small fixed set written in this file: never a caller id, postcode, service
 * id, operation name or anything from DoS data, so the number of series is bounded whatever clients send.
 * test/observability/metrics.test.ts checks each label value of a real scrape against these sets.
 *
 * Two registries: the process's (Node/process defaults, decoder fallbacks: one per process, like the SOAP codec)
 * and one per server (requests, DoS calls, breakers, refusals), so tests can run several servers in one process
 * without sharing counts.
 */

export const OPERATION_TYPES = ["query", "mutation", "subscription", "unknown"] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/**
 * A GraphQL request's outcome: `ok` no errors; `partial` data and errors; `error` errors and no data (parse,
 * validation, a failed root field); `refused` answered before GraphQL ran (401 authentication, 429 rate limit,
 * 400/413 malformed or too large body).
 */
export const REQUEST_OUTCOMES = ["ok", "partial", "error", "refused"] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

const FAULT_CATEGORIES: readonly DosFaultCategory[] = ["input", "not-found", "no-results", "auth", "upstream", "version"];

/**
 * One DoS call attempt's outcome: `ok`; a DoS fault by its category; `timeout`; `unavailable` (transport, HTTP
 * error); `bad-response`; `invalid-request` (our allow-list refused it before I/O); `aborted` (the client went
 * away); `refused` (never sent: budget, outbound rate, bulkhead, open circuit); `error` (a bug).
 */
export const DOS_CALL_OUTCOMES = [
  "ok",
  ...FAULT_CATEGORIES,
  "timeout",
  "unavailable",
  "bad-response",
  "invalid-request",
  "aborted",
  "refused",
  "error",
] as const;
export type DosCallOutcome = (typeof DOS_CALL_OUTCOMES)[number];

/**
 * Refusals by the subgraph's own guardrails, by the client-visible `extensions.code`. Document limits are
 * `GRAPHQL_VALIDATION_FAILED` errors that carry a `limit` (depth, aliases, root fields, directives) and the token
 * limit's `GRAPHQL_PARSE_FAILED`; other validation and parse errors are not refusals and are not counted here.
 */
export const REFUSAL_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "DOS_CALL_BUDGET_EXCEEDED",
  "INPUT_LIMIT_EXCEEDED",
  "DOS_OVERLOADED",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type CircuitState = "closed" | "half-open" | "open";
const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitState, number>> = { closed: 0, "half-open": 1, open: 2 };

/** What the DoS gateway reports (src/upstream/gateway.ts). */
export interface DosCallMetrics {
  /** One attempt finished; `durationSeconds` only for attempts actually sent to DoS. */
  dosCall(operation: DosOperation, outcome: DosCallOutcome, durationSeconds?: number): void;
  /** Counts `send` as in flight until it settles. */
  inFlight<T>(send: () => Promise<T>): Promise<T>;
  circuitState(operation: DosOperation, state: CircuitState): void;
}

export interface Metrics extends DosCallMetrics {
  requestFinished(request: { operationType: OperationType; outcome: RequestOutcome; durationSeconds: number }): void;
  refusal(code: RefusalCode): void;
  traceExportFailed(): void;
  /** An operation was executed (src/server/executor.ts): by which executor, and why. */
  executed(choice: ExecutionChoice): void;
  /** The Prometheus text exposition of both registries. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Whether a shared rate-limit store (Redis) is configured but unreachable, so limits count per process. */
  redisDegraded?: () => boolean;
  /** The synthetic DoS monitor's last result; its metrics exist only when the monitor runs. */
  dosMonitor?: () => DosMonitorStatus | undefined;
}

// Request and DoS-call latencies: DoS answers in tens of ms to seconds; DOS_TIMEOUT_MS tops out at 120 s.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "dos_subgraph_graphql_requests_total",
    help: "GraphQL requests by operation type and outcome (ok, partial, error, refused before GraphQL).",
    labelNames: ["operation_type", "outcome"],
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: "dos_subgraph_graphql_request_duration_seconds",
    help: "GraphQL request duration, from the request reaching /graphql to the response being written.",
    labelNames: ["operation_type"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const dosCalls = new Counter({
    name: "dos_subgraph_dos_calls_total",
    help: "DoS call attempts (retries included) by DoS operation and outcome; `refused` attempts were never sent.",
    labelNames: ["dos_operation", "outcome"],
    registers: [registry],
  });
  const dosDuration = new Histogram({
    name: "dos_subgraph_dos_call_duration_seconds",
    help: "Duration of DoS call attempts actually sent to DoS.",
    labelNames: ["dos_operation"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const dosInFlight = new Gauge({
    name: "dos_subgraph_dos_in_flight",
    help: "DoS calls in flight in this process.",
    registers: [registry],
  });
  const circuit = new Gauge({
    name: "dos_subgraph_circuit_state",
    help: "Circuit breaker state per DoS operation: 0 closed, 1 half-open, 2 open.",
    labelNames: ["dos_operation"],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "dos_subgraph_refusals_total",
    help: "Requests refused (wholly or in part) by a guardrail, by error code; once per code per request.",
    labelNames: ["code"],
    registers: [registry],
  });
  const traceExportFailures = new Counter({
    name: "dos_subgraph_trace_export_failures_total",
    help: "OTLP span exports that failed or passed their deadline (their spans were dropped).",
    registers: [registry],
  });
  // Counted in a plain map and read at scrape time: a prom-client `inc` with labels hashes them on every request.
  const executionCounts = new Map<string, { labels: ExecutionChoice; count: number }>();
  new Counter({
    name: "dos_subgraph_graphql_executions_total",
    help:
      "Operations executed, by executor (compiled: graphql-jit; graphql-js) and reason (compiled, first-use, " +
      "field-hooks, variables, no-operation, not-compilable).",
    labelNames: ["executor", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, count } of executionCounts.values()) this.inc({ ...labels }, count);
    },
  });
  const redisDegraded = options.redisDegraded;
  new Gauge({
    name: "dos_subgraph_redis_degraded",
    help: "1 while REDIS_URL is set but Redis is unreachable, so rate limits count per process; else 0.",
    registers: [registry],
    collect() {
      this.set(redisDegraded?.() ? 1 : 0);
    },
  });
  const monitor = options.dosMonitor;
  if (monitor) {
    new Gauge({
      name: "dos_subgraph_dos_monitor_up",
      help: "1 if DoS answered the last synthetic monitoring search, 0 if not (absent before the first).",
      registers: [registry],
      collect() {
        const status = monitor();
        if (status) this.set(status.reachable ? 1 : 0);
      },
    });
    new Gauge({
      name: "dos_subgraph_dos_monitor_latency_seconds",
      help: "Duration of the last synthetic monitoring search.",
      registers: [registry],
      collect() {
        const status = monitor();
        if (status) this.set(status.latencyMs / 1000);
      },
    });
  }
  // Every operation has a circuit sample before its first call (the gateway reports changes from then on).
  for (const operation of DOS_OPERATIONS) circuit.set({ dos_operation: operation }, 0);

  return {
    requestFinished({ operationType, outcome, durationSeconds }) {
      requests.inc({ operation_type: operationType, outcome });
      requestDuration.observe({ operation_type: operationType }, durationSeconds);
    },
    refusal(code) {
      refusals.inc({ code });
    },
    traceExportFailed() {
      traceExportFailures.inc();
    },
    executed({ executor, reason }) {
      const key = `${executor}/${reason}`;
      const entry = executionCounts.get(key);
      if (entry) entry.count++;
      else executionCounts.set(key, { labels: { executor, reason }, count: 1 });
    },
    dosCall(operation, outcome, durationSeconds) {
      dosCalls.inc({ dos_operation: operation, outcome });
      if (durationSeconds !== undefined) dosDuration.observe({ dos_operation: operation }, durationSeconds);
    },
    async inFlight(send) {
      dosInFlight.inc();
      try {
        return await send();
      } finally {
        dosInFlight.dec();
      }
    },
    circuitState(operation, state) {
      circuit.set({ dos_operation: operation }, CIRCUIT_STATE_VALUE[state]);
    },
    async scrape() {
      const [own, shared] = await Promise.all([registry.metrics(), processRegistry().metrics()]);
      return { contentType: registry.contentType, body: own + shared };
    },
  };
}

/** A DoS call attempt's outcome label, from what the gateway's attempt threw. */
export function dosCallOutcomeOf(error: unknown, signal: AbortSignal | undefined): DosCallOutcome {
  // Never sent: an open circuit, the budget, the outbound rate, the bulkhead.
  if (error instanceof DosCircuitOpen || error instanceof DosCallRefused) return "refused";
  if (error instanceof DosFault) return error.category;
  if (error instanceof DosTimeout) return "timeout";
  if (error instanceof DosUnavailable) return signal?.aborted ? "aborted" : "unavailable";
  if (error instanceof DosBadResponse) return "bad-response";
  if (error instanceof DosInvalidRequest) return "invalid-request";
  return "error";
}

let processMetrics: Registry | undefined;

// Private: created on the first scrape. Default metrics start an event-loop monitor and a GC observer, once
// per process however many servers (tests) exist.
function processRegistry(): Registry {
  if (processMetrics) return processMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: "dos_subgraph_decoder_fallbacks_total",
    // Since issue 12 the fast reader has no fallback: an answer it cannot read is DOS_BAD_RESPONSE. A serving
    // process therefore keeps this at 0; the series stays so that dashboards and alerts written for it hold.
    help: "DoS responses decoded by node-soap instead of the fast XML reader (0 while the reader has no fallback).",
    registers: [registry],
    collect() {
      // The count lives with the SOAP codec (src/dos/soap.ts), one per process.
      this.reset();
      this.inc(decodeCounts()["node-soap"]);
    },
  });
  processMetrics = registry;
  return registry;
}
