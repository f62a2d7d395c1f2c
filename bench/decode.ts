import { PerformanceObserver } from "node:perf_hooks";
import { DEFAULT_WSDL_PATH } from "../src/dos/client";
import { checkCapacitySummaryArgs } from "../src/dos/requests";
import { loadSoapCodec } from "../src/dos/soap";
import { mapCheckCapacitySummary } from "../src/dos/mappers";
import { checkCapacitySummaryResponse, parseWire } from "../src/dos/wire";
import { startSimulator } from "../src/simulator";
import { benchSearch } from "./scenarios";

/*
 * `npx tsx bench/decode.ts`: CPU per decode of the benchmark's search response (the same search as `npm run
 * bench`: about 25 services with endpoints and rotas, from the simulator), node-soap against the fast reader
 * (src/dos/xml-reader.ts), and the checks of src/dos/wire.ts that follow either. Results: BENCHMARKS.md notes.
 */
async function main(): Promise<void> {
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
  try {
    const codec = await loadSoapCodec(DEFAULT_WSDL_PATH);
    const account = { username: "demo", password: "demo" };
    const bench = benchSearch(new Date(), account);
    const search = {
      postcode: bench.postcode,
      age: bench.age,
      ageFormat: "Years",
      gender: bench.gender,
      symptomGroup: bench.symptomGroup,
      symptomDiscriminators: [bench.symptomDiscriminator],
      searchDistance: bench.searchDistanceKm,
      forceSearchDistance: true,
      searchDateTime: bench.searchDateTime,
    } as const;
    const request = codec.encode("CheckCapacitySummary", checkCapacitySummaryArgs(search, account, "TEST"));
    const reply = await fetch(simulator.soapUrl, { method: "POST", headers: request.headers, body: request.body });
    const response = { status: reply.status, body: await reply.text() };
    const payload = await codec.decode("CheckCapacitySummary", response);
    const services = parseWire(checkCapacitySummaryResponse, payload);
    if (!services.success) throw new Error(`the response fails the checks: ${services.issues.join(", ")}`);
    process.stdout.write(
      `response: ${response.body.length} characters, ${services.data.CheckCapacitySummaryResult.length} services\n`,
    );
    // Young-generation collections per 1,000 rounds stand in for the bytes each round allocates.
    let collections = 0;
    const observer = new PerformanceObserver(list => (collections += list.getEntries().length));
    observer.observe({ entryTypes: ["gc"] });
    const measure = async (name: string, rounds: number, work: () => unknown) => {
      for (let i = 0; i < rounds / 10; i++) await work();
      await new Promise(resolve => setImmediate(resolve));
      const before = collections;
      const started = process.cpuUsage();
      for (let i = 0; i < rounds; i++) await work();
      const used = process.cpuUsage(started);
      await new Promise(resolve => setImmediate(resolve));
      const gcs = Math.round(((collections - before) * 1000) / rounds);
      process.stdout.write(`${name}: ${Math.round((used.user + used.system) / rounds)} µs CPU each, ${gcs} GCs per 1,000\n`);
    };
    const args = checkCapacitySummaryArgs(search, account, "TEST");
    await measure("encode the search request", 20000, () => codec.encode("CheckCapacitySummary", args));
    await measure("checks (src/dos/wire.ts)", 2000, () => parseWire(checkCapacitySummaryResponse, payload));
    for (const decoder of ["node-soap", "fast"] as const) {
      const decoding = await loadSoapCodec(DEFAULT_WSDL_PATH, decoder);
      await measure(`decode, ${decoder}`, decoder === "fast" ? 2000 : 200, () => decoding.decode("CheckCapacitySummary", response));
    }
    // The client's whole decode path for an ordinary answer (src/dos/client.ts): read, check, map.
    await measure("decode path (read + check + map)", 2000, async () => {
      const decoded = await codec.decode("CheckCapacitySummary", response);
      const checked = parseWire(checkCapacitySummaryResponse, decoded);
      if (!checked.success) throw new Error("the response fails the checks");
      return mapCheckCapacitySummary(checked.data);
    });
    observer.disconnect();
  } finally {
    await simulator.stop();
  }
}

void main();
