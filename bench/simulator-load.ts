import http from "node:http";

/*
 * CheckCapacitySummary responses per second from a running DoS simulator, loaded over keep-alive HTTP from this
 * process by concurrent request loops. Used by `npm run bench` (against the simulator every target shares) and by
 * bench/simulator.ts (against a simulator of its own). Searches rotate over four realistic cases
 * (docs/simulator.md, "Demo searches"); an answer counts only if it is HTTP 200.
 */

/** The simulator must stay at or above this on one core, so that it is never the bottleneck. */
export const SIMULATOR_TARGET_PER_SECOND = 3000;

export interface ThroughputOptions {
  /** The simulator's base URL (loopback only). */
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Called once a second of the measured phase with that second's rate. */
  onSecond?: (second: number, responsesPerSecond: number) => void;
  /** Called as the measured phase starts and ends (e.g. to read the simulator's CPU time). */
  onMeasuredPhase?: (edge: "start" | "end") => void;
}

export interface ThroughputResult {
  responsesPerSecond: number;
  /** Responses answered in the measured phase. */
  responses: number;
  /** Non-200 answers and connection errors in the measured phase. */
  failed: number;
  meanResponseKiB: number;
  elapsedSeconds: number;
}

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

export async function measureSimulatorThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?\/?$/.test(options.url)) {
    throw new Error(`the simulator URL must be a loopback http URL, got ${options.url}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL("/app/api/webservices", options.url);
  const totals = { completed: 0, failed: 0, bytes: 0 };
  let running = true;
  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const outcome = await post(agent, target, SEARCHES[i % SEARCHES.length]);
      if (outcome.ok) totals.completed++;
      else totals.failed++;
      totals.bytes += outcome.bytes;
    }
  };

  const loops = Array.from({ length: options.connections }, (_, i) => loop(i));
  try {
    await sleep(options.warmupSeconds * 1000);
    options.onMeasuredPhase?.("start");
    const start = { at: performance.now(), ...totals };
    let last = { at: start.at, completed: start.completed };
    for (let second = 1; second <= options.durationSeconds; second++) {
      await sleep(1000);
      const now = performance.now();
      options.onSecond?.(second, ((totals.completed - last.completed) * 1000) / (now - last.at));
      last = { at: now, completed: totals.completed };
    }
    const elapsedSeconds = (performance.now() - start.at) / 1000;
    options.onMeasuredPhase?.("end");
    const responses = totals.completed - start.completed;
    const failed = totals.failed - start.failed;
    return {
      responsesPerSecond: responses / elapsedSeconds,
      responses,
      failed,
      meanResponseKiB: (totals.bytes - start.bytes) / Math.max(1, responses + failed) / 1024,
      elapsedSeconds,
    };
  } finally {
    running = false;
    await Promise.all(loops);
    agent.destroy();
  }
}

// Private: one search; resolves (never rejects) with whether it was answered 200 and the bytes received.
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
