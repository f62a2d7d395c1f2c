import { type TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { GraphQLClient } from "graphql-request";
import { loadConfig } from "../../src/config";
import { createDosClient, dosClientSettings } from "../../src/dos/client";
import { createLogger, type Logger } from "../../src/logger";
import { createServer, type ServerDependencies, type SubgraphServer } from "../../src/server/createServer";
import { startSimulator } from "../../src/simulator";
import { type SimAccount } from "../../src/simulator/engine/types";

/** The simulator's per-operation call counters (`GET /_sim/calls`). */
export interface SimulatorCalls {
  CheckCapacitySummary: number;
  ServiceDetailsById: number;
  GetHospitalScores: number;
  recent: unknown[];
}

export interface GraphQLResult<TData> {
  status: number;
  headers: Headers;
  data: TData | null | undefined;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface StartSubgraphOptions {
  /** One clock for both the simulator and the subgraph (openNow, searchDateTime bounds). */
  now?: () => Date;
  seed?: string;
  /**
   * Environment for `loadConfig`, over the test defaults below. The defaults turn the two RATES off
   * (`RATE_LIMIT_PER_MINUTE`, `DOS_CALLS_PER_SECOND` = 0, as load tests do) so that functional suites never
   * trip them; the guardrail suites set them explicitly. Every other limit keeps its production default.
   */
  env?: Record<string, string>;
  /** The simulator's DoS accounts (default: demo, public, nows); set DOS_USERNAME/DOS_PASSWORD in `env` to match. */
  simulatorAccounts?: SimAccount[];
  /** Where the subgraph logs (default: silent). */
  logger?: Logger;
  server?: Partial<Pick<ServerDependencies, "plugins" | "gateway">>;
}

/**
 * The whole stack on loopback port 0, as production wires it: the real simulator (SOAP over HTTP), the real
 * node-soap DoS client aimed at it, and the subgraph server built from a real `Config`. Nothing is stubbed.
 */
export async function startSubgraph(options: StartSubgraphOptions = {}) {
  const logger = options.logger ?? createLogger("silent");
  const { seed, now } = options;
  const simulator = await startSimulator({
    port: 0,
    host: "127.0.0.1",
    seed,
    now,
    accounts: options.simulatorAccounts,
    logger: createLogger("silent"),
  });
  let server: SubgraphServer | undefined;
  let dos: Awaited<ReturnType<typeof createDosClient>> | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: "test",
      DOS_URL: simulator.soapUrl,
      DOS_USERNAME: "demo",
      DOS_PASSWORD: "demo",
      DOS_TIMEOUT_MS: "5000",
      DOS_MAX_SOCKETS: "16",
      RATE_LIMIT_PER_MINUTE: "0",
      DOS_CALLS_PER_SECOND: "0",
      ...options.env,
    });
    dos = await createDosClient({
      ...dosClientSettings(config.dos),
      url: config.dos.url!,
      logger,
    });
    server = await createServer({ dos, logger, config, now, ...options.server });
    const url = await server.listen(0, "127.0.0.1");
    return subgraphHandle(url.replace("localhost", "127.0.0.1"), simulator, server, dos);
  } catch (error) {
    await server?.stop();
    await dos?.close();
    await simulator.stop();
    throw error;
  }
}

export type TestSubgraph = Awaited<ReturnType<typeof startSubgraph>>;

function subgraphHandle(
  url: string,
  simulator: Awaited<ReturnType<typeof startSimulator>>,
  server: SubgraphServer,
  dos: Awaited<ReturnType<typeof createDosClient>>,
) {
  const client = new GraphQLClient(url, { errorPolicy: "all" });
  const simulatorControl = (path: string, init?: RequestInit) =>
    fetch(new URL(path, simulator.url), init).then(async response => {
      if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: HTTP ${response.status}`);
      return response;
    });

  return {
    /** The GraphQL endpoint, e.g. http://127.0.0.1:54321/graphql. */
    url,
    /** Base URL of the subgraph's HTTP server (for /healthz etc.). */
    origin: new URL(url).origin,
    simulator,
    server,

    /** Runs a typed operation; resolves with data and errors (never throws on GraphQL errors). */
    async execute<TData, TVariables extends object>(
      document: TypedDocumentNode<TData, TVariables>,
      variables?: TVariables,
    ): Promise<GraphQLResult<TData>> {
      const response = await client.rawRequest<TData, TVariables>(print(document), variables);
      return {
        status: response.status,
        headers: response.headers,
        data: response.data,
        errors: (response.errors ?? []) as GraphQLResult<TData>["errors"],
      };
    },

    /** Runs a typed operation and returns its data, failing on any GraphQL error. */
    async request<TData, TVariables extends object>(
      document: TypedDocumentNode<TData, TVariables>,
      variables?: TVariables,
    ): Promise<TData> {
      const response = await client.rawRequest<TData, TVariables>(print(document), variables);
      if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      return response.data;
    },

    /** DoS calls the simulator has served since start or the last `resetSimulator`. */
    async simulatorCalls(): Promise<SimulatorCalls> {
      return (await simulatorControl("/_sim/calls")).json() as Promise<SimulatorCalls>;
    },

    async resetSimulator(): Promise<void> {
      await simulatorControl("/_sim/reset", { method: "POST" });
    },

    /** `POST /_sim/faults` with the simulator's fault-injection body. */
    async injectFault(fault: Record<string, unknown>): Promise<void> {
      await simulatorControl("/_sim/faults", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      });
    },

    /** `DELETE /_sim/faults`: removes every injected fault rule. */
    async clearFaults(): Promise<void> {
      await simulatorControl("/_sim/faults", { method: "DELETE" });
    },

    async stop(): Promise<void> {
      await server.stop();
      await dos.close();
      await simulator.stop();
    },
  };
}
