/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFiles: ["reflect-metadata"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // Tests start real HTTP servers (simulator, subgraph); keep them on 2 workers to fit CI's 2 cores.
  maxWorkers: 2,
  testTimeout: 20000,
};
