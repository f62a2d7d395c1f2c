import {
  DosBadResponse,
  DosInvalidRequest,
  DosTimeout,
  DosUnavailable,
  type DosFaultCategory,
} from "../../src/dos/errors";
import { dosFault } from "../../src/dos/faults";
import { accountFor } from "../../src/upstream/accounts";
import { outcomeOf } from "../../src/upstream/audit";
import { AuthBreaker } from "../../src/upstream/auth-breaker";
import { isDosFailure } from "../../src/upstream/circuit-breakers";
import { DosCallBudgetExceeded, DosCircuitOpen, DosOverloaded, DosRateLimited } from "../../src/upstream/errors";
import { isRetryable, retryBackoffMs, retryFits } from "../../src/upstream/retry";
import { captureLogs } from "./helpers/log-capture";

// Built by the DoS layer's own fault table, so each carries the facts (field, transient) the gateway decides on.
const fault = (code: number, category: DosFaultCategory) => {
  const built = dosFault(code, undefined);
  if (built.category !== category) throw new Error(`fault ${code} is ${built.category}, not ${category}`);
  return built;
};

// The fault table of security.md §2.7, as the gateway applies it.
describe.each([
  { error: fault(100, "upstream"), retry: false, breakerCounts: true, outcome: "100" },
  { error: fault(101, "input"), retry: false, breakerCounts: false, outcome: "101" },
  { error: fault(102, "no-results"), retry: false, breakerCounts: false, outcome: "102" },
  { error: fault(103, "not-found"), retry: false, breakerCounts: false, outcome: "103" },
  { error: fault(104, "input"), retry: false, breakerCounts: false, outcome: "104" },
  { error: fault(107, "version"), retry: false, breakerCounts: true, outcome: "107" },
  { error: fault(121, "input"), retry: false, breakerCounts: false, outcome: "121" },
  { error: fault(300, "auth"), retry: false, breakerCounts: false, outcome: "300" },
  { error: fault(302, "auth"), retry: false, breakerCounts: false, outcome: "302" },
  { error: fault(1001, "auth"), retry: false, breakerCounts: false, outcome: "1001" },
  { error: fault(500, "upstream"), retry: true, breakerCounts: true, outcome: "500" },
  { error: fault(504, "timeout"), retry: true, breakerCounts: true, outcome: "504" },
  { error: new DosTimeout(8000), retry: false, breakerCounts: true, outcome: "timeout" },
  { error: new DosUnavailable("connection reset"), retry: true, breakerCounts: true, outcome: "unavailable" },
  { error: new DosUnavailable("HTTP 503", 503), retry: true, breakerCounts: true, outcome: "unavailable" },
  { error: new DosBadResponse("malformed XML"), retry: false, breakerCounts: true, outcome: "bad-response" },
  { error: new DosInvalidRequest("postcode", "bad"), retry: false, breakerCounts: false, outcome: "invalid-request" },
  { error: new DosCircuitOpen(), retry: false, breakerCounts: false, outcome: "circuit-open" },
  { error: new DosCallBudgetExceeded("calls", 10), retry: false, breakerCounts: false, outcome: "budget-exceeded" },
  { error: new DosRateLimited(100), retry: false, breakerCounts: false, outcome: "rate-limited" },
  { error: new DosOverloaded(32), retry: false, breakerCounts: false, outcome: "overloaded" },
  { error: new TypeError("bug"), retry: false, breakerCounts: false, outcome: "error" },
])("$error.name $error.message", ({ error, retry, breakerCounts, outcome }) => {
  it(`is ${retry ? "" : "not "}retried`, () => expect(isRetryable(error)).toBe(retry));
  it(`does ${breakerCounts ? "" : "not "}count against DoS in the circuit breaker`, () =>
    expect(isDosFailure(error, undefined)).toBe(breakerCounts));
  it(`is audited as ${outcome}`, () => expect(outcomeOf(error, undefined)).toBe(outcome));
});

describe("after the caller aborted", () => {
  const aborted = AbortSignal.abort();
  it("a failure does not count against DoS and is audited as aborted", () => {
    expect(isDosFailure(new DosUnavailable("aborted"), aborted)).toBe(false);
    expect(outcomeOf(new DosUnavailable("aborted"), aborted)).toBe("aborted");
  });
});

describe("retry timing", () => {
  it("backs off 50-150 ms", () => {
    expect(retryBackoffMs(() => 0)).toBe(50);
    expect(retryBackoffMs(() => 0.999999)).toBe(150);
  });
  it("retries only if the backoff and twice the failed attempt fit before the deadline", () => {
    expect(retryFits({ now: 1000, deadline: 1300, attemptMs: 100, backoffMs: 100 })).toBe(true);
    expect(retryFits({ now: 1000, deadline: 1299, attemptMs: 100, backoffMs: 100 })).toBe(false);
  });
});

describe("accountFor", () => {
  const main = { username: "main-user", password: "main-secret" };
  const publicRole = { username: "app-user", password: "app-secret" };
  it("gives public callers the public-role account and professionals the main one", () => {
    expect(accountFor("public", { main, public: publicRole })).toEqual({ label: "public", credentials: publicRole });
    expect(accountFor("professional", { main, public: publicRole })).toEqual({ label: "main", credentials: main });
  });
  it("falls back to the main account without a public one", () => {
    expect(accountFor("public", { main, public: undefined })).toEqual({ label: "main", credentials: main });
  });
});

describe("AuthBreaker", () => {
  function breaker() {
    let clock = 0;
    const logs = captureLogs();
    return {
      auth: new AuthBreaker(1000, logs.logger, () => clock),
      logs,
      advance: (ms: number) => (clock += ms),
    };
  }
  const refused = fault(302, "auth");

  it("hands the probe on when the probe never reached DoS", () => {
    const { auth, advance } = breaker();
    auth.settle("main", { probe: false, sent: true, error: refused });
    advance(1000);

    expect(auth.admit("main")).toBe(true);
    expect(() => auth.admit("main")).toThrow(DosCircuitOpen);
    auth.settle("main", { probe: true, sent: false, error: new DosOverloaded(1) });
    expect(auth.admit("main")).toBe(true);
    auth.settle("main", { probe: true, sent: true });
    expect(auth.admit("main")).toBe(false);
  });

  it("shuts again, with a new error line, when the probe is refused; refusals of calls already out add none", () => {
    const { auth, advance, logs } = breaker();
    auth.settle("main", { probe: false, sent: true, error: refused });
    auth.settle("main", { probe: false, sent: true, error: refused });
    expect(logs.lines).toHaveLength(1);

    advance(1000);
    expect(auth.admit("main")).toBe(true);
    auth.settle("main", { probe: true, sent: true, error: refused });
    expect(logs.lines).toHaveLength(2);
    advance(999);
    expect(() => auth.admit("main")).toThrow(DosCircuitOpen);
  });
});
