import {
  createRemoteJwksSigningKeyProvider,
  extractFromHeader,
  type GatewayConfigSupergraph,
  type GatewayPlugin,
  useJWT,
} from "@graphql-hive/gateway";
import { type Config } from "../src/config";

/** This subgraph's name in the supergraph (supergraph.yaml, router.yaml and compose.ts use the same). */
export const DOS_SUBGRAPH = "dos";

/** What the gateway must share with the subgraph (src/config.ts), and where its callers' tokens are verified. */
export interface GatewaySettings {
  /** The supergraph SDL, or a path / URL to it. */
  supergraph: string;
  /** The subgraph's `ROUTER_SECRET`, sent as `x-router-secret` to the `dos` subgraph only. */
  routerSecret: string;
  /** The subgraph's `MAX_DOS_CALLS_PER_OPERATION`: the demand-control budget, in DoS calls. */
  maxDosCalls: number;
  /** The caller's identity provider (the subgraph's `JWT_*` settings name the same one). */
  jwt: { jwksUrl: string; issuer: string; audience: string };
}

/** The subgraph's settings a gateway in front of it needs (router-secret mode, the budget, the caller's IdP). */
export function gatewaySettingsFrom(config: Config, supergraph: string): GatewaySettings {
  const { routerSecret, jwt } = config.auth;
  if (!routerSecret || !jwt) {
    throw new Error("The gateway needs ROUTER_SECRET and JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE (README: Running behind a router)");
  }
  return { supergraph, routerSecret, maxDosCalls: config.limits.dosCallsPerOperation, jwt };
}

interface Claims {
  sub?: unknown;
  scope?: unknown;
  scp?: unknown;
}

/** The caller's scopes as the subgraph's `x-dos-scopes` expects them: space-separated, from `scope` or `scp`. */
export function scopesHeader(claims: Claims | undefined): string {
  if (typeof claims?.scope === "string") return claims.scope;
  if (Array.isArray(claims?.scp)) return claims.scp.filter(scope => typeof scope === "string").join(" ");
  return "";
}

/**
 * Hive Gateway options (`createGatewayRuntime`, or `defineConfig` in supergraph/gateway.ts for the CLI) that do
 * what supergraph/router.yaml does for Apollo Router:
 *  - callers: a bearer JWT verified against the IdP's JWKS (no token: an anonymous public caller; a bad one:
 *    refused); `@requiresScopes` enforced from its `scope`/`scp` claim (@envelop/generic-auth);
 *  - headers to the `dos` subgraph: `x-router-secret` (from the gateway's configuration, never from the client),
 *    `x-dos-caller-id` (the token's `sub`; empty when anonymous) and `x-dos-scopes` (its scopes), always SET by
 *    the gateway so a client cannot smuggle them; `traceparent` propagated to every subgraph;
 *  - demand control: one DoS call is the unit (`@cost`/`@listSize` in the SDL; types without `@cost` weigh 0),
 *    the budget is `MAX_DOS_CALLS_PER_OPERATION`; an operation over it is refused before the subgraph request.
 */
export function hiveGatewayOptions(settings: GatewaySettings): GatewayConfigSupergraph {
  const claimsOf = (context: object): Claims | undefined => (context as JwtContext).jwt?.payload;
  return {
    supergraph: settings.supergraph,
    plugins: () => [
      useJWT({
        signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: settings.jwt.jwksUrl })],
        tokenLookupLocations: [extractFromHeader({ name: "authorization", prefix: "Bearer" })],
        tokenVerification: {
          issuer: settings.jwt.issuer,
          audience: settings.jwt.audience,
          algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"],
        },
        reject: { missingToken: false, invalidToken: true },
        // The plugin's context type and the runtime's differ only in their logger types (Hive Gateway 2.15.1).
      }) as unknown as GatewayPlugin,
    ],
    genericAuth: {
      mode: "protect-granular" as const,
      resolveUserFn: context => claimsOf(context) ?? null,
      extractScopes: claims => scopesHeader(claims).split(" ").filter(Boolean),
      rejectUnauthenticated: false,
    },
    propagateHeaders: {
      fromClientToSubgraphs({ request, context, subgraphName }) {
        const traceparent = request.headers.get("traceparent");
        if (subgraphName !== DOS_SUBGRAPH) return { traceparent };
        const claims = claimsOf(context);
        return {
          "x-router-secret": settings.routerSecret,
          "x-dos-caller-id": typeof claims?.sub === "string" ? claims.sub : "",
          "x-dos-scopes": scopesHeader(claims),
          traceparent,
        };
      },
    },
    demandControl: {
      maxCost: settings.maxDosCalls,
      // Lists without @listSize count once; every list in the dos subgraph has one.
      listSize: 0,
      // Types without @cost (the example subgraph's, `_Entity`) weigh 0: only DoS calls cost.
      typeCost: () => 0,
      includeExtensionMetadata: true,
    },
  };
}

interface JwtContext {
  jwt?: { payload?: Claims };
}
