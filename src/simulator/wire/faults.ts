import { faults as engineFaults } from "../engine/faults";
import { SimFault } from "../engine/types";

/**
 * The faults the wire layer raises itself (envelope, version, credentials), with DoS's texts (spec §4, §8.2;
 * docs-dos-api `soap_api_errors_v1_5.md` and `soap_auth_1_5.md`). Search faults are the engine's.
 */
export const wireFaults = {
  malformedXml: () => new SimFault(108, "Malformed XML: The soap message is not valid xml."),
  unknownSoapVersion: () => new SimFault(108, "Malformed XML: Unable to identify the SOAP version"),
  unsupportedVersion: () => new SimFault(107, "WSDL Validation: Unsupported Webservice version"),
  missingCredentials: () =>
    new SimFault(1001, "Request Validation: Unable to locate username and password in the request"),
  authenticationFailed: () =>
    new SimFault(
      302,
      "Authentication Failed: Please check user credentials (username/password) or check whether the user " +
        "account is locked (use password reset to unlock)",
    ),
  incorrectPrivileges: () =>
    new SimFault(
      303,
      "Incorrect Privileges: Please check that the user has the correct privileges to run this service",
    ),
  internalError: () => new SimFault(500, "Internal Server Error"),
} as const;

/** Codes DoS documents that neither the engine nor the wire layer raises, for injected faults. */
const otherDocumentedFaults = [
  new SimFault(100, "System Search failure"),
  new SimFault(109, "WSDL Validation: (109) - Unable to find version"),
  new SimFault(300, "Unable to login to DoS web services"),
  new SimFault(504, "Time out"),
];

// Later entries win: the wire's and the other documented texts override the engine's reading of 108 and 109.
// The engine's two builders that quote a searchDateTime get a sample value.
const documentedTexts = new Map<number, string>(
  [
    ...Object.values(engineFaults).map((make) =>
      (make as (value: string) => SimFault)("2000-01-01T00:00:00"),
    ),
    ...Object.values(wireFaults).map((make) => make()),
    ...otherDocumentedFaults,
    wireFaults.malformedXml(),
  ].map((fault) => [fault.code, fault.text]),
);

/**
 * DoS's text for a fault code, for `POST /_sim/faults` `{ kind: "fault", code }`. Where DoS's table gives one
 * code two meanings (108, 109 "to be re-numbered"), the general one wins: 108 is malformed XML, 109 the
 * version lookup. `undefined` for a code DoS does not document.
 */
export function documentedFaultText(code: number): string | undefined {
  return documentedTexts.get(code);
}
