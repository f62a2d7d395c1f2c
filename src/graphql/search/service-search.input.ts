import { GraphQLDateTime } from "../scalars";
import { Field, InputType, Int, registerEnumType } from "type-graphql";

export enum AgeUnit {
  DAYS = "DAYS",
  MONTHS = "MONTHS",
  YEARS = "YEARS",
  AGE_GROUP = "AGE_GROUP",
}

registerEnumType(AgeUnit, {
  name: "AgeUnit",
  description: "The unit of `age`. DoS accepts each unit only in its own range.",
  valuesConfig: {
    DAYS: { description: "Days, 0-31 (under one month old)." },
    MONTHS: { description: "Months, 1-23 (one month to the day before the second birthday)." },
    YEARS: { description: "Years, 2-129." },
    AGE_GROUP: { description: "DoS age group: 1 adult (16+), 2 child (5-15), 3 toddler (1-4), 4 neonate/infant." },
  },
});

export enum Gender {
  FEMALE = "FEMALE",
  MALE = "MALE",
  INDETERMINATE = "INDETERMINATE",
}

registerEnumType(Gender, {
  name: "Gender",
  description: "The patient's gender as DoS profiles services by it.",
  valuesConfig: {
    FEMALE: { description: "Female (DoS `F`)." },
    MALE: { description: "Male (DoS `M`)." },
    INDETERMINATE: { description: "Indeterminate or not known (DoS `I`)." },
  },
});

@InputType({ description: "An anonymised clinical case to search DoS with (CheckCapacitySummary)." })
export class ServiceSearchInput {
  @Field(_type => String, {
    description: "Where the patient is: a full UK postcode, any case, space optional (e.g. `LS1 1UR`).",
  })
  postcode!: string;

  @Field(_type => Int, { description: "The patient's age, in `ageUnit`." })
  age!: number;

  @Field(_type => AgeUnit, { nullable: true, defaultValue: AgeUnit.YEARS, description: "The unit of `age`." })
  ageUnit?: AgeUnit | null;

  @Field(_type => Gender, {
    nullable: true,
    defaultValue: Gender.INDETERMINATE,
    description: "The patient's gender.",
  })
  gender?: Gender | null;

  @Field(_type => String, {
    nullable: true,
    description:
      "The NHS Pathways disposition reached, as a Dx code (e.g. `Dx02`, case-insensitive). It is sent to DoS as " +
      "its specific disposition group; omit it to match any disposition.",
  })
  disposition?: string | null;

  @Field(_type => Int, { description: "NHS Pathways symptom group id, e.g. 1013." })
  symptomGroup!: number;

  @Field(_type => [Int], {
    description: "NHS Pathways symptom discriminator ids, each valid for `symptomGroup` (DoS expects one).",
  })
  symptomDiscriminators!: number[];

  @Field(_type => Int, {
    nullable: true,
    description: "Search radius in km, 1-99; DoS uses its stored radius for the postcode unless forced.",
  })
  searchDistanceKm?: number | null;

  @Field(_type => Boolean, {
    nullable: true,
    description: "Use `searchDistanceKm` ahead of DoS's stored radius (then `searchDistanceKm` is required).",
  })
  forceSearchDistance?: boolean | null;

  @Field(_type => String, {
    nullable: true,
    description:
      "ODS code of the patient's registered GP practice: DoS ranks it first and unlocks restricted services.",
  })
  gpPracticeOdsCode?: string | null;

  @Field(_type => String, {
    nullable: true,
    description: "Your case reference, logged by DoS for audit: 1-64 letters, digits or `-`.",
  })
  caseRef?: string | null;

  @Field(_type => GraphQLDateTime, {
    nullable: true,
    description:
      "Run the search as if at this instant (scenario testing; DoS logs it as a test case). At most 1 minute in " +
      "the past and 12 months ahead.",
  })
  searchDateTime?: Date | null;
}
