import {
  type SimAccount,
  type SimEngine,
  SimFault,
  type SimHospital,
  type SimSearchResult,
  type SimService,
} from "../engine/types";
import { faultEnvelope, readEnvelope, SERVED_VERSION, type SoapVersion, successEnvelope } from "./envelope";
import { wireFaults } from "./faults";
import { checkCapacitySummaryPayload, getHospitalScoresPayload, serviceDetailsByIdPayload } from "./payloads";
import { type OperationName, operationOf, readCase, readCredentials, readServiceId } from "./requests";
import { type XmlElement } from "./xml";

/**
 * One SOAP call to the simulated DoS, from request text to response text, without HTTP.
 *
 * Checks run in this order, and the first failure is the answer (spec §5.5 step 1 leaves the order open):
 *  1. well-formed XML in a SOAP 1.1 or 1.2 envelope → else 108 (in SOAP 1.2 when the version is unknown);
 *  2. `serviceVersion` absent, empty or "1.5" → else 107. The version picks the service that reads the rest
 *     of the message, so it is checked before anything in the Body, credentials included;
 *  3. a Body holding one of the three v1.5 operations → else 108;
 *  4. credentials: missing or empty → 1001; unknown user or wrong password → 302; no webService permission →
 *     303 (open question 4: the auth page's 303 rather than the v1.5 table's second 302);
 *  5. the engine's own validation and search (faults 101–121).
 */

export interface SoapCall {
  /** The caller's SOAP version, which the answer mirrors; 1.2 when it could not be told. */
  soapVersion: SoapVersion;
  operation: OperationName | undefined;
  /** As sent (for the control API's call log); never the password. */
  username: string | undefined;
  serviceVersion: string;
  /** Set when the envelope could not be read at all (step 1). */
  envelopeFault?: SimFault;
  /** The Body's first element. */
  payload?: XmlElement;
}

export type OperationResult =
  | { operation: "CheckCapacitySummary"; search: SimSearchResult }
  | { operation: "ServiceDetailsById"; services: SimService[] }
  | { operation: "GetHospitalScores"; hospitals: SimHospital[] };

export type Answer = OperationResult | SimFault;

export interface SoapServiceDependencies {
  engine: SimEngine;
  /** By username. */
  accounts: ReadonlyMap<string, SimAccount>;
}

export function readCall(xml: string): SoapCall {
  try {
    const { soapVersion, serviceVersion, payload } = readEnvelope(xml);
    const operation = operationOf(payload);
    const username = payload && operation ? readCredentials(payload).username : undefined;
    return { soapVersion, serviceVersion, operation, username, payload };
  } catch (error) {
    if (!(error instanceof SimFault)) throw error;
    return {
      soapVersion: "1.2",
      serviceVersion: "",
      operation: undefined,
      username: undefined,
      envelopeFault: error,
    };
  }
}

/** Answers a call at `now`. Throws only for unexpected errors (the caller answers those with fault 500). */
export function answerCall(call: SoapCall, { engine, accounts }: SoapServiceDependencies, now: Date): Answer {
  if (call.envelopeFault) return call.envelopeFault;
  if (call.serviceVersion !== "" && call.serviceVersion !== SERVED_VERSION) {
    return wireFaults.unsupportedVersion();
  }
  const { payload, operation } = call;
  if (!payload || !operation) return wireFaults.malformedXml();

  const { username, password } = readCredentials(payload);
  if (username === undefined || password === undefined) return wireFaults.missingCredentials();
  const account = accounts.get(username);
  if (!account || account.password !== password) return wireFaults.authenticationFailed();
  if (!account.webService) return wireFaults.incorrectPrivileges();

  try {
    switch (operation) {
      case "CheckCapacitySummary":
        return { operation, search: engine.checkCapacitySummary(readCase(payload), account, now) };
      case "ServiceDetailsById":
        return { operation, services: engine.serviceDetailsById(readServiceId(payload), account) };
      case "GetHospitalScores":
        return { operation, hospitals: engine.getHospitalScores(account, now) };
    }
  } catch (error) {
    if (error instanceof SimFault) return error;
    throw error;
  }
}

/** The HTTP status and envelope DoS would send for an answer: 200 with the payload, or 500 with the fault. */
export function writeAnswer(soapVersion: SoapVersion, answer: Answer): { status: number; body: string } {
  if (answer instanceof SimFault) return { status: 500, body: faultEnvelope(soapVersion, answer) };
  return { status: 200, body: successEnvelope(soapVersion, payloadOf(answer)) };
}

/**
 * The same answer with `bytes` of padding added to free text: CheckCapacitySummary results'
 * `referralInformation`, ServiceDetailsById services' first endpoint `comment` (else the free-text `odsCode`),
 * GetHospitalScores' `note`s, or a fault's text. Spread over up to `bytes / 4 MiB` items so that no single text
 * node passes libxml2's 10 MB limit when there are enough items. Still schema-valid, just huge.
 */
export function oversized(answer: Answer, bytes: number): Answer {
  if (answer instanceof SimFault) return new SimFault(answer.code, answer.text + padding(bytes));
  switch (answer.operation) {
    case "CheckCapacitySummary": {
      const services = spread(answer.search.services, bytes, (item, extra) => ({
        ...item,
        service: { ...item.service, referralInformation: item.service.referralInformation + extra },
      }));
      return { ...answer, search: { ...answer.search, services } };
    }
    case "ServiceDetailsById": {
      const services = spread(answer.services, bytes, (service, extra) => {
        const [endpoint, ...others] = service.endpoints;
        return endpoint
          ? { ...service, endpoints: [{ ...endpoint, comment: endpoint.comment + extra }, ...others] }
          : { ...service, odsCode: service.odsCode + extra };
      });
      return { ...answer, services };
    }
    case "GetHospitalScores": {
      const hospitals = spread(answer.hospitals, bytes, (hospital, extra) => ({
        ...hospital,
        note: hospital.note + extra,
      }));
      return { ...answer, hospitals };
    }
  }
}

const PADDING_PIECE_BYTES = 4 * 1024 * 1024;

function spread<T>(items: readonly T[], bytes: number, pad: (item: T, extra: string) => T): T[] {
  const pieces = Math.min(items.length, Math.ceil(bytes / PADDING_PIECE_BYTES));
  const extra = padding(Math.ceil(bytes / Math.max(1, pieces)));
  return items.map((item, index) => (index < pieces ? pad(item, extra) : item));
}

/** Spaces ending in a full stop, so that trimming parsers keep the length. */
function padding(bytes: number): string {
  return " ".repeat(Math.max(0, bytes - 1)) + ".";
}

function payloadOf(result: OperationResult): string {
  switch (result.operation) {
    case "CheckCapacitySummary":
      return checkCapacitySummaryPayload(result.search);
    case "ServiceDetailsById":
      return serviceDetailsByIdPayload(result.services);
    case "GetHospitalScores":
      return getHospitalScoresPayload(result.hospitals);
  }
}
