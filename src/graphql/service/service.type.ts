import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { REQUIRES_PROFESSIONAL_SCOPE } from "../authorization";
import { Capacity } from "./capacity.type";
import { Endpoint } from "./endpoint.type";
import { OpeningSession, SpecifiedOpeningTime } from "./opening-times.type";

// DoS returns these fields only from CheckCapacitySummary; ServiceDetailsById has id, ODS code and endpoints.
const SEARCH_ONLY = "Only returned by a search (`serviceSearch`); null when the service was resolved by id.";

@ObjectType({
  simpleResolvers: true,
  description: "A DoS service type, e.g. 13 Pharmacy, 105 Emergency Department.",
})
export class ServiceType {
  @Field(_type => Int, { description: "DoS service type id." })
  id!: number;

  @Field(_type => String, { description: "DoS service type name." })
  name!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "Where the service is: DoS's OSGB36 grid reference and the same point in WGS84.",
})
export class Location {
  @Field(_type => Int, { description: "OSGB36 National Grid easting (metres), as DoS sends it." })
  easting!: number;

  @Field(_type => Int, { description: "OSGB36 National Grid northing (metres), as DoS sends it." })
  northing!: number;

  @Field(_type => Float, { description: "WGS84 latitude (degrees), converted from easting/northing." })
  latitude!: number;

  @Field(_type => Float, { description: "WGS84 longitude (degrees), converted from easting/northing." })
  longitude!: number;
}

@ObjectType({ simpleResolvers: true, description: "A DoS service attribute, e.g. `requirebooking`." })
export class ServiceAttribute {
  @Field(_type => String, { description: "Attribute name." })
  name!: string;

  @Field(_type => String, { description: "What the attribute means." })
  description!: string;

  @Field(_type => String, { description: "How to read `value`; DoS only uses `Boolean` (`TRUE`/`FALSE`)." })
  dataType!: string;

  @Field(_type => String, { description: "The value, as text." })
  value!: string;
}

@ObjectType({ simpleResolvers: true, description: "An age range the service is profiled for, in days." })
export class AgeRange {
  @Field(_type => Float, { description: "Youngest age in days (e.g. 5844 = 16 years)." })
  daysFrom!: number;

  @Field(_type => Float, { description: "Oldest age in days." })
  daysTo!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({
  simpleResolvers: true,
  description:
    "A DoS service. From a search it carries DoS's full summary; resolved by id (`service`, `_entities`) " +
    "it carries `id`, `odsCode` and `endpoints` only, and the search-only fields are null.",
})
export class Service {
  @Field(_type => ID, { description: "DoS service id (uid)." })
  id!: string;

  @Field(_type => String, { nullable: true, description: "ODS code recorded in DoS (not validated by DoS)." })
  odsCode!: string | null;

  @Field(_type => String, {
    nullable: true,
    description:
      `Profiled service name, without the search suffixes \` (Catch-all)\`, \` (Home)\` and \` (Home OOH)\`. ${SEARCH_ONLY}`,
  })
  name!: string | null;

  @Field(_type => String, { nullable: true, description: `Public-facing name, if DoS has one. ${SEARCH_ONLY}` })
  publicName!: string | null;

  @Field(_type => String, {
    nullable: true,
    description: `The name to show: \`publicName\` when present, else \`name\`. ${SEARCH_ONLY}`,
  })
  displayName!: string | null;

  @Field(_type => ServiceType, { nullable: true, description: `The DoS service type. ${SEARCH_ONLY}` })
  type!: ServiceType | null;

  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Field(_type => Capacity, {
    nullable: true,
    description: `Capacity when searched. Needs the \`dos:professional\` scope. ${SEARCH_ONLY}`,
  })
  capacity!: Capacity | null;

  @Field(_type => String, { nullable: true, description: `Address, comma-separated. ${SEARCH_ONLY}` })
  address!: string | null;

  @Field(_type => String, { nullable: true, description: `Postcode of the service. ${SEARCH_ONLY}` })
  postcode!: string | null;

  @Field(_type => Location, {
    nullable: true,
    description: `Grid reference and WGS84 position; null also when DoS has none. ${SEARCH_ONLY}`,
  })
  location!: Location | null;

  @Field(_type => String, { nullable: true, description: `Public telephone number. ${SEARCH_ONLY}` })
  phone!: string | null;

  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Field(_type => String, {
    nullable: true,
    description: `Telephone number for professionals only (needs the \`dos:professional\` scope). ${SEARCH_ONLY}`,
  })
  nonPublicPhone!: string | null;

  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Field(_type => String, {
    nullable: true,
    description: `Fax number. Needs the \`dos:professional\` scope. ${SEARCH_ONLY}`,
  })
  fax!: string | null;

  @Field(_type => String, {
    nullable: true,
    description: `Website as free text, e.g. \`www.example.nhs.uk\`. ${SEARCH_ONLY}`,
  })
  website!: string | null;

  @Field(_type => String, {
    nullable: true,
    description: `Notes for the public about using the service. ${SEARCH_ONLY}`,
  })
  publicFacingInformation!: string | null;

  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Field(_type => String, {
    nullable: true,
    description: `Referral notes for clinicians and call handlers (needs the \`dos:professional\` scope). ${SEARCH_ONLY}`,
  })
  referralInformation!: string | null;

  @Field(_type => Boolean, { nullable: true, description: `True when open 24/7. ${SEARCH_ONLY}` })
  openAllHours!: boolean | null;

  @Field(_type => [OpeningSession], {
    nullable: true,
    description: `The weekly rota (Europe/London). ${SEARCH_ONLY}`,
  })
  openingTimes!: OpeningSession[] | null;

  @Field(_type => [SpecifiedOpeningTime], {
    nullable: true,
    description: `Date-specific opening that overrides the rota. ${SEARCH_ONLY}`,
  })
  specifiedOpeningTimes!: SpecifiedOpeningTime[] | null;

  @Field(_type => [ServiceAttribute], { nullable: true, description: `DoS service attributes. ${SEARCH_ONLY}` })
  attributes!: ServiceAttribute[] | null;

  @Field(_type => [AgeRange], { nullable: true, description: `Profiled age ranges. ${SEARCH_ONLY}` })
  ageRanges!: AgeRange[] | null;

  @Directive(REQUIRES_PROFESSIONAL_SCOPE)
  @Field(_type => [Endpoint], {
    nullable: true,
    description:
      "Technical endpoints for transfer of care, sorted by `order` (may be empty). Null only with a FORBIDDEN " +
      "error: needs the `dos:professional` scope.",
  })
  endpoints!: Endpoint[];
}
