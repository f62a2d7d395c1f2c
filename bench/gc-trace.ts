/**
 * Garbage-collection figures of a server process, read from V8's own per-collection record: the process runs
 * with `--trace-gc-nvp`, which prints one `name=value` line per collection on stdout, and this parses them.
 * Nothing in the server cooperates. `gc=s` is a scavenge (young generation) and carries `promoted=` (bytes moved
 * to the old generation); `gc=mc` is a full mark-compact (mark-sweep-compact, incremental or not). V8's minor mark-sweep
 * (`gc=mms`/`mmc`) is off by default in Node 20–24 and is counted with the scavenges if it appears.
 */

/** The V8 flag that makes a process print what `GcTrace` reads. */
export const GC_TRACE_FLAG = "--trace-gc-nvp";

export interface GcCounts {
  youngCollections: number;
  /** Bytes promoted from the young to the old generation by young collections. */
  promotedBytes: number;
  fullCollections: number;
}

export class GcTrace {
  private partial = "";
  private readonly counts: GcCounts = { youngCollections: 0, promotedBytes: 0, fullCollections: 0 };

  /** Feed it the process's stdout, in whatever chunks it arrives. */
  feed(text: string): void {
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  /** Totals so far; subtract two snapshots for a window. */
  snapshot(): GcCounts {
    return { ...this.counts };
  }

  private line(line: string): void {
    const kind = / gc=(\w+)/.exec(line)?.[1];
    if (kind === "s" || kind === "mms" || kind === "mmc") {
      this.counts.youngCollections++;
      this.counts.promotedBytes += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
    } else if (kind === "mc") {
      this.counts.fullCollections++;
    }
  }
}

export function gcDelta(before: GcCounts, after: GcCounts): GcCounts {
  return {
    youngCollections: after.youngCollections - before.youngCollections,
    promotedBytes: after.promotedBytes - before.promotedBytes,
    fullCollections: after.fullCollections - before.fullCollections,
  };
}
