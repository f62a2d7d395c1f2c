import { Ctx, Directive, Query, Resolver } from "type-graphql";
import { REQUIRES_PROFESSIONAL_SCOPE } from "../authorization";
import { type Context } from "../../server/context";
import { HospitalCapacity } from "./hospital-capacity.type";

@Resolver(_of => HospitalCapacity)
export class HospitalCapacityResolver {
  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Query(_returns => [HospitalCapacity], {
    nullable: true,
    description:
      "Pressure scores of the emergency departments DoS holds capacity grids for (GetHospitalScores). Needs the " +
      "`dos:professional` scope: null with a FORBIDDEN error otherwise, without a DoS call.",
  })
  async hospitalCapacities(@Ctx() ctx: Context): Promise<HospitalCapacity[]> {
    const scores = await ctx.loaders.hospitalScores();
    return scores.map(score => ({
      name: score.name,
      pressureScore: score.pressureScore,
      note: score.note?.trim() ? score.note : null,
      updatedAt: score.updatedAt,
    }));
  }
}
