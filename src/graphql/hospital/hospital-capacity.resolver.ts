import { Ctx, Query, Resolver } from "type-graphql";
import { type Context } from "../../server/context";
import { HospitalCapacity } from "./hospital-capacity.type";

@Resolver(_of => HospitalCapacity)
export class HospitalCapacityResolver {
  @Query(_returns => [HospitalCapacity], {
    description: "Pressure scores of the emergency departments DoS holds capacity grids for (GetHospitalScores).",
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
