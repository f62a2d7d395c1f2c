import { z } from "zod";

/**
 * The one reader of `process.env`. Everything else receives a `Config` (or a slice of it) as an argument.
 *
 * Every variable is documented in the README's configuration table; keep the two in step.
 * `loadConfig` fails fast with one message listing every bad variable and why.
 */

const OTLP_PROTOCOLS = ["http/protobuf", "http/json"] as const;
const OTLP_PROTOCOL_MESSAGE = "must be http/protobuf or http/json (gRPC is not supported)";
const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z.preprocess(v => (v === "" ? undefined : v), z.string().optional());

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
    HOST: z.string().min(1).optional(),
    PORT: intFrom(0, 65535).default(4001),

    DOS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DOS_USERNAME: optionalString,
    DOS_PASSWORD: optionalString,
    DOS_CASE_ID: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, "must be 1-64 letters, digits or '-' (DoS expects TEST from non-live callers)")
      .default("TEST"),
    DOS_TIMEOUT_MS: intFrom(100, 120_000).default(8000),
    DOS_MAX_RESPONSE_BYTES: intFrom(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
    DOS_MAX_SOCKETS: intFrom(1, 1024).default(16),
    DOS_MAX_SERVICES: intFrom(1, 100_000).default(200),
    DOS_CONCURRENCY: intFrom(1, 64).default(4),

    SIMULATOR_PORT: intFrom(0, 65535).default(4010),
    SIMULATOR_SEED: z.string().min(1).default("dos-subgraph"),
    // `npm run supergraph` (supergraph/start.ts): the local Hive Gateway's port
    SUPERGRAPH_PORT: intFrom(0, 65535).default(4000),

    // Callers and audiences
    AUTH_MODE: z.enum(["off", "router-secret", "jwt"]).optional(),
    ROUTER_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    JWT_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    JWT_ISSUER: optionalString,
    JWT_AUDIENCE: optionalString,
    JWKS_TIMEOUT_MS: intFrom(50, 30_000).default(3000),
    DOS_PUBLIC_USERNAME: optionalString,
    DOS_PUBLIC_PASSWORD: optionalString,
    ALLOW_PUBLIC_ON_MAIN_ACCOUNT: z.enum(["true", "false"]).default("false"),

    // No crawling: per-operation limits (0 is not allowed: a limit that is off is a crawl vector)
    MAX_DOS_CALLS_PER_OPERATION: intFrom(1, 100).default(10),
    MAX_SEARCHES_PER_OPERATION: intFrom(1, 20).default(2),
    MAX_ENTITIES: intFrom(1, 100).default(10),
    MAX_ALIASES: intFrom(1, 100).default(15),
    MAX_DEPTH: intFrom(2, 50).default(10),
    MAX_ROOT_FIELDS: intFrom(1, 50).default(12),
    MAX_TOKENS: intFrom(100, 100_000).default(2000),
    MAX_DIRECTIVES: intFrom(0, 100).default(10),
    MAX_SELECTIONS: intFrom(1, 1_000_000).default(1000),
    MAX_BODY_BYTES: intFrom(1024, 10 * 1024 * 1024).default(64 * 1024),
    // Rates: 0 means off (load tests use it)
    RATE_LIMIT_PER_MINUTE: intFrom(0, 1_000_000).default(600),
    DOS_CALLS_PER_SECOND: intFrom(0, 100_000).default(50),
    REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    REDIS_TIMEOUT_MS: intFrom(5, 5000).default(50),

    // Upstream resilience
    DOS_MAX_IN_FLIGHT: intFrom(1, 1024).default(32),
    INTROSPECTION: z.enum(["true", "false"]).optional(),

    // Operations (README "Observability" and "Deploying")
    METRICS_PORT: z.preprocess(v => (v === "" ? undefined : v), intFrom(0, 65535).optional()),
    SHUTDOWN_DELAY_MS: intFrom(0, 120_000).default(5000),
    SHUTDOWN_GRACE_MS: intFrom(0, 300_000).default(10_000),

    // OpenTelemetry tracing (standard OTel variables; off unless an endpoint is set; src/observability/tracing.ts)
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OTEL_EXPORTER_OTLP_PROTOCOL: optionalString.pipe(z.enum(OTLP_PROTOCOLS, OTLP_PROTOCOL_MESSAGE).optional()),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optionalString.pipe(z.enum(OTLP_PROTOCOLS, OTLP_PROTOCOL_MESSAGE).optional()),
    OTEL_EXPORTER_OTLP_HEADERS: optionalString.pipe(
      z.string().regex(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/, "must be key=value pairs separated by commas").optional(),
    ),
    OTEL_EXPORTER_OTLP_TIMEOUT: intFrom(100, 120_000).default(10_000),
    OTEL_SERVICE_NAME: z.string().min(1).default("dos-subgraph"),
    OTEL_BSP_SCHEDULE_DELAY: intFrom(10, 60_000).default(5000),
    OTEL_BSP_MAX_QUEUE_SIZE: intFrom(1, 100_000).default(2048),

    // Synthetic DoS monitor (off unless set; DoS allows at most one monitoring call a minute)
    DOS_MONITOR_INTERVAL_MS: z.preprocess(
      v => (v === "" ? undefined : v),
      z.coerce
        .number()
        .int()
        .min(60_000, "must be at least 60000: DoS allows at most one monitoring call a minute")
        .max(86_400_000)
        .optional(),
    ),
    DOS_MONITOR_POSTCODE: z.string().regex(/^[A-Za-z0-9 ]{5,8}$/, "must be a UK postcode").default("LS1 1UR"),
  })
  .superRefine((env, ctx) => {
    const authMode = env.AUTH_MODE ?? (env.NODE_ENV === "production" ? undefined : "off");
    if (env.NODE_ENV === "production") {
      if (!authMode || authMode === "off") {
        ctx.addIssue({ code: "custom", path: ["AUTH_MODE"], message: "must be router-secret or jwt when NODE_ENV=production" });
      }
      if (!env.DOS_URL) {
        ctx.addIssue({ code: "custom", path: ["DOS_URL"], message: "is required when NODE_ENV=production (the simulator is for local use)" });
      }
      // Public callers are possible in both production modes. DoS filters results by the searching account's
      // referral role (the AUP's public-display rule), so sharing the main account must be a written decision.
      if (!env.DOS_PUBLIC_USERNAME && env.ALLOW_PUBLIC_ON_MAIN_ACCOUNT !== "true") {
        ctx.addIssue({
          code: "custom",
          path: ["DOS_PUBLIC_USERNAME"],
          message:
            "is required when NODE_ENV=production (public callers must search with a public-role DoS account); " +
            "set ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true to let them use the main account deliberately",
        });
      }
    }
    if (authMode === "router-secret" && !env.ROUTER_SECRET) {
      ctx.addIssue({ code: "custom", path: ["ROUTER_SECRET"], message: "is required when AUTH_MODE=router-secret" });
    }
    if (authMode === "jwt") {
      for (const name of ["JWT_JWKS_URL", "JWT_ISSUER", "JWT_AUDIENCE"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when AUTH_MODE=jwt" });
      }
    }
    if (Boolean(env.DOS_PUBLIC_USERNAME) !== Boolean(env.DOS_PUBLIC_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: ["DOS_PUBLIC_USERNAME"],
        message: "DOS_PUBLIC_USERNAME and DOS_PUBLIC_PASSWORD go together",
      });
    }
    if (env.DOS_URL && (!env.DOS_USERNAME || !env.DOS_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: ["DOS_USERNAME"],
        message: "DOS_USERNAME and DOS_PASSWORD are required when DOS_URL is set",
      });
    }
  });

/** Every environment variable this module reads (the README table and deploy/k8s are checked against it). */
export const ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

export interface DosAccount {
  readonly username: string;
  readonly password: string;
}

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly logLevel: string;
  /** `LOG_FORMAT`; unset: pretty in development on a terminal, JSON otherwise (src/logger.ts decides). */
  readonly logFormat: "json" | "pretty" | undefined;
  readonly host: string;
  readonly port: number;
  readonly dos: {
    /** Unset: `npm start` runs the embedded simulator and uses its demo account. */
    readonly url: string | undefined;
    readonly account: DosAccount;
    readonly caseId: string;
    readonly timeoutMs: number;
    readonly maxResponseBytes: number;
    readonly maxSockets: number;
    /** Most services one DoS answer may hold; more fails the call with DOS_BAD_RESPONSE (src/dos/limits.ts). */
    readonly maxServices: number;
    /** Upper bound on concurrent DoS calls one GraphQL operation may fan out to. */
    readonly concurrency: number;
  };
  readonly simulator: { readonly port: number; readonly seed: string };
  /** `npm run supergraph`: the local gateway listens on 127.0.0.1:port, path /graphql. */
  readonly supergraph: { readonly port: number };
  readonly auth: {
    /** `off`: every caller is professional (local development only; refused in production). */
    readonly mode: "off" | "router-secret" | "jwt";
    readonly routerSecret: string | undefined;
    readonly jwt:
      | {
          readonly jwksUrl: string;
          readonly issuer: string;
          readonly audience: string;
          /** Deadline of one key-set fetch; past it, the request is refused as unauthenticated. */
          readonly jwksTimeoutMs: number;
        }
      | undefined;
    /** DoS account for public-audience callers; unset: they share `dos.account` (field rules still apply). */
    readonly publicAccount: DosAccount | undefined;
    /** `ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true`: production may start without `publicAccount` (logged loudly). */
    readonly allowPublicOnMainAccount: boolean;
  };
  readonly limits: {
    readonly dosCallsPerOperation: number;
    readonly searchesPerOperation: number;
    readonly entities: number;
    readonly aliases: number;
    readonly depth: number;
    readonly rootFields: number;
    readonly tokens: number;
    readonly directives: number;
    /** Selections per operation with fragment spreads expanded (src/server/selection-limit.ts). */
    readonly selections: number;
    readonly bodyBytes: number;
    /** Per caller; 0 = off. */
    readonly ratePerMinute: number;
    /** Per DoS account, across the process (or all replicas with Redis); 0 = off. */
    readonly dosCallsPerSecond: number;
    readonly redisUrl: string | undefined;
    /** Deadline of one Redis command; past it, counts are per process (as when Redis is down). */
    readonly redisTimeoutMs: number;
    /** Bulkhead: DoS calls in flight per process; past it, `DOS_OVERLOADED` at once. */
    readonly dosMaxInFlight: number;
  };
  /** Introspection and GraphiQL: on unless production (then only with INTROSPECTION=true). */
  readonly introspection: boolean;
  /** `/metrics` on its own port when set (src/observability/metrics-http.ts); unset: on PORT, protected. */
  readonly metricsPort: number | undefined;
  /** The synthetic DoS monitor (src/observability/dos-monitor.ts); undefined (off) unless an interval is set. */
  readonly dosMonitor: { readonly intervalMs: number; readonly postcode: string } | undefined;
  /** OpenTelemetry tracing; undefined (off) unless an OTLP endpoint is set. */
  readonly tracing: TracingConfig | undefined;
  readonly shutdown: {
    /** After SIGTERM, how long `/readyz` says 503 while requests are still served, before the listener closes. */
    readonly delayMs: number;
    /** Then, how long in-flight requests have to finish before their connections are closed. */
    readonly graceMs: number;
  };
}

export interface TracingConfig {
  /** Where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  readonly url: string;
  readonly protocol: (typeof OTLP_PROTOCOLS)[number];
  /** OTEL_EXPORTER_OTLP_HEADERS (e.g. a collector token): sent to the collector only, never logged. */
  readonly headers: Readonly<Record<string, string>>;
  /** Deadline of one export (OTEL_EXPORTER_OTLP_TIMEOUT). */
  readonly timeoutMs: number;
  readonly serviceName: string;
  readonly scheduleDelayMs: number;
  /** Spans beyond this many waiting for export are dropped (a stalled collector never holds memory or requests). */
  readonly maxQueueSize: number;
}

/** The simulator's built-in professional account, used when `DOS_URL` is unset. */
export const SIMULATOR_DEMO_ACCOUNT: DosAccount = Object.freeze({ username: "demo", password: "demo" });

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (see the README's configuration table):\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never the value: a bad value may be a password.
    throw new ConfigError(parsed.error.issues.map(i => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  const e = parsed.data;
  return deepFreeze({
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    // A container must listen on all interfaces; a developer's machine should not expose DoS data.
    host: e.HOST ?? (e.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
    port: e.PORT,
    dos: {
      url: e.DOS_URL,
      account: e.DOS_URL ? { username: e.DOS_USERNAME!, password: e.DOS_PASSWORD! } : SIMULATOR_DEMO_ACCOUNT,
      caseId: e.DOS_CASE_ID,
      timeoutMs: e.DOS_TIMEOUT_MS,
      maxResponseBytes: e.DOS_MAX_RESPONSE_BYTES,
      maxSockets: e.DOS_MAX_SOCKETS,
      maxServices: e.DOS_MAX_SERVICES,
      concurrency: e.DOS_CONCURRENCY,
    },
    simulator: { port: e.SIMULATOR_PORT, seed: e.SIMULATOR_SEED },
    supergraph: { port: e.SUPERGRAPH_PORT },
    auth: {
      mode: e.AUTH_MODE ?? "off",
      routerSecret: e.ROUTER_SECRET,
      jwt:
        e.JWT_JWKS_URL && e.JWT_ISSUER && e.JWT_AUDIENCE
          ? { jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, jwksTimeoutMs: e.JWKS_TIMEOUT_MS }
          : undefined,
      publicAccount:
        e.DOS_PUBLIC_USERNAME && e.DOS_PUBLIC_PASSWORD
          ? { username: e.DOS_PUBLIC_USERNAME, password: e.DOS_PUBLIC_PASSWORD }
          : undefined,
      allowPublicOnMainAccount: e.ALLOW_PUBLIC_ON_MAIN_ACCOUNT === "true",
    },
    limits: {
      dosCallsPerOperation: e.MAX_DOS_CALLS_PER_OPERATION,
      searchesPerOperation: e.MAX_SEARCHES_PER_OPERATION,
      entities: e.MAX_ENTITIES,
      aliases: e.MAX_ALIASES,
      depth: e.MAX_DEPTH,
      rootFields: e.MAX_ROOT_FIELDS,
      tokens: e.MAX_TOKENS,
      directives: e.MAX_DIRECTIVES,
      selections: e.MAX_SELECTIONS,
      bodyBytes: e.MAX_BODY_BYTES,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
      dosCallsPerSecond: e.DOS_CALLS_PER_SECOND,
      redisUrl: e.REDIS_URL,
      redisTimeoutMs: e.REDIS_TIMEOUT_MS,
      dosMaxInFlight: e.DOS_MAX_IN_FLIGHT,
    },
    introspection: e.INTROSPECTION ? e.INTROSPECTION === "true" : e.NODE_ENV !== "production",
    metricsPort: e.METRICS_PORT,
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, graceMs: e.SHUTDOWN_GRACE_MS },
    tracing: tracingConfig(e),
    dosMonitor: e.DOS_MONITOR_INTERVAL_MS
      ? { intervalMs: e.DOS_MONITOR_INTERVAL_MS, postcode: e.DOS_MONITOR_POSTCODE }
      : undefined,
  });
}

function tracingConfig(e: z.infer<typeof EnvSchema>): TracingConfig | undefined {
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, "")}/v1/traces`);
  if (!url) return undefined;
  const headers: Record<string, string> = {};
  for (const pair of e.OTEL_EXPORTER_OTLP_HEADERS?.split(",") ?? []) {
    const at = pair.indexOf("=");
    headers[decodeLenient(pair.slice(0, at).trim())] = decodeLenient(pair.slice(at + 1).trim());
  }
  return {
    url,
    protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf",
    headers,
    timeoutMs: e.OTEL_EXPORTER_OTLP_TIMEOUT,
    serviceName: e.OTEL_SERVICE_NAME,
    scheduleDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
    maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
  };
}

// Private: OTEL_EXPORTER_OTLP_HEADERS values are URL-encoded; a malformed escape is kept as written.
function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
