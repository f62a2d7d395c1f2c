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
  })
  .superRefine((env, ctx) => {
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
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
