import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { IMAGE_NODE_FLAGS } from "../../bench/image-flags";
import { execForm, instructions, ROOT as root, runtime, runtimeEnv, stages } from "./dockerfile";

// No Docker engine runs here or in CI, so the image cannot be built. These checks pin what the Dockerfile must
// do; test/deploy/production-smoke.test.ts runs its runtime stage's steps without Docker (a clean production
// install of what the image copies, then its CMD with its ENV against a DoS at DOS_URL, and its HEALTHCHECK).

const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").map(l => l.trim()).filter(Boolean);

describe("Dockerfile", () => {
  it("is multi-stage on a pinned Node 24 LTS bookworm-slim base, the version CI runs the suite on", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const ciNode24 = /^NODE24_VERSION=(24\.\d+\.\d+)$/m.exec(readFileSync(path.join(root, ".ci/run"), "utf8"))?.[1];
    expect(ciNode24).toBeDefined();
    for (const from of stages) expect(from).toMatch(new RegExp(`^FROM node:${ciNode24!.replace(/\./g, "\\.")}-bookworm-slim AS \\w+$`));
  });

  it("runs as the unprivileged node user with production settings and dependencies only", () => {
    expect(runtime).toContain("USER node");
    expect(runtimeEnv()).toMatchObject({ NODE_ENV: "production" });
    expect(runtime.join("\n")).toMatch(/npm ci --omit=dev --ignore-scripts/);
  });

  it("starts node directly in exec form (signals reach the process) and has an exec-form health check", () => {
    expect(execForm("CMD")).toEqual(expect.arrayContaining(["node", "dist/index.js"]));
    // Node 24's default young generation nearly doubles RSS under load (BENCHMARKS.md, "How it got here"); the
    // bench starts the subgraph with the same flags.
    expect(execForm("CMD")).toContain("--max-semi-space-size=16");
    for (const flag of IMAGE_NODE_FLAGS) expect(execForm("CMD")).toContain(flag);
    const health = execForm("HEALTHCHECK");
    expect(health.slice(0, 2)).toEqual(["node", "-e"]);
    expect(health[2]).toContain("/healthz");
  });

  it("copies only files that exist and are not excluded by .dockerignore", () => {
    const copies = instructions.filter(i => /^COPY /.test(i) && !/--from=/.test(i));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const args = copy.split(/\s+/).slice(1).filter(a => !a.startsWith("--"));
      for (const source of args.slice(0, -1)) {
        expect([source, existsSync(path.join(root, source))]).toEqual([source, true]);
        expect([source, ignored.includes(source)]).toEqual([source, false]);
      }
    }
  });

  it("ships the WSDL the client reads at start-up", () => {
    expect(runtime).toContain("COPY --chown=node:node schema ./schema");
  });
});
