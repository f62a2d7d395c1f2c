import { randomUUID } from "node:crypto";
import { CapacityBoard } from "./capacity";
import { type Directory, generateDirectory, type StoredSearchDistances } from "./directory";
import { faults } from "./faults";
import { formatLocalDateTime, LondonCalendar } from "./opening";
import { DirectoryIndex, searchServices } from "./search";
import { type SimEngine } from "./types";
import { validateCase } from "./validation";

export { type StoredSearchDistances } from "./directory";

/** The engine with the synthetic directory's own data exposed, for tests and demos. */
export interface SyntheticDosEngine extends SimEngine {
  /** DoS's stored search distances in this directory (by full postcode, sector and district). */
  readonly storedDistances: StoredSearchDistances;
}

/**
 * A DoS engine over a synthetic directory generated from `seed` (see directory.ts).
 *
 * `now` is read once, at creation: the directory's specified dates (bank-holiday hours, closures) are laid
 * out over that year and the next; everything else depends on the seed alone. Each operation takes its own
 * `now` (the request time), which drives the capacity clock and validation.
 */
export function createSimEngine(options: { seed: string; now?: () => Date }): SyntheticDosEngine {
  const createdAt = (options.now ?? (() => new Date()))();
  const year = Number(formatLocalDateTime(createdAt.getTime()).slice(0, 4));
  const directory: Directory = generateDirectory(options.seed, year);
  const index = new DirectoryIndex(directory.services);
  const capacity = new CapacityBoard(options.seed, directory.services);
  const calendar = new LondonCalendar();
  capacity.refresh(createdAt);
  capacity.hospitalScores(createdAt);

  return {
    services: directory.services,
    storedDistances: directory.storedDistances,

    checkCapacitySummary(raw, account, now) {
      capacity.refresh(now);
      const search = validateCase(raw, now.getTime(), directory.storedDistances);
      const services = searchServices(search, account, index, calendar);
      return {
        transactionId: randomUUID().toUpperCase(),
        requestedAtDateTime: formatLocalDateTime(now.getTime()),
        searchDateTime: formatLocalDateTime(search.searchMs),
        ...(search.calculatedAgeInDays === undefined
          ? {}
          : { calculatedAgeInDays: search.calculatedAgeInDays }),
        searchDistance: search.searchDistance,
        searchDistanceUsedSource: search.searchDistanceUsedSource,
        services,
      };
    },

    /**
     * By DoS id or ODS code (spec §6). Unknown or empty → 103 rather than an empty list (open question 3).
     * Not filtered by referral role or status: it looks up endpoints of a service the caller already knows.
     */
    serviceDetailsById(serviceIdOrOdsCode) {
      const found = serviceIdOrOdsCode?.trim() ? index.lookup(serviceIdOrOdsCode) : [];
      if (found.length === 0) throw faults.serviceNotFound();
      return found;
    },

    getHospitalScores(_account, now) {
      capacity.refresh(now);
      return capacity.hospitalScores(now);
    },

    setCapacity(serviceId, rag) {
      return capacity.set(serviceId, rag);
    },

    resetCapacity(serviceId) {
      return capacity.reset(serviceId);
    },
  };
}
