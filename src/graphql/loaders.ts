import DataLoader from "dataloader";
import { hasDosCategory } from "../dos/errors";
import {
  type CheckCapacitySummaryRequest,
  type CheckCapacitySummaryResult,
  type DosCallOptions,
  type DosClient,
  type HospitalScore,
  type ServiceDetails,
} from "../dos/types";

export interface DosLoaderOptions {
  /** Upper bound on DoS calls in flight for this request (`DOS_CONCURRENCY`). */
  concurrency: number;
  /** Passed to every DoS call, e.g. an abort signal tied to the HTTP request. */
  callOptions?: DosCallOptions;
}

/**
 * Every DoS call one GraphQL request makes goes through this object: the loaders batch and de-duplicate,
 * and one shared limiter caps the fan-out.
 *
 * Create a fresh set per request (server/context.ts): loaders memoise results, so sharing one across
 * requests would serve one caller's (stale) data to another. Nothing here outlives the request.
 */
export function createDosLoaders(dos: DosClient, { concurrency, callOptions }: DosLoaderOptions) {
  const limit = createLimiter(concurrency);

  // DoS answers ServiceDetailsById one id at a time. Per key: details, null (not found) or an Error value,
  // never a throw, so that one failing id does not fail its siblings.
  const serviceById = new DataLoader<number, ServiceDetails | null>(
    ids =>
      Promise.all(
        ids.map(id =>
          limit(() => dos.serviceDetailsById(String(id), callOptions)).then(
            // DoS looks the value up as an id or an ODS code; keep only the service with this id.
            services => services.find(service => service.id === id) ?? null,
            error => (hasDosCategory(error, "not-found") ? null : asError(error)),
          ),
        ),
      ),
    { name: "dos.serviceById" },
  );

  /** Keys are upper-case ODS codes. */
  const servicesByOdsCode = new DataLoader<string, ServiceDetails[]>(
    odsCodes =>
      Promise.all(
        odsCodes.map(odsCode =>
          limit(() => dos.serviceDetailsById(odsCode, callOptions)).then(
            services => {
              const matching = services.filter(service => service.odsCode?.toUpperCase() === odsCode);
              for (const service of matching) serviceById.prime(service.id, service);
              return matching;
            },
            error => (hasDosCategory(error, "not-found") ? [] : asError(error)),
          ),
        ),
      ),
    { name: "dos.servicesByOdsCode" },
  );

  let hospitalScores: Promise<HospitalScore[]> | undefined;

  return {
    serviceById,
    servicesByOdsCode,

    /**
     * One CheckCapacitySummary call (never cached: every search is a fresh DoS search). v1.5 returns each
     * service's endpoints, so the results prime `serviceById` and later lookups of those ids cost nothing.
     */
    async checkCapacitySummary(request: CheckCapacitySummaryRequest): Promise<CheckCapacitySummaryResult> {
      const result = await limit(() => dos.checkCapacitySummary(request, callOptions));
      for (const service of result.services) {
        serviceById.prime(service.id, { id: service.id, odsCode: service.odsCode, endpoints: service.endpoints });
      }
      return result;
    },

    /** GetHospitalScores, at most once per request. */
    hospitalScores(): Promise<HospitalScore[]> {
      hospitalScores ??= limit(() => dos.getHospitalScores(callOptions));
      return hospitalScores;
    },
  };
}

export type DosLoaders = ReturnType<typeof createDosLoaders>;

// Private: a counting semaphore. A finishing task hands its slot straight to the next waiter, so the
// number of tasks running never exceeds `concurrency`.
function createLimiter(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (running < concurrency) running++;
    else await new Promise<void>(resolve => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
