/**
 * supergraph/router.yaml (Apollo Router; no Router binary runs here) and supergraph/supergraph.yaml (rover),
 * checked against what they must share with the subgraph: the defaults of src/config.ts, the header names
 * src/server/auth.ts reads, the README's environment variables and the committed SDLs.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { parse as parseGraphQL } from "graphql";
import { parse as parseYaml } from "yaml";
import { loadConfig } from "../../src/config";
import { HEADER_FORMATS } from "../../src/server/auth";
import { GRAPHQL_PATH } from "../../src/server/createServer";
import { DOS_SUBGRAPH } from "../../supergraph/gateway-options";

const ROOT = path.resolve(__dirname, "../..");
const SUPERGRAPH_DIR = path.join(ROOT, "supergraph");
const DEFAULTS = loadConfig({ NODE_ENV: "development" });
const read = (file: string) => readFileSync(path.join(SUPERGRAPH_DIR, file), "utf8");

interface HeaderRule {
  insert?: { name: string; value: string };
  propagate?: { named?: string; matching?: string };
  remove?: { named: string };
}

const router = parseYaml(read("router.yaml")) as {
  supergraph: { listen: string };
  authentication: { router: { jwt: { jwks: { url: string; issuers: string[]; audiences: string[] }[] } } };
  authorization: { require_authentication: boolean; directives: { enabled: boolean } };
  headers: { all?: unknown; subgraphs: Record<string, { request: HeaderRule[] }> };
  rhai: { scripts: string; main: string };
  demand_control: { enabled: boolean; mode: string; strategy: { static_estimated: { list_size: number; max: number } } };
  limits: { router: Record<string, number> };
  telemetry: { exporters: { tracing: { propagation: { trace_context: boolean } } } };
};

describe("supergraph/router.yaml", () => {
  it("names the Router release it targets and what needs a GraphOS plan", () => {
    const text = read("router.yaml");
    expect(text).toMatch(/Target: Apollo Router 2\.\d+\.\d+/);
    for (const feature of ["authentication.router", "authorization.directives", "demand_control", "@requiresScopes"]) {
      expect(text.split("# Licence:")[1].split("\n\n")[0]).toContain(feature);
    }
  });

  it("demand control enforces the subgraph's MAX_DOS_CALLS_PER_OPERATION, in DoS calls", () => {
    expect(router.demand_control).toEqual({
      enabled: true,
      mode: "enforce",
      strategy: { static_estimated: { list_size: 1, max: DEFAULTS.limits.dosCallsPerOperation } },
    });
  });

  it("operation limits equal the subgraph's (never looser)", () => {
    const { limits } = DEFAULTS;
    expect(router.limits.router).toEqual({
      max_depth: limits.depth,
      max_aliases: limits.aliases,
      max_root_fields: limits.rootFields,
      max_recursive_selections: limits.selections,
      parser_max_tokens: limits.tokens,
      http_max_request_bytes: limits.bodyBytes,
    });
  });

  it("the dos subgraph gets x-router-secret from ROUTER_SECRET and the caller id; nothing else from the client", () => {
    expect(Object.keys(router.headers.subgraphs)).toEqual([DOS_SUBGRAPH]);
    expect(router.headers.all).toBeUndefined();
    expect(router.headers.subgraphs[DOS_SUBGRAPH].request).toEqual([
      { insert: { name: "x-router-secret", value: "${env.ROUTER_SECRET}" } },
      { propagate: { named: "x-dos-caller-id" } },
    ]);
    // The header names the subgraph reads (src/server/auth.ts).
    expect(Object.keys(HEADER_FORMATS)).toEqual(["x-dos-caller-id", "x-dos-scopes"]);
  });

  it("x-dos-scopes and the caller id come from the verified JWT claims (rhai/main.rhai), always set", () => {
    expect(router.rhai).toEqual({ scripts: "./rhai", main: "main.rhai" });
    const script = read(path.join(router.rhai.scripts, router.rhai.main));
    expect(script).toContain(`if subgraph == "${DOS_SUBGRAPH}"`);
    expect(script).toContain("Router.APOLLO_AUTHENTICATION_JWT_CLAIMS");
    expect(script).toMatch(/\n {4}request\.subgraph\.headers\["x-dos-scopes"\] = scopes;\n\}/);
    expect(script).toContain('request.subgraph.headers["x-dos-caller-id"] = claims["sub"]');
  });

  it("callers' JWTs from the subgraph's identity-provider settings; @requiresScopes enforced; traces propagated", () => {
    expect(router.authentication.router.jwt.jwks).toEqual([
      { url: "${env.JWT_JWKS_URL}", issuers: ["${env.JWT_ISSUER}"], audiences: ["${env.JWT_AUDIENCE}"] },
    ]);
    expect(router.authorization).toEqual({ require_authentication: false, directives: { enabled: true } });
    expect(router.telemetry.exporters.tracing.propagation.trace_context).toBe(true);
  });

  it("every environment variable it reads is one of the subgraph's, in the README configuration table", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const names = [...read("router.yaml").matchAll(/\$\{env\.([A-Z_]+)/g)].map(match => match[1]);
    expect(new Set(names)).toEqual(new Set(["ROUTER_SECRET", "JWT_JWKS_URL", "JWT_ISSUER", "JWT_AUDIENCE"]));
    for (const name of names) expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${name}\`[^|]*\\|`, "m"));
  });

  it("listens on 127.0.0.1 at the SUPERGRAPH_PORT default", () => {
    expect(router.supergraph.listen).toBe(`127.0.0.1:${DEFAULTS.supergraph.port}`);
  });
});

describe("supergraph/supergraph.yaml (rover)", () => {
  const config = parseYaml(read("supergraph.yaml")) as {
    federation_version: string;
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };

  it("pins the composition version the tests compose with (@apollo/composition)", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(config.federation_version).toBe(`=${pkg.devDependencies["@apollo/composition"]}`);
  });

  it("routes dos to the subgraph's default address and composes the committed SDLs", () => {
    expect(config.subgraphs[DOS_SUBGRAPH]).toEqual({
      routing_url: `http://${DEFAULTS.host}:${DEFAULTS.port}${GRAPHQL_PATH}`,
      schema: { file: "../schema/subgraph.graphql" },
    });
    const services = Object.entries(config.subgraphs).map(([name, subgraph]) => {
      const file = path.join(SUPERGRAPH_DIR, subgraph.schema.file);
      expect(existsSync(file)).toBe(true);
      return { name, url: subgraph.routing_url, typeDefs: parseGraphQL(readFileSync(file, "utf8")) };
    });
    const result = composeServices(services);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toContain("@requiresScopes");
    expect(result.supergraphSdl).toContain("@listSize");
  });
});
