import { type IncomingMessage } from "node:http";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TracerProvider } from "@opentelemetry/sdk-trace";
import { type TracingConfig } from "../config";
import { type Logger } from "../logger";
import { type DosOperation } from "../upstream/operations";
import { type DosCallOutcome } from "./metrics";
import { createOtlpExporter } from "./otlp-exporter";
import { currentRequest } from "./request-context";

/**
 * OpenTelemetry tracing (README "Observability"), on only when an OTLP endpoint is configured (src/config.ts
 * reads the standard OTEL_* variables). OTLP over HTTP, protobuf (default) or JSON.
 *
 *  - One SERVER span per request to /graphql, continuing the router's W3C `traceparent` (parent-based sampling:
 *    the router's decision is kept; a request without one starts a sampled trace).
 *  - One CLIENT child span per DoS call attempt: operation, attempt number, outcome (its duration is the span's).
 *    Never a request or response body, a credential, a postcode or a caller-supplied value other than the
 *    GraphQL operation name.
 *  - Export is batched off the request path: a bounded queue (OTEL_BSP_MAX_QUEUE_SIZE; spans beyond it are
 *    dropped) and a deadline per export (OTEL_EXPORTER_OTLP_TIMEOUT), so a stalled collector never delays a
 *    response.
 *
 * The span context is carried in the request record (./request-context.ts), not in an OTel context manager:
 * nothing else in the process creates spans, and HTTP calls to DoS carry no trace headers.
 */
export interface Tracing {
  /** Starts the request's server span; its trace id becomes the request's `traceId`. */
  startRequest(req: IncomingMessage): Span;
  endRequest(span: Span, result: RequestSpanResult): void;
  /** Starts a DoS call attempt's span under the current request's span; call the result with the outcome. */
  dosAttempt(operation: DosOperation, attempt: number): (outcome: DosCallOutcome) => void;
  /** Exports what is queued (bounded by `deadlineMs`), then stops. */
  shutdown(deadlineMs?: number): Promise<void>;
}

export interface RequestSpanResult {
  status: number;
  operationType: string;
  operationName: string | undefined;
  dosCalls: number;
  errorCodes: readonly string[];
}

const headerGetter: TextMapGetter<IncomingMessage> = {
  keys: req => Object.keys(req.headers),
  get: (req, key) => req.headers[key],
};

export interface TracingDependencies {
  logger: Logger;
  /** Counts failed exports (`dos_subgraph_trace_export_failures_total`). */
  onExportFailure?: () => void;
}

export function createTracing(config: TracingConfig, deps: TracingDependencies): Tracing {
  // A failing collector is logged when it starts failing and when it recovers, not once per batch.
  let failing = false;
  const exporter = createOtlpExporter({
    url: config.url,
    protocol: config.protocol,
    headers: config.headers,
    timeoutMs: config.timeoutMs,
    onResult(ok) {
      if (!ok) deps.onExportFailure?.();
      if (ok === !failing) return;
      failing = !ok;
      // Never the URL or headers: either may hold a collector token.
      if (failing) deps.logger.warn("trace export failed: spans are being dropped until the collector answers");
      else deps.logger.info("trace export recovered");
    },
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        maxQueueSize: config.maxQueueSize,
        maxExportBatchSize: Math.min(512, config.maxQueueSize),
        scheduledDelayMillis: config.scheduleDelayMs,
        exportTimeoutMillis: config.timeoutMs,
      }),
    ],
  });
  const tracer: Tracer = provider.getTracer("dos-subgraph");
  const propagator = new W3CTraceContextPropagator();

  return {
    startRequest(req) {
      const parent = propagator.extract(ROOT_CONTEXT, req, headerGetter);
      return tracer.startSpan(
        `${req.method} /graphql`,
        { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "url.path": "/graphql" } },
        parent,
      );
    },
    endRequest(span, result) {
      const attributes: Attributes = {
        "http.response.status_code": result.status,
        "graphql.operation.type": result.operationType,
        "dos_subgraph.dos_calls": result.dosCalls,
      };
      if (result.operationName) attributes["graphql.operation.name"] = result.operationName;
      if (result.errorCodes.length > 0) attributes["dos_subgraph.error_codes"] = [...result.errorCodes];
      span.setAttributes(attributes);
      if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
    dosAttempt(operation, attempt) {
      const parentSpan = currentRequest()?.span;
      const span = tracer.startSpan(
        `DoS ${operation}`,
        { kind: SpanKind.CLIENT, attributes: { "dos.operation": operation, "dos.attempt": attempt } },
        parentSpan ? trace.setSpan(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT,
      );
      return outcome => {
        span.setAttribute("dos.outcome", outcome);
        if (outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        span.end();
      };
    },
    async shutdown(deadlineMs = 3000) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>(resolve => {
        timer = setTimeout(resolve, deadlineMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
      await exporter.shutdown();
    },
  };
}
