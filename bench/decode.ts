import { DEFAULT_WSDL_PATH } from "../src/dos/client";
import { checkCapacitySummaryArgs } from "../src/dos/requests";
import { loadSoapCodec } from "../src/dos/soap";
import { startSimulator } from "../src/simulator";

/*
 * `npx tsx bench/decode.ts`: CPU per decode of the benchmark's search response (about 25 services with endpoints,
 * from the simulator), node-soap against the fast reader (src/dos/xml-reader.ts). Results: BENCHMARKS.md notes.
 */
async function main(): Promise<void> {
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
  try {
    const codec = await loadSoapCodec(DEFAULT_WSDL_PATH);
    const account = { username: "demo", password: "demo" };
    const search = {
      postcode: "NE1 4ST",
      age: 40,
      ageFormat: "Years",
      gender: "F",
      symptomGroup: 1013,
      symptomDiscriminators: [4003],
      searchDistance: 25,
      forceSearchDistance: true,
    } as const;
    const request = codec.encode("CheckCapacitySummary", checkCapacitySummaryArgs(search, account, "TEST"));
    const reply = await fetch(simulator.soapUrl, { method: "POST", headers: request.headers, body: request.body });
    const response = { status: reply.status, body: await reply.text() };
    process.stdout.write(`response: ${response.body.length} characters\n`);
    for (const decoder of ["node-soap", "fast"] as const) {
      const decoding = await loadSoapCodec(DEFAULT_WSDL_PATH, decoder);
      const decode = () => decoding.decode("CheckCapacitySummary", response);
      for (let i = 0; i < 200; i++) decode();
      const rounds = decoder === "fast" ? 2000 : 200;
      const started = process.cpuUsage();
      for (let i = 0; i < rounds; i++) decode();
      const used = process.cpuUsage(started);
      process.stdout.write(`${decoder}: ${Math.round((used.user + used.system) / rounds)} µs CPU per decode\n`);
    }
  } finally {
    await simulator.stop();
  }
}

void main();
