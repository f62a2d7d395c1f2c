import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { type Context } from "../../server/context";
import { parseOdsCode } from "../service/identifiers";
import { serviceFromDetails } from "../service/service.mapping";
import { Service } from "../service/service.type";
import { Organisation } from "./organisation.type";

@Resolver(_of => Organisation)
export class OrganisationResolver {
  @FieldResolver(_returns => [Service], {
    description:
      "The DoS services recorded with this ODS code (`id`, `odsCode` and `endpoints` only); empty when none.",
  })
  async services(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<Service[]> {
    const odsCode = parseOdsCode(organisation.odsCode, "odsCode");
    return (await ctx.loaders.servicesByOdsCode.load(odsCode)).map(serviceFromDetails);
  }
}
