import { ConfigError, loadConfig, SIMULATOR_DEMO_ACCOUNT } from "../../src/config";

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
