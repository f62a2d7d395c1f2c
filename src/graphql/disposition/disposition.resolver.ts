import { Arg, Query, Resolver } from "type-graphql";
import { dispositions } from "../../reference";
import { findDisposition } from "./disposition.reference";
import { Disposition } from "./disposition.type";

@Resolver(_of => Disposition)
export class DispositionResolver {
  @Query(_returns => Disposition, {
    nullable: true,
    description: "A disposition by Dx code (case-insensitive, e.g. `dx02`); null when the code is unknown.",
  })
  disposition(
    @Arg("code", _type => String, { description: "A Dx code, e.g. `Dx02`." }) code: string,
  ): Disposition | null {
    return findDisposition(code);
  }

  @Query(_returns => [Disposition], { description: "Every disposition a search accepts, in Dx code order." })
  dispositions(): Disposition[] {
    return dispositions.map(disposition => ({ ...disposition }));
  }
}
