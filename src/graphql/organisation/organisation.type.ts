import { Directive, Field, ObjectType } from "type-graphql";

@Directive('@key(fields: "odsCode")')
@ObjectType({
  simpleResolvers: true,
  description:
    "An organisation identified by its ODS code. This subgraph contributes only the DoS services recorded " +
    "with the code; an ODS/organisation subgraph owns the rest of the organisation.",
})
export class Organisation {
  @Field(_type => String, { description: "ODS code of the organisation." })
  odsCode!: string;
}
