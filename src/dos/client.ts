import path from "node:path";
import { performance } from "node:perf_hooks";
import { type Config } from "../config";
import { type Logger } from "../logger";
import { DosBadResponse, DosError, DosFault, DosInvalidRequest, DosUnavailable } from "./errors";
import { isKnownFaultCode } from "./faults";
import { DEFAULT_MAX_SERVICES, serviceCount } from "./limits";
import { SLICE_CHARS } from "./xml-reader";
import { mapCheckCapacitySummary, mapGetHospitalScores, mapServiceDetailsById, type Mapped } from "./mappers";
import {
  checkCapacitySummaryArgs,
  checkCaseId,
  getHospitalScoresArgs,
  serviceDetailsByIdArgs,
  userInfo,
  type SoapArgs,
} from "./requests";
import { type DosOperation, loadSoapCodec, type ResponseDecoder } from "./soap";
import { createSoapTransport } from "./transport";
import { type DosCallOptions, type DosClient } from "./types";
import {
  checkCapacitySummaryResponse,
  checkEntriesInTurns,
  detailsServices,
  type EntryList,
  getHospitalScoresResponse,
  parseWire,
  searchServices,
  serviceDetailsByIdResponse,
  type WireRule,
} from "./wire";

export interface DosClientOptions {
  /** SOAP endpoint, e.g. `http://127.0.0.1:4010/app/api/webservices` (`DOS_URL`). */
  url: string;
  /** The default DoS account; `DosCallOptions.account` overrides it per call. */
  account: { username: string; password: string };
  /** Sent as `caseId` in every search (`DOS_CASE_ID`; DoS expects `TEST` from non-live callers). */
  caseId: string;
  /** Deadline of each call, body included (`DOS_TIMEOUT_MS`). */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Keep-alive connections to DoS; calls beyond it wait for a free one. */
  maxSockets: number;
  /** One line per call: operation, outcome, duration, DoS transaction id, fault code. Never payloads. */
  logger?: Logger;
  /** Default: `<repo>/schema/dos/dos-v1.5.wsdl`. Read once, at creation; never fetched. */
  wsdlPath?: string;
  /** `fast` (default) or `node-soap`, the reference decoder (./soap.ts). */
  decoder?: ResponseDecoder;
  /** Most services one answer may hold (`DOS_MAX_SERVICES`, default DEFAULT_MAX_SERVICES); see ./limits.ts. */
  maxServices?: number;
}

export interface ManagedDosClient extends DosClient {
  /** Closes the client's connections (its keep-alive agent); calls made afterwards fail. */
  close(): Promise<void>;
}

/** The project's own v1.5 WSDL. Two levels up from src/dos (ts-jest, tsx) and from dist/dos (the build). */
export const DEFAULT_WSDL_PATH = path.resolve(__dirname, "..", "..", "schema", "dos", "dos-v1.5.wsdl");

const HTTP_HEADERS = { "User-Agent": "dos-subgraph", Accept: "application/soap+xml, text/xml" };

/** What one operation needs beyond the shared pipeline. */
interface OperationSpec<Wire, Result> {
  operation: DosOperation;
  args(account: { username: string; password: string }): SoapArgs;
  schema: WireRule<Wire>;
  /** The answer's services: counted against DOS_MAX_SERVICES, then, in a large answer, checked in turns (./wire.ts). */
  services?: EntryList;
  map(wire: Wire): Mapped<Result>;
  transactionId?(result: Result): string;
}

/**
 * The client's settings from the configuration's `dos` block (src/config.ts): the one mapping from configuration to
 * client, so that a setting added to one (as `DOS_MAX_SERVICES` was) reaches every client. The caller adds the URL
 * (the configured DoS or the embedded simulator) and the logger, and may override a setting (the DoS monitor's
 * caseId and sockets).
 */
export function dosClientSettings(dos: Config["dos"]): Omit<DosClientOptions, "url" | "logger"> {
  const { account, caseId, timeoutMs, maxResponseBytes, maxSockets, maxServices } = dos;
  return { account, caseId, timeoutMs, maxResponseBytes, maxSockets, maxServices };
}

/**
 * The DoS client over node-soap. Each call runs the same pipeline, every step of which fails with a `DosError`:
 *  1. the arguments pass the allow-lists (./requests.ts), or `DosInvalidRequest` with nothing sent;
 *  2. the SOAP 1.2 envelope is written (./soap.ts, as node-soap writes it from the WSDL);
 *  3. one HTTP POST under the deadline and size limit (./transport.ts);
 *  4. the response is decoded (./xml-reader.ts, in slices), a SOAP Fault becoming a `DosFault`;
 *  5. the services are counted (DOS_MAX_SERVICES, ./limits.ts), then the rules of ./wire.ts check the payload;
 *  6. pure mappers build the domain objects (./mappers.ts).
 * Nothing node-soap produces, errors included, leaves this module: node-soap's objects can hold the request,
 * and so the password. The client holds no per-call state, so concurrent calls cannot interfere.
 */
export async function createDosClient(options: DosClientOptions): Promise<ManagedDosClient> {
  checkOptions(options);
  const codec = await loadSoapCodec(options.wsdlPath ?? DEFAULT_WSDL_PATH, options.decoder);
  const transport = createSoapTransport(options);
  const logger = options.logger;
  const maxServices = options.maxServices ?? DEFAULT_MAX_SERVICES;

  async function call<Wire, Result>(spec: OperationSpec<Wire, Result>, callOptions: DosCallOptions = {}) {
    const started = performance.now();
    const line: Record<string, unknown> = { dosOperation: spec.operation };
    let sent = false;
    try {
      const request = codec.encode(spec.operation, spec.args(callOptions.account ?? options.account));
      sent = true;
      const response = await transport.post({
        body: request.body,
        headers: { ...HTTP_HEADERS, ...request.headers },
        timeoutMs: options.timeoutMs,
        signal: callOptions.signal,
      });
      const payload = await codec.decode(spec.operation, response);
      // Counted before anything is checked or mapped: an answer of 19,000 services costs no more than its read.
      const services = spec.services ? serviceCount(payload, spec.services.list, spec.services.entry) : 0;
      if (services > maxServices) {
        line.services = services;
        throw new DosBadResponse(`more than ${maxServices} services (DOS_MAX_SERVICES)`);
      }
      // A large answer is checked, mapped and handed on in turns of its own: no one step holds the event loop
      // long. An ordinary one (up to SLICE_CHARS, read in one turn) is checked in one go too: its checks cost
      // less than one slice's read, and a turn between would only keep its objects alive across other work.
      const large = response.body.length > SLICE_CHARS;
      const prepared = spec.services && large ? await checkEntriesInTurns(payload, spec.services) : payload;
      const wire = parseWire(spec.schema, prepared);
      if (!wire.success) {
        line.issues = wire.issues;
        throw new DosBadResponse(`${spec.operation}Response does not match the v1.5 schema`);
      }
      if (large) await nextTurn();
      const { value, dropped } = spec.map(wire.data);
      if (large) await nextTurn();
      line.transactionId = spec.transactionId?.(value);
      for (const entry of dropped) {
        logger?.warn({ ...line, path: entry.path, issues: entry.issues }, "DoS response entry dropped");
      }
      // The caller learns that results were withheld (DOS_RESULTS_WITHHELD), never which or why.
      if (dropped.length > 0) callOptions.onWithheld?.(dropped.length);
      // The gateway's audit line (src/upstream/audit.ts) is the per-call record; this one is for debugging.
      logger?.debug({ ...line, outcome: "ok", durationMs: elapsed(started) }, "DoS call");
      return value;
    } catch (thrown) {
      const error = asDosError(thrown, sent, line);
      logFailure(logger, error, { ...line, durationMs: elapsed(started) });
      throw error;
    }
  }

  return {
    checkCapacitySummary(request, callOptions) {
      return call(
        {
          operation: "CheckCapacitySummary",
          args: account => checkCapacitySummaryArgs(request, account, options.caseId),
          schema: checkCapacitySummaryResponse,
          services: searchServices,
          map: mapCheckCapacitySummary,
          transactionId: result => result.transactionId,
        },
        callOptions,
      );
    },
    serviceDetailsById(serviceIdOrOdsCode, callOptions) {
      return call(
        {
          operation: "ServiceDetailsById",
          args: account => serviceDetailsByIdArgs(serviceIdOrOdsCode, account),
          schema: serviceDetailsByIdResponse,
          services: detailsServices,
          map: mapServiceDetailsById,
        },
        callOptions,
      );
    },
    getHospitalScores(callOptions) {
      return call(
        {
          operation: "GetHospitalScores",
          args: getHospitalScoresArgs,
          schema: getHospitalScoresResponse,
          map: mapGetHospitalScores,
        },
        callOptions,
      );
    },
    async close() {
      transport.close();
    },
  };
}

// Private: misconfiguration fails at start, naming the option and never its value.
function checkOptions(options: DosClientOptions): void {
  userInfo(options.account);
  checkCaseId(options.caseId);
  for (const name of ["timeoutMs", "maxResponseBytes", "maxSockets", "maxServices"] as const) {
    if (name === "maxServices" && options[name] === undefined) continue;
    if (!Number.isInteger(options[name]) || options[name]! < 1) {
      throw new Error(`DoS client option ${name} must be a positive integer`);
    }
  }
}

// Private: anything that is not already a DosError is a bug in this module or in node-soap; its text is dropped
// (it may quote the envelope) and only its name is logged.
function asDosError(thrown: unknown, sent: boolean, line: Record<string, unknown>): DosError {
  if (thrown instanceof DosError) return thrown;
  line.unexpected = thrown instanceof Error ? thrown.name : typeof thrown;
  return sent
    ? new DosBadResponse("the response could not be decoded")
    : new DosInvalidRequest("request", "could not be encoded");
}

function logFailure(logger: Logger | undefined, error: DosError, line: Record<string, unknown>): void {
  if (!logger) return;
  if (error instanceof DosFault) {
    const known = isKnownFaultCode(error.code);
    const fields = { ...line, outcome: "fault", faultCode: error.code, faultCategory: error.category };
    const expected = known && ["input", "not-found", "no-results"].includes(error.category);
    if (expected) logger.info(fields, "DoS call");
    else logger.warn(known ? fields : { ...fields, unknownFaultCode: true }, "DoS call");
    return;
  }
  const aborted = error instanceof DosUnavailable && error.reason === "aborted";
  const reason = "reason" in error ? error.reason : undefined;
  const httpStatus = error instanceof DosUnavailable ? error.httpStatus : undefined;
  const field = error instanceof DosInvalidRequest ? error.field : undefined;
  const fields = { ...line, outcome: aborted ? "aborted" : error.kind, reason, httpStatus, field };
  if (aborted || error instanceof DosInvalidRequest) logger.info(fields, "DoS call");
  else logger.warn(fields, "DoS call");
}

function nextTurn(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
