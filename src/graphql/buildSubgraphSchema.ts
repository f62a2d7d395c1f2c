import { buildSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { type GraphQLSchema, parse } from "graphql";
import merge from "lodash.merge";
import { buildSchema, createResolversMap } from "type-graphql";
import { type Context } from "../server/context";
import { enforceRequiredScopes } from "./authorization";
import { withDemandControl } from "./demand-control";
import { resolveDispositionReference } from "./disposition/disposition.reference";
import { DispositionResolver } from "./disposition/disposition.resolver";
import { guardEntities } from "./entities";
import { HospitalCapacityResolver } from "./hospital/hospital-capacity.resolver";
import { resolveOrganisationReference } from "./organisation/organisation.reference";
import { OrganisationResolver } from "./organisation/organisation.resolver";
import { Organisation } from "./organisation/organisation.type";
import { ServiceSearchResolver } from "./search/service-search.resolver";
import { resolveServiceReference } from "./service/service.reference";
import { ServiceResolver, serviceFieldResolvers } from "./service/service.resolver";

/**
 * Federation 2.9, the first version with the demand-control directives `@cost` and `@listSize`
 * (src/graphql/demand-control.ts), importing only what the schema uses. type-graphql cannot put directives on
 * the schema itself, so this line is prepended here.
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes", "@cost", "@listSize"])';

/**
 * Resolvers installed over type-graphql's: the computed fields of every search result, called directly by
 * graphql-js (src/graphql/service/service.resolver.ts says why).
 */
const plainResolvers = { Service: serviceFieldResolvers };

const referenceResolvers = {
  Service: { __resolveReference: resolveServiceReference },
  Organisation: { __resolveReference: resolveOrganisationReference },
  Disposition: { __resolveReference: resolveDispositionReference },
};

let built: Promise<GraphQLSchema> | undefined;

/**
 * The federated subgraph schema, built the way type-graphql's federation example does: type-graphql builds a
 * schema from the decorated classes, it is printed with its applied directives (`@key`), the federation
 * `@link` is prepended, and `@apollo/subgraph` builds the subgraph from that SDL plus type-graphql's resolvers
 * and the `__resolveReference` functions (which only `buildSubgraphSchema` wires up).
 *
 * The schema holds no per-request state (resolver classes are stateless), so one build serves every server.
 */
export function buildDosSubgraphSchema(): Promise<GraphQLSchema> {
  built ??= build();
  return built;
}

let builtForCompilation: Promise<GraphQLSchema> | undefined;

/**
 * A second build of the same schema, for compiled execution only (src/server/executor.ts): Apollo Server wraps
 * the resolvers of the schema it is given once any request asks for per-field hooks, and this one it never sees.
 */
export function buildDosSubgraphSchemaForCompilation(): Promise<GraphQLSchema> {
  builtForCompilation ??= build();
  return builtForCompilation;
}

async function build(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      ServiceSearchResolver,
      ServiceResolver,
      OrganisationResolver,
      DispositionResolver,
      HospitalCapacityResolver,
    ],
    // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
    orphanedTypes: [Organisation],
  });
  // type-graphql has no option for the root type's description.
  schema.getQueryType()!.description =
    "Directory of Services (DoS UEC SOAP API v1.5): service searches, services by id or ODS code, dispositions " +
    "and hospital pressure scores.";
  const typeDefs = withDemandControl(parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`));
  const resolvers = merge(createResolversMap(schema), plainResolvers, referenceResolvers) as GraphQLResolverMap<Context>;
  const subgraph = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  enforceRequiredScopes(subgraph);
  // Each representation is checked and resolved on its own: one bad representation never fails the others.
  guardEntities(subgraph);
  return subgraph;
}
