import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
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
  await server.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(server));
  const http = createServer(app);
  await new Promise<void>(resolve => http.listen(options.port, options.host, resolve));
  const url = `http://${options.host}:${(http.address() as AddressInfo).port}/graphql`;
  // Stops at once: open keep-alive connections (the gateway's) are closed, not waited for.
  const stop = async () => {
    await server.stop();
    await new Promise<void>(resolve => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  };
  return { url, stop };
}
