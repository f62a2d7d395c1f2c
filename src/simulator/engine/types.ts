/**
 * The seam between the simulator's wire layer (src/simulator/wire/: HTTP, SOAP envelopes, XML) and its
 * engine (src/simulator/engine/: the synthetic directory and DoS's search rules).
 *
 * The engine knows nothing of XML or HTTP; the wire layer knows nothing of search rules. The engine
 * receives request fields as the raw text found in the XML (so that it can raise DoS's own validation
 * faults, e.g. 114 for a non-numeric age) and returns plain objects the wire layer serialises.
 * None of this is shared with the client in src/dos/: the simulator must not reuse the code it tests.
 */

/** A DoS fault the engine (or wire layer) raises; serialised as a SOAP Fault with HTTP 500. */
export class SimFault extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`${code}: ${text}`);
    this.name = "SimFault";
  }
}

export type Rag = "GREEN" | "AMBER" | "RED";
export type SimDay = "Sunday" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Bankholiday";

/** A simulator account. `role` decides which services a search may return (DoS "referral role"). */
export interface SimAccount {
  username: string;
  password: string;
  /** Without the DoS `webService` permission every call is refused with 303. */
  webService: boolean;
  role: "professional" | "public";
}

/** The fields of a CheckCapacitySummary `c` element as raw text; `undefined` when the element is absent. */
export interface RawCase {
  caseRef?: string;
  caseId?: string;
  postcode?: string;
  surgery?: string;
  age?: string;
  ageFormat?: string;
  disposition?: string;
  symptomGroup?: string;
  /** Text of each `symptomDiscriminatorList/int`; `undefined` when the list element itself is absent. */
  symptomDiscriminators?: string[];
  searchDistance?: string;
  forceSearchDistance?: string;
  gender?: string;
  searchDateTime?: string;
}

export interface SimEndpoint {
  order: number;
  transport: string;
  format: string;
  interaction: string;
  businessScenario: "Primary" | "Copy";
  address: string;
  compression: string;
  comment: string;
}

export interface SimRotaSession {
  day: SimDay;
  /** Minutes since midnight; no session crosses midnight (end ≤ 1440, where 23:59 is written for 1440). */
  startMinute: number;
  endMinute: number;
}

export interface SimSpecifiedDate {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  /** Both 0 means closed all day. */
  startMinute: number;
  endMinute: number;
}

export interface SimAttribute {
  dataType: string;
  name: string;
  description: string;
  value: string;
}

/** A service of the synthetic directory: what DoS returns about it and how it is profiled. */
export interface SimService {
  id: number;
  odsCode: string;
  name: string;
  publicName: string;
  /** Public phone (`contactDetails`). */
  publicPhone: string;
  nonPublicPhone: string;
  fax: string;
  address: string;
  postcode: string;
  easting: number;
  northing: number;
  url: string;
  serviceType: { id: number; name: string };
  publicFacingInformation: string;
  referralInformation: string;
  openAllHours: boolean;
  rota: SimRotaSession[];
  specifiedDates: SimSpecifiedDate[];
  attributes: SimAttribute[];
  endpoints: SimEndpoint[];
  /** Days, e.g. `{ daysFrom: 5844, daysTo: 47481.5 }`. */
  ageRanges: { daysFrom: number; daysTo: number }[];
  // Profile (what the search matches on); never serialised.
  symptomGroups: number[];
  symptomDiscriminators: number[];
  /** Disposition-group uids. */
  dispositions: number[];
  /** Genders the service is profiled for. */
  genders: ("M" | "F" | "I")[];
  /** Restricted services are only returned when `surgery` is one of `referralOdsCodes`. */
  restricted: boolean;
  referralOdsCodes: string[];
  /** Returned to professional accounts only. */
  professionalOnly: boolean;
  status: "active" | "closed";
  /** Mutable: the control API and the capacity clock change it. */
  rag: Rag;
  /** Emergency departments only: GetHospitalScores data. */
  hospitalScore?: { score: number; note: string; updatedAt: string };
}

export interface SimSearchResultItem {
  service: SimService;
  /** Name as returned (may carry ` (Catch-all)` or ` (Home)`). */
  name: string;
  /** Miles to one decimal, as the wire string (e.g. `"3.2"`). */
  distance: string;
}

export interface SimSearchResult {
  /** Upper-case hex GUID 8-4-4-4-12. */
  transactionId: string;
  /** `YYYY-MM-DDThh:mm:ss`, Europe/London local time. */
  requestedAtDateTime: string;
  searchDateTime: string;
  /** Omitted for AgeGroup searches. */
  calculatedAgeInDays?: number;
  searchDistance: number;
  /** Wire spelling: `Postcode`, `District`, `Sector`, `Web Service`, `National`, `Override`. */
  searchDistanceUsedSource: string;
  services: SimSearchResultItem[];
}

export interface SimHospital {
  name: string;
  score: number;
  note: string;
  updateDate: string;
}

/** What the wire layer needs from the engine. */
export interface SimEngine {
  /** Validates the case (faults 101–121), runs the search at `now` (or the case's `searchDateTime`). */
  checkCapacitySummary(raw: RawCase, account: SimAccount, now: Date): SimSearchResult;
  /** By DoS id or ODS code; an ODS code may match several services. Unknown → SimFault 103. */
  serviceDetailsById(serviceIdOrOdsCode: string | undefined, account: SimAccount): SimService[];
  getHospitalScores(account: SimAccount, now: Date): SimHospital[];
  /** Control API: set a service's RAG status. Returns false when the id is unknown. */
  setCapacity(serviceId: number, rag: Rag): boolean;
  /** Control API: undo `setCapacity`, handing the service back to the capacity clock. False when unknown. */
  resetCapacity(serviceId: number): boolean;
  /** Every service (for tests, demos and benchmarks that need real ids). */
  readonly services: readonly SimService[];
}
