import { type Logger } from "./logger";
import { currentRequest } from "./observability/request-context";

/**
 * What the process does on an unhandled promise rejection or an uncaught exception (issue 12 §0).
 *
 * Both are bugs: every promise the subgraph creates is awaited or handled, and every request-level failure
 * (bad input, DoS faults, limits) is a GraphQL error, never a throw out of the event loop. After such a bug the
 * process's state is unknown (a bulkhead slot or a breaker probe may never be released, a DataLoader batch may
 * hang), so it does not keep serving: it logs ONE line at `fatal` (the error with its stack, the kind, and the
 * request id when the bug happened while serving a request) and exits with status 1 at once, so that the
 * orchestrator (Kubernetes, ECS, systemd, `docker --restart`) restarts it and the router retries the request
 * on another replica. The process logger writes synchronously (src/logger.ts), so the line is out before the
 * exit. In-flight requests on this replica fail with a closed connection; that is the price of not serving from a
 * corrupted state. Installed by the process entry (src/index.ts) only: tests and embedders own their own process.
 */
export function exitOnProcessFaults(logger: Logger, exit: (code: number) => void = code => process.exit(code)): void {
  const fatal = (kind: "unhandledRejection" | "uncaughtException") => (error: unknown) => {
    // The request the failing code ran for, when it ran inside one (src/observability/request-context.ts).
    const requestId = currentRequest()?.requestId;
    logger.fatal({ err: error, kind, requestId }, `${kind}: a bug in the subgraph; exiting so that it is restarted`);
    exit(1);
  };
  process.on("unhandledRejection", fatal("unhandledRejection"));
  process.on("uncaughtException", fatal("uncaughtException"));
}
