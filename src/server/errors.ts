import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DosError, DosFault, type DosInputField } from "../dos/errors";
import { boundEchoes } from "./message-bounds";
import { DosCallBudgetExceeded, DosCallRefused, DosOverloaded, DosRateLimited } from "../upstream/errors";

/**
 * The one catalogue of client-facing error codes (`extensions.code`). docs/errors.md documents each code;
 * a test keeps the two in step. Codes are a public contract: add new ones, never rename or reuse.
 *
 * Field errors keep HTTP 200 (GraphQL partial results); only request-level errors raised by Apollo Server
 * itself (parse, validation, variable coercion) change the status.
 */
export const errorCatalogue = {
  INVALID_POSTCODE: "The postcode is not a well-formed UK postcode (checked before any DoS call).",
  POSTCODE_OUTSIDE_ENGLAND:
    "The postcode district is wholly outside England; DoS covers England only (checked before any DoS call).",
  POSTCODE_NOT_FOUND: "DoS does not know the postcode (DoS fault 101).",
  INVALID_AGE: "The age is out of range for its unit (checked before any DoS call; DoS faults 114-119).",
  UNKNOWN_SYMPTOM_GROUP: "The symptom group is not a known NHS Pathways symptom group (DoS fault 120).",
  UNKNOWN_DISPOSITION:
    "The disposition is not a known Dx code, or maps only to an aggregate DoS group (DoS fault 121).",
  INVALID_CLINICAL_CODES: "A symptom discriminator is not valid for the symptom group (DoS fault 104).",
  INVALID_SEARCH_DISTANCE: "The search distance is outside 1-99 km, or forced without a value (DoS 105, 113).",
  INVALID_SEARCH_DATETIME: "searchDateTime is more than 1 minute in the past or 12 months ahead (DoS 108-110).",
  BAD_USER_INPUT: "An argument is malformed (id, ODS code, case reference, gender) or failed GraphQL coercion.",
  NOT_FOUND: "DoS has no service with that id (DoS fault 103). The field is null.",
  DOS_TIMEOUT: "DoS did not answer in time (DOS_TIMEOUT_MS, or DoS fault 504). Retrying later may work.",
  DOS_UNAVAILABLE: "DoS could not be reached, failed (faults 100, 500) or refused the subgraph's account.",
  DOS_BAD_RESPONSE: "DoS answered with something unusable (malformed, too large, protocol/version mismatch).",
  INPUT_LIMIT_EXCEEDED:
    "The operation sends more `_entities` representations than MAX_ENTITIES, or makes more selections with its " +
    "fragments expanded than MAX_SELECTIONS, allows (refused before any DoS call).",
  DOS_CALL_BUDGET_EXCEEDED:
    "The operation needs more DoS calls or searches than one operation may make (anti-crawling budget).",
  RATE_LIMITED: "The caller made too many requests (RATE_LIMIT_PER_MINUTE) or DoS calls; retry after `retryAfter` s.",
  DOS_OVERLOADED: "The subgraph already has DOS_MAX_IN_FLIGHT DoS calls in flight; retry shortly.",
  UNAUTHENTICATED: "The request carries no valid router secret or JWT (refused before GraphQL runs).",
  INVALID_CALLER_ID_HEADER: "The x-dos-caller-id header is not in the accepted format (README: Callers).",
  INVALID_SCOPES_HEADER: "The x-dos-scopes header is not in the accepted format (README: Callers).",
  FORBIDDEN: "The field needs the `dos:professional` scope, which the caller does not have.",
  INTERNAL_SERVER_ERROR: "An unexpected failure inside the subgraph; details are logged, never returned.",
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/** A client-facing error: a catalogue code, a message written for the caller, and safe extras only. */
export class SubgraphError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, string | number> = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
    this.name = "SubgraphError";
  }
}

/** Input the subgraph rejects itself, before any DoS call. `field` is the argument path, e.g. `input.age`. */
export function inputError(code: ErrorCode, field: string, message: string): SubgraphError {
  return new SubgraphError(code, message, { field });
}

export function notFoundError(message: string): SubgraphError {
  return new SubgraphError("NOT_FOUND", message);
}

// Input faults DoS reports, by the request field at fault (src/dos decides the field; no fault numbers here).
const inputFaults: Readonly<Record<DosInputField, { code: ErrorCode; field: string; message: string }>> = {
  postcode: { code: "POSTCODE_NOT_FOUND", field: "input.postcode", message: "DoS does not know this postcode." },
  symptomDiscriminators: {
    code: "INVALID_CLINICAL_CODES",
    field: "input.symptomDiscriminators",
    message: "DoS found no valid symptom group and discriminator combination.",
  },
  searchDistance: {
    code: "INVALID_SEARCH_DISTANCE",
    field: "input.searchDistanceKm",
    message: "DoS rejected the search distance.",
  },
  gender: { code: "BAD_USER_INPUT", field: "input.gender", message: "DoS rejected the gender." },
  searchDateTime: { code: "INVALID_SEARCH_DATETIME", field: "input.searchDateTime", message: "DoS rejected searchDateTime." },
  age: { code: "INVALID_AGE", field: "input.age", message: "DoS rejected the age." },
  ageFormat: { code: "INVALID_AGE", field: "input.ageUnit", message: "DoS rejected the age unit." },
  symptomGroup: {
    code: "UNKNOWN_SYMPTOM_GROUP",
    field: "input.symptomGroup",
    message: "DoS does not know this symptom group.",
  },
  disposition: { code: "UNKNOWN_DISPOSITION", field: "input.disposition", message: "DoS does not know this disposition." },
};

/**
 * Maps a `DosError` to its client-facing error, by its category (`DosError.classify()`), never by fault number.
 * Messages are ours (or the DoS layer's fixed hints), never DoS's text or node-soap's: those can echo the request.
 * The DoS fault number is documented public API and helps support, so it is passed on as `dosFaultCode`.
 */
export function dosErrorToClientError(error: DosError): SubgraphError {
  const failure = error.classify();
  const extras: Record<string, number> = error instanceof DosFault ? { dosFaultCode: error.code } : {};
  switch (failure.category) {
    case "invalid-input": {
      const known = failure.field && inputFaults[failure.field];
      if (known) {
        return new SubgraphError(known.code, failure.hint ?? known.message, { field: known.field, ...extras });
      }
      return error instanceof DosFault
        ? new SubgraphError("BAD_USER_INPUT", "DoS rejected the request.", extras)
        : new SubgraphError("BAD_USER_INPUT", "The request contains a value DoS cannot be sent.");
    }
    case "not-found":
    case "no-results":
      return new SubgraphError("NOT_FOUND", "DoS found nothing for this request.", extras);
    case "auth":
      // No fault code and the generic text: a client must not learn that the subgraph's credentials failed.
      return new SubgraphError("DOS_UNAVAILABLE", "DoS is unavailable.");
    case "bad-response":
      return error instanceof DosFault
        ? new SubgraphError("DOS_BAD_RESPONSE", "DoS and the subgraph disagree on the protocol.", extras)
        : new SubgraphError("DOS_BAD_RESPONSE", "DoS sent a response the subgraph could not use.");
    case "timeout":
      return error instanceof DosFault
        ? new SubgraphError("DOS_TIMEOUT", "DoS timed out.", extras)
        : new SubgraphError("DOS_TIMEOUT", "DoS did not answer in time.");
    case "unavailable":
      return error instanceof DosFault
        ? new SubgraphError("DOS_UNAVAILABLE", "DoS failed to answer the request.", extras)
        : new SubgraphError("DOS_UNAVAILABLE", "DoS is unavailable.");
  }
}

/** Maps a refusal by the DoS gateway (the call was never sent) to its client-facing error. */
export function refusalToClientError(refusal: DosCallRefused): SubgraphError {
  if (refusal instanceof DosCallBudgetExceeded) {
    return new SubgraphError("DOS_CALL_BUDGET_EXCEEDED", `${refusal.message}; ask for fewer things at once.`, {
      limit: refusal.limit === "calls" ? "MAX_DOS_CALLS_PER_OPERATION" : "MAX_SEARCHES_PER_OPERATION",
      max: refusal.max,
    });
  }
  if (refusal instanceof DosRateLimited) {
    return new SubgraphError("RATE_LIMITED", "The subgraph's DoS call rate is used up; retry shortly.", {
      retryAfter: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)),
    });
  }
  if (refusal instanceof DosOverloaded) {
    return new SubgraphError("DOS_OVERLOADED", "The subgraph is at its limit of DoS calls in flight; retry shortly.");
  }
  return new SubgraphError("DOS_UNAVAILABLE", "DoS is unavailable.");
}

/** The field needs `scope`; thrown by the schema's auth checker (see graphql/authorization.ts). */
export function forbiddenError(scope: string): SubgraphError {
  return new SubgraphError("FORBIDDEN", `This field needs the ${scope} scope.`, { scope });
}

/**
 * Apollo Server `formatError`: every error leaves through here. Catalogue errors and graphql-js/Apollo request
 * errors pass unchanged; `DosError`s are mapped; anything else is masked as INTERNAL_SERVER_ERROR (the plugin
 * in createServer logs the original). Stack traces never leave.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { locations, path } = formatted;
  if (original instanceof DosError || original instanceof DosCallRefused) {
    const mapped = original instanceof DosError ? dosErrorToClientError(original) : refusalToClientError(original);
    return { message: mapped.message, locations, path, extensions: { ...mapped.extensions } };
  }
  if (original instanceof GraphQLError) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    // graphql-js's coercion and validation messages quote the offending input: keep a short prefix of it only.
    return { message: boundEchoes(formatted.message), locations, path, extensions };
  }
  return { message: "Internal server error.", locations, path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** True when `error` (as Apollo hands it to plugins) is not a catalogue, DoS or graphql-js request error. */
export function isUnexpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return !(original instanceof DosError || original instanceof DosCallRefused || original instanceof GraphQLError);
}
