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
    const env = { NODE_ENV: "production", DOS_URL: "https://dos.example/app/api/webservices", DOS_USERNAME: "u", DOS_PASSWORD: "p" };
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
