import { ConfigError, loadConfig, SIMULATOR_DEMO_ACCOUNT } from "../../src/config";
import { wantsPrettyLogs } from "../../src/logger";

describe("loadConfig", () => {
  it("defaults to the embedded simulator's demo account, loopback and port 4001", () => {
    const config = loadConfig({});
    expect(config.dos.url).toBeUndefined();
    expect(config.dos.account).toEqual(SIMULATOR_DEMO_ACCOUNT);
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(4001);
    expect(config.dos).toMatchObject({ caseId: "TEST", timeoutMs: 8000, concurrency: 4 });
    expect(Object.isFrozen(config.dos)).toBe(true);
  });

  it("listens on all interfaces in production unless HOST says otherwise", () => {
    const env = {
      NODE_ENV: "production",
      DOS_URL: "https://dos.example/app/api/webservices",
      DOS_USERNAME: "u",
      DOS_PASSWORD: "p",
      AUTH_MODE: "router-secret",
      ROUTER_SECRET: "x".repeat(32),
      DOS_PUBLIC_USERNAME: "pub",
      DOS_PUBLIC_PASSWORD: "pub-p",
    };
    expect(loadConfig(env).host).toBe("0.0.0.0");
    expect(loadConfig({ ...env, HOST: "10.0.0.5" }).host).toBe("10.0.0.5");
  });

  it("uses the configured DoS account when DOS_URL is set", () => {
    const config = loadConfig({ DOS_URL: "https://dos.example/app/api/webservices", DOS_USERNAME: "svc", DOS_PASSWORD: "s3cret" });
    expect(config.dos.account).toEqual({ username: "svc", password: "s3cret" });
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DOS_URL: "", DOS_USERNAME: "" }).dos.url).toBeUndefined();
  });

  it.each([
    [{ PORT: "80000" }, "PORT"],
    [{ DOS_TIMEOUT_MS: "soon" }, "DOS_TIMEOUT_MS"],
    [{ DOS_CASE_ID: "<x>" }, "DOS_CASE_ID"],
    [{ DOS_URL: "ftp://dos.example" }, "DOS_URL"],
    [{ DOS_URL: "https://dos.example/app/api/webservices" }, "DOS_USERNAME"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it("refuses AUTH_MODE=off, or no AUTH_MODE, and the simulator in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/AUTH_MODE[\s\S]*DOS_URL|DOS_URL[\s\S]*AUTH_MODE/);
    expect(() => loadConfig({ NODE_ENV: "production", AUTH_MODE: "off" })).toThrow(/AUTH_MODE: must be router-secret or jwt/);
  });

  describe("public callers' DoS account in production", () => {
    const production = {
      NODE_ENV: "production",
      DOS_URL: "https://dos.example/app/api/webservices",
      DOS_USERNAME: "u",
      DOS_PASSWORD: "p",
      ROUTER_SECRET: "x".repeat(32),
      JWT_JWKS_URL: "https://issuer.example/jwks.json",
      JWT_ISSUER: "https://issuer.example",
      JWT_AUDIENCE: "dos-subgraph",
    };

    it.each(["router-secret", "jwt"])("refuses AUTH_MODE=%s without DOS_PUBLIC_USERNAME", mode => {
      expect(() => loadConfig({ ...production, AUTH_MODE: mode })).toThrow(
        /DOS_PUBLIC_USERNAME: is required when NODE_ENV=production[\s\S]*ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true/,
      );
    });

    it("starts with a public account, or with ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true said explicitly", () => {
      const withPublic = loadConfig({ ...production, AUTH_MODE: "jwt", DOS_PUBLIC_USERNAME: "pub", DOS_PUBLIC_PASSWORD: "pp" });
      expect(withPublic.auth).toMatchObject({ publicAccount: { username: "pub" }, allowPublicOnMainAccount: false });
      const allowed = loadConfig({ ...production, AUTH_MODE: "router-secret", ALLOW_PUBLIC_ON_MAIN_ACCOUNT: "true" });
      expect(allowed.auth).toMatchObject({ publicAccount: undefined, allowPublicOnMainAccount: true });
      expect(() => loadConfig({ ...production, AUTH_MODE: "router-secret", ALLOW_PUBLIC_ON_MAIN_ACCOUNT: "yes" })).toThrow(
        "ALLOW_PUBLIC_ON_MAIN_ACCOUNT",
      );
    });

    it("does not ask for one outside production", () => {
      expect(loadConfig({ AUTH_MODE: "router-secret", ROUTER_SECRET: "x".repeat(32) }).auth.publicAccount).toBeUndefined();
    });
  });

  it("chooses pretty logs for a person at a terminal in development, JSON otherwise", () => {
    expect(wantsPrettyLogs(loadConfig({}), true)).toBe(true);
    expect(wantsPrettyLogs(loadConfig({}), false)).toBe(false);
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "test" }), true)).toBe(false);
    expect(wantsPrettyLogs(loadConfig({ LOG_FORMAT: "json" }), true)).toBe(false);
    expect(wantsPrettyLogs(loadConfig({ LOG_FORMAT: "pretty" }), false)).toBe(true);
    expect(() => loadConfig({ LOG_FORMAT: "fancy" })).toThrow("LOG_FORMAT");
  });

  it("defaults to AUTH_MODE=off outside production, with the issue's guardrail defaults", () => {
    const config = loadConfig({});
    expect(config.auth.mode).toBe("off");
    expect(config.introspection).toBe(true);
    expect(config.limits).toMatchObject({
      dosCallsPerOperation: 10,
      searchesPerOperation: 2,
      entities: 10,
      aliases: 15,
      ratePerMinute: 600,
      dosCallsPerSecond: 50,
    });
  });

  it.each([
    [{ AUTH_MODE: "router-secret" }, "ROUTER_SECRET"],
    [{ AUTH_MODE: "router-secret", ROUTER_SECRET: "short" }, "ROUTER_SECRET"],
    [{ AUTH_MODE: "jwt", JWT_ISSUER: "https://issuer.example" }, "JWT_JWKS_URL"],
    [{ DOS_PUBLIC_USERNAME: "public" }, "DOS_PUBLIC_USERNAME"],
    [{ MAX_DOS_CALLS_PER_OPERATION: "0" }, "MAX_DOS_CALLS_PER_OPERATION"],
    [{ RATE_LIMIT_PER_MINUTE: "-1" }, "RATE_LIMIT_PER_MINUTE"],
    [{ REDIS_URL: "http://cache" }, "REDIS_URL"],
  ])("rejects the auth/limit settings %j naming %s", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it("turns rate limits off with 0", () => {
    const config = loadConfig({ RATE_LIMIT_PER_MINUTE: "0", DOS_CALLS_PER_SECOND: "0" });
    expect(config.limits).toMatchObject({ ratePerMinute: 0, dosCallsPerSecond: 0 });
  });

  it("never echoes a value in its message (a bad value may be a secret)", () => {
    const secret = "hunter2-not-a-url";
    try {
      loadConfig({ DOS_URL: secret, DOS_PASSWORD: secret });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});
