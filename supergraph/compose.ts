import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { EXAMPLE_ORGANISATIONS_SDL_PATH } from "./example-organisations/server";
import { DOS_SUBGRAPH } from "./gateway-options";

/** The committed SDL of this subgraph (`npm run schema:print`). */
export const DOS_SDL_PATH = path.resolve(__dirname, "../schema/subgraph.graphql");

/** Subgraph names, as in supergraph.yaml: the header rules of router.yaml and gateway-options.ts key on `dos`. */
export { DOS_SUBGRAPH };
export const ORGANISATIONS_SUBGRAPH = "organisations";

/**
 * The supergraph SDL from the committed subgraph SDLs, as `rover supergraph compose --config supergraph.yaml`
 * makes it (same composition library, @apollo/composition), with the routing URLs of this run.
 */
export function composeSupergraph(urls: { dos: string; organisations: string }): string {
  const result = composeServices([
    { name: DOS_SUBGRAPH, url: urls.dos, typeDefs: parse(readFileSync(DOS_SDL_PATH, "utf8")) },
    {
      name: ORGANISATIONS_SUBGRAPH,
      url: urls.organisations,
      typeDefs: parse(readFileSync(EXAMPLE_ORGANISATIONS_SDL_PATH, "utf8")),
    },
  ]);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map(error => `  - ${error.message}`).join("\n")}`);
  }
  return result.supergraphSdl;
}
