# syntax=docker/dockerfile:1
# dos-subgraph production image: build with dev dependencies, run with production ones only, as a non-root user.
# Needs DOS_URL, DOS_USERNAME and DOS_PASSWORD at run time (without DOS_URL it would start the embedded simulator,
# which is for local use only), an AUTH_MODE (router-secret with ROUTER_SECRET, or jwt), and the public-role DoS
# account public callers search with: DOS_PUBLIC_USERNAME and DOS_PUBLIC_PASSWORD (it refuses to start without them
# unless ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true says that public callers may use the main account).

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY schema ./schema
RUN npm run build

FROM node:20.20.2-bookworm-slim AS runtime
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
# node directly, not npm start: signals (SIGTERM) must reach the process so it can drain.
CMD ["node", "--enable-source-maps", "dist/index.js"]
