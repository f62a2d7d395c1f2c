/**
 * The DoS v1.5 operations as plain, typed domain objects: what `DosClient` takes and returns.
 *
 * These mirror DoS's meaning, not node-soap's shapes and not the GraphQL schema: values keep DoS's own
 * vocabulary (capacity `High/Low/None`, endpoint transports `itk/email/telno/…`), and the GraphQL layer
 * maps them to its enums. Optional text that DoS sends as an empty element is `null` here.
 */

export type AgeFormat = "Days" | "Months" | "Years" | "AgeGroup";
export type DosGender = "M" | "F" | "I";
export type DosCapacity = "High" | "Low" | "None";
export type DayOfWeek =
  | "Sunday"
  | "Monday"
  | "Tuesday"
  | "Wednesday"
  | "Thursday"
  | "Friday"
  | "Saturday"
  | "Bankholiday";
/** `SearchDistanceUsedSource`. On the wire `WebService` is spelt `Web Service` (with a space). */
export type DistanceSource = "Postcode" | "District" | "Sector" | "WebService" | "National" | "Override";

/** CheckCapacitySummary input (type `Case`). `caseId` is not here: it comes from config (`DOS_CASE_ID`). */
export interface CheckCapacitySummaryRequest {
  /** Caller's case reference, logged by DoS: a short token (letters, digits, `-`, ≤ 64). */
  caseRef?: string;
  postcode: string;
  /** ODS code of the patient's registered GP practice (`surgery`); DoS convention `UNK` when unknown. */
  surgery?: string;
  age: number;
  ageFormat: AgeFormat;
  /** DoS disposition-group uid (e.g. Dx02 → 1002), not the Dx code. */
  disposition?: number;
  symptomGroup: number;
  symptomDiscriminators: readonly number[];
  /** Kilometres. */
  searchDistance?: number;
  forceSearchDistance?: boolean;
  gender?: DosGender;
  /** "As if" time: `YYYY-MM-DDThh:mm:ss` (UK local) optionally with `+00:00`/`Z` offset. */
  searchDateTime?: string;
}

export interface CheckCapacitySummaryResult {
  transactionId: string;
  /** As DoS sends it: `YYYY-MM-DDThh:mm:ss`, UK local time, no offset. */
  requestedAt: string;
  searchedAt: string;
  /** Absent for `AgeGroup` searches. */
  ageInDays: number | null;
  searchDistanceKm: number;
  searchDistanceSource: DistanceSource;
  /** In DoS order; consumers must keep it. */
  services: ServiceSummary[];
}

export interface ServiceSummary {
  /** DoS service uid, ≤ 2^31-1. */
  id: number;
  capacity: DosCapacity;
  name: string;
  publicName: string | null;
  /** `contactDetails`: the public telephone number. */
  publicPhone: string | null;
  address: string | null;
  postcode: string | null;
  easting: number | null;
  northing: number | null;
  /** `url`: free text, e.g. `www.example.nhs.uk`. */
  website: string | null;
  serviceType: ServiceTypeRef;
  odsCode: string | null;
  /** Professionals only: must never reach a public caller. */
  nonPublicPhone: string | null;
  fax: string | null;
  publicFacingInformation: string | null;
  /** Straight-line (or road) distance in miles, one decimal, as DoS computed it. */
  distanceMiles: number | null;
  /** Professionals only. */
  referralInformation: string | null;
  openAllHours: boolean;
  capacityAttributes: CapacityAttribute[];
  endpoints: Endpoint[];
  rotaSessions: RotaSession[];
  specifiedOpeningTimes: SpecifiedOpeningTime[];
  attributes: ServiceAttribute[];
  ageRanges: AgeRange[];
}

export interface ServiceTypeRef {
  id: number;
  name: string;
}

/** A technical (transfer-of-care) endpoint, values as DoS sends them. */
export interface Endpoint {
  order: number;
  /** `itk`, `email`, `telno`, `faxno`, `dts`, `http`, or anything else DoS may add. */
  transport: string;
  /** `CDA`, `HTML`, `PDF`, `FHIR`, … */
  format: string;
  interaction: string;
  /** `Primary` or `Copy`. */
  businessScenario: string;
  address: string;
  /** Observed `uncompressed` / `compressed`. */
  compression: string;
  comment: string | null;
}

export interface TimeOfDay {
  hours: number;
  minutes: number;
}

export interface RotaSession {
  startDay: DayOfWeek;
  startTime: TimeOfDay | null;
  endDay: DayOfWeek;
  endTime: TimeOfDay | null;
  status: string | null;
}

/** One `openTimeSpecified` entry (`DD-MM-YYYY-hh:mm-hh:mm`); overrides the rota on that date. */
export interface SpecifiedOpeningTime {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** `hh:mm`. */
  start: string;
  end: string;
  /** `00:00-00:00` means closed all day. */
  closed: boolean;
}

export interface ServiceAttribute {
  dataType: string;
  name: string;
  description: string;
  value: string;
}

export interface CapacityAttribute {
  name: string;
  description: string;
  value: string;
}

/** Profiled age range in days (`daysFrom`/`daysTo` are floats on the wire, e.g. 365.25). */
export interface AgeRange {
  daysFrom: number;
  daysTo: number;
}

/** One `ServiceDetailsById` result; an ODS code may match several services. */
export interface ServiceDetails {
  id: number;
  odsCode: string | null;
  endpoints: Endpoint[];
}

export interface HospitalScore {
  name: string;
  pressureScore: number;
  note: string | null;
  /** As DoS sends it (format undocumented). */
  updatedAt: string | null;
}

/** Per-call options. */
export interface DosCallOptions {
  /** Aborts the call (e.g. the GraphQL client went away). */
  signal?: AbortSignal;
  /** Use this DoS account instead of the configured default (e.g. the public-role account). */
  account?: { username: string; password: string };
  /**
   * Called when the answer held list entries (services, endpoints, opening sessions, …) that failed validation
   * and were left out, with how many: the GraphQL layer tells its caller (`DOS_RESULTS_WITHHELD`).
   */
  onWithheld?: (count: number) => void;
}

/**
 * The DoS v1.5 web service. The only seam between the GraphQL layer and DoS: production passes one over
 * node-soap aimed at DoS, `npm start` one aimed at the embedded simulator.
 *
 * Every method resolves with validated domain objects or rejects with a `DosError` subclass
 * (src/dos/errors.ts); nothing else escapes.
 */
export interface DosClient {
  /** One CheckCapacitySummary search. "No services" is DoS fault 102 (category `no-results`), as on the wire. */
  checkCapacitySummary(request: CheckCapacitySummaryRequest, options?: DosCallOptions): Promise<CheckCapacitySummaryResult>;
  /** Services for a DoS id or an ODS code. Unknown → rejects with `DosFault` code 103 (category `not-found`). */
  serviceDetailsById(serviceIdOrOdsCode: string, options?: DosCallOptions): Promise<ServiceDetails[]>;
  getHospitalScores(options?: DosCallOptions): Promise<HospitalScore[]>;
}
