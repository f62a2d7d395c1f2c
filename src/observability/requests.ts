import { type IncomingMessage } from "node:http";
import { type ApolloServerPlugin } from "@apollo/server";
import { type Logger } from "../logger";
import { type Context } from "../server/context";
import { requestIdOf, type GraphqlResponse } from "../server/request-scope";
import { OPERATION_TYPES, REFUSAL_CODES, type Metrics, type RefusalCode, type RequestOutcome } from "./metrics";
import { currentRequest, runWithRequest, type RequestRecord } from "./request-context";
import { traceIdOf } from "./trace-id";
import { type Tracing } from "./tracing";

export interface RequestObservation {
  /** First on /graphql: starts the clock, fixes the request id, and writes the access line when the response ends. */
  start(req: IncomingMessage, res: GraphqlResponse): RequestRecord;
  /**
   * After the body is read (stream callbacks lose the async context): runs `next` with the request current, so
   * the plugin and log lines find it.
   */
  enter<T>(record: RequestRecord, next: () => T): T;
  /** Reads the operation type and name, the response's error codes and the DoS call count. */
  plugin: ApolloServerPlugin<Context>;
}

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const refusalCodes: ReadonlySet<string> = new Set(REFUSAL_CODES);

/**
 * The access log and the request metrics (README "Observability"): one JSON line at `info` per request to
 * /graphql, written when the response ends, with `requestId`, `traceId`, `caller`, `operationName`,
 * `operationType`, `status`, `durationMs`, `dosCalls` and `errorCodes`. Never variables, the query text or DoS
 * data. `LOG_LEVEL=warn` (or above) silences it.
 *
 * A client that goes away before the response is written is logged with status 499 (nginx's "client closed
 * request").
 */
export function observeRequests(deps: { logger: Logger; metrics: Metrics; tracing?: Tracing }): RequestObservation {
  const { logger, metrics, tracing } = deps;
  return {
    start(req, res) {
      const record: RequestRecord = {
        // One id per request, for the access line, the request's log lines and the `x-request-id` header.
        requestId: requestIdOf(req, res),
        traceId: traceIdOf(req),
        startedAt: process.hrtime.bigint(),
        graphql: false,
        operationType: "unknown",
        operationName: undefined,
        errorCodes: [],
        refusals: new Set(),
        hasData: false,
        dosCalls: 0,
      };
      if (tracing) {
        record.span = tracing.startRequest(req);
        record.traceId = record.span.spanContext().traceId;
      }
      // Written when the response is finished (still inside the server's drain, so before the "stopped" line), or
      // when the connection closes first (the client went away: 499). Once either way.
      let written = false;
      const writeOnce = () => {
        if (written) return;
        written = true;
        finish(record, res);
      };
      res.once("finish", writeOnce);
      res.once("close", writeOnce);
      return record;
    },
    enter: runWithRequest,
    plugin: {
      async requestDidStart() {
        const record = currentRequest();
        if (!record) return;
        record.graphql = true;
        return {
          async didResolveOperation({ operation, operationName }) {
            const type = operation?.operation;
            record.operationType = type && (OPERATION_TYPES as readonly string[]).includes(type) ? type : "unknown";
            record.operationName = operationName && OPERATION_NAME.test(operationName) ? operationName : undefined;
          },
          async willSendResponse({ response, contextValue }) {
            record.dosCalls = contextValue?.dos?.callsMade ?? 0;
            if (response.body.kind !== "single") return;
            const { data, errors } = response.body.singleResult;
            record.hasData = data !== undefined && data !== null;
            for (const error of errors ?? []) {
              const code = error.extensions?.code;
              if (typeof code !== "string") continue;
              if (!record.errorCodes.includes(code)) record.errorCodes.push(code);
              if (isRefusal(code, error.extensions?.limit, error.message)) record.refusals.add(code as RefusalCode);
            }
          },
        };
      },
    },
  };

  function finish(record: RequestRecord, res: GraphqlResponse): void {
    const status = res.writableFinished ? res.statusCode : 499;
    const durationSeconds = Number(process.hrtime.bigint() - record.startedAt) / 1e9;
    if (!record.graphql) {
      // Answered before GraphQL: the status says why (auth, rate limit, body parser, CSRF prevention).
      const code = codeOfStatus(status);
      if (code) record.errorCodes.push(code);
      if (code === "UNAUTHENTICATED" || code === "RATE_LIMITED") record.refusals.add(code);
    }
    metrics.requestFinished({ operationType: record.operationType, outcome: outcomeOf(record, status), durationSeconds });
    for (const code of record.refusals) metrics.refusal(code);
    if (record.span) tracing?.endRequest(record.span, { ...record, status });
    logger.info(
      {
        access: "graphql",
        requestId: record.requestId,
        traceId: record.traceId,
        caller: res.locals.caller?.id,
        operationName: record.operationName,
        operationType: record.operationType,
        status,
        durationMs: Math.round(durationSeconds * 1000),
        dosCalls: record.dosCalls,
        errorCodes: record.errorCodes,
      },
      "GraphQL request",
    );
  }
}

function outcomeOf(record: RequestRecord, status: number): RequestOutcome {
  if (!record.graphql) return status < 400 ? "ok" : "refused";
  if (record.errorCodes.length === 0 && status < 400) return "ok";
  return record.hasData ? "partial" : "error";
}

// Private: the guardrail refusals among a response's errors (see REFUSAL_CODES).
function isRefusal(code: string, limit: unknown, message: string): boolean {
  if (!refusalCodes.has(code)) return false;
  if (code === "GRAPHQL_VALIDATION_FAILED") return limit !== undefined;
  if (code === "GRAPHQL_PARSE_FAILED") return /more than \d+ tokens/.test(message);
  return true;
}

function codeOfStatus(status: number): string | undefined {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 429) return "RATE_LIMITED";
  if (status === 499) return undefined;
  if (status >= 500) return "INTERNAL_SERVER_ERROR";
  if (status >= 400) return "BAD_REQUEST";
  return undefined;
}
