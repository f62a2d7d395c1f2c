import { readFileSync } from "node:fs";
import { DEFAULT_WSDL_PATH } from "../src/dos/client";
import { loadSoapCodec } from "../src/dos/soap";
import { checkCapacitySummaryResponse, parseWire } from "../src/dos/wire";
async function main() {
  const codec = await loadSoapCodec(DEFAULT_WSDL_PATH);
  const body = readFileSync("/work/trial/xr/search.xml", "utf8");
  const payload = await codec.decode("CheckCapacitySummary", { status: 200, body });
  for (let r = 0; r < 5; r++) { const N = 3000; const s = process.cpuUsage(); for (let i = 0; i < N; i++) parseWire(checkCapacitySummaryResponse, payload); const u = process.cpuUsage(s); console.log(((u.user + u.system) / N).toFixed(1), "µs"); }
}
main();
