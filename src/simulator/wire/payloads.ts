import {
  type Rag,
  type SimEndpoint,
  type SimHospital,
  type SimRotaSession,
  type SimSearchResult,
  type SimSearchResultItem,
  type SimService,
  type SimSpecifiedDate,
} from "../engine/types";
import { escapeXml } from "./xml";

/**
 * The v1.5 response payloads, written the way DoS writes them (spec §5.3–5.8, §6.2, §7) with the `ns1` prefix
 * the envelope declares: element names and order exactly as the v1.5 WSDL's sequences; optional strings sent
 * as empty elements rather than left out; `serviceEndpoints`, `rotaSessions`, `openTimeSpecifiedSessions`,
 * `attributes` and `serviceAgeRange` always present; `capacityAttributes` (a placeholder DoS never fills) left
 * out. Plain string building: this runs for every simulated call and must stay cheap.
 */

const CAPACITY: Record<Rag, string> = { GREEN: "High", AMBER: "Low", RED: "None" };

export function checkCapacitySummaryPayload(result: SimSearchResult): string {
  let xml =
    "<ns1:CheckCapacitySummaryResponse>" +
    text("TransactionId", result.transactionId) +
    text("RequestedAtDateTime", result.requestedAtDateTime) +
    text("SearchDateTime", result.searchDateTime) +
    (result.calculatedAgeInDays === undefined
      ? ""
      : text("CalculatedAgeInDays", String(result.calculatedAgeInDays))) +
    text("SearchDistance", String(result.searchDistance)) +
    text("SearchDistanceUsedSource", result.searchDistanceUsedSource) +
    "<ns1:CheckCapacitySummaryResult>";
  for (const item of result.services) xml += destination(item);
  return xml + "</ns1:CheckCapacitySummaryResult></ns1:CheckCapacitySummaryResponse>";
}

export function serviceDetailsByIdPayload(services: readonly SimService[]): string {
  let xml = "<ns1:ServiceDetailsByIdResponse><ns1:services>";
  for (const service of services) {
    xml += `<ns1:service>${text("id", String(service.id))}${text("odsCode", service.odsCode)}`;
    xml += `${endpoints(service.endpoints)}</ns1:service>`;
  }
  return xml + "</ns1:services></ns1:ServiceDetailsByIdResponse>";
}

export function getHospitalScoresPayload(hospitals: readonly SimHospital[]): string {
  let xml = "<ns1:GetHospitalScoresResponse><ns1:GetHospitalScoresResult>";
  for (const hospital of hospitals) {
    xml +=
      "<ns1:Hospital>" +
      text("hospital_name", hospital.name) +
      text("total_score", String(hospital.score)) +
      text("note", hospital.note) +
      text("update_date", hospital.updateDate) +
      "</ns1:Hospital>";
  }
  return xml + "</ns1:GetHospitalScoresResult></ns1:GetHospitalScoresResponse>";
}

// Private: the parts.

/**
 * One result. Everything about a service but its capacity is fixed for the engine's life (the seam marks
 * only `rag` as mutable), so its XML is written once per service and cached; only the capacity, the name as
 * returned (` (Home)`, ` (Catch-all)`) and the distance are written per search.
 */
function destination({ service, name, distance }: SimSearchResultItem): string {
  let parts = fixedParts.get(service);
  if (!parts) {
    parts = writeFixedParts(service);
    fixedParts.set(service, parts);
  }
  return (
    parts.opening +
    text("capacity", CAPACITY[service.rag]) +
    text("name", name) +
    parts.middle +
    text("distance", distance) +
    parts.closing
  );
}

const fixedParts = new WeakMap<SimService, { opening: string; middle: string; closing: string }>();

function writeFixedParts(service: SimService): { opening: string; middle: string; closing: string } {
  const opening = "<ns1:serviceCareSummaryDestination>" + text("id", String(service.id));
  const middle =
    text("publicName", service.publicName) +
    text("contactDetails", service.publicPhone) +
    text("address", service.address) +
    text("postcode", service.postcode) +
    text("northings", String(service.northing)) +
    text("eastings", String(service.easting)) +
    text("url", service.url) +
    `<ns1:serviceType>${text("id", String(service.serviceType.id))}${text("name", service.serviceType.name)}` +
    "</ns1:serviceType>" +
    text("odsCode", service.odsCode) +
    text("nonPublicTelephoneNo", service.nonPublicPhone) +
    text("fax", service.fax) +
    text("publicFacingInformation", service.publicFacingInformation);
  const closing =
    text("referralInformation", service.referralInformation) +
    text("openAllHours", String(service.openAllHours)) +
    endpoints(service.endpoints) +
    list("rotaSessions", service.rota, rotaSession) +
    list("openTimeSpecifiedSessions", service.specifiedDates, (date) =>
      text("openTimeSpecified", specifiedDate(date)),
    ) +
    list(
      "attributes",
      service.attributes,
      (a) =>
        `<ns1:attribute>${text("dataType", a.dataType)}${text("name", a.name)}${text("description", a.description)}` +
        `${text("value", a.value)}</ns1:attribute>`,
    ) +
    list(
      "serviceAgeRange",
      service.ageRanges,
      (range) =>
        `<ns1:ageRange>${text("daysFrom", String(range.daysFrom))}${text("daysTo", String(range.daysTo))}</ns1:ageRange>`,
    ) +
    "</ns1:serviceCareSummaryDestination>";
  return { opening, middle: flatten(middle), closing: flatten(closing) };
}

/**
 * The same text as one contiguous string. Concatenation builds a tree of pieces that V8 copies out each
 * time a response containing it is encoded; copying once here makes CheckCapacitySummary about five times
 * cheaper to write.
 */
function flatten(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function endpoints(all: readonly SimEndpoint[]): string {
  return list(
    "serviceEndpoints",
    all,
    (e) =>
      "<ns1:endpoint>" +
      text("endpointOrder", String(e.order)) +
      text("transport", e.transport) +
      text("format", e.format) +
      text("interaction", e.interaction) +
      text("businessScenario", e.businessScenario) +
      text("address", e.address) +
      text("compression", e.compression) +
      text("comment", e.comment) +
      "</ns1:endpoint>",
  );
}

function rotaSession(session: SimRotaSession): string {
  return (
    "<ns1:serviceCareItemRotaSession>" +
    text("startDayOfWeek", session.day) +
    timeOfDay("startTime", session.startMinute) +
    text("endDayOfWeek", session.day) +
    timeOfDay("endTime", session.endMinute) +
    text("status", "Open") +
    "</ns1:serviceCareItemRotaSession>"
  );
}

/** Unpadded hours and minutes; the end of the day (1440) is written 23:59, as DoS does. */
function timeOfDay(element: string, minute: number): string {
  const [hours, minutes] = minute >= 1440 ? [23, 59] : [Math.floor(minute / 60), minute % 60];
  return `<ns1:${element}>${text("hours", String(hours))}${text("minutes", String(minutes))}</ns1:${element}>`;
}

/** `DD-MM-YYYY-hh:mm-hh:mm`; `00:00-00:00` is a day closed. */
function specifiedDate({ date, startMinute, endMinute }: SimSpecifiedDate): string {
  const [year, month, day] = date.split("-");
  return `${day}-${month}-${year}-${clock(startMinute)}-${clock(endMinute)}`;
}

function clock(minute: number): string {
  if (minute >= 1440) return "23:59";
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

function list<T>(element: string, items: readonly T[], write: (item: T) => string): string {
  if (items.length === 0) return `<ns1:${element}/>`;
  let xml = `<ns1:${element}>`;
  for (const item of items) xml += write(item);
  return `${xml}</ns1:${element}>`;
}

/** A simple element; empty text gives an empty element (`<ns1:fax/>`), as DoS sends unset strings. */
function text(element: string, value: string): string {
  return value === "" ? `<ns1:${element}/>` : `<ns1:${element}>${escapeXml(value)}</ns1:${element}>`;
}
