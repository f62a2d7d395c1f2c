/** The DoS v1.5 operations, by their SOAP names (as the simulator counts them and as audit lines name them). */
export type DosOperation = "CheckCapacitySummary" | "ServiceDetailsById" | "GetHospitalScores";

export const DOS_OPERATIONS: readonly DosOperation[] = ["CheckCapacitySummary", "ServiceDetailsById", "GetHospitalScores"];
