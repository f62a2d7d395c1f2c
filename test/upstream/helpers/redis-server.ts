import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

/**
 * Whether the Redis suites can run here. They need Debian's `redis-server` (`apt-get install -y redis-server`).
 * Locally a missing binary skips them with a message; under CI (`CI=true`) they always run, so a missing binary
 * fails there instead of passing silently.
 */
export function redisSuiteAvailable(suite: string): boolean {
  const installed = spawnSync("redis-server", ["--version"]).status === 0;
  if (!installed && !process.env.CI) {
    console.warn(`Skipping "${suite}": redis-server is not installed (apt-get install -y redis-server). CI runs it.`);
  }
  return installed || Boolean(process.env.CI);
}

export interface RedisServer {
  url: string;
  /** SIGSTOP: the server keeps its connections open but answers nothing (a stalled dependency). */
  pause(): void;
  /** SIGCONT: it answers again, queued commands first. */
  resume(): void;
  /** Resumes it if paused, then stops it. Safe to call twice. */
  stop(): Promise<void>;
}

/** A throw-away `redis-server` on 127.0.0.1 at a free port, without persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.once("error", error => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  // Never leave a paused redis-server behind, even when the test process dies without running afterAll.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    stop: () => stopChild(child),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once("exit", resolve));
  // A stopped process acts on SIGTERM only once continued; SIGKILL if it still has not exited after 5 s.
  child.kill("SIGCONT");
  child.kill("SIGTERM");
  const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(kill);
}
