import { DEFAULT_WSDL_PATH } from "../src/dos/client";
import { checkCapacitySummaryArgs } from "../src/dos/requests";
import { loadSoapCodec } from "../src/dos/soap";
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
    const measure = async (name: string, rounds: number, work: () => unknown) => {
      for (let i = 0; i < rounds / 10; i++) await work();
      const started = process.cpuUsage();
      for (let i = 0; i < rounds; i++) await work();
      const used = process.cpuUsage(started);
      process.stdout.write(`${name}: ${Math.round((used.user + used.system) / rounds)} µs CPU each\n`);
    };
    await measure("checks (src/dos/wire.ts)", 2000, () => parseWire(checkCapacitySummaryResponse, payload));
    for (const decoder of ["node-soap", "fast"] as const) {
      const decoding = await loadSoapCodec(DEFAULT_WSDL_PATH, decoder);
      await measure(`decode, ${decoder}`, decoder === "fast" ? 2000 : 200, () => decoding.decode("CheckCapacitySummary", response));
    }
  } finally {
    await simulator.stop();
  }
}

void main();
