# syntax=docker/dockerfile:1
# dos-subgraph production image: build with dev dependencies, run with production ones only, as a non-root user.
# Needs DOS_URL, DOS_USERNAME and DOS_PASSWORD at run time (without DOS_URL it would start the embedded simulator,
# which is for local use only), an AUTH_MODE (router-secret with ROUTER_SECRET, or jwt), and the public-role DoS
# account public callers search with: DOS_PUBLIC_USERNAME and DOS_PUBLIC_PASSWORD (it refuses to start without them
# unless ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true says that public callers may use the main account).

# Node 24 LTS (Node 20's upstream support ended in April 2026); the same version .ci/run tests on
# (test/deploy/dockerfile.test.ts keeps the two equal).
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY schema ./schema
RUN npm run build

FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4001
WORKDIR /app
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --chown=node:node --from=build /app/dist ./dist
COPY --chown=node:node schema ./schema
USER node
EXPOSE 4001
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4001)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly, not npm start: signals (SIGTERM) must reach the process so it can drain. Semi-spaces of at most
# 16 MB (Node 20's default): Node 24's larger young generation held 290-316 MB of RSS under the benchmark's load,
# this 190-240 MB, at about the same CPU (BENCHMARKS.md). V8 sizes the young generation at start-up, so this is a
# command-line flag, not one of src/heap.ts's run-time settings.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=16", "dist/index.js"]
