import { Directive, Field, Int, ObjectType } from "type-graphql";

@Directive('@key(fields: "code")')
@ObjectType({
  simpleResolvers: true,
  description: "An NHS Pathways disposition (Dx code) and the DoS disposition group a search sends for it.",
})
export class Disposition {
  @Field(_type => String, { description: "The Dx code, e.g. `Dx02`." })
  code!: string;

  @Field(_type => Int, { description: "The specific DoS disposition group uid sent to DoS, e.g. 1002 for Dx02." })
  dosId!: number;

  @Field(_type => String, { description: "The disposition's title." })
  title!: string;

  @Field(_type => Int, { description: "How soon the patient should be seen, in minutes." })
  timeFrameMinutes!: number;
}
