import { type ApolloServerPlugin } from "@apollo/server";

/**
 * Results withheld from a response (issue 12 §2). DoS list entries that fail validation (./src/dos/wire.ts: a
 * malformed service, an endpoint with a field over its length cap, …) are left out of the data, and the
 * caller is told, never silently: the response gets an `extensions.warnings` entry with the stable code
 * DOS_RESULTS_WITHHELD and how many entries were left out (docs/errors.md). Which entries and why is logged
 * (`DoS response entry dropped`), never returned: the reasons describe DoS's data, not the caller's request.
 */

export const RESULTS_WITHHELD = "DOS_RESULTS_WITHHELD";

/** One operation's count of withheld entries, filled by the DoS client's `onWithheld` (src/dos/types.ts). */
export class WithheldResults {
  count = 0;

  add(count: number): void {
    this.count += count;
  }
}

export interface WithheldWarning {
  code: typeof RESULTS_WITHHELD;
  message: string;
  count: number;
}

/** Adds the DOS_RESULTS_WITHHELD warning to a response whose operation withheld anything. */
export function withheldResultsPlugin<C extends { withheld?: WithheldResults }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const count = contextValue.withheld?.count ?? 0;
          if (count === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const warning: WithheldWarning = {
            code: RESULTS_WITHHELD,
            message: `${count} ${count === 1 ? "entry" : "entries"} of DoS's answer (services, endpoints, opening times, …) failed validation and ${count === 1 ? "was" : "were"} left out: the results are incomplete.`,
            count,
          };
          const warnings = Array.isArray(result.extensions?.warnings) ? (result.extensions.warnings as unknown[]) : [];
          result.extensions = { ...result.extensions, warnings: [...warnings, warning] };
        },
      };
    },
  };
}
