import "reflect-metadata";
import http from "node:http";
import { type AddressInfo } from "node:net";
import os from "node:os";
import { loadConfig } from "../src/config";
import { createDosClient, dosClientSettings } from "../src/dos/client";
import { readXml } from "../src/dos/xml-reader";
import { createLogger } from "../src/logger";
import { createServer } from "../src/server/createServer";
import { hostileResponses } from "./hostile-responses";

/*
 * The "hostile responses" scenario of `npm run bench` (issue 12 §2), run in a process of its own
 * (bench/hostile-main.ts): the subgraph, built in this process as
 * production builds it at the default settings (DOS_MAX_RESPONSE_BYTES 5 MiB, DOS_MAX_SERVICES 200), searches
 * against a loopback stub DoS that answers with one crafted response (bench/hostile-responses.ts). For each kind
 * it records the longest event-loop stall (the longest gap between ticks of a 1 ms timer) while the response is
 * received, decoded, checked, mapped and serialised, the most CPU used within one such gap, and what the caller
 * got. Then the reader's
 * scaling: characters examined (its own count) and CPU per character across 10³–10⁵ elements.
 *
 * The stub and the GraphQL client live in this process too; the stub writes a prepared buffer and the client
 * does not parse the answer, so the stall measured is the subgraph's.
 */

export interface HostileKindResult {
  kind: string;
  bytes: number;
  /** What the caller got: `N results`, `N results, N withheld`, or the error code. */
  outcome: string;
  expected: string;
  /** Longest event-loop stall over the rounds (wall time between two ticks of a 1 ms timer), ms. */
  maxStallMs: number;
  /**
   * Most CPU the process used between two ticks, ms: the longest synchronous step measured in CPU rather than
   * wall time, so it does not grow when the machine is busy (it is an upper bound: it includes V8's helper
   * threads, e.g. concurrent GC).
   */
  maxStepCpuMs: number;
  /** Mean wall time of the request, ms. */
  wallMs: number;
  /** Mean CPU (user + system) of this process per request, ms. */
  cpuMs: number;
}

export interface ScalingRow {
  shape: string;
  elements: number;
  chars: number;
  examinedPerChar: number;
  /** CPU of `readXml` (in one go) per million characters, ms. */
  cpuMsPerMChar: number;
}

export interface HostileResult {
  rounds: number;
  /** The machine's 1-minute load average before and after: stalls are wall time, and include preemption. */
  loadAverage: [before: number, after: number];
  stallLimitMs: number;
  kinds: HostileKindResult[];
  scaling: ScalingRow[];
  error?: string;
}

export const STALL_LIMIT_MS = 50;

const QUERY =
  "query Search($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { homeGp service { id name " +
  "address phone publicFacingInformation openingTimes { day opens closes } } } } }";
const INPUT = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };

export async function measureHostileResponses({
  rounds,
  only,
}: {
  rounds: number;
  /** Kinds to run (default: all), by a part of their name. */
  only?: string;
}): Promise<HostileResult> {
  const result: HostileResult = {
    rounds,
    loadAverage: [round1(os.loadavg()[0]), 0],
    stallLimitMs: STALL_LIMIT_MS,
    kinds: [],
    scaling: [],
  };
  const bodies = Object.entries(hostileResponses())
    .filter(([kind]) => only === undefined || kind.includes(only))
    .map(
    ([kind, { xml, expected }]) => [kind, Buffer.from(xml), expected] as const,
  );
  let current: Buffer = Buffer.alloc(0);
  const stub = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "Content-Type": "application/soap+xml; charset=utf-8" });
      response.end(current);
    });
  });
  await new Promise<void>(resolve => stub.listen(0, "127.0.0.1", resolve));
  const soapUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/app/api/webservices`;
  const logger = createLogger("silent");
  const config = loadConfig({
    NODE_ENV: "test",
    DOS_URL: soapUrl,
    DOS_USERNAME: "bench",
    DOS_PASSWORD: "bench",
    RATE_LIMIT_PER_MINUTE: "0",
    DOS_CALLS_PER_SECOND: "0",
  });
  const dos = await createDosClient({
    ...dosClientSettings(config.dos),
    url: soapUrl,
    logger,
  });
  // The breakers would open on the deliberate DOS_BAD_RESPONSE answers; they are not what is measured here.
  const server = await createServer({ dos, logger, config, gateway: { circuit: { volumeThreshold: 1_000_000 } } });
  const url = new URL((await server.listen(0, "127.0.0.1")).replace("localhost", "127.0.0.1"));
  try {
    for (const [kind, body, expected] of bodies) {
      current = body;
      await search(url); // warm-up
      let maxStallMs = 0;
      let wall = 0;
      let cpu = 0;
      let outcome = "";
      let maxStepCpuMs = 0;
      for (let round = 0; round < rounds; round++) {
        const ticker = startTicker();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const answer = await search(url);
        wall += performance.now() - started;
        const used = process.cpuUsage(cpuBefore);
        const gaps = ticker.stop();
        cpu += (used.user + used.system) / 1000;
        maxStallMs = Math.max(maxStallMs, gaps.maxWallMs);
        maxStepCpuMs = Math.max(maxStepCpuMs, gaps.maxCpuMs);
        outcome = describe(answer);
      }
      result.kinds.push({
        kind,
        bytes: body.length,
        outcome,
        expected,
        maxStallMs: round1(maxStallMs),
        maxStepCpuMs: round1(maxStepCpuMs),
        wallMs: round1(wall / rounds),
        cpuMs: round1(cpu / rounds),
      });
    }
    result.scaling = measureScaling();
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await server.stop();
    await dos.close();
    await new Promise<void>(resolve => stub.close(() => resolve()));
  }
  result.loadAverage[1] = round1(os.loadavg()[0]);
  return result;
}

/** True when every kind gave the caller what it should and none stalled the event loop past the limit. */
export function hostileVerdict(result: HostileResult | undefined): {
  correct: boolean;
  withinLimit: boolean;
  cpuWithinLimit: boolean;
} {
  if (!result || result.error) return { correct: false, withinLimit: false, cpuWithinLimit: false };
  return {
    correct: result.kinds.every(kind => kind.outcome === kind.expected),
    withinLimit: result.kinds.every(kind => kind.maxStallMs <= result.stallLimitMs),
    cpuWithinLimit: result.kinds.every(kind => kind.maxStepCpuMs <= result.stallLimitMs),
  };
}

/**
 * A 1 ms timer chain on the event loop: the wall time and the process CPU between consecutive ticks. A gap is
 * an event-loop stall (a tick cannot run until the synchronous work before it ends).
 */
function startTicker(): { stop(): { maxWallMs: number; maxCpuMs: number } } {
  let maxWallMs = 0;
  let maxCpuMs = 0;
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    maxWallMs = Math.max(maxWallMs, wall - lastWall);
    maxCpuMs = Math.max(maxCpuMs, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000);
    lastWall = wall;
    lastCpu = cpu;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return {
    stop() {
      clearTimeout(timer);
      tick();
      clearTimeout(timer);
      return { maxWallMs, maxCpuMs };
    },
  };
}

function search(url: URL): Promise<string> {
  const payload = JSON.stringify({ query: QUERY, variables: { input: INPUT } });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      response => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

// Private: the answer as the caller sees it, without parsing it on the measured event loop.
function describe(answer: string): string {
  const code = /"code":"([A-Z_]+)"/.exec(answer)?.[1];
  const withheld = /"DOS_RESULTS_WITHHELD"[^}]*"count":(\d+)/.exec(answer)?.[1];
  if (code && code !== "DOS_RESULTS_WITHHELD") return code;
  const results = answer.split('"homeGp"').length - 1;
  return withheld ? `${results} results, ${withheld} withheld` : `${results} results`;
}

const SHAPES: Record<string, (n: number) => string> = {
  prefixed: n => `<s:E xmlns:s="urn:x">${"<s:a>x</s:a>".repeat(n)}</s:E>`,
  unprefixed: n => `<E>${"<a>x</a>".repeat(n)}</E>`,
  "entity references": n => `<E>${"<a>&amp;&#65;&#x42;&lt;</a>".repeat(n)}</E>`,
  "nesting 63 deep, repeated": n => `<E>${`${"<a>".repeat(63)}x${"</a>".repeat(63)}`.repeat(Math.ceil(n / 63))}</E>`,
};

function measureScaling(): ScalingRow[] {
  const rows: ScalingRow[] = [];
  for (const [shape, document] of Object.entries(SHAPES)) {
    for (const elements of [1_000, 10_000, 100_000]) {
      const xml = document(elements);
      const stats = { examined: 0 };
      readXml(xml, stats);
      const repeat = Math.max(3, Math.round(3_000_000 / xml.length));
      const before = process.cpuUsage();
      for (let i = 0; i < repeat; i++) readXml(xml);
      const used = process.cpuUsage(before);
      rows.push({
        shape,
        elements,
        chars: xml.length,
        examinedPerChar: Math.round((stats.examined / xml.length) * 100) / 100,
        cpuMsPerMChar: Math.round(((used.user + used.system) / 1000 / repeat / xml.length) * 1e6 * 10) / 10,
      });
    }
  }
  return rows;
}

/** BENCHMARKS.md's "Hostile DoS responses" section (bench/report.ts). */
export function hostileSection(result: HostileResult | undefined): string[] {
  if (!result) return [];
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const lines = [
    "## Hostile DoS responses",
    "",
    "The subgraph at its default settings (`DOS_MAX_RESPONSE_BYTES` 5 MiB, `DOS_MAX_SERVICES` 200), built in a",
    "process of its own with the server's V8 settings (`bench/hostile-main.ts`), searching against a loopback stub DoS that answers with one crafted response",
    "(`bench/hostile.ts`, `bench/hostile-responses.ts`). Stall: the longest event-loop delay while the answer is",
    "received, decoded, checked, mapped and returned (the longest gap between ticks of a 1 ms timer), the worst",
    `of ${result.rounds} rounds after a warm-up. Stalls are wall time: on a machine shared with other work they`,
    "include time the process was not scheduled, so the CPU the process used within a gap is shown too (an upper",
    "bound on the synchronous step: it includes V8's helper threads). 1-minute load average during the scenario: " +
      `${result.loadAverage[0]} before, ${result.loadAverage[1]} after (${os.cpus().length} cores).`,
    "",
  ];
  if (result.error) return [...lines, `Failed: ${result.error}`, ""];
  lines.push(
    row([
      "Response",
      "Bytes",
      "Caller got",
      "Expected",
      `Longest stall, wall ms (limit ${result.stallLimitMs})`,
      "CPU within one gap, ms",
      "Request wall ms",
      "Request CPU ms",
    ]),
    row(["---", "---:", "---", "---", "---:", "---:", "---:", "---:"]),
    ...result.kinds.map(kind =>
      row([
        kind.kind,
        kind.bytes.toLocaleString("en-GB"),
        kind.outcome,
        kind.expected,
        kind.maxStallMs,
        kind.maxStepCpuMs,
        kind.wallMs,
        kind.cpuMs,
      ]),
    ),
    "",
    "The response reader's scaling (`readXml` in one go): characters examined per input character, by the",
    "reader's own count, and CPU per million characters. Flat columns are linear scaling.",
    "",
    row(["Document", "Elements", "Characters", "Examined per character", "CPU ms per M characters"]),
    row(["---", "---:", "---:", "---:", "---:"]),
    ...result.scaling.map(r =>
      row([r.shape, r.elements.toLocaleString("en-GB"), r.chars.toLocaleString("en-GB"), r.examinedPerChar, r.cpuMsPerMChar]),
    ),
    "",
  );
  return lines;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

if (require.main === module) {
  // `npx tsx bench/hostile.ts [rounds] [kind]`: this scenario alone, as JSON.
  void measureHostileResponses({ rounds: Number(process.argv[2] ?? 3), only: process.argv[3] }).then(result => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });
}
