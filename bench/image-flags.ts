/**
 * The V8 flags the production image starts the subgraph with (the Dockerfile's CMD, which
 * test/deploy/dockerfile.test.ts holds to this list). The bench starts every subgraph process with them, the
 * A/B's baseline included, so that it measures the process as deployed: on Node 24 the default young
 * generation is about twice Node 20's, which changes what is promoted (BENCHMARKS.md, "How it got here");
 * on Node 20, 16 MB is the default.
 */
export const IMAGE_NODE_FLAGS = ["--max-semi-space-size=16"];
