import { setTimeout as sleep } from "node:timers/promises";
import { type Logger } from "../logger";

export interface DrainOptions {
  /** The server to take out of rotation (`SubgraphServer.drain`). */
  server: { drain(): void };
  /** How long `/readyz` says 503 while requests are still served (`SHUTDOWN_DELAY_MS`; 0 for SIGINT). */
  delayMs: number;
  /** In-flight requests' time to finish once the listener is closed (`SHUTDOWN_GRACE_MS`): for the backstop. */
  graceMs: number;
  /** Closes everything, in order: the server (which waits for in-flight requests up to the grace), clients, … */
  close: () => Promise<void>;
  logger: Logger;
  signal: NodeJS.Signals;
}

/** Time allowed beyond delay + grace for closing the DoS client, Redis and the simulator before giving up. */
export const CLOSE_MARGIN_MS = 5000;

/**
 * The shutdown a load balancer understands (README "Deploying"):
 *  1. `/readyz` answers 503 at once, so the endpoint controller / load balancer stops sending new requests;
 *  2. for `delayMs` requests are still served (routing updates are not instant; responses ask for
 *     `Connection: close`, so keep-alive clients reconnect elsewhere);
 *  3. the listener closes; in-flight requests get `graceMs` to finish, then their connections are closed;
 *  4. the DoS client, the rate-limit stores and the simulator close, and "stopped" is logged.
 * Resolves once stopped; rejects if closing fails. A backstop rejects if closing takes longer than
 * delay + grace + CLOSE_MARGIN_MS (Kubernetes' terminationGracePeriodSeconds must exceed that; deploy/k8s).
 */
export async function drainAndStop(options: DrainOptions): Promise<void> {
  const { logger, delayMs, graceMs } = options;
  options.server.drain();
  logger.info({ signal: options.signal, delayMs, graceMs }, "draining: /readyz is 503, requests still served");
  if (delayMs > 0) await sleep(delayMs);
  logger.info("drain delay over: closing the listener, waiting for in-flight requests");

  const backstopMs = graceMs + CLOSE_MARGIN_MS;
  let timer: NodeJS.Timeout | undefined;
  const backstop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`shutdown took longer than ${backstopMs} ms`)), backstopMs);
    timer.unref();
  });
  try {
    await Promise.race([options.close(), backstop]);
  } finally {
    clearTimeout(timer);
  }
  logger.info("stopped");
}
