/**
 * Authentication over real HTTP: a small node:http server with the real authentication step, and for `jwt` mode a
 * real JWKS endpoint on loopback serving the public keys of tokens signed here with jose.
 */
import { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { loadConfig } from "../../src/config";
import { authenticateRequest, callerOf, createAuthenticator } from "../../src/server/auth";
import { type GraphqlResponse } from "../../src/server/request-scope";
import { sendJson } from "../../src/server/respond";
import { captureLogs } from "../upstream/helpers/log-capture";

const ROUTER_SECRET = "router-secret-for-tests-0123456789abcdef";
const ISSUER = "https://auth.example.nhs.uk/";
const AUDIENCE = "dos-subgraph";

function listen(server: Server): Promise<string> {
  return new Promise(resolve =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

async function startApp(env: Record<string, string>) {
  const logs = captureLogs("info");
  const config = loadConfig({ NODE_ENV: "test", ...env });
  const authenticator = createAuthenticator(config.auth, logs.logger);
  const server = createServer((req, plain) => {
    const res = Object.assign(plain, { locals: {} }) as GraphqlResponse;
    void authenticateRequest(authenticator, logs.logger, req, res).then(authenticated => {
      if (!authenticated) return; // refused: the refusal is written
      const caller = callerOf(res);
      sendJson(res, 200, { id: caller.id, audience: caller.audience, scopes: [...caller.scopes].sort() });
    });
  });
  const url = await listen(server);
  return {
    logs,
    async get(headers: Record<string, string>) {
      const response = await fetch(url, { headers });
      return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const UNAUTHENTICATED = {
  errors: [
    {
      message: "Authentication required: send the router secret or a valid bearer token.",
      extensions: { code: "UNAUTHENTICATED" },
    },
  ],
};

describe("AUTH_MODE=off", () => {
  it("treats every caller as a professional called local", async () => {
    const app = await startApp({ AUTH_MODE: "off" });
    try {
      expect((await app.get({})).body).toEqual({ id: "local", audience: "professional", scopes: ["dos:professional"] });
    } finally {
      await app.stop();
    }
  });
});

describe("AUTH_MODE=router-secret", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp({ AUTH_MODE: "router-secret", ROUTER_SECRET });
  });
  afterAll(() => app.stop());

  it("takes the scopes and the caller id the router forwards", async () => {
    const professional = await app.get({
      "x-router-secret": ROUTER_SECRET,
      "x-dos-scopes": "openid dos:professional",
      "x-dos-caller-id": "nhs111-online",
    });
    expect(professional).toMatchObject({
      status: 200,
      body: { id: "nhs111-online", audience: "professional", scopes: ["dos:professional", "openid"] },
    });
    const anonymousPublic = await app.get({ "x-router-secret": ROUTER_SECRET });
    expect(anonymousPublic.body).toEqual({ id: "router", audience: "public", scopes: [] });
    const emptyHeaders = await app.get({ "x-router-secret": ROUTER_SECRET, "x-dos-caller-id": "", "x-dos-scopes": "" });
    expect(emptyHeaders.body).toEqual({ id: "router", audience: "public", scopes: [] });
  });

  it.each([
    ["a malformed scopes header", "x-dos-scopes", "a<b>", "INVALID_SCOPES_HEADER"],
    ["too many scopes", "x-dos-scopes", "s ".repeat(21), "INVALID_SCOPES_HEADER"],
    ["a malformed caller id", "x-dos-caller-id", "a b", "INVALID_CALLER_ID_HEADER"],
  ])("refuses the right secret with %s: 400 with its own code naming the header", async (_case, header, value, code) => {
    const reply = await app.get({ "x-router-secret": ROUTER_SECRET, [header]: value });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ errors: [{ message: expect.stringContaining(header), extensions: { code, header } }] });
    expect(JSON.stringify(reply.body)).not.toContain(value);
  });

  it.each([
    ["no secret", {}],
    ["a wrong secret", { "x-router-secret": "nope" }],
    ["a wrong secret of the same length", { "x-router-secret": ROUTER_SECRET.replace(/.$/, "X") }],
    ["a wrong secret with a malformed caller id", { "x-router-secret": "nope", "x-dos-caller-id": "a b" }],
  ])("refuses %s: 401 UNAUTHENTICATED, the secret never echoed", async (_case, headers) => {
    const reply = await app.get(headers);
    expect([reply.status, reply.body]).toEqual([401, UNAUTHENTICATED]);
    expect(app.logs.text()).not.toContain(ROUTER_SECRET);
  });
});

describe("AUTH_MODE=jwt", () => {
  let jwks: Server;
  let jwksUrl: string;
  let app: Awaited<ReturnType<typeof startApp>>;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
  let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };
  let keys: JWK[];

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256");
    ec = await generateKeyPair("ES256");
    stranger = await generateKeyPair("RS256");
    keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec", alg: "ES256", use: "sig" },
    ];
    jwks = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys }));
    });
    jwksUrl = `${await listen(jwks)}/.well-known/jwks.json`;
    app = await startApp({ AUTH_MODE: "jwt", JWT_JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
  });
  afterAll(async () => {
    await app.stop();
    await new Promise<void>(resolve => jwks.close(() => resolve()));
  });

  function token(
    claims: Record<string, unknown>,
    options: { key?: CryptoKey; alg?: string; kid?: string; expiresIn?: string; issuer?: string; audience?: string } = {},
  ) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? "rsa" })
      .setSubject("call-handler-42")
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? "5m")
      .sign(options.key ?? rsa.privateKey);
  }
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  it("accepts RS256 and ES256 tokens; scopes from `scope` or `scp`; the caller from `sub`", async () => {
    const professional = await app.get(bearer(await token({ scope: "dos:professional openid" })));
    expect(professional).toMatchObject({
      status: 200,
      body: { id: "call-handler-42", audience: "professional", scopes: ["dos:professional", "openid"] },
    });
    const viaScp = await app.get(bearer(await token({ scp: ["dos:public"] }, { alg: "ES256", kid: "ec", key: ec.privateKey })));
    expect(viaScp.body).toEqual({ id: "call-handler-42", audience: "public", scopes: ["dos:public"] });
  });

  it.each<[string, () => Promise<Record<string, string>>]>([
    ["no Authorization header", async () => ({})],
    ["a Basic header", async () => ({ authorization: "Basic ZGVtbzpkZW1v" })],
    ["garbage", async () => bearer("not-a-token")],
    ["an expired token", async () => bearer(await token({ scope: "dos:professional" }, { expiresIn: "-10m" }))],
    ["a wrong issuer", async () => bearer(await token({}, { issuer: "https://evil.example/" }))],
    ["a wrong audience", async () => bearer(await token({}, { audience: "another-api" }))],
    ["a signature by an unknown key", async () => bearer(await token({}, { key: stranger.privateKey }))],
    [
      "alg none",
      async () => {
        const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
        const exp = Math.floor(Date.now() / 1000) + 300;
        return bearer(`${encode({ alg: "none" })}.${encode({ sub: "x", iss: ISSUER, aud: AUDIENCE, exp })}.`);
      },
    ],
    [
      "HS256 keyed with the public key",
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(keys[0]));
        return bearer(await token({ scope: "dos:professional" }, { alg: "HS256", kid: "rsa", key: secret as never }));
      },
    ],
  ])("refuses %s with 401 UNAUTHENTICATED and WWW-Authenticate", async (_case, headers) => {
    const sent = await headers();
    const reply = await app.get(sent);
    expect([reply.status, reply.body]).toEqual([401, UNAUTHENTICATED]);
    expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const tokenSent = sent.authorization?.replace(/^\w+ /, "");
    if (tokenSent) expect(app.logs.text()).not.toContain(tokenSent);
  });

  it("refuses every token while the key set cannot be fetched, and says so in the log", async () => {
    const down = await startApp({
      AUTH_MODE: "jwt",
      JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
    try {
      const reply = await down.get(bearer(await token({ scope: "dos:professional" })));
      expect(reply.status).toBe(401);
      expect(down.logs.lines).toContainEqual(expect.objectContaining({ level: 40, reason: "jwks-unreachable" }));
    } finally {
      await down.stop();
    }
  });

  it("refuses within JWKS_TIMEOUT_MS while the key-set server stalls, then accepts once it answers", async () => {
    // A loopback server that accepts connections and, while `stalled`, never answers (a hung dependency).
    let stalled = true;
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const body = JSON.stringify({ keys });
    const stallingJwks = net.createServer(socket => {
      connections++;
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.once("data", () => {
        if (stalled) return;
        socket.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
            `connection: close\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>(resolve => stallingJwks.listen(0, "127.0.0.1", resolve));
    const { port } = stallingJwks.address() as AddressInfo;
    const app = await startApp({
      AUTH_MODE: "jwt",
      JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWKS_TIMEOUT_MS: "200",
    });
    try {
      const headers = bearer(await token({ scope: "dos:professional" }));
      // Every request completes: refused (fail closed), never left waiting on the key set.
      const replies = await Promise.all([app.get(headers), app.get(headers), app.get(headers)]);
      expect(replies.map(reply => [reply.status, reply.body])).toEqual(Array(3).fill([401, UNAUTHENTICATED]));
      expect(connections).toBeGreaterThanOrEqual(1);
      expect(app.logs.lines).toContainEqual(
        expect.objectContaining({ level: 40, reason: "jwks-unreachable", timedOut: true }),
      );

      // The fallback is not sticky: once the key set answers, the same token is accepted.
      stalled = false;
      for (const socket of sockets) socket.destroy();
      const reply = await app.get(headers);
      expect([reply.status, reply.body]).toEqual([200, expect.objectContaining({ id: "call-handler-42" })]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await app.stop();
      await new Promise<void>(resolve => stallingJwks.close(() => resolve()));
    }
  });
});
