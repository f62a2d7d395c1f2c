/**
 * Issue 12 §0: no request may stop the process, and a bug that escapes every handler has one defined outcome.
 *
 * The subgraph runs as its own process (`node --import tsx src/index.ts`, as `npm start` runs it) over real
 * HTTP, against the real simulator at DOS_URL. `_entities` batches that mix failing representations (unknown
 * ids: NOT_FOUND from DoS) with ones that used to throw (unknown `__typename`, malformed keys) once stopped it
 * with an unhandled rejection; now each bad representation is its own error and the SAME process keeps
 * serving. Then the decision for real bugs (src/process-faults.ts): a test-only preload
 * (test/fixtures/process/simulated-bugs.cjs) injects an unhandled rejection or an uncaught exception, and the
 * process logs one `fatal` line (with the request id when it was serving one) and exits with status 1.
 */
import path from "node:path";
import { type RunningSimulator, startSimulator } from "../../src/simulator";
import { startSubgraphProcess, type SubgraphProcess } from "../helpers/subgraph-process";

const PRELOAD = path.resolve(__dirname, "../fixtures/process/simulated-bugs.cjs");
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) { __typename ... on Service { id } ... on Organisation { odsCode }
    ... on Disposition { code } }
}`;
const FATAL = 60;

let simulator: RunningSimulator;
let env: Record<string, string>;

beforeAll(async () => {
  simulator = await startSimulator({ seed: "process-faults" });
  env = {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    DOS_URL: simulator.soapUrl,
    DOS_USERNAME: "demo",
    DOS_PASSWORD: "demo",
    RATE_LIMIT_PER_MINUTE: "0",
    DOS_CALLS_PER_SECOND: "0",
  };
});

afterAll(async () => {
  await simulator?.stop();
});

interface Reply {
  status: number;
  body: {
    data?: { _entities?: (Record<string, unknown> | null)[] } | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

async function post(url: string, query: string, variables?: object, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Reply["body"] } satisfies Reply;
}

/** `[index, code, field]` of each error, by index. */
function errorsByIndex(reply: Reply): [number, unknown, unknown][] {
  const entries = (reply.body.errors ?? []).map(
    error => [error.path?.[1] as number, error.extensions?.code, error.extensions?.field] as [number, unknown, unknown],
  );
  return entries.sort((a, b) => a[0] - b[0]);
}

async function dosCalls(): Promise<number> {
  const calls = (await (await fetch(`${simulator.url}/_sim/calls`)).json()) as { ServiceDetailsById: number };
  return calls.ServiceDetailsById;
}

describe("a subgraph process given failing and throwing _entities representations", () => {
  let subgraph: SubgraphProcess;
  let known: string[];

  beforeAll(async () => {
    subgraph = await startSubgraphProcess({ env });
    known = simulator.engine.services.slice(0, 2).map(service => String(service.id));
  }, 60_000);

  afterAll(async () => {
    await subgraph?.kill();
  });

  beforeEach(async () => {
    await fetch(`${simulator.url}/_sim/reset`, { method: "POST" });
  });

  it("the issue's batch: an unknown id (NOT_FOUND from DoS), an unknown __typename: each its own error", async () => {
    const reply = await post(subgraph.url, ENTITIES, {
      r: [{ __typename: "Service", id: "999999999" }, { __typename: "Nope" }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data?._entities).toEqual([null, null]);
    expect(errorsByIndex(reply)).toEqual([
      [0, "NOT_FOUND", undefined],
      [1, "BAD_USER_INPUT", "representations.1.__typename"],
    ]);
    expect(await dosCalls()).toBe(1);
  });

  it("an unknown id beside a malformed one, and a valid one after both", async () => {
    const reply = await post(subgraph.url, ENTITIES, {
      r: [
        { __typename: "Service", id: "999999999" },
        { __typename: "Service", id: "RNM01" },
        { __typename: "Service", id: known[0] },
      ],
    });
    expect(reply.body.data?._entities).toEqual([null, null, { __typename: "Service", id: known[0] }]);
    expect(errorsByIndex(reply)).toEqual([
      [0, "NOT_FOUND", undefined],
      [1, "BAD_USER_INPUT", "representations.1.id"],
    ]);
    expect(await dosCalls()).toBe(2);
  });

  it("every malformed shape is BAD_USER_INPUT at its own index without a DoS call; the others resolve", async () => {
    const reply = await post(subgraph.url, ENTITIES, {
      r: [
        { __typename: "Service", id: known[1] },
        { __typename: "Service", id: 123 }, // a number id
        { __typename: "Service", id: { id: known[0] } }, // an object where a string belongs
        ["Service", known[0]], // an array
        "Service", // not an object
        { __typename: "Organisation", odsCode: 5 },
        { __typename: "Organisation", odsCode: "not an ODS code" }, // used to throw out of the whole list
        { __typename: "Disposition", code: ["Dx02"] },
        { __typename: "Disposition", code: "Dx02" },
        {}, // no __typename
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data?._entities).toEqual([
      { __typename: "Service", id: known[1] },
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      { __typename: "Disposition", code: "Dx02" },
      null,
    ]);
    expect(errorsByIndex(reply)).toEqual([
      [1, "BAD_USER_INPUT", "representations.1.id"],
      [2, "BAD_USER_INPUT", "representations.2.id"],
      [3, "BAD_USER_INPUT", "representations.3"],
      [4, "BAD_USER_INPUT", "representations.4"],
      [5, "BAD_USER_INPUT", "representations.5.odsCode"],
      [6, "BAD_USER_INPUT", "representations.6.odsCode"],
      [7, "BAD_USER_INPUT", "representations.7.code"],
      [9, "BAD_USER_INPUT", "representations.9.__typename"],
    ]);
    expect(await dosCalls()).toBe(1);
  });

  it("is still the same process, serving, after every lookup it started has been answered", async () => {
    // The lookups those batches started have all been answered (each reply waited for its own), and a further
    // DoS round trip orders after them: an unhandled rejection would have stopped the process by now.
    const again = await post(subgraph.url, ENTITIES, { r: [{ __typename: "Service", id: known[0] }] });
    expect(again.body).toEqual({ data: { _entities: [{ __typename: "Service", id: known[0] }] } });
    const health = await fetch(new URL("/healthz", subgraph.url));
    expect(health.status).toBe(200);
    expect(subgraph.child.exitCode).toBeNull();
    expect(subgraph.child.pid).toBe(subgraph.pid);
    expect(() => process.kill(subgraph.pid, 0)).not.toThrow();
    expect(subgraph.logLines().filter(line => (line.level as number) >= 50)).toEqual([]);
  });
});

describe("a bug that escapes every handler: fatal log line, exit status 1", () => {
  function fatalLines(subgraph: SubgraphProcess) {
    return subgraph.logLines().filter(line => line.level === FATAL);
  }

  it("an unhandled rejection outside any request", async () => {
    const subgraph = await startSubgraphProcess({ env, preload: [PRELOAD] });
    try {
      subgraph.child.kill("SIGUSR2");
      expect(await subgraph.exited).toBe(1);
      const [line, ...more] = fatalLines(subgraph);
      expect(more).toEqual([]);
      expect(line).toMatchObject({
        kind: "unhandledRejection",
        err: { message: "simulated bug: a rejection nobody handles, outside any request" },
      });
      expect(line.requestId).toBeUndefined();
      expect(line.msg).toMatch(/exiting/);
    } finally {
      await subgraph.kill();
    }
  }, 60_000);

  it.each([
    ["rejection", "unhandledRejection", "simulated bug: a rejection nobody handles, in a request"],
    ["exception", "uncaughtException", "simulated bug: an exception in a callback of a request"],
  ])("an unhandled %s while serving a request names the request", async (bug, kind, message) => {
    const subgraph = await startSubgraphProcess({ env, preload: [PRELOAD] });
    try {
      const requestId = `bug-${bug}-1`;
      await post(subgraph.url, "{ __typename }", undefined, {
        "x-request-id": requestId,
        "x-simulate-bug": bug,
      }).catch(() => undefined); // the process may exit before the response is complete
      expect(await subgraph.exited).toBe(1);
      const [line, ...more] = fatalLines(subgraph);
      expect(more).toEqual([]);
      expect(line).toMatchObject({ kind, requestId, err: { message } });
    } finally {
      await subgraph.kill();
    }
  }, 60_000);
});
