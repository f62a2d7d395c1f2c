import "../src/heap"; // first, as in the server's entry point (src/index.ts): the same V8 heap settings
import { measureHostileResponses } from "./hostile";

/**
 * The hostile-responses scenario in a process of its own (`npm run bench` spawns it after the load scenarios):
 * its stalls are the subgraph's, not the garbage collector's walking the benchmark process's own heap, which by
 * then holds every run's latencies (a full collection there stalled a junk answer's read for 60 ms). Prints the
 * result as one JSON line; argument: the rounds per kind.
 */
void measureHostileResponses({ rounds: Number(process.argv[2] ?? 3) }).then(result =>
  process.stdout.write(JSON.stringify(result) + "\n"),
);
