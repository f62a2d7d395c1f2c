import { type GraphQLFieldResolver } from "graphql";
import { GraphQLDateTime } from "../scalars";
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { type Context } from "../../server/context";
import { Organisation } from "../organisation/organisation.type";
import { parseOdsCode } from "./identifiers";
import { type OpeningStatus, openingStatus } from "./opening-hours";
import { serviceFromDetails } from "./service.mapping";
import { loadServiceById } from "./service.reference";
import { Service } from "./service.type";

const SEARCH_ONLY = "Only for services returned by a search; null when the service was resolved by id.";

@Resolver(_of => Service)
export class ServiceResolver {
  @Query(_returns => Service, {
    nullable: true,
    description:
      "A DoS service by id (ServiceDetailsById): `id`, `odsCode` and `endpoints` only. Unknown id: null " +
      "with a NOT_FOUND error.",
  })
  service(
    @Arg("id", _type => ID, { description: "DoS service id." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Service> {
    return loadServiceById(id, ctx, "id");
  }

  @Query(_returns => [Service], {
    description:
      "The DoS services recorded with an ODS code (ServiceDetailsById): `id`, `odsCode` and `endpoints` only. " +
      "Empty when DoS knows none.",
  })
  async servicesByOdsCode(
    @Arg("odsCode", _type => String, { description: "ODS code, e.g. `FA123`; case-insensitive." }) odsCode: string,
    @Ctx() ctx: Context,
  ): Promise<Service[]> {
    const services = await ctx.loaders.servicesByOdsCode.load(parseOdsCode(odsCode, "odsCode"));
    return services.map(serviceFromDetails);
  }

  // The field resolvers below declare Service's computed fields for type-graphql (type, description); graphql-js
  // calls `serviceFieldResolvers` instead (see there), which they delegate to.

  @FieldResolver(_returns => Organisation, {
    nullable: true,
    description:
      "The organisation this service is recorded under (the `Organisation` entity keyed by the upper-cased " +
      "`odsCode`), so that an organisations subgraph can add its name and address; no DoS call. Null when DoS " +
      "records no ODS code, or one that is not 2-12 letters and digits.",
  })
  organisation(@Root() service: Service): Organisation | null {
    return serviceFieldResolvers.organisation(service);
  }

  @FieldResolver(_returns => Boolean, {
    nullable: true,
    description:
      "Whether the service is open now (Europe/London): specified dates win over open-all-hours, then bank " +
      `holiday sessions, then the weekly rota. ${SEARCH_ONLY}`,
  })
  openNow(@Root() service: Service, @Ctx() ctx: Context): boolean | null {
    return serviceFieldResolvers.openNow(service, {}, ctx);
  }

  @FieldResolver(_returns => GraphQLDateTime, {
    nullable: true,
    description:
      "When a closed service next opens, looking 14 days ahead; null when it is open now or does not open in " +
      `that time. ${SEARCH_ONLY}`,
  })
  nextOpen(@Root() service: Service, @Ctx() ctx: Context): Date | null {
    return serviceFieldResolvers.nextOpen(service, {}, ctx);
  }
}

/**
 * Service's computed fields as plain graphql-js resolvers, which src/graphql/buildSubgraphSchema.ts installs in
 * place of type-graphql's: these run for every service of every search (24 services: 72 calls), and type-graphql's
 * wrapper costs each call its parameter list (sorted and rebuilt per call), a `@Root()` conversion and a
 * middleware dispatch, for resolvers that need none of it (no middlewares, no validation, no auth checker:
 * `@requiresScopes` is enforced by src/graphql/authorization.ts on the schema itself).
 */
export const serviceFieldResolvers = {
  organisation(service: Service): Organisation | null {
    if (service.odsCode === null) return null;
    try {
      return { odsCode: parseOdsCode(service.odsCode, "odsCode") };
    } catch {
      return null; // DoS does not validate ODS codes; one the subgraph would refuse as a key is no reference.
    }
  },
  openNow(service: Service, _args: unknown, ctx: Context): boolean | null {
    return statusOf(service, ctx)?.openNow ?? null;
  },
  nextOpen(service: Service, _args: unknown, ctx: Context): Date | null {
    return statusOf(service, ctx)?.nextOpen ?? null;
  },
} satisfies Record<string, GraphQLFieldResolver<Service, Context>>;

/**
 * `openNow` and `nextOpen` share one evaluation per service per request (the calendar walk is the costliest part
 * of a search's GraphQL work). Kept in the request's context, keyed by the request's own service objects.
 */
function statusOf(service: Service, ctx: Context): OpeningStatus | null {
  let status = ctx.openingStatuses.get(service);
  if (status === undefined) {
    const rules = openingRules(service);
    status = rules && openingStatus(rules, ctx.now());
    ctx.openingStatuses.set(service, status);
  }
  return status;
}

function openingRules({ openAllHours, openingTimes, specifiedOpeningTimes }: Service) {
  if (openAllHours === null || openingTimes === null || specifiedOpeningTimes === null) return null;
  return { openAllHours, openingTimes, specifiedOpeningTimes };
}
