import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

/*
 * CheckCapacitySummary responses per second from the DoS simulator, one process (so one core for its
 * JavaScript), loaded over keep-alive HTTP from this process by concurrent request loops.
 *
 *   npx tsx bench/simulator.ts [--duration 10] [--warmup 2] [--connections 32] [--url http://127.0.0.1:4010]
 *
 * Without --url it starts its own simulator (src/simulator/main.ts through tsx) on a free loopback port and
 * stops it afterwards. Searches rotate over four realistic cases (docs/simulator.md, "Demo searches"); every
 * answer must be HTTP 200, and failures are counted and reported. The simulator must stay at or above
 * 3,000/s so that it is never the bottleneck when the subgraph is measured.
 */

const TARGET_PER_SECOND = 3000;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "32" },
    url: { type: "string" },
  },
});
const durationSeconds = positive(values.duration, "--duration");
const warmupSeconds = Number(values.warmup);
const connections = positive(values.connections, "--connections");

const SEARCHES = [
  { postcode: "LS1 1UR", disposition: 1002, discriminator: 4052 },
  { postcode: "M1 1AE", disposition: 1002, discriminator: 4052 },
  { postcode: "BS1 3EA", disposition: 1005, discriminator: 4003 },
  { postcode: "NE1 7RU", disposition: 1028, discriminator: 4003 },
].map(
  ({ postcode, disposition, discriminator }) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:web="https://nww.pathwaysdos.nhs.uk/app/api/webservices">
  <soap:Header><web:serviceVersion>1.5</web:serviceVersion></soap:Header>
  <soap:Body>
    <web:CheckCapacitySummary>
      <web:userInfo><web:username>demo</web:username><web:password>demo</web:password></web:userInfo>
      <web:c>
        <web:caseRef>bench</web:caseRef><web:caseId>TEST</web:caseId>
        <web:postcode>${postcode}</web:postcode><web:surgery>UNK</web:surgery>
        <web:age>40</web:age><web:ageFormat>Years</web:ageFormat>
        <web:disposition>${disposition}</web:disposition><web:symptomGroup>1013</web:symptomGroup>
        <web:symptomDiscriminatorList><web:int>${discriminator}</web:int></web:symptomDiscriminatorList>
        <web:searchDistance>60</web:searchDistance><web:forceSearchDistance>false</web:forceSearchDistance>
        <web:gender>F</web:gender>
      </web:c>
    </web:CheckCapacitySummary>
  </soap:Body>
</soap:Envelope>`,
);

async function main(): Promise<void> {
  const { url, child } = values.url ? { url: values.url, child: undefined } : await startOwnSimulator();
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?$/.test(url)) {
    throw new Error(`--url must be a loopback http URL, got ${url}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL("/app/api/webservices", url);
  let completed = 0;
  let failed = 0;
  let bytes = 0;
  let running = true;

  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const outcome = await post(agent, target, SEARCHES[i % SEARCHES.length]);
      if (outcome.ok) completed++;
      else failed++;
      bytes += outcome.bytes;
    }
  };

  console.log(
    `DoS simulator at ${url}: ${connections} keep-alive connections, ${warmupSeconds} s warm-up, ${durationSeconds} s measured`,
  );
  const loops = Array.from({ length: connections }, (_, i) => loop(i));
  await sleep(warmupSeconds * 1000);
  const start = { at: performance.now(), completed, failed, bytes };
  let last = { at: start.at, completed };
  for (let second = 1; second <= durationSeconds; second++) {
    await sleep(1000);
    const now = performance.now();
    const rate = ((completed - last.completed) * 1000) / (now - last.at);
    console.log(
      `  ${String(second).padStart(3)} s  ${Math.round(rate).toLocaleString("en-GB").padStart(7)} responses/s`,
    );
    last = { at: now, completed };
  }
  const elapsed = (performance.now() - start.at) / 1000;
  running = false;
  await Promise.all(loops);
  agent.destroy();
  child?.kill("SIGTERM");

  const perSecond = (completed - start.completed) / elapsed;
  const meanKb =
    (bytes - start.bytes) / Math.max(1, completed - start.completed + failed - start.failed) / 1024;
  console.log(
    `CheckCapacitySummary: ${Math.round(perSecond).toLocaleString("en-GB")} responses/s ` +
      `(mean response ${meanKb.toFixed(1)} KiB, ${failed - start.failed} failed) — target ≥ ${TARGET_PER_SECOND.toLocaleString("en-GB")}/s`,
  );
  if (failed - start.failed > 0 || perSecond < TARGET_PER_SECOND) process.exitCode = 1;
}

function post(agent: http.Agent, target: URL, body: string): Promise<{ ok: boolean; bytes: number }> {
  return new Promise((resolve) => {
    const request = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/soap+xml; charset=utf-8",
          "content-length": Buffer.byteLength(body),
        },
      },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => resolve({ ok: response.statusCode === 200, bytes }));
        response.on("error", () => resolve({ ok: false, bytes }));
      },
    );
    request.on("error", () => resolve({ ok: false, bytes: 0 }));
    request.end(body);
  });
}

/** The simulator in its own process, so that it has a core to itself; resolves with the URL it prints. */
function startOwnSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const root = path.resolve(__dirname, "..");
  const child = spawn(process.execPath, ["--import", "tsx", "src/simulator/main.ts", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) =>
      reject(new Error(`simulator exited (${code}) before listening:\n${output}`)),
    );
  });
}

function positive(text: string | undefined, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number ≥ 1`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
