import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { type Config } from "../src/config";
import { createDosClient, dosClientSettings } from "../src/dos/client";
import { type Logger } from "../src/logger";
import { createServer } from "../src/server/createServer";
import { startSimulator } from "../src/simulator";
import { composeSupergraph } from "./compose";
import { startExampleOrganisations } from "./example-organisations/server";
import { hiveGatewayOptions } from "./gateway-options";

const HOST = "127.0.0.1";
const AUDIENCE = "dos-supergraph-local";

export interface StartSupergraphOptions {
  /** The subgraph's configuration (limits, log level); auth is replaced by router-secret mode with a fresh secret. */
  config: Config;
  logger: Logger;
  /** The gateway's port on 127.0.0.1 (0: a free one). Every other process takes a free port. */
  port: number;
  /** Hive Gateway's own log level; false: silent. */
  gatewayLogging?: false | "error" | "warn" | "info";
  /** Sees the headers of every request the subgraph receives (tests: what the gateway propagated). */
  observeSubgraphRequest?: (headers: IncomingHttpHeaders) => void;
}

/**
 * `npm run supergraph`, as a function the CI test also runs: the embedded DoS simulator, this subgraph in
 * router-secret mode, the example organisations subgraph, a local identity provider (a JWKS on loopback that
 * signs demo tokens) and Hive Gateway over the supergraph composed from the committed SDLs. Every process is
 * bound to 127.0.0.1; only the gateway's port is chosen (SUPERGRAPH_PORT), the others are free ports.
 */
export async function startSupergraph(options: StartSupergraphOptions) {
  const { logger } = options;
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const simulator = await startSimulator({
      port: 0,
      host: HOST,
      seed: options.config.simulator.seed,
      logger: logger.child({ component: "simulator" }),
    });
    closers.push(() => simulator.stop());

    const routerSecret = randomBytes(32).toString("hex");
    const config: Config = { ...options.config, auth: { ...options.config.auth, mode: "router-secret", routerSecret } };
    const dos = await createDosClient({
      ...dosClientSettings(config.dos),
      url: simulator.soapUrl,
      logger: logger.child({ component: "dos" }),
    });
    closers.push(() => dos.close());
    const subgraph = await createServer({ dos, logger, config });
    closers.push(() => subgraph.stop());
    if (options.observeSubgraphRequest) {
      const observe = options.observeSubgraphRequest;
      subgraph.httpServer.on("request", (req: { headers: IncomingHttpHeaders }) => observe(req.headers));
    }
    const subgraphUrl = (await subgraph.listen(0, HOST)).replace("localhost", HOST);

    const organisations = await startExampleOrganisations({
      port: 0,
      host: HOST,
      logger: logger.child({ component: "example-organisations" }),
    });
    closers.push(() => organisations.stop());

    const identity = await startLocalIdentityProvider();
    closers.push(() => identity.stop());

    const supergraph = composeSupergraph({ dos: subgraphUrl, organisations: organisations.url });
    const runtime = createGatewayRuntime({
      ...hiveGatewayOptions({
        supergraph,
        routerSecret,
        maxDosCalls: config.limits.dosCallsPerOperation,
        jwt: { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: AUDIENCE },
      }),
      logging: options.gatewayLogging ?? "warn",
      graphqlEndpoint: "/graphql",
    });
    closers.push(() => runtime.dispose() as Promise<void>);
    const gatewayServer = createHttpServer(runtime);
    const gatewayUrl = `http://${HOST}:${await listen(gatewayServer, options.port)}/graphql`;
    closers.push(() => closeServer(gatewayServer));

    return {
      gatewayUrl,
      subgraphUrl,
      organisationsUrl: organisations.url,
      simulator,
      /** Only for tests: the secret the gateway inserts and the subgraph expects. */
      routerSecret,
      /** A token the gateway accepts, signed by the local identity provider. */
      token: (claims: JWTPayload & { sub: string }) => identity.sign(claims),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type RunningSupergraph = Awaited<ReturnType<typeof startSupergraph>>;

// Private: a JWKS on loopback and the key that signs the demo tokens; the stand-in for the platform's IdP.
async function startLocalIdentityProvider() {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "local", alg: "RS256", use: "sig" };
  const server = createHttpServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const port = await listen(server, 0);
  const issuer = `http://${HOST}:${port}/`;
  return {
    issuer,
    jwksUrl: `${issuer}.well-known/jwks.json`,
    sign: (claims: JWTPayload & { sub: string }) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "local" })
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("12h")
        .sign(privateKey),
    stop: () => closeServer(server),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
