import { SimFault } from "./types";

/**
 * The DoS faults the engine raises, with DoS's texts (spec §8.2, the v1.5 error table of
 * docs-dos-api `soap_api_errors_v1_5.md`), except 120, whose text is the one DoS was observed to send
 * (the DoS team's own 2023 fixture, `fault-120-soap12-dos-comparison-tool.xml`) rather than the table's
 * "Symptom Group could not be found".
 */
export const faults = {
  postcodeNotFound: () => new SimFault(101, "Postcode Validation: Postcode not found"),
  noServicesFound: () => new SimFault(102, "Service Search: No services found"),
  serviceNotFound: () => new SimFault(103, "Request Response: Service not found"),
  noValidDiscriminators: () =>
    new SimFault(104, "Parameter Validation: No valid discriminators passed/SGSD combo not valid"),
  searchDistanceOutOfRange: () =>
    new SimFault(
      105,
      "Parameter Validation: Search distance must be greater than 0km and less than maximum system distance.",
    ),
  invalidGender: () =>
    new SimFault(106, "Parameter Validation: Invalid gender supplied - supported values: M, F, I"),
  invalidSearchDateTime: () => new SimFault(108, "Parameter Validation: Search date and time is invalid"),
  searchDateTimeTooFarAhead: (value: string) =>
    new SimFault(109, `Parameter Validation: searchDateTime (${value}) more than 12 months in future`),
  searchDateTimeInPast: (value: string) =>
    new SimFault(110, `Parameter Validation: searchDateTime (${value}) more than 1 minute in the past`),
  overrideWithoutDistance: () =>
    new SimFault(
      113,
      "Parameter Validation: where the distance override value is true, a distance value must be provided",
    ),
  invalidAge: () =>
    new SimFault(
      114,
      "Parameter Validation: Invalid age supplied - mandatory field, only whole numbers allowed",
    ),
  ageOutOfRangeDays: () =>
    new SimFault(
      115,
      "Parameter Validation: Invalid age value supplied. Supported values where Days format is used are numbers " +
        "between 0-31",
    ),
  ageOutOfRangeMonths: () =>
    new SimFault(
      116,
      "Parameter Validation: Invalid age value supplied. Supported values where Months format is used are whole " +
        "numbers between 1-23",
    ),
  ageOutOfRangeYears: () =>
    new SimFault(
      117,
      "Parameter Validation: Invalid age value supplied. Supported values where Years format is used are whole " +
        "numbers between 2-129",
    ),
  ageGroupOutOfRange: () =>
    new SimFault(
      118,
      "Parameter Validation: Invalid age value supplied. Supported values where AgeGroup is used are: 1, 2, 3, 4",
    ),
  invalidAgeFormat: () =>
    new SimFault(
      119,
      "Parameter Validation: Invalid age format supplied - supported values Years, Months, Days, AgeGroup",
    ),
  symptomGroupNotFound: () => new SimFault(120, "Parameter Validation: SG not found"),
  dispositionNotFound: () => new SimFault(121, "Parameter Validation: Disposition not found"),
} as const;
