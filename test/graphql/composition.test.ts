/**
 * Composition and a federated query across two real HTTP subgraphs: this subgraph (from its committed SDL) and a
 * small organisations subgraph written for the test, which owns `Organisation.name`. @apollo/gateway stands in
 * for the router.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLObjectType, parse } from "graphql";
import { createLogger } from "../../src/logger";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const organisationsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Organisation @key(fields: "odsCode") {
    odsCode: String!
    name: String!
  }

  type Query {
    organisation(odsCode: String!): Organisation
  }
`);

const PUBLISHED_SDL = path.resolve(__dirname, "../../schema/subgraph.graphql");

/** This subgraph as published: the committed SDL file. */
function dosTypeDefs() {
  return parse(readFileSync(PUBLISHED_SDL, "utf8"));
}

/**
 * The published SDL without `@requiresScopes`, for `@apollo/gateway`: it refuses supergraphs with SECURITY
 * features (only Apollo Router enforces them), so the gateway runs the same schema minus the scope
 * declarations. Composition with them is asserted separately below; the subgraph enforces the scopes itself.
 */
function dosTypeDefsForGateway() {
  const sdl = readFileSync(PUBLISHED_SDL, "utf8")
    .replace(', "@requiresScopes"', "")
    .replace(/ @requiresScopes\(scopes: \[\["dos:professional"\]\]\)/g, "");
  expect(sdl).not.toContain("requiresScopes");
  return parse(sdl);
}

async function startOrganisationsSubgraph(names: ReadonlyMap<string, string>) {
  const byCode = (odsCode: string) => (names.has(odsCode) ? { odsCode, name: names.get(odsCode) } : null);
  const server = new ApolloServer({
    logger: createLogger("silent"),
    schema: buildSubgraphSchema({
      typeDefs: organisationsTypeDefs,
      resolvers: {
        Query: { organisation: (_: unknown, { odsCode }: { odsCode: string }) => byCode(odsCode) },
        Organisation: { __resolveReference: ({ odsCode }: { odsCode: string }) => byCode(odsCode) },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}

describe("composition with another subgraph", () => {
  let dos: TestSubgraph;
  let organisations: Awaited<ReturnType<typeof startOrganisationsSubgraph>>;
  let gateway: ApolloServer;
  let odsCode: string;
  let serviceIds: string[];

  beforeAll(async () => {
    dos = await startSubgraph();
    const services = dos.simulator.engine.services.filter(s => s.status === "active");
    odsCode = services[0].odsCode;
    serviceIds = services.filter(s => s.odsCode === odsCode).map(s => String(s.id));
    organisations = await startOrganisationsSubgraph(new Map([[odsCode, "Leeds Test Practice"]]));

    const composition = composeServices([
      { name: "dos", typeDefs: dosTypeDefsForGateway(), url: dos.url },
      { name: "organisations", typeDefs: organisationsTypeDefs, url: organisations.url },
    ]);
    if (composition.errors) throw new Error(composition.errors.map(e => e.message).join("\n"));
    gateway = new ApolloServer({
      logger: createLogger("silent"),
      gateway: new ApolloGateway({ supergraphSdl: composition.supergraphSdl, logger: createLogger("silent") }),
    });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await organisations?.stop();
    await dos?.stop();
  });

  it("composes without errors, and the supergraph API has the DoS fields but no federation internals", () => {
    const composition = composeServices([
      { name: "dos", typeDefs: dosTypeDefs() },
      { name: "organisations", typeDefs: organisationsTypeDefs },
    ]);
    expect(composition.errors).toBeUndefined();
    // Apollo Router learns the professional-only fields from the supergraph.
    const scoped = [...composition.supergraphSdl!.matchAll(/(\w+)(?:: [^\n]*?)? @requiresScopes\(scopes: \[\["dos:professional"\]\]\)/g)];
    expect(scoped.map(match => match[1]).sort()).toEqual(
      ["capacity", "endpoints", "fax", "hospitalCapacities", "nonPublicPhone", "referralInformation"],
    );
    const api = composition.schema!.toAPISchema().toGraphQLJSSchema();
    expect(Object.keys(api.getQueryType()!.getFields()).sort()).toEqual([
      "disposition",
      "dispositions",
      "hospitalCapacities",
      "organisation",
      "service",
      "serviceSearch",
      "servicesByOdsCode",
    ]);
    expect(Object.keys((api.getType("Organisation") as GraphQLObjectType).getFields()).sort()).toEqual([
      "name",
      "odsCode",
      "services",
    ]);
  });

  it("resolves DoS services in a query entering through the organisations subgraph (one DoS call)", async () => {
    await dos.resetSimulator();
    const response = await gateway.executeOperation({
      query: `query OrganisationWithServices($odsCode: String!) {
        organisation(odsCode: $odsCode) {
          odsCode
          name
          services { id odsCode endpoints { order transport address } }
        }
      }`,
      variables: { odsCode },
    });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    const { data, errors } = response.body.singleResult;
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      organisation: {
        odsCode,
        name: "Leeds Test Practice",
        services: serviceIds.map(id => ({ id, odsCode, endpoints: expect.any(Array) })),
      },
    });
    expect((await dos.simulatorCalls()).ServiceDetailsById).toBe(1);
  });

  it("runs DoS queries through the gateway", async () => {
    const response = await gateway.executeOperation({
      query: `{ service(id: "${serviceIds[0]}") { id odsCode } disposition(code: "Dx02") { dosId } }`,
    });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    expect(response.body.singleResult.data).toEqual({
      service: { id: serviceIds[0], odsCode },
      disposition: { dosId: 1002 },
    });
  });
});
