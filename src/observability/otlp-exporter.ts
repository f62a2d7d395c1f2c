import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { ExportResultCode } from "@opentelemetry/core";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { type SpanExporter } from "@opentelemetry/sdk-trace";

export interface OtlpExporterOptions {
  /** The full traces URL (…/v1/traces). */
  url: string;
  protocol: "http/protobuf" | "http/json";
  headers: Readonly<Record<string, string>>;
  /** Deadline of one export, connection to last byte; past it the request is destroyed and the batch dropped. */
  timeoutMs: number;
  /** Told each export's result (for the failure log and counter). */
  onResult?: (ok: boolean) => void;
}

/**
 * OTLP/HTTP span exporter: OpenTelemetry's own OTLP serialisers (protobuf or JSON) over node:http(s).
 *
 * Used instead of @opentelemetry/exporter-trace-otlp-*: those load `http` with a dynamic `import()`, which Jest's
 * module sandbox refuses, so the tests could not run the production exporter. Behaviour differs in one way: no
 * retries, a failed batch is dropped (the failure is logged and counted by ./tracing.ts).
 */
export function createOtlpExporter(options: OtlpExporterOptions): SpanExporter {
  const url = new URL(options.url);
  const secure = url.protocol === "https:";
  // Two sockets at most: the batch processor sends one export at a time, plus one for a flush.
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 2 }) : new HttpAgent({ keepAlive: true, maxSockets: 2 });
  const send = secure ? httpsRequest : httpRequest;
  const json = options.protocol === "http/json";
  const serializer = json ? JsonTraceSerializer : ProtobufTraceSerializer;
  const contentType = json ? "application/json" : "application/x-protobuf";

  return {
    export(spans, done) {
      const body = serializer.serializeRequest(spans);
      if (!body) {
        options.onResult?.(false);
        done({ code: ExportResultCode.FAILED, error: new Error("OTLP serialisation failed") });
        return;
      }
      let settled = false;
      const finish = (ok: boolean, error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        options.onResult?.(ok);
        done(ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error });
      };
      const req = send(url, {
        method: "POST",
        agent,
        headers: { ...options.headers, "content-type": contentType, "content-length": body.byteLength },
      });
      const deadline = setTimeout(() => req.destroy(new Error("OTLP export deadline passed")), options.timeoutMs);
      deadline.unref();
      req.once("response", res => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.once("end", () => finish(status >= 200 && status < 300, new Error(`collector answered HTTP ${status}`)));
        res.once("error", error => finish(false, error));
      });
      req.once("error", error => finish(false, error));
      req.end(Buffer.from(body));
    },
    async shutdown() {
      // Pending exports fail at once (their sockets are destroyed).
      agent.destroy();
    },
    async forceFlush() {},
  };
}
