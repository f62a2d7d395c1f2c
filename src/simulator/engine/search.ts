import { serviceTypeById } from "../../reference";
import { CATCH_ALL_KILOMETRES } from "./directory";
import { faults } from "./faults";
import { isCoveredByDosEngland, milesText } from "./geography";
import { isOpenForWindow, type LondonCalendar, sessionWindow, sessionWindowMinutes } from "./opening";
import { type ClinicalProfile, clinicalProfile, dispositionProfile, SERVICE_TYPE_KIND } from "./profiles";
import { type SimAccount, type SimSearchResultItem, type SimService } from "./types";
import { type ValidCase } from "./validation";

/**
 * The CheckCapacitySummary search over the synthetic directory (spec §5.5–§5.6): search box, profile
 * matching, opening times, ranking, top-N per service type, and the catch-all.
 */

/** Service types DoS returns only one of (spec §5.5 step 7e): GP, IUC 111/CAS/pharmacy CAS/validation, ENR. */
export const SINGLE_RESULT_TYPES: ReadonlySet<number> = new Set([100, 130, 133, 137, 138, 139]);
const RESULTS_PER_TYPE = 2;
const CATCH_ALL_TYPE = 105;
const CATCH_ALL_RESULTS = 2;
const CELL_METRES = 10_000;
const NO_CODES: ReadonlySet<string> = new Set();
const NO_SERVICES: readonly IndexedService[] = [];

/** A service with what matching needs, looked up once at start-up. */
interface IndexedService {
  service: SimService;
  typeId: number;
  /** National ranking, 1 first; types without one rank after 10. */
  rank: number;
  profile: ClinicalProfile;
  dispositions: ReadonlySet<number>;
  referralOdsCodes: ReadonlySet<string>;
}

/** A 10 km grid square: its services, also grouped by service type. */
interface Cell {
  all: IndexedService[];
  byType: Map<number, IndexedService[]>;
}

/** The directory bucketed on a 10 km grid, plus lookups by id and ODS code. */
export class DirectoryIndex {
  private readonly cells = new Map<number, Cell>();
  private readonly byId = new Map<number, SimService>();
  private readonly byOdsCode = new Map<string, SimService[]>();

  constructor(services: readonly SimService[]) {
    for (const service of services) {
      const typeId = service.serviceType.id;
      const indexed: IndexedService = {
        service,
        typeId,
        rank: serviceTypeById(typeId)?.nationalRanking ?? 11,
        profile: clinicalProfile(SERVICE_TYPE_KIND[typeId] ?? "specialist"),
        dispositions: dispositionProfile(typeId).set,
        referralOdsCodes: service.referralOdsCodes.length > 0 ? new Set(service.referralOdsCodes) : NO_CODES,
      };
      const key = cellKey(
        Math.floor(service.easting / CELL_METRES),
        Math.floor(service.northing / CELL_METRES),
      );
      let cell = this.cells.get(key);
      if (!cell) {
        cell = { all: [], byType: new Map() };
        this.cells.set(key, cell);
      }
      cell.all.push(indexed);
      const ofType = cell.byType.get(typeId);
      if (ofType) ofType.push(indexed);
      else cell.byType.set(typeId, [indexed]);
      this.byId.set(service.id, service);
      const odsCode = service.odsCode.toUpperCase();
      const shared = this.byOdsCode.get(odsCode);
      if (shared) shared.push(service);
      else this.byOdsCode.set(odsCode, [service]);
    }
  }

  /**
   * Calls `visit` for each service (of `typeIds`, when given) positioned in the square of half-side
   * `halfSideMetres` around the centre.
   */
  forEachInBox(
    centre: { easting: number; northing: number },
    halfSideMetres: number,
    typeIds: readonly number[] | undefined,
    visit: (indexed: IndexedService) => void,
  ): void {
    const minX = Math.floor((centre.easting - halfSideMetres) / CELL_METRES);
    const maxX = Math.floor((centre.easting + halfSideMetres) / CELL_METRES);
    const minY = Math.floor((centre.northing - halfSideMetres) / CELL_METRES);
    const maxY = Math.floor((centre.northing + halfSideMetres) / CELL_METRES);
    const inBox = ({ service }: IndexedService): boolean => {
      const dx = service.easting - centre.easting;
      const dy = service.northing - centre.northing;
      return dx <= halfSideMetres && dx >= -halfSideMetres && dy <= halfSideMetres && dy >= -halfSideMetres;
    };
    for (let x = minX; x <= maxX; x++) {
      for (let y = minY; y <= maxY; y++) {
        const cell = this.cells.get(cellKey(x, y));
        if (!cell) continue;
        if (typeIds === undefined) {
          for (const indexed of cell.all) if (inBox(indexed)) visit(indexed);
          continue;
        }
        for (const typeId of typeIds) {
          for (const indexed of cell.byType.get(typeId) ?? NO_SERVICES) if (inBox(indexed)) visit(indexed);
        }
      }
    }
  }

  /**
   * ServiceDetailsById lookup (spec §6): the service with that DoS id and every service with that ODS code
   * (case-insensitive; a numeric text may be either, since some services use their id as ODS code).
   */
  lookup(idOrOdsCode: string): SimService[] {
    const key = idOrOdsCode.trim().toUpperCase();
    const found: SimService[] = [];
    const byId = /^\d+$/.test(key) ? this.byId.get(Number(key)) : undefined;
    if (byId) found.push(byId);
    for (const service of this.byOdsCode.get(key) ?? []) if (service !== byId) found.push(service);
    return found;
  }
}

function cellKey(x: number, y: number): number {
  return x * 100_000 + y;
}

/** A candidate that passed the profile checks, with its ranking keys. */
interface Match {
  indexed: IndexedService;
  /** 0 home GP, 1 restricted and commissioned by it, 2 unrestricted and commissioned by it, 3 others. */
  referralGroup: number;
  squaredMetres: number;
}

/**
 * Runs a validated search. Throws 102 when nothing matches and the catch-all finds nothing either.
 *
 * Steps (spec §5.5): search origin in DoS England's coverage (DoS holds no Welsh or Scottish services, so
 * searches from there end in 102 even when English services are inside the box); search box; first pipeline
 * (active, SG, gender, GP restriction); second pipeline (capacity not RED, every SD, disposition, referral
 * role, age, opening times); catch-all when nothing survives; ranking and top-N per type (see `ranksBefore`).
 *
 * Ranking puts services of a type together (rank is per type), so only the best N of each type can appear:
 * each type's best N are kept while matching, and the costly opening-time check is skipped for services that
 * could not enter their type's best N anyway.
 */
export function searchServices(
  search: ValidCase,
  account: SimAccount,
  index: DirectoryIndex,
  calendar: LondonCalendar,
): SimSearchResultItem[] {
  if (!isCoveredByDosEngland(search.location.district)) throw faults.noServicesFound();
  const window = sessionWindow(
    search.searchMs,
    sessionWindowMinutes(search.disposition?.timeFrameMinutes),
    calendar,
  );
  const { location, surgery, symptomGroup, symptomDiscriminators, gender, age } = search;
  const dispositionUid = search.disposition?.uid;
  const bestByType = new Map<number, Match[]>();

  // Services are profiled with disposition groups by service type, so the group's types are the candidates.
  const typeIds = search.disposition?.serviceTypeIds;
  index.forEachInBox(location, search.searchDistance * 1000, typeIds, (indexed) => {
    const { service, profile } = indexed;
    if (service.status !== "active") return;
    if (dispositionUid !== undefined && !indexed.dispositions.has(dispositionUid)) return;
    if (!profile.symptomGroupSet.has(symptomGroup)) return;
    if (!service.genders.includes(gender)) return;
    if (service.restricted && (surgery === undefined || !indexed.referralOdsCodes.has(surgery))) return;
    if (service.rag === "RED") return;
    if (!symptomDiscriminators.every((sd) => profile.symptomDiscriminatorSet.has(sd))) return;
    if (service.professionalOnly && account.role !== "professional") return;
    if (!service.ageRanges.some((range) => range.daysFrom <= age.to && range.daysTo >= age.from)) return;

    const dx = service.easting - location.easting;
    const dy = service.northing - location.northing;
    const match: Match = {
      indexed,
      referralGroup: referralGroup(indexed, surgery),
      squaredMetres: dx * dx + dy * dy,
    };
    let best = bestByType.get(indexed.typeId);
    const cap = SINGLE_RESULT_TYPES.has(indexed.typeId) ? 1 : RESULTS_PER_TYPE;
    if (best && best.length >= cap && !ranksBefore(match, best[best.length - 1])) return;
    if (!isOpenForWindow(service, window, calendar)) return;
    if (!best) {
      best = [];
      bestByType.set(indexed.typeId, best);
    }
    let at = best.length;
    while (at > 0 && ranksBefore(match, best[at - 1])) at--;
    best.splice(at, 0, match);
    if (best.length > cap) best.pop();
  });

  if (bestByType.size === 0) return catchAll(search, index);
  return [...bestByType.values()]
    .flat()
    .sort((a, b) => a.indexed.rank - b.indexed.rank || (ranksBefore(a, b) ? -1 : 1))
    .map(({ indexed, referralGroup, squaredMetres }) => {
      const suffix =
        referralGroup === 0 ? " (Home)" : indexed.typeId === 25 && referralGroup <= 2 ? " (Home OOH)" : "";
      return {
        service: indexed.service,
        name: indexed.service.name + suffix,
        distance: milesText(Math.sqrt(squaredMetres)),
      };
    });
}

/**
 * Order within a rank (spec §5.5 step 7, docs-dos-api `ccs_order_returns_v1_5.md`; types themselves go by
 * national ranking, 1 first: "1 being the highest"): the home GP (ODS code = `surgery`, named `… (Home)`),
 * then services commissioned by it (restricted, then unrestricted), then the rest, each by distance. Only the
 * top two of each type are kept, one for SINGLE_RESULT_TYPES. An IUC treatment (OOH) service commissioned by
 * the home GP is named `… (Home OOH)`.
 */
function ranksBefore(a: Match, b: Match): boolean {
  if (a.referralGroup !== b.referralGroup) return a.referralGroup < b.referralGroup;
  if (a.squaredMetres !== b.squaredMetres) return a.squaredMetres < b.squaredMetres;
  return a.indexed.service.id < b.indexed.service.id;
}

function referralGroup(indexed: IndexedService, surgery: string | undefined): number {
  if (surgery === undefined) return 3;
  if (indexed.service.odsCode.toUpperCase() === surgery) return 0;
  if (!indexed.referralOdsCodes.has(surgery)) return 3;
  return indexed.service.restricted ? 1 : 2;
}

/**
 * The v1.5 catch-all (spec §5.6): the two nearest active Emergency Departments (type 105; type 40 "ED
 * Catch-All" is not generated, open question 7) inside the 60 km box, whatever the request's distance,
 * ignoring capacity, profile and opening times; names get ` (Catch-all)`. Nothing → 102.
 */
function catchAll(search: ValidCase, index: DirectoryIndex): SimSearchResultItem[] {
  const nearest: { service: SimService; metres: number }[] = [];
  index.forEachInBox(search.location, CATCH_ALL_KILOMETRES * 1000, [CATCH_ALL_TYPE], ({ service }) => {
    if (service.status !== "active") return;
    nearest.push({ service, metres: distanceMetres(search.location, service) });
  });
  if (nearest.length === 0) throw faults.noServicesFound();
  return nearest
    .sort((a, b) => a.metres - b.metres || a.service.id - b.service.id)
    .slice(0, CATCH_ALL_RESULTS)
    .map(({ service, metres }) => ({
      service,
      name: `${service.name} (Catch-all)`,
      distance: milesText(metres),
    }));
}

function distanceMetres(
  a: { easting: number; northing: number },
  b: { easting: number; northing: number },
): number {
  const dx = a.easting - b.easting;
  const dy = a.northing - b.northing;
  return Math.sqrt(dx * dx + dy * dy);
}
