import { type TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { GraphQLClient } from "graphql-request";
import { SIMULATOR_DEMO_ACCOUNT } from "../../src/config";
import { createDosClient } from "../../src/dos/client";
import { createLogger } from "../../src/logger";
import { createServer, type ServerDependencies, type SubgraphServer } from "../../src/server/createServer";
import { startSimulator } from "../../src/simulator";

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
  dosTimeoutMs?: number;
  dosConcurrency?: number;
  server?: Partial<Omit<ServerDependencies, "dos" | "logger" | "now">>;
}

/**
 * The whole stack on loopback port 0, as production wires it: the real simulator (SOAP over HTTP), the real
 * node-soap DoS client aimed at it, and the subgraph server. Nothing is stubbed.
 */
export async function startSubgraph(options: StartSubgraphOptions = {}) {
  const logger = createLogger("silent");
  const { seed, now } = options;
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1", seed, now, logger });
  let server: SubgraphServer | undefined;
  let dos: Awaited<ReturnType<typeof createDosClient>> | undefined;
  try {
    dos = await createDosClient({
      url: simulator.soapUrl,
      account: SIMULATOR_DEMO_ACCOUNT,
      caseId: "TEST",
      timeoutMs: options.dosTimeoutMs ?? 5000,
      maxResponseBytes: 5 * 1024 * 1024,
      maxSockets: 16,
      logger,
    });
    server = await createServer({
      dos,
      logger,
      now: options.now,
      dosConcurrency: options.dosConcurrency ?? 4,
      ...options.server,
    });
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
