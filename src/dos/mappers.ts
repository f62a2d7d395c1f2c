import {
  type CheckCapacitySummaryResult,
  type Endpoint,
  type HospitalScore,
  type ServiceDetails,
  type ServiceSummary,
} from "./types";
import {
  DroppedItem,
  type Listed,
  type WireCheckCapacitySummary,
  type WireEndpoint,
  type WireGetHospitalScores,
  type WireService,
  type WireServiceDetailsById,
} from "./wire";

/**
 * Validated DoS payloads (./wire.ts) to domain objects (./types.ts). Pure: the same payload always gives the
 * same result, and list entries that failed validation come back as `dropped` reports (element path and issue
 * codes) for the caller to log, instead of being logged here.
 */

export interface DroppedItemReport {
  /** Where the entry was, by DoS element names, e.g. `serviceCareSummaryDestination[3].endpoint[0]`. */
  path: string;
  issues: readonly string[];
}

export interface Mapped<T> {
  value: T;
  dropped: DroppedItemReport[];
}

export function mapCheckCapacitySummary(wire: WireCheckCapacitySummary): Mapped<CheckCapacitySummaryResult> {
  const dropped: DroppedItemReport[] = [];
  const services = kept(wire.CheckCapacitySummaryResult, dropped, "", "serviceCareSummaryDestination", (service, index) =>
    mapService(service, `serviceCareSummaryDestination[${index}]`, dropped),
  );
  return {
    value: {
      transactionId: wire.TransactionId,
      requestedAt: wire.RequestedAtDateTime,
      searchedAt: wire.SearchDateTime,
      ageInDays: wire.CalculatedAgeInDays,
      searchDistanceKm: wire.SearchDistance,
      searchDistanceSource: wire.SearchDistanceUsedSource,
      services,
    },
    dropped,
  };
}

export function mapServiceDetailsById(wire: WireServiceDetailsById): Mapped<ServiceDetails[]> {
  const dropped: DroppedItemReport[] = [];
  const value = kept(wire.services, dropped, "", "service", (service, index) => ({
    id: service.id,
    odsCode: service.odsCode,
    endpoints: kept(service.serviceEndpoints, dropped, `service[${index}]`, "endpoint", mapEndpoint),
  }));
  return { value, dropped };
}

export function mapGetHospitalScores(wire: WireGetHospitalScores): Mapped<HospitalScore[]> {
  const dropped: DroppedItemReport[] = [];
  const value = kept(wire.GetHospitalScoresResult, dropped, "", "Hospital", hospital => ({
    name: hospital.hospital_name,
    pressureScore: hospital.total_score,
    note: hospital.note,
    updatedAt: hospital.update_date,
  }));
  return { value, dropped };
}

function mapService(service: WireService, path: string, dropped: DroppedItemReport[]): ServiceSummary {
  return {
    id: service.id,
    capacity: service.capacity,
    name: service.name,
    publicName: service.publicName,
    publicPhone: service.contactDetails,
    address: service.address,
    postcode: service.postcode,
    easting: service.eastings,
    northing: service.northings,
    website: service.url,
    serviceType: { id: service.serviceType.id, name: service.serviceType.name },
    odsCode: service.odsCode,
    nonPublicPhone: service.nonPublicTelephoneNo,
    fax: service.fax,
    publicFacingInformation: service.publicFacingInformation,
    distanceMiles: service.distance,
    referralInformation: service.referralInformation,
    openAllHours: service.openAllHours,
    capacityAttributes: kept(service.capacityAttributes, dropped, path, "capacityAttribute", attribute => ({
      name: attribute.name,
      description: attribute.description,
      value: attribute.value,
    })),
    endpoints: kept(service.serviceEndpoints, dropped, path, "endpoint", mapEndpoint),
    rotaSessions: kept(service.rotaSessions, dropped, path, "serviceCareItemRotaSession", session => ({
      startDay: session.startDayOfWeek,
      startTime: session.startTime,
      endDay: session.endDayOfWeek,
      endTime: session.endTime,
      status: session.status,
    })),
    specifiedOpeningTimes: kept(service.openTimeSpecifiedSessions, dropped, path, "openTimeSpecified", opening => ({
      ...opening,
      closed: opening.start === "00:00" && opening.end === "00:00",
    })),
    attributes: kept(service.attributes, dropped, path, "attribute", attribute => ({ ...attribute })),
    ageRanges: kept(service.serviceAgeRange, dropped, path, "ageRange", range => ({ ...range })),
  };
}

function mapEndpoint(endpoint: WireEndpoint): Endpoint {
  return {
    order: endpoint.endpointOrder,
    transport: endpoint.transport,
    format: endpoint.format,
    interaction: endpoint.interaction,
    businessScenario: endpoint.businessScenario,
    address: endpoint.address,
    compression: endpoint.compression,
    comment: endpoint.comment,
  };
}

/**
 * The valid entries of a list of `element`s inside `parent` (a path, "" at the top), mapped, in DoS order; each
 * dropped entry is reported under `parent.element[index]`, a path built only then.
 */
function kept<T, R>(
  items: Listed<T>,
  dropped: DroppedItemReport[],
  parent: string,
  element: string,
  map: (item: T, index: number) => R,
): R[] {
  const result: R[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!(item instanceof DroppedItem)) result.push(map(item, index));
    else dropped.push({ path: `${parent === "" ? "" : `${parent}.`}${element}[${index}]`, issues: item.issues });
  }
  return result;
}
