import { loadConfig, SIMULATOR_DEMO_ACCOUNT } from "../../../src/config";
import { createDosClient } from "../../../src/dos/client";
import { createLogger } from "../../../src/logger";
import { startSimulator } from "../../../src/simulator";
import { createDosGateway, type DosGatewayDependencies, type OperationScope } from "../../../src/upstream/gateway";
import { captureLogs } from "./log-capture";

export interface SimulatorCalls {
  CheckCapacitySummary: number;
  ServiceDetailsById: number;
  GetHospitalScores: number;
  recent: { operation: string; username: string | null; faultCode?: number }[];
}

/**
 * The real simulator on a loopback port and the real node-soap DoS client aimed at it: DoS as the gateway sees it
 * in production, minus the network. Started once per test file; `reset` clears faults and call counts.
 */
export async function startDosStack() {
  const silent = createLogger("silent");
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1", logger: silent });
  const dos = await createDosClient({
    url: simulator.soapUrl,
    account: SIMULATOR_DEMO_ACCOUNT,
    caseId: "TEST",
    timeoutMs: 5000,
    maxResponseBytes: 5 * 1024 * 1024,
    maxSockets: 64,
    logger: silent,
  });

  const control = async (path: string, init?: RequestInit) => {
    const response = await fetch(new URL(path, simulator.url), init);
    if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: HTTP ${response.status}`);
    return response;
  };

  return {
    dos,
    async simulatorCalls(): Promise<SimulatorCalls> {
      return (await (await control("/_sim/calls")).json()) as SimulatorCalls;
    },
    /** `POST /_sim/faults`, e.g. `{ operation: "GetHospitalScores", kind: "http500", times: 1 }`. */
    async injectFault(fault: Record<string, unknown>): Promise<void> {
      await control("/_sim/faults", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      });
    },
    async clearFaults(): Promise<void> {
      await control("/_sim/faults", { method: "DELETE" });
    },
    async reset(): Promise<void> {
      await control("/_sim/faults", { method: "DELETE" });
      await control("/_sim/reset", { method: "POST" });
    },
    async stop(): Promise<void> {
      await dos.close();
      await simulator.stop();
    },
  };
}

export type DosStack = Awaited<ReturnType<typeof startDosStack>>;

export interface GatewayOptions {
  /** Environment for `loadConfig` (limits, public account); the outbound rate limit is off unless set here. */
  env?: Record<string, string>;
  /** Gateway dependencies to override (breaker timings, rate limiter). */
  gateway?: Partial<Omit<DosGatewayDependencies, "dos" | "logger" | "config">>;
}

/** A fresh gateway over `stack`, configured through `loadConfig`, its logs captured from a real pino logger. */
export function createGatewayHarness(stack: DosStack, options: GatewayOptions = {}) {
  const config = loadConfig({ NODE_ENV: "test", DOS_CALLS_PER_SECOND: "0", ...options.env });
  const logs = captureLogs("info");
  const gateway = createDosGateway({ dos: stack.dos, logger: logs.logger, config, ...options.gateway });

  return {
    ...stack,
    gateway,
    logs,

    /** A per-operation view, for a professional caller unless told otherwise. */
    operation(scope: Partial<OperationScope> = {}) {
      return gateway.forOperation({
        caller: { id: "caller-1", audience: "professional" },
        logger: logs.logger,
        operationName: "TestOperation",
        ...scope,
      });
    },

    auditLines() {
      return logs.lines.filter(line => line.audit === "dos-call");
    },

    close: () => gateway.close(),
  };
}

export type GatewayHarness = ReturnType<typeof createGatewayHarness>;
