import { AsyncLocalStorage } from "node:async_hooks";
import type { Span } from "@opentelemetry/api";
import type { OperationType, RefusalCode } from "./metrics";

/**
 * What is known about one HTTP request to /graphql while it runs: filled by ./requests.ts (the HTTP side) and its
 * Apollo plugin (the GraphQL side), read for the access log line and the request metrics when the response ends.
 * Identifiers, counts and codes only: never variables, the query text or DoS data.
 */
export interface RequestRecord {
  readonly requestId: string;
  /** W3C trace id (32 lowercase hex) of the request's trace, when it has one (./tracing.ts). */
  traceId: string | undefined;
  /** The request's server span when tracing is on (./tracing.ts); DoS call spans are its children. */
  span?: Span;
  /** process.hrtime.bigint() when the request reached /graphql. */
  readonly startedAt: bigint;
  /** True once Apollo started processing (false for requests refused before GraphQL: 401, 429, 413, …). */
  graphql: boolean;
  operationType: OperationType;
  operationName: string | undefined;
  /** The response's distinct `extensions.code` values, in first-seen order. */
  errorCodes: string[];
  refusals: Set<RefusalCode>;
  /** Whether the response had a non-null `data`. */
  hasData: boolean;
  /** DoS calls the operation sent (retries included). */
  dosCalls: number;
}

const storage = new AsyncLocalStorage<RequestRecord>();

/** Runs `next` (and everything it starts) with `record` as the current request. */
export function runWithRequest<T>(record: RequestRecord, next: () => T): T {
  return storage.run(record, next);
}

/** The current request, inside a request's async context; undefined elsewhere (startup, timers, the simulator). */
export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}

/**
 * pino `mixin`: the request id and trace id on every log line written inside a request (audit lines included),
 * so that logs join requests and traces. Computed only for lines actually written, so a request costs nothing
 * here while logging is off.
 */
export function requestLogFields(): { requestId?: string; traceId?: string } {
  // A fresh object each time: pino merges the line's own fields into it.
  const record = storage.getStore();
  if (!record) return {};
  return record.traceId ? { requestId: record.requestId, traceId: record.traceId } : { requestId: record.requestId };
}
