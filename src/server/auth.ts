import { hash, timingSafeEqual } from "node:crypto";
import { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { type Config } from "../config";
import { type Logger } from "../logger";
import { type GraphqlResponse, type RequestLocals } from "./request-scope";
import { sendJson } from "./respond";

/** The scope that makes a caller professional (src/graphql/authorization.ts uses it for field rules). */
const PROFESSIONAL = "dos:professional";

/** Who is asking, as authenticated before GraphQL runs. Never taken from GraphQL input. */
export interface Caller {
  /** What per-caller rate limits and audit lines key on. */
  id: string;
  /** `professional` exactly when `scopes` holds `dos:professional`; decides the DoS account. */
  audience: "professional" | "public";
  scopes: ReadonlySet<string>;
}

/** A request without valid credentials. The message is fixed: it never echoes a token, secret or header. */
export class AuthenticationError extends Error {
  constructor(
    /** For logs only: which check failed (`missing`, `invalid`, `expired`, `jwks-unreachable`, …). */
    readonly reason: string,
  ) {
    super("Authentication required: send the router secret or a valid bearer token.");
    this.name = "AuthenticationError";
  }
}

/** What the router-secret mode accepts in each caller header (README "Callers", docs/errors.md). */
export const HEADER_FORMATS = {
  "x-dos-caller-id":
    "1-128 characters from A-Z a-z 0-9 . _ : @ | - (empty or absent: the caller is `router`)",
  "x-dos-scopes":
    "at most 20 space-separated scopes, each 1-64 characters from A-Z a-z 0-9 : . _ / -, at most 1024 characters in all (empty or absent: no scope)",
} as const;

/**
 * A caller header the router sent in a shape the subgraph does not accept: a router misconfiguration, not a
 * missing credential, so it has its own code. The message names the header and its format, never the value.
 */
export class MalformedHeaderError extends Error {
  constructor(
    readonly header: keyof typeof HEADER_FORMATS,
    readonly code: "INVALID_CALLER_ID_HEADER" | "INVALID_SCOPES_HEADER",
  ) {
    super(`The ${header} header is malformed: it must be ${HEADER_FORMATS[header]}.`);
    this.name = "MalformedHeaderError";
  }
}

export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<Caller>;
  close?(): Promise<void>;
}

const CALLER_ID = /^[A-Za-z0-9._:@|-]{1,128}$/;
const SCOPE = /^[A-Za-z0-9:._/-]{1,64}$/;
const MAX_SCOPES = 20;
const MAX_SCOPES_HEADER = 1024;
const MAX_TOKEN = 8192;
/** Asymmetric algorithms only: `none` and HMAC (which a public key could be abused as the secret of) never. */
const JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/**
 * The caller of every request to /graphql, per `AUTH_MODE` (README "Using DoS responsibly"):
 *  - `off`: everyone is a professional called `local` (development and tools only; refused in production);
 *  - `router-secret`: only Apollo Router, which sends `x-router-secret` (compared in constant time), the caller's
 *    scopes in `x-dos-scopes` (space-separated) and optionally the caller's id in `x-dos-caller-id` (default
 *    `router`; an empty header counts as absent, as a gateway sends for an anonymous caller). A malformed scopes
 *    or caller-id header is refused, not ignored (400 with its own code, `MalformedHeaderError`), after the secret
 *    is checked, so only the router learns of it;
 *  - `jwt`: a bearer token signed with a key of `JWT_JWKS_URL`, issued by `JWT_ISSUER` for `JWT_AUDIENCE`;
 *    scopes from `scope` (space-separated) or `scp` (array), the caller from `sub`.
 */
export function createAuthenticator(auth: Config["auth"], logger: Logger): Authenticator {
  switch (auth.mode) {
    case "off":
      return { authenticate: async () => LOCAL_PROFESSIONAL };
    case "router-secret":
      return routerSecretAuthenticator(auth.routerSecret!);
    case "jwt":
      return jwtAuthenticator(auth.jwt!, logger);
  }
}

const LOCAL_PROFESSIONAL: Caller = Object.freeze({
  id: "local",
  audience: "professional",
  scopes: new Set([PROFESSIONAL]),
});

function routerSecretAuthenticator(secret: string): Authenticator {
  // Hashing both sides gives equal lengths for timingSafeEqual, so not even the secret's length leaks.
  const expected = sha256(secret);
  return {
    async authenticate(headers) {
      const sent = single(headers["x-router-secret"]);
      if (sent === undefined) throw new AuthenticationError("missing");
      if (!timingSafeEqual(sha256(sent), expected)) throw new AuthenticationError("invalid");
      let scopes: Set<string>;
      try {
        scopes = parseScopes(single(headers["x-dos-scopes"]) ?? "");
      } catch {
        throw new MalformedHeaderError("x-dos-scopes", "INVALID_SCOPES_HEADER");
      }
      // An empty header is what a gateway forwards for an anonymous caller: the same as none.
      const id = single(headers["x-dos-caller-id"]) || "router";
      if (!CALLER_ID.test(id)) throw new MalformedHeaderError("x-dos-caller-id", "INVALID_CALLER_ID_HEADER");
      return callerWith(id, scopes);
    },
  };
}

function jwtAuthenticator(settings: NonNullable<Config["auth"]["jwt"]>, logger: Logger): Authenticator {
  // jose caches the signing KEYS (public material, refreshed on an unknown key id), never anything from DoS.
  // A stalled key-set server costs a request at most `jwksTimeoutMs` (JWKS_TIMEOUT_MS), then the request is refused
  // (401, reason `jwks-unreachable`): authentication fails closed, never open.
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: settings.jwksTimeoutMs,
    cooldownDuration: 30_000,
  });
  return {
    async authenticate(headers) {
      const header = single(headers.authorization);
      if (header === undefined) throw new AuthenticationError("missing");
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.length <= MAX_TOKEN ? header : "");
      if (!match) throw new AuthenticationError("malformed");
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(match[1], keys, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: JWT_ALGORITHMS,
          clockTolerance: 30,
          requiredClaims: ["sub", "exp"],
        }));
      } catch (error) {
        throw new AuthenticationError(jwtFailure(error, logger));
      }
      if (typeof payload.sub !== "string" || !CALLER_ID.test(payload.sub)) {
        throw new AuthenticationError("malformed-subject");
      }
      return callerWith(payload.sub, scopesOf(payload));
    },
  };
}

// Private: the reason category of a failed verification; an unreachable key set is an operator problem.
function jwtFailure(error: unknown, logger: Logger): string {
  if (error instanceof joseErrors.JWTExpired) return "expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return "claims";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "algorithm";
  if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
    // `timedOut`: the key-set server accepted but did not answer within JWKS_TIMEOUT_MS (stalled, not down).
    const timedOut = error instanceof joseErrors.JWKSTimeout;
    logger.warn({ reason: "jwks-unreachable", timedOut }, "JWT key set could not be fetched");
    return "jwks-unreachable";
  }
  return "invalid";
}

function scopesOf(payload: JWTPayload): Set<string> {
  if (typeof payload.scope === "string") return parseScopes(payload.scope);
  const scp = payload.scp;
  if (Array.isArray(scp) && scp.every(scope => typeof scope === "string")) return parseScopes(scp.join(" "));
  return new Set();
}

function parseScopes(text: string): Set<string> {
  if (text.length > MAX_SCOPES_HEADER) throw new AuthenticationError("malformed-scopes");
  const scopes = text.split(" ").filter(Boolean);
  if (scopes.length > MAX_SCOPES || !scopes.every(scope => SCOPE.test(scope))) {
    throw new AuthenticationError("malformed-scopes");
  }
  return new Set(scopes);
}

function callerWith(id: string, scopes: Set<string>): Caller {
  return { id, audience: scopes.has(PROFESSIONAL) ? "professional" : "public", scopes };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

// One-shot `crypto.hash` (Node 20.12+): cheaper than `createHash().update().digest()`, on every request.
function sha256(text: string): Buffer {
  return hash("sha256", text, "buffer");
}

/**
 * Authenticates a request to /graphql before GraphQL runs, so an unauthenticated client gets nothing, not even
 * `_service`: resolves with the caller (also kept in `res.locals` for the GraphQL context, `callerOf`), or answers
 * itself and resolves undefined: 401 `UNAUTHENTICATED` (JSON, `WWW-Authenticate: Bearer` in jwt mode), or 400
 * `INVALID_CALLER_ID_HEADER` / `INVALID_SCOPES_HEADER` (`extensions.header` names it). Any other failure rejects
 * (the request's 500).
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  logger: Logger,
  req: IncomingMessage,
  res: GraphqlResponse,
): Promise<Caller | undefined> {
  try {
    const caller = await authenticator.authenticate(req.headers);
    res.locals.caller = caller;
    return caller;
  } catch (error) {
    if (error instanceof MalformedHeaderError) {
      logger.info({ reason: error.code, header: error.header }, "request refused: malformed caller header");
      sendJson(res, 400, { errors: [{ message: error.message, extensions: { code: error.code, header: error.header } }] });
      return undefined;
    }
    if (!(error instanceof AuthenticationError)) throw error;
    logger.info({ reason: error.reason }, "request refused: not authenticated");
    res.setHeader("WWW-Authenticate", 'Bearer realm="dos-subgraph"');
    sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED" } }] });
    return undefined;
  }
}

/** The caller `authenticateRequest` stored for this request. */
export function callerOf(res: { locals: RequestLocals }): Caller {
  const caller = res.locals.caller;
  if (!caller) throw new Error("callerOf: authenticateRequest did not run for this request");
  return caller;
}
