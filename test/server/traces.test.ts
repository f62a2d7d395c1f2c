/**
 * Federated traces (issue 12 §3): `apollo-federation-include-trace: ftv1` gets an `extensions.ftv1` trace only
 * from the router (AUTH_MODE=router-secret) and in development (AUTH_MODE=off); in jwt mode the header is
 * ignored. Over real HTTP, against the whole stack, with a real JWKS endpoint for jwt mode.
 */
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const ROUTER_SECRET = "router-secret-for-the-trace-tests-0123456789";
const ISSUER = "https://auth.example.nhs.uk/";
const AUDIENCE = "dos-subgraph";
const TRACE = { "apollo-federation-include-trace": "ftv1" };

async function post(subgraph: TestSubgraph, headers: Record<string, string>) {
  const response = await fetch(subgraph.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: "{ dispositions { code } }" }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown; extensions?: { ftv1?: unknown } };
  return { status: response.status, body };
}

describe("federated traces", () => {
  let subgraph: TestSubgraph | undefined;
  afterEach(async () => {
    await subgraph?.stop();
    subgraph = undefined;
  });

  it("AUTH_MODE=off (development): returned when asked for, and only then", async () => {
    subgraph = await startSubgraph({ env: { AUTH_MODE: "off" } });
    const asked = await post(subgraph, TRACE);
    expect(asked.status).toBe(200);
    expect(typeof asked.body.extensions?.ftv1).toBe("string");
    expect((await post(subgraph, {})).body.extensions).toBeUndefined();
  });

  it("AUTH_MODE=router-secret: returned to the router", async () => {
    subgraph = await startSubgraph({ env: { AUTH_MODE: "router-secret", ROUTER_SECRET } });
    const router = await post(subgraph, { ...TRACE, "x-router-secret": ROUTER_SECRET });
    expect(router.status).toBe(200);
    expect(typeof router.body.extensions?.ftv1).toBe("string");
    // Anyone else gets nothing at all, trace included.
    const stranger = await post(subgraph, TRACE);
    expect([stranger.status, stranger.body.extensions]).toEqual([401, undefined]);
  });

  it("builds a trace only for a request that asks for one (Apollo's plugin would build one for every request)", async () => {
    // Apollo's inline-trace plugin makes a TraceTreeBuilder per request it traces; counted by wrapping the
    // class where the plugin looks it up (@apollo/server's internal module, pinned: if it moves, this fails).
    const modulePath = join(dirname(require.resolve("@apollo/server")), "plugin", "traceTreeBuilder.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module object the plugin reads
    const builders = require(modulePath) as { TraceTreeBuilder: new (...args: never[]) => object };
    const Original = builders.TraceTreeBuilder;
    let built = 0;
    builders.TraceTreeBuilder = class extends Original {
      constructor(...args: never[]) {
        super(...args);
        built++;
      }
    };
    try {
      subgraph = await startSubgraph({ env: { AUTH_MODE: "router-secret", ROUTER_SECRET } });
      const router = { "x-router-secret": ROUTER_SECRET };
      for (let i = 0; i < 3; i++) expect((await post(subgraph, router)).body.extensions).toBeUndefined();
      expect(built).toBe(0);
      expect(typeof (await post(subgraph, { ...router, ...TRACE })).body.extensions?.ftv1).toBe("string");
      expect(built).toBe(1);
    } finally {
      builders.TraceTreeBuilder = Original;
    }
  });

  describe("AUTH_MODE=jwt", () => {
    let jwks: Server;
    let jwksUrl: string;
    let token: string;

    beforeAll(async () => {
      const { privateKey, publicKey } = await generateKeyPair("RS256");
      const keys = [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }];
      jwks = createServer((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ keys }));
      });
      await new Promise<void>(resolve => jwks.listen(0, "127.0.0.1", resolve));
      jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
      token = await new SignJWT({ scope: "dos:professional" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setSubject("call-handler-7")
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
    });
    afterAll(async () => {
      await new Promise<void>(resolve => jwks.close(() => resolve()));
    });

    it("ignores the header: an authenticated client gets its data and no trace", async () => {
      subgraph = await startSubgraph({
        env: { AUTH_MODE: "jwt", JWT_JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
      });
      const client = await post(subgraph, { ...TRACE, authorization: `Bearer ${token}` });
      expect(client.status).toBe(200);
      expect(client.body.errors).toBeUndefined();
      expect(client.body.data).toEqual({ dispositions: expect.any(Array) });
      expect(client.body.extensions).toBeUndefined();
    });
  });
});
