import { pino, type Logger } from "pino";
import { type PrettyOptions } from "pino-pretty";
import { requestLogFields } from "./observability/request-context";

export type { Logger };

/**
 * The process's one structured (JSON) logger. Children carry request and DoS-call fields.
 *
 * Redaction is a second line of defence only: code must never put credentials or DoS payloads (names,
 * addresses, phone numbers, SOAP bodies) into a log call in the first place.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = synchronousStdout()): Logger {
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

/**
 * Stdout, written synchronously: each line is out before the logging call returns. pino's own default writes
 * through libuv's thread pool, so a line could still be on its way when the process exits: the fatal line of
 * src/process-faults.ts, or the last access line before "stopped", was then lost or written after a later line
 * (the drain test's intermittent failure). A synchronous write is also the cheaper one here (one `write(2)` per line
 * against a thread-pool round trip). The trade: if the reader of stdout stalls (a full pipe), the process waits for
 * it, rather than buffering logs without bound.
 */
function synchronousStdout(): NodeJS.WritableStream {
  return pino.destination({ dest: 1, sync: true }) as unknown as NodeJS.WritableStream;
}

/** Pretty when asked (`LOG_FORMAT=pretty`), or by default in development on a terminal; JSON otherwise. */
export function wantsPrettyLogs(config: { env: string; logFormat?: "json" | "pretty" }, stdoutIsTty: boolean): boolean {
  return config.logFormat ? config.logFormat === "pretty" : config.env === "development" && stdoutIsTty;
}

/**
 * The process's logger (src/index.ts): JSON lines on stdout, or, for a person at a terminal, one readable line per
 * record through pino-pretty (a dev dependency, loaded only here, in the main thread: no worker, nothing lost on
 * exit). Without pino-pretty installed (`npm ci --omit=dev`) it says so in its first line and logs JSON.
 */
export function createProcessLogger(level: string, pretty: boolean): Logger {
  if (!pretty) return createLogger(level);
  let prettyStream: NodeJS.WritableStream;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pinoPretty = require("pino-pretty") as (options: PrettyOptions) => NodeJS.WritableStream;
    prettyStream = pinoPretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service", sync: true });
  } catch {
    const logger = createLogger(level);
    logger.warn("LOG_FORMAT: pretty logs need pino-pretty (a dev dependency), which is not installed: logging JSON");
    return logger;
  }
  return createLogger(level, prettyStream);
}
