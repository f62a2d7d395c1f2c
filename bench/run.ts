import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { type HttpRequestSpec, percentile, runLoad } from "./load";
import { cpuMilliseconds, memoryUse, sampleRss, type ServerProcess, startServerProcess } from "./processes";
import {
  type BenchResults,
  evaluateTargets,
  renderMarkdown,
  type RunResult,
  type SimulatorResult,
} from "./report";
import { measureGraphiqlWeight } from "./graphiql-weight";
import { type HostileResult, hostileVerdict } from "./hostile";
import { IMAGE_NODE_FLAGS } from "./image-flags";
import { measureSimulatorThroughput } from "./simulator-load";
import { abSectionOf, type AbSide, describeAb, renderAbSection, runAb, withAbSection } from "./ab";
import { DEFAULT_BASELINE, prepareBaseline } from "./baseline";
import { GC_TRACE_FLAG, type GcTrace } from "./gc-trace";
import { cpuProfileFlags, describeProfile, readNewestProfile, summariseProfile } from "./profile";
import {
  BENCH_ROUTER_SECRET,
  benchSearch,
  buildScenarios,
  describeBenchSearch,
  type Scenario,
  subgraphSearchWorkload,
  TARGET_IDS,
  TARGET_TITLES,
  type TargetId,
  type Workload,
} from "./scenarios";

/*
 * `npm run bench`: the subgraph against its peers, every figure from the same run, written to BENCHMARKS.md
 * and bench/results/latest.json. `npm run bench:smoke`: every scenario and target once, without timed phases,
 * failing unless each answers correctly with exactly its expected DoS calls per operation (CI runs it through
 * test/bench/smoke.test.ts).
 *
 *   tsx bench/run.ts [--smoke] [--runtime dist|source] [--duration 8] [--warmup 2]
 *                    [--scenarios search,entities] [--targets subgraph,mesh] [--json FILE] [--markdown FILE]
 *   tsx bench/run.ts --ab [--baseline REF] [--alternations 3] [--duration 8] [--warmup 2]
 *   tsx bench/run.ts --profile [--duration 8] [--warmup 2]
 *
 * `--ab` runs only the baseline A/B of issue 16 (bench/ab.ts): the wide search, this checkout's build against the
 * git ref `--baseline` (else $BENCH_BASELINE, else 3d25b57) built in a temporary worktree, alternating; it
 * rewrites only its own section of BENCHMARKS.md and bench/results/ab-latest.json. `--profile` runs the same search
 * against this checkout's build under V8's CPU profiler and prints where the time goes (bench/profile.ts); it
 * writes the `.cpuprofile` to bench/results/ (open it in Chrome DevTools) and no report.
 *
 * Servers run in their own processes on 127.0.0.1; this process generates the load. Method: BENCHMARKS.md.
 */

const ROOT = path.resolve(__dirname, "..");
const USAGE =
  "Usage: tsx bench/run.ts [--smoke] [--runtime dist|source] [--duration S] [--warmup S] " +
  "[--scenarios a,b] [--targets a,b] [--json FILE] [--markdown FILE]\n" +
  "       tsx bench/run.ts --ab [--baseline REF] [--alternations N] [--duration S] [--warmup S] [--json FILE] [--markdown FILE]\n" +
  "       tsx bench/run.ts --profile [--duration S] [--warmup S]\n";
const DEMO_ACCOUNT = { username: "demo", password: "demo" };
const SOAP_PATH = "/app/api/webservices";
/** Operations run to completion to count DoS calls. */
const COUNTED_OPERATIONS = { smoke: 3, full: 20 };

interface Options {
  smoke: boolean;
  runtime: "dist" | "source";
  durationSeconds: number;
  warmupSeconds: number;
  scenarios: string[] | undefined;
  targets: TargetId[];
  jsonPath: string | undefined;
  markdownPath: string | undefined;
  ab: boolean;
  profile: boolean;
  baseline: string;
  alternations: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      runtime: { type: "string" },
      duration: { type: "string", default: "8" },
      warmup: { type: "string", default: "2" },
      scenarios: { type: "string" },
      targets: { type: "string" },
      json: { type: "string" },
      markdown: { type: "string" },
      ab: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      baseline: { type: "string" },
      alternations: { type: "string", default: "3" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const runtime = values.runtime ?? (values.smoke ? "source" : "dist");
  if (runtime !== "dist" && runtime !== "source") throw new Error("--runtime must be dist or source");
  const durationSeconds = Number(values.duration);
  const warmupSeconds = Number(values.warmup);
  if (!(durationSeconds >= 1 && durationSeconds <= 60)) throw new Error("--duration must be 1-60 seconds");
  if (!(warmupSeconds >= 0 && warmupSeconds <= 30)) throw new Error("--warmup must be 0-30 seconds");
  const targets = values.targets ? (values.targets.split(",") as TargetId[]) : [...TARGET_IDS];
  const unknown = targets.filter((target) => !TARGET_IDS.includes(target));
  if (unknown.length)
    throw new Error(`unknown targets: ${unknown.join(", ")} (known: ${TARGET_IDS.join(", ")})`);
  const complete = !values.scenarios && !values.targets;
  const alternations = Number(values.alternations);
  if (!(Number.isInteger(alternations) && alternations >= 1 && alternations <= 20))
    throw new Error("--alternations must be 1-20");
  if (values.ab && (values.smoke || values.runtime === "source"))
    throw new Error("--ab compares compiled builds: not with --smoke or --runtime source");
  if (values.profile && (values.ab || values.smoke || values.runtime === "source"))
    throw new Error("--profile profiles the compiled build on its own: not with --ab, --smoke or --runtime source");
  if (values.ab || values.profile)
    return {
      smoke: false,
      runtime: "dist",
      durationSeconds,
      warmupSeconds,
      scenarios: ["ab"],
      targets: ["subgraph"],
      jsonPath: values.json ?? path.join(ROOT, "bench", "results", "ab-latest.json"),
      markdownPath: values.markdown ?? path.join(ROOT, "BENCHMARKS.md"),
      ab: values.ab,
      profile: values.profile,
      // The issue's name for it; bench/ is not the server, whose only reader of the environment is src/config.ts.
      baseline: values.baseline ?? process.env.BENCH_BASELINE ?? DEFAULT_BASELINE,
      alternations,
    };
  return {
    smoke: values.smoke,
    runtime,
    durationSeconds,
    warmupSeconds,
    scenarios: values.scenarios?.split(","),
    targets,
    jsonPath: values.json ?? (values.smoke ? undefined : path.join(ROOT, "bench", "results", "latest.json")),
    // Only a complete full run rewrites BENCHMARKS.md unless told where to write.
    markdownPath:
      values.markdown ?? (values.smoke || !complete ? undefined : path.join(ROOT, "BENCHMARKS.md")),
    ab: false,
    profile: false,
    baseline: DEFAULT_BASELINE,
    alternations,
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const startedAt = new Date();
  const machine = describeMachine();
  const running: ServerProcess[] = [];
  const stopAll = () => Promise.all(running.map((server) => server.stop()));
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => void stopAll().then(() => process.exit(code)));
  }

  if (options.ab) return mainAb(options, running, stopAll);
  if (options.profile) return mainProfile(options, running, stopAll);
  try {
    say(`dos-subgraph benchmark (${options.smoke ? "smoke" : "full"}, ${options.runtime}) on ${machine.cpu}`);
    say("starting the simulator, dos-subgraph, the naive variant and the Mesh peer on 127.0.0.1 …");
    const { simulator, targets } = await startServers(options, running);
    const search = benchSearch(new Date(), DEMO_ACCOUNT);
    const serviceIds = await serviceIdsFromSearch(targets.subgraph!.url, search);
    const scenarios = buildScenarios(search, serviceIds).filter(
      (scenario) => !options.scenarios || options.scenarios.includes(scenario.id),
    );
    const plan = scenarios.flatMap((scenario) =>
      options.targets
        .filter((target) => scenario.workloads[target] && targets[target])
        .map((target) => ({ scenario, target })),
    );
    const perRun = options.smoke ? 0.5 : options.warmupSeconds + options.durationSeconds + 1.5;
    say(
      `${plan.length} runs, about ${Math.ceil((plan.length * perRun) / 60)} min; ids ${serviceIds.join(", ")}`,
    );

    const control = simulatorControl(simulator.url);
    const runs: RunResult[] = [];
    let current: Scenario | undefined;
    for (const [index, { scenario, target }] of plan.entries()) {
      if (scenario !== current) {
        await control.setLatency(scenario.dosLatencyMs);
        current = scenario;
      }
      const { server, url } = targets[target]!;
      process.stdout.write(
        `[${String(index + 1).padStart(2)}/${plan.length}] ${scenario.id} · ${TARGET_TITLES[target]} … `,
      );
      const result = await measure(scenario, target, scenario.workloads[target]!, {
        url,
        server,
        simulator,
        control,
        options,
      });
      runs.push(result);
      process.stdout.write(describeRun(result) + "\n");
    }
    await control.setLatency(0);
    process.stdout.write("simulator alone · CheckCapacitySummary throughput … ");
    const simulatorResult = await measureSimulator(simulator, control, options);
    process.stdout.write(describeSimulator(simulatorResult) + "\n");
    let hostile: HostileResult | undefined;
    if (!options.scenarios || options.scenarios.includes("hostile")) {
      process.stdout.write("hostile DoS responses · the subgraph in a process of its own against a stub DoS … ");
      hostile = await measureHostileInOwnProcess(options.smoke ? 1 : 3);
      process.stdout.write(describeHostile(hostile) + "\n");
    }

    const processPeakRssMb: BenchResults["processPeakRssMb"] = {
      simulator: megabytes(memoryUse(simulator.pid).peakRssBytes),
    };
    for (const target of ["subgraph", "naive", "mesh"] as const) {
      const server = targets[target]?.server;
      if (server) processPeakRssMb[target] = megabytes(memoryUse(server.pid).peakRssBytes);
    }
    const results: BenchResults = {
      mode: options.smoke ? "smoke" : "full",
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      settings: {
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        runtime: options.runtime,
      },
      machine,
      versions: packageVersions(),
      search: {
        ...describeBenchSearch(search),
        "services returned":
          runs.find((r) => r.scenario === "search" && r.target === "subgraph")?.answer ?? "–",
      },
      serviceIds,
      runs,
      processPeakRssMb,
      simulator: simulatorResult,
      graphiql: await measureGraphiqlWeight(),
      hostile,
    };
    writeOutputs(results, options);
    process.exitCode = summarise(results, options) ? 0 : 1;
  } finally {
    await stopAll();
  }
}

/** As the "search, 10 connections" scenario: the one issue 16's CPU target is about. */
const AB_CONNECTIONS = 10;

/** `--ab`: the baseline A/B only (bench/ab.ts). The baseline worktree is removed however this ends. */
async function mainAb(options: Options, running: ServerProcess[], stopAll: () => Promise<unknown>): Promise<void> {
  say(`dos-subgraph baseline A/B: this checkout against ${options.baseline}, ${options.alternations} alternations`);
  say("building this checkout (npm run build) …");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const baseline = prepareBaseline(ROOT, options.baseline, say);
  try {
    const simulator = await startSimulator("dist");
    running.push(simulator);
    const soapUrl = simulator.url + SOAP_PATH;
    const workload = subgraphSearchWorkload(benchSearch(new Date(), DEMO_ACCOUNT));
    const result = await runAb(
      {
        alternations: options.alternations,
        connections: AB_CONNECTIONS,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        requests: workload.requests,
        verify: workload.verify,
        check: (body) => void workload.check(body, 0),
        start: (side: AbSide, gc: GcTrace) =>
          startSubgraph("dist", soapUrl, {
            cwd: side === "working" ? ROOT : baseline.dir,
            nodeFlags: [GC_TRACE_FLAG],
            onOutput: (text) => gc.feed(text),
          }),
        say,
      },
      {
        baseline: { ref: baseline.ref, commit: baseline.commit, dependencies: baseline.dependencies },
        working: gitCommit(),
      },
    );
    say(describeAb(result));
    if (options.jsonPath) {
      fs.mkdirSync(path.dirname(options.jsonPath), { recursive: true });
      fs.writeFileSync(options.jsonPath, JSON.stringify(result, null, 2) + "\n");
      say(`results: ${path.relative(process.cwd(), options.jsonPath)}`);
    }
    if (options.markdownPath) {
      fs.writeFileSync(
        options.markdownPath,
        withAbSection(readText(options.markdownPath) ?? "# Benchmarks\n", renderAbSection(result)),
      );
      say(`report:  ${path.relative(process.cwd(), options.markdownPath)} (its baseline A/B section)`);
    }
    process.exitCode = result.runs.some((run) => run.failed > 0) ? 1 : 0;
  } finally {
    await stopAll();
    say(`removing the baseline worktree ${baseline.dir}`);
    baseline.remove();
  }
}

/**
 * Prints the verdict. Smoke: true only if every run answered right, without failed requests, with exactly its
 * expected DoS calls. Full: true unless a run could not be measured (a target not met is a finding, not a failure).
 */
function summarise(results: BenchResults, options: Options): boolean {
  const { runs } = results;
  if (!options.smoke) {
    say("");
    for (const check of evaluateTargets(results)) {
      say(
        `${check.met === undefined ? "?      " : check.met ? "met    " : "NOT MET"}  ${check.target}: ${check.measured}`,
      );
    }
    return !runs.some((r) => r.error);
  }
  const problems = runs.filter(
    (r) => r.error || r.failedRequests > 0 || r.dosCallsPerOperation !== r.expectedDosCalls,
  );
  for (const r of problems) say(`FAILED ${r.scenario} · ${TARGET_TITLES[r.target]}: ${problemOf(r)}`);
  // Smoke: each hostile answer must get its bounded result (stalls are measured, not judged, in smoke runs).
  const hostileFailed = results.hostile !== undefined && !hostileVerdict(results.hostile).correct;
  if (hostileFailed) say(`FAILED hostile DoS responses: ${describeHostile(results.hostile!)}`);
  const simulator = results.simulator;
  const simulatorFailed = !simulator || simulator.error !== undefined || simulator.failed > 0;
  if (simulatorFailed) say(`FAILED simulator alone: ${simulator ? describeSimulator(simulator) : "not run"}`);
  say(
    problems.length || simulatorFailed || hostileFailed
      ? `smoke: ${problems.length + (simulatorFailed ? 1 : 0) + (hostileFailed ? 1 : 0)} runs failed`
      : `smoke: all ${runs.length + 1} runs correct`,
  );
  return problems.length === 0 && !simulatorFailed && !hostileFailed;
}

interface MeasureContext {
  url: string;
  server: ServerProcess;
  simulator: ServerProcess;
  control: ReturnType<typeof simulatorControl>;
  options: Options;
}

/** Checks, counts and (unless smoke) measures one target on one scenario. Never throws: failures are recorded. */
async function measure(
  scenario: Scenario,
  target: TargetId,
  workload: Workload,
  context: MeasureContext,
): Promise<RunResult> {
  const { url, server, simulator, control, options } = context;
  const result: RunResult = {
    scenario: scenario.id,
    scenarioTitle: scenario.title,
    target,
    connections: scenario.connections,
    dosLatencyMs: scenario.dosLatencyMs,
    expectedDosCalls: workload.expectedDosCalls,
    failedRequests: 0,
    requestsPerOperation: workload.requestsPerOperation,
  };
  const load = (bound: { seconds: number } | { requests: number }) =>
    runLoad({
      url,
      requests: workload.requests,
      // autocannon refuses more connections than requests.
      connections:
        "requests" in bound ? Math.min(scenario.connections, bound.requests) : scenario.connections,
      bound,
      verify: workload.verify,
    });
  try {
    const answers: string[] = [];
    for (const [index, request] of workload.requests.entries())
      answers.push(workload.check(await post(url, request), index));
    result.answer = answers.length === 1 ? answers[0] : `${answers.length} services, one DoS call each`;

    const operations = options.smoke ? COUNTED_OPERATIONS.smoke : COUNTED_OPERATIONS.full;
    // Requests still in flight when the previous timed run stopped must not be counted against this one.
    if (!options.smoke) await control.settle(200 + scenario.dosLatencyMs);
    await control.reset();
    const counted = await load({ requests: operations * workload.requestsPerOperation });
    result.dosCallsPerOperation = (await control.totalCalls()) / operations;
    result.failedRequests += counted.failed;
    if (options.smoke) return result;

    if (options.warmupSeconds > 0) await load({ seconds: options.warmupSeconds });
    const serverCpu = cpuMilliseconds(server.pid);
    const simulatorCpu = cpuMilliseconds(simulator.pid);
    const rss = sampleRss(server.pid);
    const measured = await load({ seconds: options.durationSeconds });
    const operationsDone = measured.ok / workload.requestsPerOperation;
    result.serverCpuMsPerOp = (cpuMilliseconds(server.pid) - serverCpu) / operationsDone;
    result.simulatorCpuMsPerOp = (cpuMilliseconds(simulator.pid) - simulatorCpu) / operationsDone;
    result.rssPeakMb = megabytes(rss.stop());
    result.opsPerSecond = operationsDone / measured.elapsedSeconds;
    result.p50Ms = percentile(measured.latenciesMs, 0.5);
    result.p99Ms = percentile(measured.latenciesMs, 0.99);
    result.failedRequests += measured.failed;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** Simulator connections for its throughput: enough to keep its one core busy from the runner's process. */
const SIMULATOR_CONNECTIONS = 32;

/**
 * The simulator on its own, after the scenarios: its start-up time and its CheckCapacitySummary throughput with
 * nothing else loading it (smoke: one second, checking only that every answer is right). Never throws.
 */
async function measureSimulator(
  simulator: ServerProcess,
  control: ReturnType<typeof simulatorControl>,
  options: Options,
): Promise<SimulatorResult> {
  const result: SimulatorResult = {
    startupMs: simulator.readyMs,
    connections: SIMULATOR_CONNECTIONS,
    failed: 0,
  };
  try {
    await control.settle(200);
    const cpu = { start: 0, end: 0 };
    const measured = await measureSimulatorThroughput({
      url: simulator.url,
      connections: SIMULATOR_CONNECTIONS,
      warmupSeconds: options.smoke ? 0 : options.warmupSeconds,
      durationSeconds: options.smoke ? 1 : options.durationSeconds,
      onMeasuredPhase: (edge) => (cpu[edge] = cpuMilliseconds(simulator.pid)),
    });
    result.failed = measured.failed;
    result.meanResponseKiB = measured.meanResponseKiB;
    if (!options.smoke) {
      result.responsesPerSecond = measured.responsesPerSecond;
      result.cpuMsPerResponse = (cpu.end - cpu.start) / Math.max(1, measured.responses);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** bench/hostile-main.ts in a child process: a fresh heap with the server's V8 settings. */
async function measureHostileInOwnProcess(rounds: number): Promise<HostileResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...IMAGE_NODE_FLAGS, "--import", "tsx", "bench/hostile-main.ts", String(rounds)],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 2 ** 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as HostileResult;
}

function describeHostile(result: HostileResult): string {
  if (result.error) return `failed: ${result.error}`;
  const wrong = result.kinds.filter((kind) => kind.outcome !== kind.expected);
  const worst = Math.max(...result.kinds.map((kind) => kind.maxStallMs));
  return wrong.length
    ? `${wrong.map((kind) => `${kind.kind}: got ${kind.outcome}, expected ${kind.expected}`).join("; ")}`
    : `${result.kinds.length} kinds answered as expected; longest stall ${worst} ms`;
}

function describeSimulator(result: SimulatorResult): string {
  if (result.error) return `failed: ${result.error}`;
  const rate =
    result.responsesPerSecond === undefined
      ? "answers checked"
      : `${Math.round(result.responsesPerSecond).toLocaleString("en-GB")} responses/s`;
  return `${rate}, ${result.failed} failed; start-up ${Math.round(result.startupMs)} ms`;
}

// ---- processes -------------------------------------------------------------------------------------------------

interface Target {
  server: ServerProcess;
  url: string;
}

/** Starts the simulator, then the servers under test against it; each is added to `running` once it is up. */
async function startServers(options: Options, running: ServerProcess[]) {
  const started = <T extends ServerProcess | undefined>(starting: Promise<T>) =>
    starting.then((server) => {
      if (server) running.push(server);
      return server;
    });
  const simulator = await started(startSimulator(options.runtime));
  const soapUrl = simulator.url + SOAP_PATH;
  const [subgraph, naive, mesh] = await Promise.all([
    started(startSubgraph(options.runtime, soapUrl)),
    started(
      options.targets.includes("naive") ? startNaive(options.runtime, soapUrl) : Promise.resolve(undefined),
    ),
    started(options.targets.includes("mesh") ? startMesh(soapUrl) : Promise.resolve(undefined)),
  ]);
  const targets: Partial<Record<TargetId, Target>> = {
    subgraph: { server: subgraph, url: subgraph.url },
    direct: { server: simulator, url: soapUrl },
    ...(naive ? { naive: { server: naive, url: naive.url } } : {}),
    ...(mesh ? { mesh: { server: mesh, url: mesh.url } } : {}),
  };
  return { simulator, targets };
}

/** A clean environment: nothing from the caller's shell (a stray DOS_URL, say) reaches the servers. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: "development", LOG_LEVEL: "silent", ...extra };
}

/** As deployed (see the Dockerfile), behind a router; the production guards that would refuse a load test are off. */
function subgraphEnv(soapUrl: string): NodeJS.ProcessEnv {
  return serverEnv({
    NODE_ENV: "production",
    AUTH_MODE: "router-secret",
    ROUTER_SECRET: BENCH_ROUTER_SECRET,
    HOST: "127.0.0.1",
    PORT: "0",
    DOS_URL: soapUrl,
    DOS_USERNAME: DEMO_ACCOUNT.username,
    DOS_PASSWORD: DEMO_ACCOUNT.password,
    // The guards that would refuse a load test's traffic; everything else keeps its default.
    RATE_LIMIT_PER_MINUTE: "0",
    DOS_CALLS_PER_SECOND: "0",
    DOS_MAX_IN_FLIGHT: "128",
    // Every benchmark caller is professional (x-dos-scopes), so no public caller needs a public account.
    ALLOW_PUBLIC_ON_MAIN_ACCOUNT: "true",
    // Stopped at once when the bench is done with it (and so writes its CPU profile, under --profile).
    SHUTDOWN_DELAY_MS: "0",
  });
}

/** `node` with tsx's loader for TypeScript entry points, so that the process measured is node itself. */
function nodeArgs(runtime: "dist" | "source", distEntry: string, sourceEntry: string): string[] {
  return runtime === "dist" ? [distEntry] : ["--import", "tsx", sourceEntry];
}

function startSimulator(runtime: "dist" | "source"): Promise<ServerProcess> {
  return startServerProcess({
    name: "simulator",
    command: process.execPath,
    args: [...nodeArgs(runtime, "dist/simulator/main.js", "src/simulator/main.ts"), "--port", "0"],
    cwd: ROOT,
    env: serverEnv({}),
    ready: /listening at (http:\/\/127\.0\.0\.1:\d+)/,
  });
}

/** `--profile`: the wide search against this checkout's build under V8's CPU profiler (bench/profile.ts). */
async function mainProfile(
  options: Options,
  running: ServerProcess[],
  stopAll: () => Promise<unknown>,
): Promise<void> {
  say("dos-subgraph CPU profile of the wide search; building this checkout (npm run build) …");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "dos-subgraph-profile-"));
  try {
    const simulator = await startSimulator("dist");
    running.push(simulator);
    const server = await startSubgraph("dist", simulator.url + SOAP_PATH, { nodeFlags: cpuProfileFlags(profileDir) });
    running.push(server);
    const workload = subgraphSearchWorkload(benchSearch(new Date(), DEMO_ACCOUNT));
    workload.check(await post(server.url, workload.requests[0]), 0);
    const load = (seconds: number) =>
      runLoad({
        url: server.url,
        requests: workload.requests,
        connections: AB_CONNECTIONS,
        bound: { seconds },
        verify: workload.verify,
      });
    say(`load: ${options.warmupSeconds} s warm-up, ${options.durationSeconds} s measured, ${AB_CONNECTIONS} connections …`);
    if (options.warmupSeconds > 0) await load(options.warmupSeconds);
    const cpuBefore = cpuMilliseconds(server.pid);
    const measured = await load(options.durationSeconds);
    const cpuMs = cpuMilliseconds(server.pid) - cpuBefore;
    say(`${measured.ok} searches, ${measured.failed} failed, ${(cpuMs / measured.ok).toFixed(2)} ms CPU per search (profiler on)`);
    // The profile is written when the process exits.
    await stopAll();
    const { file, profile } = readNewestProfile(profileDir);
    say(describeProfile(summariseProfile(profile)));
    const kept = path.join(ROOT, "bench", "results", "subgraph-search.cpuprofile");
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.copyFileSync(file, kept);
    say(`profile: ${path.relative(process.cwd(), kept)}`);
    process.exitCode = measured.failed > 0 ? 1 : 0;
  } finally {
    await stopAll();
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

/** `variant`: another checkout (the A/B's baseline), extra node flags, a reader of its stdout after it is ready. */
async function startSubgraph(
  runtime: "dist" | "source",
  soapUrl: string,
  variant: { cwd?: string; nodeFlags?: string[]; onOutput?: (text: string) => void } = {},
): Promise<ServerProcess> {
  const server = await startServerProcess({
    name: "dos-subgraph",
    command: process.execPath,
    args: [...IMAGE_NODE_FLAGS, ...(variant.nodeFlags ?? []), ...nodeArgs(runtime, "dist/index.js", "src/index.ts")],
    cwd: variant.cwd ?? ROOT,
    env: subgraphEnv(soapUrl),
    ready: /ready at (http:\/\/[^\s"]+)/,
    onOutput: variant.onOutput,
  });
  return { ...server, url: loopback(server.url) };
}

async function startNaive(runtime: "dist" | "source", soapUrl: string): Promise<ServerProcess> {
  const server = await startServerProcess({
    name: "naive subgraph",
    command: process.execPath,
    args: ["--import", "tsx", "bench/naive-subgraph.ts", "--runtime", runtime],
    cwd: ROOT,
    env: subgraphEnv(soapUrl),
    ready: /ready at (http:\/\/[^\s"]+)/,
  });
  return { ...server, url: loopback(server.url) };
}

function startMesh(soapUrl: string): Promise<ServerProcess> {
  return startServerProcess({
    name: "Mesh peer",
    command: process.execPath,
    args: ["--import", "tsx", "bench/mesh-peer.ts", "--dos-url", soapUrl],
    cwd: ROOT,
    env: serverEnv({}),
    ready: /ready at (http:\/\/[^\s"]+)/,
  });
}

/** The subgraph prints `localhost`, which may resolve to ::1 while it listens on 127.0.0.1. */
function loopback(url: string): string {
  return url.replace("//localhost:", "//127.0.0.1:");
}

// ---- the simulator's control API --------------------------------------------------------------------------------

function simulatorControl(simulatorUrl: string) {
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(simulatorUrl + route, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`simulator ${method} ${route}: HTTP ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : ((await response.json()) as unknown);
  };
  return {
    reset: () => call("POST", "/_sim/reset"),
    /** Every SOAP call since the last reset, whatever its operation. */
    async totalCalls(): Promise<number> {
      const counts = (await call("GET", "/_sim/calls")) as Record<string, unknown>;
      return Object.values(counts).reduce<number>(
        (sum, value) => sum + (typeof value === "number" ? value : 0),
        0,
      );
    },
    /** Resolves once no SOAP call has arrived for `quietMs` (at most about 10 s). */
    async settle(quietMs: number): Promise<void> {
      let last = await this.totalCalls();
      for (let attempt = 0; attempt < Math.ceil(10_000 / quietMs); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        const now = await this.totalCalls();
        if (now === last) return;
        last = now;
      }
    },
    async setLatency(ms: number): Promise<void> {
      await call("DELETE", "/_sim/faults");
      if (ms > 0) await call("POST", "/_sim/faults", { operation: "*", kind: "latency", ms });
    },
  };
}

// ---- helpers ----------------------------------------------------------------------------------------------------

async function post(url: string, request: HttpRequestSpec): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...request.headers, "content-type": request.contentType },
    body: request.body,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

/** Ten services of the benchmark's search that have endpoints: what a router would look up after it. */
async function serviceIdsFromSearch(
  subgraphUrl: string,
  search: ReturnType<typeof benchSearch>,
): Promise<number[]> {
  const body = JSON.parse(await post(subgraphUrl, subgraphSearchWorkload(search).requests[0])) as {
    data?: { serviceSearch: { results: { service: { id: string; endpoints: unknown[] } }[] } };
    errors?: unknown[];
  };
  if (!body.data || body.errors)
    throw new Error(`the benchmark's search failed: ${JSON.stringify(body).slice(0, 500)}`);
  const ids = body.data.serviceSearch.results
    .filter((result) => result.service.endpoints.length > 0)
    .map((result) => Number(result.service.id));
  if (ids.length < 10)
    throw new Error(`the benchmark's search found ${ids.length} services with endpoints; 10 needed`);
  return ids.slice(0, 10);
}

function describeRun(r: RunResult): string {
  if (r.error) return `FAILED: ${r.error}`;
  const calls = `${r.dosCallsPerOperation?.toFixed(2)} DoS calls/op (expected ${r.expectedDosCalls})`;
  if (r.opsPerSecond === undefined) return `${r.answer}; ${calls}`;
  return (
    `${r.opsPerSecond.toFixed(0)} ops/s, p50 ${r.p50Ms?.toFixed(2)} ms, p99 ${r.p99Ms?.toFixed(2)} ms, ` +
    `${r.serverCpuMsPerOp?.toFixed(2)} ms CPU/op, ${calls}${r.failedRequests ? `, ${r.failedRequests} FAILED requests` : ""}`
  );
}

function problemOf(r: RunResult): string {
  if (r.error) return r.error;
  if (r.failedRequests > 0) return `${r.failedRequests} failed requests`;
  return `${r.dosCallsPerOperation} DoS calls per operation, expected ${r.expectedDosCalls}`;
}

function writeOutputs(results: BenchResults, options: Options): void {
  if (options.jsonPath) {
    fs.mkdirSync(path.dirname(options.jsonPath), { recursive: true });
    fs.writeFileSync(options.jsonPath, JSON.stringify(results, null, 2) + "\n");
    say(`results: ${path.relative(process.cwd(), options.jsonPath)}`);
  }
  if (options.markdownPath) {
    // The baseline A/B section is written by `--ab` runs only; a full run keeps it.
    const abSection = abSectionOf(readText(options.markdownPath) ?? "");
    const markdown = renderMarkdown(results);
    fs.writeFileSync(options.markdownPath, abSection ? withAbSection(markdown, abSection) : markdown);
    say(`report:  ${path.relative(process.cwd(), options.markdownPath)}`);
  }
}

function describeMachine(): Record<string, string> {
  const cpus = os.cpus();
  const release = readText("/etc/os-release")?.match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1];
  return {
    cpu: `${cpus[0]?.model.trim() ?? "unknown"} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${release ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    node: process.version,
    "load average at start (1, 5, 15 min)": os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(", "),
    commit: gitCommit(),
  };
}

function packageVersions(): Record<string, string> {
  const names = [
    "@apollo/server",
    "@apollo/subgraph",
    "graphql",
    "type-graphql",
    "dataloader",
    "soap",
    "express",
    "@omnigraph/soap",
    "graphql-yoga",
    "autocannon",
  ];
  return Object.fromEntries(
    names.map((name) => {
      const manifest = readText(path.join(ROOT, "node_modules", name, "package.json"));
      return [name, manifest ? (JSON.parse(manifest) as { version: string }).version : "not installed"];
    }),
  );
}

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit} with uncommitted changes` : commit;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function megabytes(bytes: number): number {
  return bytes / 2 ** 20;
}

function say(line: string): void {
  process.stdout.write(line + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
