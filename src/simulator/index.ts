import fs from "node:fs";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { SIMULATOR_DEMO_ACCOUNT } from "../config";
import { createLogger, type Logger } from "../logger";
import { createSimEngine } from "./engine";
import { type SimAccount, type SimEngine } from "./engine/types";
import { createSimulatorServer, SOAP_PATH } from "./wire/server";

/**
 * The DoS simulator: a local stand-in for NHS England's DoS UEC SOAP API v1.5 over a synthetic directory, for
 * development, tests, demos and benchmarks (docs/simulator.md). It shares no code with the DoS client in
 * src/dos/, which it exists to test.
 */

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. The control API answers loopback callers only, whatever the host. */
  host?: string;
  /** Seed of the synthetic directory; default "dos-subgraph". */
  seed?: string;
  /** Default: `DEFAULT_ACCOUNTS`. */
  accounts?: SimAccount[];
  /** The simulator's clock (searches, capacity, call log). */
  now?: () => Date;
  logger?: Logger;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url` + "/app/api/webservices" */
  soapUrl: string;
  engine: SimEngine;
  stop(): Promise<void>;
}

/**
 * The accounts a simulator has unless told otherwise: `demo`/`demo` with professional visibility (what
 * `npm start` uses when DOS_URL is unset), `public`/`public` with the public referral role (searches leave out
 * professional-only services), and `nows`/`nows`, which lacks the webService permission (fault 303).
 */
export const DEFAULT_ACCOUNTS: readonly SimAccount[] = Object.freeze([
  { ...SIMULATOR_DEMO_ACCOUNT, webService: true, role: "professional" },
  { username: "public", password: "public", webService: true, role: "public" },
  { username: "nows", password: "nows", webService: false, role: "professional" },
]);

const WSDL_PATH = path.resolve(__dirname, "..", "..", "schema", "dos", "dos-v1.5.wsdl");

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger("silent");
  const engine = createSimEngine({ seed: options.seed ?? "dos-subgraph", now });
  const simulator = createSimulatorServer({
    engine,
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    now,
    logger,
    wsdl: fs.readFileSync(WSDL_PATH, "utf8"),
  });

  await new Promise<void>((resolve, reject) => {
    simulator.server.once("error", reject);
    simulator.server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      simulator.server.off("error", reject);
      resolve();
    });
  });
  const { address, port, family } = simulator.server.address() as AddressInfo;
  // A wildcard address is reachable on loopback, where the control API answers.
  const host = address === "0.0.0.0" ? "127.0.0.1" : address === "::" ? "::1" : address;
  const url = `http://${family === "IPv6" ? `[${host}]` : host}:${port}`;
  logger.debug({ url }, "DoS simulator listening");

  let stopped: Promise<void> | undefined;
  return {
    url,
    soapUrl: url + SOAP_PATH,
    engine,
    stop: () => (stopped ??= simulator.close()),
  };
}
