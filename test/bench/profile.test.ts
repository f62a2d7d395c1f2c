/**
 * bench/profile.ts summarises the `.cpuprofile` that `tsx bench/run.ts --profile` has the subgraph write. Checked
 * against a real profile of a real Node process: a process that spends nearly all its time in one named function
 * must show that function, and its file, at the top. The `.cpuprofile` format is V8's (the DevTools protocol's
 * Profile object), not a Node API: this fails loudly if a Node upgrade changes it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuProfileFlags, readNewestProfile, summariseProfile } from "../../bench/profile";

/** Spins in `spinHot` for about 300 ms of CPU (a count of iterations, not a clock), then exits. */
const CHILD = `
function spinHot(n) { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003; return x; }
let total = 0;
for (let round = 0; round < 30; round++) total += spinHot(3e6);
process.stdout.write(String(total));
`;

describe("bench/profile.ts", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-test-"));
    fs.writeFileSync(path.join(dir, "hot.js"), CHILD);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a real profile's hottest function and module come first, with shares that add up", async () => {
    const child = spawn(process.execPath, [...cpuProfileFlags(dir), path.join(dir, "hot.js")], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { PATH: process.env.PATH },
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code).toBe(0);

    const { profile } = readNewestProfile(dir);
    const summary = summariseProfile(profile, 1000);
    expect(summary.sampledMs).toBeGreaterThan(0);
    expect(summary.functions[0].name).toMatch(/^spinHot .*hot\.js:2$/);
    expect(summary.functions[0].share).toBeGreaterThan(0.5);
    expect(summary.modules[0].name).toMatch(/hot\.js$/);
    const total = (shares: { share: number }[]) => shares.reduce((sum, { share }) => sum + share, 0);
    expect(total(summary.modules)).toBeCloseTo(1, 6);
    expect(total(summary.functions)).toBeCloseTo(1, 6);
  });

  test("a directory without a profile is an error that says so", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "profile-empty-"));
    try {
      expect(() => readNewestProfile(empty)).toThrow(/no \.cpuprofile/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
