import v8 from "node:v8";

/**
 * V8 lets the old generation grow to several times the live heap before a full collection. Under bursts of DoS
 * calls that held 200-250 MB of RSS for a live heap of about 35 MB; growing by at most half between full
 * collections keeps the process near 160 MB under the benchmark's load at no measurable CPU cost (BENCHMARKS.md).
 *
 * Imported first by the entry point (src/index.ts), before any other module allocates, so that every way of
 * starting the server (npm start, the container, the benchmark) gets it without a command-line flag. Node warns
 * that a V8 flag set at run time may do nothing; the RSS figure of `npm run bench` is the check that this one acts
 * (it is not among the flags NODE_OPTIONS accepts).
 */
const HEAP_GROWING_PERCENT = 50;

v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

/**
 * V8 "pretenures" an allocation site (allocates its objects straight into the old generation) once most of the
 * objects it made survived a young collection. Under load about ten searches are in flight at each young
 * collection, so a site on the request path can look long-lived; once pretenured it stays so for the life of the
 * process, and every search then fills the old generation, which HEAP_GROWING_PERCENT keeps small: issue 16's A/B
 * bench found two processes in five in that state (6 full collections per 1,000 requests instead of under 1, and
 * about 30% more CPU per search; BENCHMARKS.md, "How it got here"). Nothing this server keeps is built per request
 * in bulk, so it gives up pretenuring. The A/B bench's full-collection counts are the check that it acts.
 */
v8.setFlagsFromString("--no-allocation-site-pretenuring");
