import { type Config } from "../config";
import { DosUnavailable } from "../dos/errors";
import { type DosCallOptions, type DosClient } from "../dos/types";
import { createRateLimiter, type RateLimiter, type RateLimitStoreState } from "../limits/rate-limiter";
import { type Logger } from "../logger";
import { dosCallOutcomeOf, type DosCallMetrics, type DosCallOutcome } from "../observability/metrics";
import { type Tracing } from "../observability/tracing";
import { accountFor, type Audience } from "./accounts";
import { outcomeOf, writeAudit, type AuditOutcome } from "./audit";
import { AuthBreaker, DEFAULT_AUTH_BREAKER_OPEN_MS } from "./auth-breaker";
import { OperationBudget } from "./budget";
import { Bulkhead } from "./bulkhead";
import { DEFAULT_CIRCUIT_SETTINGS, OperationCircuits, type CircuitSettings } from "./circuit-breakers";
import { DosRateLimited } from "./errors";
import { type DosOperation } from "./operations";
import { MAX_ATTEMPTS, backOff, isRetryable, retryBackoffMs, retryFits } from "./retry";

/** The settings the gateway reads; a whole `Config` fits. */
export interface GatewayConfig {
  dos: Pick<Config["dos"], "account" | "timeoutMs">;
  auth: Pick<Config["auth"], "publicAccount">;
  limits: Pick<
    Config["limits"],
    "dosCallsPerOperation" | "searchesPerOperation" | "dosCallsPerSecond" | "redisUrl" | "dosMaxInFlight"
  > &
    Partial<Pick<Config["limits"], "redisTimeoutMs">>;
}

export interface DosGatewayDependencies {
  dos: DosClient;
  logger: Logger;
  config: GatewayConfig;
  /** The outbound limiter; default: one built from `DOS_CALLS_PER_SECOND` and `REDIS_URL` (none when 0). */
  rateLimiter?: RateLimiter;
  now?: () => number;
  /** Breaker timings (tests shorten them); defaults in DEFAULT_CIRCUIT_SETTINGS / DEFAULT_AUTH_BREAKER_OPEN_MS. */
  circuit?: Partial<CircuitSettings>;
  authBreakerOpenMs?: number;
  /** Prometheus metrics (src/observability/metrics.ts): outcomes, durations, in-flight calls, breaker states. */
  metrics?: DosCallMetrics;
  /** OpenTelemetry (src/observability/tracing.ts): one span per attempt. */
  tracing?: Pick<Tracing, "dosAttempt">;
}

export interface OperationScope {
  /** Verified by authentication; decides the DoS account. */
  caller: { id: string; audience: Audience };
  /** Fires when the GraphQL client goes away: calls in flight are aborted and nothing more is sent. */
  signal?: AbortSignal;
  /** The request's logger; audit lines go here. */
  logger: Logger;
  operationName?: string;
  /** When (per `now`) the operation should be done; a retry is made only if it fits. Default: DOS_TIMEOUT_MS on. */
  deadline?: number;
  /** Told how many DoS list entries an answer left out for failing validation (`DosCallOptions.onWithheld`). */
  onWithheld?: (count: number) => void;
}

/**
 * The DoS client of ONE GraphQL operation. Options passed to its methods are ignored: the scope alone decides
 * the account and the abort signal, so neither can come from client input.
 */
export interface OperationDos extends DosClient {
  /** Calls actually sent to DoS so far, retries included (refused attempts are not sent). */
  readonly callsMade: number;
}

export interface DosGateway {
  forOperation(scope: OperationScope): OperationDos;
  /**
   * Resolves once the outbound rate limit's shared store (Redis) is connected; at once without one. Until then
   * each replica counts on its own, so awaiting it is optional (a readiness check may).
   */
  ready(): Promise<void>;
  /** Where the outbound rate limit counts right now (`off` without Redis or without a rate); for /readyz. */
  storeState(): RateLimitStoreState;
  /** Stops the breakers' timers and closes the rate-limit store connection if the gateway opened it. */
  close(): Promise<void>;
}

/**
 * The one way GraphQL operations reach DoS. Create it once per process, and one `forOperation` view per GraphQL
 * operation. Each attempt passes, in order:
 *  1. the operation's abort signal (nothing is sent for a client that has gone);
 *  2. the operation's budget (anti-crawl, security.md §2.2) → `DosCallBudgetExceeded`;
 *  3. the DoS operation's circuit breaker → `DosCircuitOpen`;
 *  4. the process bulkhead → `DosOverloaded`;
 *  5. the outbound rate limit of the DoS account → `DosRateLimited`;
 *  6. the account's auth breaker → `DosCircuitOpen`;
 * then the DoS client, with the account for the caller's audience and the operation's signal. A failure that a
 * retry may fix is retried once (./retry.ts); every attempt writes one audit line (./audit.ts).
 *
 * The process-wide state here is counters and breaker states. DoS data is never kept: no caching and no sharing
 * of one caller's in-flight call with another, ever (the AUP, security.md §2.1).
 */
export function createDosGateway(deps: DosGatewayDependencies): DosGateway {
  const { dos, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const { metrics } = deps;
  const circuits = new OperationCircuits({ ...DEFAULT_CIRCUIT_SETTINGS, ...deps.circuit }, logger, metrics?.circuitState);
  const authBreaker = new AuthBreaker(deps.authBreakerOpenMs ?? DEFAULT_AUTH_BREAKER_OPEN_MS, logger, now);
  const bulkhead = new Bulkhead(config.limits.dosMaxInFlight);
  const ownRateLimiter =
    deps.rateLimiter || config.limits.dosCallsPerSecond === 0
      ? undefined
      : createRateLimiter({
          points: config.limits.dosCallsPerSecond,
          durationSeconds: 1,
          keyPrefix: "dos-subgraph:dos-calls",
          redisUrl: config.limits.redisUrl,
          redisTimeoutMs: config.limits.redisTimeoutMs,
          logger,
        });
  const rateLimiter = deps.rateLimiter ?? ownRateLimiter;
  const accounts = { main: config.dos.account, public: config.auth.publicAccount };

  function forOperation(scope: OperationScope): OperationDos {
    const budget = new OperationBudget(config.limits);
    const account = accountFor(scope.caller.audience, accounts);
    const deadline = scope.deadline ?? now() + config.dos.timeoutMs;
    const callOptions: DosCallOptions = {
      account: account.credentials,
      signal: scope.signal,
      onWithheld: scope.onWithheld,
    };
    let callsMade = 0;

    // Private: one attempt through every gate; `attempt.sent` records whether it reached the DoS client.
    async function attemptCall<T>(operation: DosOperation, send: Send<T>, attempt: { sent: boolean }): Promise<T> {
      if (scope.signal?.aborted) throw new DosUnavailable("aborted");
      budget.charge(operation);
      circuits.assertClosed(operation);
      const release = bulkhead.acquire();
      try {
        const decision = await rateLimiter?.consume(account.label);
        if (decision && !decision.allowed) throw new DosRateLimited(decision.retryAfterMs);
        const probe = authBreaker.admit(account.label);
        try {
          const result = await circuits.run(
            operation,
            () => {
              attempt.sent = true;
              callsMade++;
              return metrics ? metrics.inFlight(send) : send();
            },
            scope.signal,
          );
          authBreaker.settle(account.label, { probe, sent: true });
          return result;
        } catch (error) {
          authBreaker.settle(account.label, { probe, sent: attempt.sent, error });
          throw error;
        }
      } finally {
        release();
      }
    }

    async function call<T>(operation: DosOperation, send: Send<T>, transactionIdOf?: (result: T) => string) {
      for (let attemptNo = 1; ; attemptNo++) {
        const started = now();
        const attempt = { sent: false };
        const audit = (outcome: AuditOutcome, transactionId?: string) =>
          writeAudit(scope.logger, {
            audit: "dos-call",
            caller: scope.caller.id,
            audience: scope.caller.audience,
            operation,
            account: account.label,
            attempt: attemptNo,
            outcome,
            durationMs: now() - started,
            transactionId,
            operationName: scope.operationName,
          });
        const endSpan = deps.tracing?.dosAttempt(operation, attemptNo);
        const measure = (outcome: DosCallOutcome) => {
          metrics?.dosCall(operation, outcome, attempt.sent ? (now() - started) / 1000 : undefined);
          endSpan?.(outcome);
        };
        try {
          const result = await attemptCall(operation, send, attempt);
          audit("ok", transactionIdOf?.(result));
          measure("ok");
          return result;
        } catch (error) {
          audit(outcomeOf(error, scope.signal));
          measure(dosCallOutcomeOf(error, scope.signal));
          const retry =
            attemptNo < MAX_ATTEMPTS && attempt.sent && isRetryable(error) && (await backOffForRetry(operation, started));
          if (!retry) throw error;
        }
      }
    }

    // Private: whether the one retry may go (the caller is still there, the circuit still closed, and it fits
    // before the deadline); if so, waits out the backoff.
    async function backOffForRetry(operation: DosOperation, attemptStarted: number): Promise<boolean> {
      if (scope.signal?.aborted || !circuits.allows(operation)) return false;
      const backoffMs = retryBackoffMs();
      if (!retryFits({ now: now(), deadline, attemptMs: now() - attemptStarted, backoffMs })) return false;
      return backOff(backoffMs, scope.signal);
    }

    return {
      get callsMade() {
        return callsMade;
      },
      checkCapacitySummary: request =>
        call("CheckCapacitySummary", () => dos.checkCapacitySummary(request, callOptions), r => r.transactionId),
      serviceDetailsById: idOrOdsCode =>
        call("ServiceDetailsById", () => dos.serviceDetailsById(idOrOdsCode, callOptions)),
      getHospitalScores: () => call("GetHospitalScores", () => dos.getHospitalScores(callOptions)),
    };
  }

  return {
    forOperation,
    ready: async () => rateLimiter?.ready(),
    storeState: () => rateLimiter?.state() ?? "off",
    async close() {
      circuits.shutdown();
      await ownRateLimiter?.close();
    },
  };
}

type Send<T> = () => Promise<T>;
