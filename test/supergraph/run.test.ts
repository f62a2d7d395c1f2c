/**
 * `npm run supergraph` as a process (supergraph/run.ts, as the npm script runs it): one command starts
 * everything on 127.0.0.1, answers a cross-subgraph query, and Ctrl-C (SIGINT) stops every part and exits 0.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

it("starts on SUPERGRAPH_PORT (0: a free one), answers, and exits 0 on SIGINT with its ports closed", async () => {
  // As the npm script runs it (`node --import tsx`: one process, which receives the signal itself).
  const child = spawn(process.execPath, ["--import", "tsx", "supergraph/run.ts"], {
    cwd: ROOT,
    env: { ...process.env, SUPERGRAPH_PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("Ctrl-C stops everything.")) resolve(stdout);
      });
      child.once("exit", code => reject(new Error(`exited ${code} before it was ready: ${stdout}${output}`)));
    });
    const urls = [...banner.matchAll(/http:\/\/([0-9.]+):(\d+)\S*/g)];
    expect(urls.length).toBe(4);
    for (const [, host] of urls) expect(host).toBe("127.0.0.1");
    const gatewayUrl = urls[0][0];
    expect(gatewayUrl).toMatch(/\/graphql$/);
    const professional = /professional: (Bearer \S+)/.exec(banner)![1];

    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: professional },
      body: JSON.stringify({ query: '{ organisation(odsCode: "RNM01") { name services { id } } }' }),
    });
    expect(await response.json()).toMatchObject({ data: { organisation: { name: "Example Organisation RNM01" } } });

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const [url] of urls) await expect(fetch(url)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 90_000);
