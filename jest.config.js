/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFiles: ["reflect-metadata"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // jose 6 is ESM-only. Node 20.20 loads it with require() (the build), but Jest's module loader cannot before
  // Node 24, so Jest compiles jose's JavaScript to CommonJS (transpile only, no type-check).
  transform: {
    "^.+/node_modules/jose/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", target: "es2022" }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  // Tests start real HTTP servers (simulator, subgraph); keep them on 2 workers to fit CI's 2 cores.
  maxWorkers: 2,
  // Each suite loads its own copy of the modules, so a worker grows to 1.1-1.6 GB over the run; workers that
  // large were force-exited at the end ("failed to exit gracefully") with no handle left open. Workers over
  // this limit after a suite are replaced by fresh ones.
  workerIdleMemoryLimit: "700MB",
  testTimeout: 20000,
};
