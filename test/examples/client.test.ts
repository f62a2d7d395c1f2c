/**
 * examples/client runs as a frontend developer runs it (`npm run example:client` with DOS_SUBGRAPH_URL), against a
 * real subgraph and simulator: every operation is answered, the refused search arrives as its code, and each
 * operation reached DoS as it should. Pointed at nothing, it says so and exits 1.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const ROOT = path.resolve(__dirname, "../..");

function runClient(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "example:client"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DOS_SUBGRAPH_URL: url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", chunk => (stdout += chunk.toString()));
    child.stderr.on("data", chunk => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", code => resolve({ code, stdout, stderr }));
  });
}

describe("examples/client", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ seed: "dos-subgraph" });
  });
  afterAll(() => subgraph?.stop());

  it("answers every operation, with the refused search as POSTCODE_OUTSIDE_ENGLAND, and exits 0", async () => {
    await subgraph.resetSimulator();
    const { code, stdout, stderr } = await runClient(subgraph.url);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^serviceSearch: [1-9]\d* services; #1 /m);
    expect(stdout).toMatch(/^service: \d+: ODS \w+, \d+ endpoints$/m);
    expect(stdout).toMatch(/^servicesByOdsCode: \w+: \d+/m);
    expect(stdout).toMatch(/^serviceSearch \(Edinburgh\): POSTCODE_OUTSIDE_ENGLAND at serviceSearch: /m);
    const calls = await subgraph.simulatorCalls();
    // One search (Edinburgh is refused before DoS), one lookup by id, one by ODS code.
    expect([calls.CheckCapacitySummary, calls.ServiceDetailsById]).toEqual([1, 2]);
  }, 60_000);

  it("exits 1 and says why when nothing answers", async () => {
    const { code, stderr } = await runClient("http://127.0.0.1:9/graphql");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The subgraph did not answer: /m);
  }, 60_000);
});
