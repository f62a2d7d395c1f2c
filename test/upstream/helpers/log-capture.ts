import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../../src/logger";

export interface CapturedLogs {
  /** The project's real pino logger (with its redaction), writing into this capture. */
  logger: Logger;
  /** Every line, parsed. */
  lines: Record<string, unknown>[];
  /** Everything written, verbatim: what a log shipper would store. */
  text(): string;
}

export function captureLogs(level = "info"): CapturedLogs {
  const chunks: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString();
      chunks.push(text);
      for (const line of text.split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, destination), lines, text: () => chunks.join("") };
}
