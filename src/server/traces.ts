import { type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { type Config } from "../config";

/**
 * Federated traces (`extensions.ftv1`, asked for with `apollo-federation-include-trace: ftv1`) hold the timing of
 * every resolver, which tells a caller how DoS is doing and how the subgraph works. They are for the router
 * (it forwards them to GraphOS) and for development, so they are returned:
 *  - `router-secret`: yes; every request that reaches GraphQL has proved it is the router;
 *  - `off`: yes (local development, where Apollo Sandbox and the router's dev mode use them);
 *  - `jwt`: never; the callers are clients, not the router, and the header is ignored.
 * Errors inside a trace are masked (`<masked>`): their messages are already in the response's `errors`.
 * Apollo Server would otherwise install the inline-trace plugin itself for every subgraph, for every caller.
 */
export function federatedTracesPlugin(mode: Config["auth"]["mode"]): ApolloServerPlugin {
  return mode === "jwt"
    ? ApolloServerPluginInlineTraceDisabled()
    : ApolloServerPluginInlineTrace({ includeErrors: { masked: true } });
}
