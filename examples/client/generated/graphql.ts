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

export type ExampleDispositionQueryVariables = Exact<{
  code: string;
}>;


export type ExampleDispositionQuery = { disposition: { code: string, dosId: number, title: string, timeFrameMinutes: number } | null };

export type ExampleHospitalCapacitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExampleHospitalCapacitiesQuery = { hospitalCapacities: Array<{ name: string, pressureScore: number, note: string | null, updatedAt: string | null }> | null };

export type ExampleServiceByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ExampleServiceByIdQuery = { service: { id: string, odsCode: string | null, endpoints: Array<{ order: number, transport: EndpointTransport, format: string, interaction: string, businessScenario: EndpointBusinessScenario | null, address: string, compressed: boolean }> | null } | null };

export type ExampleServiceSearchQueryVariables = Exact<{
  input: ServiceSearchInput;
}>;


export type ExampleServiceSearchQuery = { serviceSearch: { transactionId: string | null, searchedAt: string | null, searchDistanceKm: number | null, searchDistanceSource: SearchDistanceSource | null, results: Array<{ rank: number, distanceMiles: number | null, catchAll: boolean, homeGp: boolean, service: { id: string, displayName: string | null, address: string | null, phone: string | null, openNow: boolean | null, nextOpen: string | null, type: { id: number, name: string } | null, capacity: { rag: CapacityRag } | null, location: { latitude: number, longitude: number } | null, endpoints: Array<{ order: number, transport: EndpointTransport, format: string, businessScenario: EndpointBusinessScenario | null, address: string }> | null } }> } };

export type ExampleServicesByOdsCodeQueryVariables = Exact<{
  odsCode: string;
}>;


export type ExampleServicesByOdsCodeQuery = { servicesByOdsCode: Array<{ id: string, odsCode: string | null, endpoints: Array<{ order: number, transport: EndpointTransport, address: string }> | null }> };


export const ExampleDispositionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleDisposition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"dosId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"timeFrameMinutes"}}]}}]}}]} as unknown as DocumentNode<ExampleDispositionQuery, ExampleDispositionQueryVariables>;
export const ExampleHospitalCapacitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleHospitalCapacities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hospitalCapacities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pressureScore"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<ExampleHospitalCapacitiesQuery, ExampleHospitalCapacitiesQueryVariables>;
export const ExampleServiceByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleServiceById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"interaction"}},{"kind":"Field","name":{"kind":"Name","value":"businessScenario"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"compressed"}}]}}]}}]}}]} as unknown as DocumentNode<ExampleServiceByIdQuery, ExampleServiceByIdQueryVariables>;
export const ExampleServiceSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleServiceSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ServiceSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"searchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"searchDistanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"searchDistanceSource"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"distanceMiles"}},{"kind":"Field","name":{"kind":"Name","value":"catchAll"}},{"kind":"Field","name":{"kind":"Name","value":"homeGp"}},{"kind":"Field","name":{"kind":"Name","value":"service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rag"}}]}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"openNow"}},{"kind":"Field","name":{"kind":"Name","value":"nextOpen"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"businessScenario"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExampleServiceSearchQuery, ExampleServiceSearchQueryVariables>;
export const ExampleServicesByOdsCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleServicesByOdsCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"odsCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servicesByOdsCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"odsCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"odsCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"odsCode"}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]} as unknown as DocumentNode<ExampleServicesByOdsCodeQuery, ExampleServicesByOdsCodeQueryVariables>;