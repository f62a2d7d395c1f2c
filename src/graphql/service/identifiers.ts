import { asciiFormatted } from "../../ascii-input";
import { inputError } from "../../server/errors";

// DoS service ids are positive xs:int values; DoS would read anything else as an ODS code.
const SERVICE_ID = /^[1-9][0-9]{0,9}$/;
const MAX_SERVICE_ID = 2 ** 31 - 1;

// ODS codes are short alphanumeric tokens (e.g. `FA123`, `RJ122`, `Y02584`).
const ODS_CODE = /^[A-Za-z0-9]{2,12}$/;

/**
 * A DoS service id from a GraphQL `ID` (ASCII digits; surrounding ASCII whitespace ignored), or a BAD_USER_INPUT
 * error naming `field`.
 */
export function parseServiceId(id: string | number, field: string): number {
  const text = asciiFormatted(String(id), SERVICE_ID);
  const value = text === undefined ? NaN : Number(text);
  if (!(value <= MAX_SERVICE_ID)) {
    const message = "A service id is a DoS service id: digits only, at most 2147483647.";
    throw inputError("BAD_USER_INPUT", field, message);
  }
  return value;
}

/**
 * An upper-case ODS code (ASCII letters and digits; surrounding ASCII whitespace ignored), or a BAD_USER_INPUT
 * error naming `field`. Upper-cased only after the check: no Unicode case folding (src/ascii-input.ts).
 */
export function parseOdsCode(odsCode: string, field: string): string {
  const code = asciiFormatted(odsCode, ODS_CODE);
  if (code === undefined) {
    throw inputError("BAD_USER_INPUT", field, "An ODS code is 2-12 letters and digits.");
  }
  return code.toUpperCase();
}
