import { pino, type Logger } from "pino";
import { requestLogFields } from "./observability/request-context";

export type { Logger };

/**
 * The process's one structured (JSON) logger. Children carry request and DoS-call fields.
 *
 * Redaction is a second line of defence only: code must never put credentials or DoS payloads (names,
 * addresses, phone numbers, SOAP bodies) into a log call in the first place.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: "dos-subgraph" },
      // The trace id on every line written inside a request (src/observability/request-context.ts).
      mixin: requestLogFields,
      redact: {
        paths: ["password", "*.password", "*.*.password", "authorization", "*.authorization", "headers.cookie"],
        censor: "[redacted]",
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
