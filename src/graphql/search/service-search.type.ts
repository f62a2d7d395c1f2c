import { GraphQLDateTime } from "../scalars";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Service } from "../service/service.type";

export enum SearchDistanceSource {
  POSTCODE = "POSTCODE",
  SECTOR = "SECTOR",
  DISTRICT = "DISTRICT",
  WEB_SERVICE = "WEB_SERVICE",
  NATIONAL = "NATIONAL",
  OVERRIDE = "OVERRIDE",
}

registerEnumType(SearchDistanceSource, {
  name: "SearchDistanceSource",
  description: "Where DoS took the search radius from, in DoS's order of precedence.",
  valuesConfig: {
    POSTCODE: { description: "A radius stored for the full postcode." },
    SECTOR: { description: "A radius stored for the postcode sector (e.g. `LS1 1`)." },
    DISTRICT: { description: "A radius stored for the postcode district (e.g. `LS1`)." },
    WEB_SERVICE: { description: "The request's `searchDistanceKm`." },
    NATIONAL: { description: "DoS's national default (60 km)." },
    OVERRIDE: { description: "The request's `searchDistanceKm`, forced with `forceSearchDistance`." },
  },
});

@ObjectType({ simpleResolvers: true, description: "One service in a search, at its place in DoS's order." })
export class ServiceSearchResult {
  @Field(_type => Int, { description: "1-based position in DoS's order; display results in this order." })
  rank!: number;

  @Field(_type => Float, {
    nullable: true,
    description: "Distance from the search postcode in miles, as DoS gave it.",
  })
  distanceMiles!: number | null;

  @Field(_type => Float, { nullable: true, description: "The same distance in kilometres, to one decimal place." })
  distanceKm!: number | null;

  @Field(_type => Boolean, {
    description: "True when DoS added the service as a catch-all because nothing else matched (nearest EDs).",
  })
  catchAll!: boolean;

  @Field(_type => Boolean, {
    description: "True when this is the patient's registered GP practice (`gpPracticeOdsCode`).",
  })
  homeGp!: boolean;

  @Field(_type => Service, { description: "The service, with DoS's full search summary." })
  service!: Service;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The outcome of one DoS search. When DoS finds no services at all (not even a catch-all) `results` is " +
    "empty and the DoS search metadata fields are null: DoS sends none in that case.",
})
export class ServiceSearch {
  @Field(_type => String, { nullable: true, description: "DoS's id for this search; quote it to DoS support." })
  transactionId!: string | null;

  @Field(_type => GraphQLDateTime, { nullable: true, description: "When DoS processed the request." })
  requestedAt!: Date | null;

  @Field(_type => GraphQLDateTime, {
    nullable: true,
    description: "The instant DoS evaluated the search at (`searchDateTime` when given).",
  })
  searchedAt!: Date | null;

  @Field(_type => Int, { nullable: true, description: "The age in days DoS used; null for AGE_GROUP searches." })
  ageInDays!: number | null;

  @Field(_type => Int, { nullable: true, description: "The search radius DoS used, in km." })
  searchDistanceKm!: number | null;

  @Field(_type => SearchDistanceSource, { nullable: true, description: "Where the search radius came from." })
  searchDistanceSource!: SearchDistanceSource | null;

  @Field(_type => [ServiceSearchResult], { description: "The services, in DoS's order; empty when none." })
  results!: ServiceSearchResult[];
}
