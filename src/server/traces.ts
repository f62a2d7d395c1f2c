import { type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { type Config } from "../config";

/** The header a router sends to ask for a federated trace, and the value that asks. */
export const TRACE_HEADER = "apollo-federation-include-trace";
const FTV1 = "ftv1";

/**
 * Federated traces (`extensions.ftv1`, asked for with `apollo-federation-include-trace: ftv1`) hold the timing of
 * every resolver, which tells a caller how DoS is doing and how the subgraph works. They are for the router
 * (it forwards them to GraphOS) and for development, so they are returned:
 *  - `router-secret`: yes; every request that reaches GraphQL has proved it is the router;
 *  - `off`: yes (local development, where Apollo Sandbox and the router's dev mode use them);
 *  - `jwt`: never; the callers are clients, not the router, and the header is ignored.
 * Errors inside a trace are masked (`<masked>`): their messages are already in the response's `errors`.
 * Apollo Server would otherwise install the inline-trace plugin itself for every subgraph, for every caller.
 *
 * Apollo's inline-trace plugin builds a trace tree (protobuf objects) for every request before it reads the
 * header; here a request that does not ask for a trace never reaches it. The plugin object is otherwise Apollo's
 * own (spread), so that Apollo Server still sees its inline-trace plugin and installs no second one
 * (test/server/traces.test.ts checks both, against the pinned @apollo/server).
 */
export function federatedTracesPlugin(mode: Config["auth"]["mode"]): ApolloServerPlugin {
  if (mode === "jwt") return ApolloServerPluginInlineTraceDisabled();
  const inline = ApolloServerPluginInlineTrace({ includeErrors: { masked: true } });
  const traced = inline.requestDidStart!.bind(inline);
  return {
    ...inline,
    async requestDidStart(requestContext) {
      if (requestContext.request.http?.headers.get(TRACE_HEADER) !== FTV1) return;
      return traced(requestContext);
    },
  };
}
