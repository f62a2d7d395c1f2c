import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({
  simpleResolvers: true,
  description: "An emergency department's pressure score (GetHospitalScores).",
})
export class HospitalCapacity {
  @Field(_type => String, { description: "The emergency department's name." })
  name!: string;

  @Field(_type => Int, { description: "Overall pressure (OPEL/OHA) score as DoS reports it." })
  pressureScore!: number;

  @Field(_type => String, { nullable: true, description: "The latest capacity note; null when empty." })
  note!: string | null;

  @Field(_type => String, {
    nullable: true,
    description: "When the score was last updated, as DoS sends it (DoS does not document the format).",
  })
  updatedAt!: string | null;
}
