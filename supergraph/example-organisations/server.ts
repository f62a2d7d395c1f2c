import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { type Logger } from "../../src/logger";

/** EXAMPLE ONLY (see schema.graphql): the organisations subgraph `npm run supergraph` composes with this one. */
export const EXAMPLE_ORGANISATIONS_SDL_PATH = path.join(__dirname, "schema.graphql");

const ODS_CODE = /^[A-Za-z0-9]{2,12}$/;

interface Organisation {
  odsCode: string;
  name: string;
}

/** A made-up name for any well-formed ODS code; null for anything else. */
export function exampleOrganisation(odsCode: string): Organisation | null {
  return ODS_CODE.test(odsCode) ? { odsCode, name: `Example Organisation ${odsCode.toUpperCase()}` } : null;
}

export async function startExampleOrganisations(options: { port: number; host: string; logger: Logger }) {
  const server = new ApolloServer({
    logger: options.logger,
    schema: buildSubgraphSchema({
      typeDefs: parse(readFileSync(EXAMPLE_ORGANISATIONS_SDL_PATH, "utf8")),
      resolvers: {
        Query: { organisation: (_: unknown, { odsCode }: { odsCode: string }) => exampleOrganisation(odsCode) },
        Organisation: { __resolveReference: ({ odsCode }: { odsCode: string }) => exampleOrganisation(odsCode) },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: options.host } });
  return { url: url.replace("localhost", options.host), stop: () => server.stop() };
}
