/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The unit of `age`. DoS accepts each unit only in its own range. */
export type AgeUnit =
  /** DoS age group: 1 adult (16+), 2 child (5-15), 3 toddler (1-4), 4 neonate/infant. */
  | 'AGE_GROUP'
  /** Days, 0-31 (under one month old). */
  | 'DAYS'
  /** Months, 1-23 (one month to the day before the second birthday). */
  | 'MONTHS'
  /** Years, 2-129. */
  | 'YEARS';

/** DoS capacity as the red/amber/green status services set in DoS. */
export type CapacityRag =
  /** Limited capacity (DoS `Low`). */
  | 'AMBER'
  /** Capacity available (DoS `High`). */
  | 'GREEN'
  /** No capacity (DoS `None`). */
  | 'RED';

/** DoS capacity as DoS names it (`High`, `Low`, `None`). */
export type CapacityStatus =
  /** Capacity available (RAG green). */
  | 'HIGH'
  /** Limited capacity (RAG amber). */
  | 'LOW'
  /** No capacity (RAG red); searches normally leave such services out. */
  | 'NONE';

/** Why the endpoint receives the case. */
export type EndpointBusinessScenario =
  /** The service receives a copy for information. */
  | 'COPY'
  /** The service acts on the case (direct care). */
  | 'PRIMARY';

/** How a case is transferred to the endpoint. */
export type EndpointTransport =
  /** DTS/MESH messaging (DoS `dts`); `address` is the mailbox id. */
  | 'DTS'
  /** Secure e-mail (DoS `email`); `address` is the mailbox. */
  | 'EMAIL'
  /** Fax (DoS `faxno`); `address` is the number. */
  | 'FAX'
  /** HTTP, e.g. appointment booking (DoS `http`). */
  | 'HTTP'
  /** NHS ITK messaging (DoS `itk`); `address` is the ITK URL. */
  | 'ITK'
  /** A transport DoS added later; `transportRaw` holds DoS's value. */
  | 'OTHER'
  /** Telephone (DoS `telno`); `address` is the number. */
  | 'PHONE';

/** The patient's gender as DoS profiles services by it. */
export type Gender =
  /** Female (DoS `F`). */
  | 'FEMALE'
  /** Indeterminate or not known (DoS `I`). */
  | 'INDETERMINATE'
  /** Male (DoS `M`). */
  | 'MALE';

/** A day of the weekly rota; BANK_HOLIDAY sessions replace the rota on England bank holidays. */
export type OpeningDay =
  /** England bank holidays (DoS `Bankholiday`). */
  | 'BANK_HOLIDAY'
  /** Friday. */
  | 'FRIDAY'
  /** Monday. */
  | 'MONDAY'
  /** Saturday. */
  | 'SATURDAY'
  /** Sunday. */
  | 'SUNDAY'
  /** Thursday. */
  | 'THURSDAY'
  /** Tuesday. */
  | 'TUESDAY'
  /** Wednesday. */
  | 'WEDNESDAY';

/** Where DoS took the search radius from, in DoS's order of precedence. */
export type SearchDistanceSource =
  /** A radius stored for the postcode district (e.g. `LS1`). */
  | 'DISTRICT'
  /** DoS's national default (60 km). */
  | 'NATIONAL'
  /** The request's `searchDistanceKm`, forced with `forceSearchDistance`. */
  | 'OVERRIDE'
  /** A radius stored for the full postcode. */
  | 'POSTCODE'
  /** A radius stored for the postcode sector (e.g. `LS1 1`). */
  | 'SECTOR'
  /** The request's `searchDistanceKm`. */
  | 'WEB_SERVICE';

/** An anonymised clinical case to search DoS with (CheckCapacitySummary). */
export type ServiceSearchInput = {
  /** The patient's age, in `ageUnit`. */
  age: number;
  /** The unit of `age`. */
  ageUnit?: AgeUnit | null | undefined;
  /** Your case reference, logged by DoS for audit: 1-64 letters, digits or `-`. */
  caseRef?: string | null | undefined;
  /** The NHS Pathways disposition reached, as a Dx code (e.g. `Dx02`, case-insensitive). It is sent to DoS as its specific disposition group; omit it to match any disposition. */
  disposition?: string | null | undefined;
  /** Use `searchDistanceKm` ahead of DoS's stored radius (then `searchDistanceKm` is required). */
  forceSearchDistance?: boolean | null | undefined;
  /** The patient's gender. */
  gender?: Gender | null | undefined;
  /** ODS code of the patient's registered GP practice: DoS ranks it first and unlocks restricted services. */
  gpPracticeOdsCode?: string | null | undefined;
  /** Where the patient is: a full UK postcode, any case, space optional (e.g. `LS1 1UR`). */
  postcode: string;
  /** Run the search as if at this instant (scenario testing; DoS logs it as a test case). At most 1 minute in the past and 12 months ahead. */
  searchDateTime?: string | null | undefined;
  /** Search radius in km, 1-99; DoS uses its stored radius for the postcode unless forced. */
  searchDistanceKm?: number | null | undefined;
  /** NHS Pathways symptom discriminator ids, each valid for `symptomGroup` (DoS expects one). */
  symptomDiscriminators: Array<number>;
  /** NHS Pathways symptom group id, e.g. 1013. */
  symptomGroup: number;
};

export type SubgraphSdlQueryVariables = Exact<{ [key: string]: never; }>;


export type SubgraphSdlQuery = { _service: { sdl: string | null } };

export type EntitiesQueryVariables = Exact<{
  representations: Array<{ __typename: string; [key: string]: unknown }> | { __typename: string; [key: string]: unknown };
}>;


export type EntitiesQuery = { _entities: Array<
    | { __typename: 'Disposition', code: string, dosId: number, title: string }
    | { __typename: 'Organisation', organisationOdsCode: string, services: Array<{ id: string, odsCode: string | null }> }
    | { __typename: 'Service', id: string, odsCode: string | null, endpoints: Array<{ order: number, transport: EndpointTransport, address: string }> | null }
   | null> };

export type TypenameQueryVariables = Exact<{ [key: string]: never; }>;


export type TypenameQuery = { __typename: 'Query' };

export type DispositionQueryVariables = Exact<{
  code: string;
}>;


export type DispositionQuery = { disposition: { code: string, dosId: number, title: string, timeFrameMinutes: number } | null };

export type DispositionsQueryVariables = Exact<{ [key: string]: never; }>;


export type DispositionsQuery = { dispositions: Array<{ code: string, dosId: number }> };

export type HospitalCapacitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type HospitalCapacitiesQuery = { hospitalCapacities: Array<{ name: string, pressureScore: number, note: string | null, updatedAt: string | null }> | null };

export type ServiceByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ServiceByIdQuery = { service: { id: string, odsCode: string | null, name: string | null, displayName: string | null, openNow: boolean | null, nextOpen: string | null, capacity: { rag: CapacityRag } | null, endpoints: Array<{ order: number, transport: EndpointTransport, transportRaw: string, format: string, interaction: string, businessScenario: EndpointBusinessScenario | null, address: string, comment: string | null, compressed: boolean }> | null } | null };

export type ServicesByAliasQueryVariables = Exact<{
  first: string | number;
  second: string | number;
  third: string | number;
}>;


export type ServicesByAliasQuery = { first: { id: string, odsCode: string | null } | null, second: { id: string, odsCode: string | null } | null, third: { id: string, odsCode: string | null } | null };

export type ServicesByOdsCodeQueryVariables = Exact<{
  odsCode: string;
}>;


export type ServicesByOdsCodeQuery = { servicesByOdsCode: Array<{ id: string, odsCode: string | null, endpoints: Array<{ order: number, transport: EndpointTransport, address: string }> | null }> };

export type ServiceSearchQueryVariables = Exact<{
  input: ServiceSearchInput;
}>;


export type ServiceSearchQuery = { serviceSearch: { transactionId: string | null, requestedAt: string | null, searchedAt: string | null, ageInDays: number | null, searchDistanceKm: number | null, searchDistanceSource: SearchDistanceSource | null, results: Array<{ rank: number, distanceMiles: number | null, distanceKm: number | null, catchAll: boolean, homeGp: boolean, service: { id: string, odsCode: string | null, name: string | null, publicName: string | null, displayName: string | null, address: string | null, postcode: string | null, phone: string | null, nonPublicPhone: string | null, fax: string | null, website: string | null, publicFacingInformation: string | null, referralInformation: string | null, openAllHours: boolean | null, openNow: boolean | null, nextOpen: string | null, type: { id: number, name: string } | null, capacity: { status: CapacityStatus, rag: CapacityRag } | null, location: { easting: number, northing: number, latitude: number, longitude: number } | null, openingTimes: Array<{ day: OpeningDay, opens: string, closes: string }> | null, specifiedOpeningTimes: Array<{ date: string, opens: string, closes: string, closed: boolean }> | null, attributes: Array<{ name: string, description: string, dataType: string, value: string }> | null, ageRanges: Array<{ daysFrom: number, daysTo: number }> | null, endpoints: Array<{ order: number, transport: EndpointTransport, transportRaw: string, format: string, interaction: string, businessScenario: EndpointBusinessScenario | null, address: string, comment: string | null, compressed: boolean }> | null } }> } };

export type EndpointFieldsFragment = { order: number, transport: EndpointTransport, transportRaw: string, format: string, interaction: string, businessScenario: EndpointBusinessScenario | null, address: string, comment: string | null, compressed: boolean };

export type ServiceSearchIdsQueryVariables = Exact<{
  input: ServiceSearchInput;
}>;


export type ServiceSearchIdsQuery = { serviceSearch: { transactionId: string | null, results: Array<{ rank: number, service: { id: string } }> } };

export const EndpointFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"transportRaw"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"interaction"}},{"kind":"Field","name":{"kind":"Name","value":"businessScenario"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"compressed"}}]}}]} as unknown as DocumentNode<EndpointFieldsFragment, unknown>;
export const SubgraphSdlDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SubgraphSdl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sdl"}}]}}]}}]} as unknown as DocumentNode<SubgraphSdlQuery, SubgraphSdlQueryVariables>;
export const EntitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Entities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"representations"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"representations"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Service"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Organisation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"organisationOdsCode"},"name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Disposition"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"dosId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]} as unknown as DocumentNode<EntitiesQuery, EntitiesQueryVariables>;
export const TypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Typename"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]} as unknown as DocumentNode<TypenameQuery, TypenameQueryVariables>;
export const DispositionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Disposition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"dosId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"timeFrameMinutes"}}]}}]}}]} as unknown as DocumentNode<DispositionQuery, DispositionQueryVariables>;
export const DispositionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dispositions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispositions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"dosId"}}]}}]}}]} as unknown as DocumentNode<DispositionsQuery, DispositionsQueryVariables>;
export const HospitalCapacitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HospitalCapacities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hospitalCapacities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pressureScore"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<HospitalCapacitiesQuery, HospitalCapacitiesQueryVariables>;
export const ServiceByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rag"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openNow"}},{"kind":"Field","name":{"kind":"Name","value":"nextOpen"}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"transportRaw"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"interaction"}},{"kind":"Field","name":{"kind":"Name","value":"businessScenario"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"compressed"}}]}}]}}]}}]} as unknown as DocumentNode<ServiceByIdQuery, ServiceByIdQueryVariables>;
export const ServicesByAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServicesByAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"second"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"third"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"service"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"service"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"third"},"name":{"kind":"Name","value":"service"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"third"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}}]}}]}}]} as unknown as DocumentNode<ServicesByAliasQuery, ServicesByAliasQueryVariables>;
export const ServicesByOdsCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServicesByOdsCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"odsCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servicesByOdsCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"odsCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"odsCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]} as unknown as DocumentNode<ServicesByOdsCodeQuery, ServicesByOdsCodeQueryVariables>;
export const ServiceSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ServiceSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"searchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"ageInDays"}},{"kind":"Field","name":{"kind":"Name","value":"searchDistanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"searchDistanceSource"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"distanceMiles"}},{"kind":"Field","name":{"kind":"Name","value":"distanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"catchAll"}},{"kind":"Field","name":{"kind":"Name","value":"homeGp"}},{"kind":"Field","name":{"kind":"Name","value":"service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"publicName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rag"}}]}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"postcode"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"easting"}},{"kind":"Field","name":{"kind":"Name","value":"northing"}},{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"nonPublicPhone"}},{"kind":"Field","name":{"kind":"Name","value":"fax"}},{"kind":"Field","name":{"kind":"Name","value":"website"}},{"kind":"Field","name":{"kind":"Name","value":"publicFacingInformation"}},{"kind":"Field","name":{"kind":"Name","value":"referralInformation"}},{"kind":"Field","name":{"kind":"Name","value":"openAllHours"}},{"kind":"Field","name":{"kind":"Name","value":"openingTimes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"specifiedOpeningTimes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}},{"kind":"Field","name":{"kind":"Name","value":"closed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openNow"}},{"kind":"Field","name":{"kind":"Name","value":"nextOpen"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"dataType"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ageRanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daysFrom"}},{"kind":"Field","name":{"kind":"Name","value":"daysTo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EndpointFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"transportRaw"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"interaction"}},{"kind":"Field","name":{"kind":"Name","value":"businessScenario"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"compressed"}}]}}]} as unknown as DocumentNode<ServiceSearchQuery, ServiceSearchQueryVariables>;
export const ServiceSearchIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSearchIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ServiceSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServiceSearchIdsQuery, ServiceSearchIdsQueryVariables>;