/**
 * Hive Gateway CLI configuration, for platform teams running the gateway themselves:
 *
 *   cd supergraph && ROUTER_SECRET=… JWT_JWKS_URL=… JWT_ISSUER=… JWT_AUDIENCE=… npx hive-gateway supergraph supergraph.graphql
 *
 * with a supergraph.graphql composed by `rover supergraph compose --config supergraph.yaml`. The same options as
 * `npm run supergraph` (supergraph/gateway-options.ts), with the subgraph's own configuration variables
 * (src/config.ts): ROUTER_SECRET, MAX_DOS_CALLS_PER_OPERATION, JWT_* (the callers' identity provider) and
 * SUPERGRAPH_PORT. The gateway listens on HOST (default 127.0.0.1).
 */
import { defineConfig } from "@graphql-hive/gateway";
import { loadConfig } from "../src/config";
import { gatewaySettingsFrom, hiveGatewayOptions } from "./gateway-options";

const config = loadConfig();
// The supergraph comes from the command line (`hive-gateway supergraph <file>`, default ./supergraph.graphql).
const { supergraph: _fromCommandLine, ...options } = hiveGatewayOptions(gatewaySettingsFrom(config, "supergraph.graphql"));

export const gatewayConfig = defineConfig({ ...options, host: config.host, port: config.supergraph.port });
