import { z } from "zod";

/**
 * The one reader of `process.env`. Everything else receives a `Config` (or a slice of it) as an argument.
 *
 * Every variable is documented in the README's configuration table; keep the two in step.
 * `loadConfig` fails fast with one message listing every bad variable and why.
 */

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z.preprocess(v => (v === "" ? undefined : v), z.string().optional());

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
    DOS_CONCURRENCY: intFrom(1, 64).default(4),

    SIMULATOR_PORT: intFrom(0, 65535).default(4010),
    SIMULATOR_SEED: z.string().min(1).default("dos-subgraph"),

    // Callers and audiences
    AUTH_MODE: z.enum(["off", "router-secret", "jwt"]).optional(),
    ROUTER_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    JWT_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    JWT_ISSUER: optionalString,
    JWT_AUDIENCE: optionalString,
    JWKS_TIMEOUT_MS: intFrom(50, 30_000).default(3000),
    DOS_PUBLIC_USERNAME: optionalString,
    DOS_PUBLIC_PASSWORD: optionalString,

    // No crawling: per-operation limits (0 is not allowed: a limit that is off is a crawl vector)
    MAX_DOS_CALLS_PER_OPERATION: intFrom(1, 100).default(10),
    MAX_SEARCHES_PER_OPERATION: intFrom(1, 20).default(2),
    MAX_ENTITIES: intFrom(1, 100).default(10),
    MAX_ALIASES: intFrom(1, 100).default(15),
    MAX_DEPTH: intFrom(2, 50).default(10),
    MAX_ROOT_FIELDS: intFrom(1, 50).default(12),
    MAX_TOKENS: intFrom(100, 100_000).default(2000),
    MAX_DIRECTIVES: intFrom(0, 100).default(10),
    MAX_BODY_BYTES: intFrom(1024, 10 * 1024 * 1024).default(64 * 1024),
    // Rates: 0 means off (load tests use it)
    RATE_LIMIT_PER_MINUTE: intFrom(0, 1_000_000).default(600),
    DOS_CALLS_PER_SECOND: intFrom(0, 100_000).default(50),
    REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    REDIS_TIMEOUT_MS: intFrom(5, 5000).default(50),

    // Upstream resilience
    DOS_MAX_IN_FLIGHT: intFrom(1, 1024).default(32),
    INTROSPECTION: z.enum(["true", "false"]).optional(),
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

export interface DosAccount {
  readonly username: string;
  readonly password: string;
}

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly logLevel: string;
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
    /** Upper bound on concurrent DoS calls one GraphQL operation may fan out to. */
    readonly concurrency: number;
  };
  readonly simulator: { readonly port: number; readonly seed: string };
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
      concurrency: e.DOS_CONCURRENCY,
    },
    simulator: { port: e.SIMULATOR_PORT, seed: e.SIMULATOR_SEED },
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
      bodyBytes: e.MAX_BODY_BYTES,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
      dosCallsPerSecond: e.DOS_CALLS_PER_SECOND,
      redisUrl: e.REDIS_URL,
      redisTimeoutMs: e.REDIS_TIMEOUT_MS,
      dosMaxInFlight: e.DOS_MAX_IN_FLIGHT,
    },
    introspection: e.INTROSPECTION ? e.INTROSPECTION === "true" : e.NODE_ENV !== "production",
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
