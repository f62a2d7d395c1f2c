import autocannon from "autocannon";

/**
 * One autocannon run from this process against a server in another. Latencies are taken from autocannon's
 * per-response event at full resolution: its own histogram rounds to whole milliseconds, too coarse for a
 * 2 ms target.
 */

export interface HttpRequestSpec {
  body: string;
  contentType: string;
  /** Further request headers (the router's, for the subgraph in production mode). */
  headers?: Record<string, string>;
}

export interface LoadOptions {
  url: string;
  /** Sent in turn on each connection. */
  requests: HttpRequestSpec[];
  connections: number;
  /** Bounded by time (seconds) or by a number of requests, which all complete. */
  bound: { seconds: number } | { requests: number };
  /** A cheap check of every response body; a failing one counts as a mismatch, not a response. */
  verify(body: string): boolean;
}

export interface LoadResult {
  /** 2xx responses whose body passed `verify`. */
  ok: number;
  /** Non-2xx responses, connection errors, timeouts and bodies that failed `verify`. */
  failed: number;
  elapsedSeconds: number;
  /** Of the `ok` responses, milliseconds, unsorted. */
  latenciesMs: number[];
}

const REQUEST_TIMEOUT_SECONDS = 10;
const SAMPLE_INTERVAL_MS = 50;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let nonOk = 0;
  const started = process.hrtime.bigint();
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_SECONDS,
        // autocannon notices the end of a run at its next sample: sample often so that short runs end promptly.
        sampleInt: SAMPLE_INTERVAL_MS,
        ...("seconds" in options.bound
          ? { duration: options.bound.seconds }
          : { amount: options.bound.requests }),
        requests: options.requests.map(({ body, contentType, headers }) => ({
          method: "POST" as const,
          body,
          headers: { ...headers, "content-type": contentType },
        })),
        verifyBody: (body) => options.verify(String(body)),
      },
      (error: unknown, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
  instance?.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTime);
    else nonOk++;
  });
  const result = await done;
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ok: latenciesMs.length,
    failed: nonOk + result.errors + result.mismatches,
    elapsedSeconds,
    latenciesMs,
  };
}

/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}
