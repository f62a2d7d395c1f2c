import { DosBadResponse } from "../../dos/errors";
import { type CheckCapacitySummaryResult, type DistanceSource } from "../../dos/types";
import { parseLondonDateTime } from "../../reference/londonTime";
import { serviceFromSummary, splitSearchName } from "../service/service.mapping";
import { SearchDistanceSource, type ServiceSearch } from "./service-search.type";

const KM_PER_MILE = 1.609344;

const distanceSources: Readonly<Record<DistanceSource, SearchDistanceSource>> = {
  Postcode: SearchDistanceSource.POSTCODE,
  Sector: SearchDistanceSource.SECTOR,
  District: SearchDistanceSource.DISTRICT,
  WebService: SearchDistanceSource.WEB_SERVICE,
  National: SearchDistanceSource.NATIONAL,
  Override: SearchDistanceSource.OVERRIDE,
};

/** DoS's answer as the GraphQL `ServiceSearch`, keeping DoS's order. `gpPracticeOdsCode` is upper case. */
export function serviceSearchFromDos(
  result: CheckCapacitySummaryResult,
  gpPracticeOdsCode?: string,
): ServiceSearch {
  return {
    transactionId: result.transactionId,
    requestedAt: londonInstant(result.requestedAt, "RequestedAtDateTime"),
    searchedAt: londonInstant(result.searchedAt, "SearchDateTime"),
    ageInDays: result.ageInDays === null ? null : Math.floor(result.ageInDays),
    searchDistanceKm: result.searchDistanceKm,
    searchDistanceSource: distanceSources[result.searchDistanceSource],
    results: result.services.map((summary, index) => {
      const { catchAll, homeGp } = splitSearchName(summary.name);
      const miles = summary.distanceMiles;
      const isGpPractice = gpPracticeOdsCode !== undefined && summary.odsCode?.toUpperCase() === gpPracticeOdsCode;
      return {
        rank: index + 1,
        distanceMiles: miles,
        distanceKm: miles === null ? null : Math.round(miles * KM_PER_MILE * 10) / 10,
        catchAll,
        homeGp: homeGp || isGpPractice,
        service: serviceFromSummary(summary),
      };
    }),
  };
}

/** DoS fault 102: nothing matched and the catch-all found nothing either. Not an error for the caller. */
export function emptyServiceSearch(): ServiceSearch {
  return {
    transactionId: null,
    requestedAt: null,
    searchedAt: null,
    ageInDays: null,
    searchDistanceKm: null,
    searchDistanceSource: null,
    results: [],
  };
}

// DoS sends UK wall time without an offset (`2024-03-31T01:30:00`); an explicit offset, if ever sent, wins.
function londonInstant(text: string, field: string): Date {
  const instant = parseLondonDateTime(text);
  if (!instant) throw new DosBadResponse(`${field} is not a date-time`);
  return instant;
}
