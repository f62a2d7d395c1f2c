import { DosFault } from "../dos/errors";
import { type CheckCapacitySummaryRequest, type DosClient } from "../dos/types";
import { type Logger } from "../logger";

/**
 * The synthetic DoS monitor (README "Observability"; off unless `DOS_MONITOR_INTERVAL_MS` is set). It follows DoS's
 * guidance for monitoring calls (docs-dos-api `usage/monitoring_and_testing`; security.md G6): at most one call
 * per minute (config refuses a shorter interval; every 5 minutes is preferred), `caseId` MONITORING (its own DoS
 * client, built with that caseId: src/index.ts), search distance 1, no caseRef. Each replica runs its own; DoS
 * asks for prior permission from the DoS team.
 *
 * It records whether DoS answered and how long it took, as metrics and in `/readyz`'s body. It never fails
 * readiness: a DoS outage must not take every replica out of the load balancer (callers get explicit DoS errors
 * instead), and the result of the search is never kept.
 */
export interface DosMonitorStatus {
  /** DoS answered (a result or a DoS fault such as 102 "no services"); false for timeouts and transport failures. */
  reachable: boolean;
  latencyMs: number;
  /** ISO 8601 instant of the check. */
  checkedAt: string;
}

export interface DosMonitor {
  /** The last check's result; undefined before the first completes. */
  status(): DosMonitorStatus | undefined;
  /** Runs one check now (the schedule calls it; tests may). */
  check(): Promise<DosMonitorStatus>;
  stop(): void;
}

/** The monitoring search: a fixed, valid England search at distance 1 (DOS_MONITOR_POSTCODE). */
export function monitoringSearch(postcode: string): CheckCapacitySummaryRequest {
  return {
    postcode,
    age: 40,
    ageFormat: "Years",
    // Dx02 ("Emergency Ambulance Response") as its disposition-group uid; SG 1013 / SD 4052 (a valid pair).
    disposition: 1002,
    symptomGroup: 1013,
    symptomDiscriminators: [4052],
    searchDistance: 1,
  };
}

export function startDosMonitor(options: {
  /** A DoS client built with caseId MONITORING. */
  dos: DosClient;
  intervalMs: number;
  postcode: string;
  logger: Logger;
  now?: () => number;
}): DosMonitor {
  const now = options.now ?? Date.now;
  const request = monitoringSearch(options.postcode);
  let last: DosMonitorStatus | undefined;
  let running: Promise<DosMonitorStatus> | undefined;

  async function runCheck(): Promise<DosMonitorStatus> {
    const started = now();
    let reachable: boolean;
    try {
      await options.dos.checkCapacitySummary(request);
      reachable = true;
    } catch (error) {
      // A DoS fault is an answer from DoS: it is up (102 no services, or a fault about the search itself).
      reachable = error instanceof DosFault && error.category !== "upstream";
    }
    const status = { reachable, latencyMs: now() - started, checkedAt: new Date(now()).toISOString() };
    if (last?.reachable !== reachable) {
      const log = reachable ? options.logger.info.bind(options.logger) : options.logger.warn.bind(options.logger);
      log({ monitor: "dos", reachable, latencyMs: status.latencyMs }, reachable ? "DoS monitor: reachable" : "DoS monitor: unreachable");
    }
    last = status;
    return status;
  }

  // One check at a time: a slow DoS never gets two monitoring calls in flight.
  const check = () => (running ??= runCheck().finally(() => (running = undefined)));
  void check();
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();

  return { status: () => last, check, stop: () => clearInterval(timer) };
}
