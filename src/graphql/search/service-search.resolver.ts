import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { hasDosCategory } from "../../dos/errors";
import { type Context } from "../../server/context";
import { ServiceSearchInput } from "./service-search.input";
import { emptyServiceSearch, serviceSearchFromDos } from "./service-search.mapping";
import { toCheckCapacitySummaryRequest } from "./service-search.request";
import { ServiceSearch } from "./service-search.type";

@Resolver(_of => ServiceSearch)
export class ServiceSearchResolver {
  @Query(_returns => ServiceSearch, {
    description:
      "Search DoS for services that can see this patient now (CheckCapacitySummary): exactly one DoS call. " +
      "Input the subgraph can check (postcode format, age range, Dx code, symptom codes, distance) is " +
      "rejected before any DoS call.",
  })
  async serviceSearch(
    @Arg("input", _type => ServiceSearchInput, { description: "The anonymised case." }) input: ServiceSearchInput,
    @Ctx() ctx: Context,
  ): Promise<ServiceSearch> {
    const request = toCheckCapacitySummaryRequest(input, ctx.now());
    try {
      return serviceSearchFromDos(await ctx.loaders.checkCapacitySummary(request), request.surgery);
    } catch (error) {
      // Nothing matched, not even a catch-all: an empty result, not an error.
      if (hasDosCategory(error, "no-results")) return emptyServiceSearch();
      throw error;
    }
  }
}
