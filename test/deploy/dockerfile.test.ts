import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// No Docker engine runs here or in CI, so the image cannot be built. These checks pin what the Dockerfile must
// do; test/deploy/production-smoke (run by .ci/run) exercises the same steps (clean production install, node
// dist/index.js with NODE_ENV=production) without Docker.

const root = path.resolve(__dirname, "../..");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map(line => line.trim())
  .filter(line => line && !line.startsWith("#"));
const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").map(l => l.trim()).filter(Boolean);

const stages = instructions.filter(i => /^FROM /i.test(i));
const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1]));

describe("Dockerfile", () => {
  it("is multi-stage on a pinned Node 20 base", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/^FROM node:20\.\d+\.\d+-[a-z-]+ AS \w+$/);
  });

  it("runs as the unprivileged node user with production settings and dependencies only", () => {
    expect(runtime).toContain("USER node");
    expect(runtime.join("\n")).toMatch(/ENV NODE_ENV=production/);
    expect(runtime.join("\n")).toMatch(/npm ci --omit=dev --ignore-scripts/);
  });

  it("starts node directly in exec form (signals reach the process) and has an exec-form health check", () => {
    const cmd = runtime.find(i => i.startsWith("CMD "));
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd!.slice(4))).toEqual(expect.arrayContaining(["node", "dist/index.js"]));
    const health = runtime.find(i => i.startsWith("HEALTHCHECK "));
    expect(health).toMatch(/CMD \["node", "-e", .*\/healthz/);
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
