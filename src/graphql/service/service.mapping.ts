import {
  type DayOfWeek,
  type DosCapacity,
  type Endpoint as DosEndpoint,
  type RotaSession,
  type ServiceDetails,
  type ServiceSummary,
  type TimeOfDay,
} from "../../dos/types";
import { osgbToWgs84 } from "../../reference/osgb";
import { type Capacity, CapacityRag, CapacityStatus } from "./capacity.type";
import { type Endpoint, EndpointBusinessScenario, EndpointTransport } from "./endpoint.type";
import { OpeningDay, type OpeningSession } from "./opening-times.type";
import { type Location, type Service } from "./service.type";

/** Suffixes DoS appends to a result's name in one search (spec §5.5-5.6), not part of the service's name. */
const CATCH_ALL_SUFFIX = " (Catch-all)";
/**
 * The patient's home GP service: ` (Home)` for the practice, ` (Home OOH)` for an out-of-hours service (IUC
 * Treatment, type 25) commissioned by the patient's GP (spec §5.5 d).
 */
const HOME_GP_SUFFIXES = [" (Home)", " (Home OOH)"];

/** Splits DoS's search-result name into the service's own name and the search-specific markers. */
export function splitSearchName(name: string): { name: string; catchAll: boolean; homeGp: boolean } {
  const catchAll = name.endsWith(CATCH_ALL_SUFFIX);
  let own = catchAll ? name.slice(0, -CATCH_ALL_SUFFIX.length) : name;
  const homeSuffix = HOME_GP_SUFFIXES.find(suffix => own.endsWith(suffix));
  if (homeSuffix) own = own.slice(0, -homeSuffix.length);
  return { name: own, catchAll, homeGp: homeSuffix !== undefined };
}

/*
 * Services are plain objects: graphql-js hands them as they are to Service's field resolvers (plain resolvers,
 * service.resolver.ts `serviceFieldResolvers`), so the request's opening-status memo, keyed by object, hits.
 */

/** A search result's service: DoS's full summary. */
export function serviceFromSummary(summary: ServiceSummary): Service {
  const { name } = splitSearchName(summary.name);
  return {
    id: String(summary.id),
    odsCode: summary.odsCode,
    name,
    publicName: summary.publicName,
    displayName: summary.publicName?.trim() || name,
    type: { id: summary.serviceType.id, name: summary.serviceType.name },
    capacity: capacityFromDos(summary.capacity),
    address: summary.address,
    postcode: summary.postcode,
    location: locationFromGrid(summary.easting, summary.northing),
    phone: summary.publicPhone,
    nonPublicPhone: summary.nonPublicPhone,
    fax: summary.fax,
    website: summary.website,
    publicFacingInformation: summary.publicFacingInformation,
    referralInformation: summary.referralInformation,
    openAllHours: summary.openAllHours,
    openingTimes: summary.rotaSessions.map(openingSessionFromDos),
    specifiedOpeningTimes: summary.specifiedOpeningTimes.map(({ date, start, end, closed }) => ({
      date,
      opens: start,
      closes: end,
      closed,
    })),
    attributes: summary.attributes.map(attribute => ({ ...attribute })),
    ageRanges: summary.ageRanges.map(range => ({ ...range })),
    endpoints: endpointsFromDos(summary.endpoints),
  };
}

/** A service resolved by id (ServiceDetailsById): DoS returns only id, ODS code and endpoints. */
export function serviceFromDetails(details: ServiceDetails): Service {
  return {
    id: String(details.id),
    odsCode: details.odsCode,
    name: null,
    publicName: null,
    displayName: null,
    type: null,
    capacity: null,
    address: null,
    postcode: null,
    location: null,
    phone: null,
    nonPublicPhone: null,
    fax: null,
    website: null,
    publicFacingInformation: null,
    referralInformation: null,
    openAllHours: null,
    openingTimes: null,
    specifiedOpeningTimes: null,
    attributes: null,
    ageRanges: null,
    endpoints: endpointsFromDos(details.endpoints),
  };
}

const capacities: Readonly<Record<DosCapacity, Capacity>> = {
  High: { status: CapacityStatus.HIGH, rag: CapacityRag.GREEN },
  Low: { status: CapacityStatus.LOW, rag: CapacityRag.AMBER },
  None: { status: CapacityStatus.NONE, rag: CapacityRag.RED },
};

function capacityFromDos(capacity: DosCapacity): Capacity {
  return { ...capacities[capacity] };
}

function locationFromGrid(easting: number | null, northing: number | null): Location | null {
  if (easting === null || northing === null) return null;
  const { latitude, longitude } = osgbToWgs84(easting, northing);
  // Six decimal places is ~0.1 m, far finer than the Helmert transform's ~5 m.
  return { easting, northing, latitude: round(latitude, 6), longitude: round(longitude, 6) };
}

const transports: Readonly<Record<string, EndpointTransport>> = {
  itk: EndpointTransport.ITK,
  email: EndpointTransport.EMAIL,
  telno: EndpointTransport.PHONE,
  faxno: EndpointTransport.FAX,
  dts: EndpointTransport.DTS,
  http: EndpointTransport.HTTP,
};

const businessScenarios: Readonly<Record<string, EndpointBusinessScenario>> = {
  primary: EndpointBusinessScenario.PRIMARY,
  copy: EndpointBusinessScenario.COPY,
};

/** Sorted by DoS's `order` (stable, so equal orders keep DoS's sequence). */
export function endpointsFromDos(endpoints: readonly DosEndpoint[]): Endpoint[] {
  return endpoints.map(endpointFromDos).sort((a, b) => a.order - b.order);
}

function endpointFromDos(endpoint: DosEndpoint): Endpoint {
  const compression = endpoint.compression.trim().toLowerCase();
  return {
    order: endpoint.order,
    transport: transports[endpoint.transport.trim().toLowerCase()] ?? EndpointTransport.OTHER,
    transportRaw: endpoint.transport,
    format: endpoint.format,
    interaction: endpoint.interaction,
    businessScenario: businessScenarios[endpoint.businessScenario.trim().toLowerCase()] ?? null,
    address: endpoint.address,
    comment: endpoint.comment?.trim() ? endpoint.comment : null,
    // Observed `compressed`/`uncompressed`; DoS's documentation says `Y`/`N` (spec §5.7).
    compressed: compression === "compressed" || compression === "y",
  };
}

const days: Readonly<Record<DayOfWeek, OpeningDay>> = {
  Monday: OpeningDay.MONDAY,
  Tuesday: OpeningDay.TUESDAY,
  Wednesday: OpeningDay.WEDNESDAY,
  Thursday: OpeningDay.THURSDAY,
  Friday: OpeningDay.FRIDAY,
  Saturday: OpeningDay.SATURDAY,
  Sunday: OpeningDay.SUNDAY,
  Bankholiday: OpeningDay.BANK_HOLIDAY,
};

// A session without a start (end) time is read as from midnight (until midnight).
function openingSessionFromDos(session: RotaSession): OpeningSession {
  return {
    day: days[session.startDay],
    opens: session.startTime ? clock(session.startTime) : "00:00",
    closes: session.endTime ? clock(session.endTime) : "23:59",
  };
}

/** "00" to "59": a search formats a clock time for every rota session it returns (hundreds per search). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));

// Hours 0-24 and minutes 0-59, as src/dos/wire.ts checks them.
function clock({ hours, minutes }: TimeOfDay): string {
  return `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}`;
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
