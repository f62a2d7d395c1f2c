import { DosBadResponse, DosFault, type DosFaultCategory, type DosFaultFacts } from "./errors";

/**
 * DoS SOAP faults: the one table of DoS fault codes (spec §8.2, the v1.5 error table) and how callers should
 * treat each, plus reading a fault out of node-soap's parsed envelope.
 *
 * A `DosFault` carries the code, the category and the *documented* text from this table, never the text DoS
 * sent: fault texts can echo request values (109 and 110 quote `searchDateTime`), and nothing from the wire is
 * trusted to be free of credentials. 108 and 109 each have several meanings, told apart by their text.
 */

interface FaultRule {
  readonly code: number;
  readonly category: DosFaultCategory;
  /** DoS's documented text, without the request values some texts quote. */
  readonly reason: string;
  /** When set, the rule applies only to faults whose text matches; rules without one are the code's default. */
  readonly text?: RegExp;
  /** What the layers above decide on: the input field at fault, a client-safe hint, whether to retry. */
  readonly facts?: DosFaultFacts;
}

const faultRules: readonly FaultRule[] = [
  { code: 100, category: "upstream", reason: "System Search failure" },
  {
    code: 101,
    category: "input",
    reason: "Postcode Validation: Postcode not found",
    facts: { field: "postcode", hint: "DoS does not know this postcode." },
  },
  { code: 102, category: "no-results", reason: "Service Search: No services found" },
  { code: 103, category: "not-found", reason: "Request Response: Service not found" },
  {
    code: 104,
    category: "input",
    reason: "Parameter Validation: No valid discriminators passed/SGSD combo not valid",
    facts: { field: "symptomDiscriminators", hint: "DoS found no valid symptom group and discriminator combination." },
  },
  {
    code: 105,
    category: "input",
    reason: "Parameter Validation: Search distance must be greater than 0km and less than maximum system distance.",
    facts: { field: "searchDistance", hint: "DoS rejected the search distance: it must be between 1 and 99 km." },
  },
  {
    code: 106,
    category: "input",
    reason: "Parameter Validation: Invalid gender supplied - supported values: M, F, I",
    facts: { field: "gender", hint: "DoS rejected the gender." },
  },
  { code: 107, category: "version", reason: "WSDL Validation: Unsupported Webservice version" },
  {
    code: 108,
    category: "input",
    reason: "Parameter Validation: Search date and time is invalid",
    text: /date and time/i,
    facts: { field: "searchDateTime", hint: "DoS rejected searchDateTime." },
  },
  { code: 108, category: "version", reason: "Malformed XML: Unable to identify the SOAP version", text: /SOAP version/i },
  { code: 108, category: "version", reason: "Malformed XML: The soap message is not valid xml." },
  {
    code: 109,
    category: "input",
    reason: "Parameter Validation: searchDateTime more than 12 months in future",
    text: /12 months/i,
    facts: { field: "searchDateTime", hint: "searchDateTime is more than 12 months in the future." },
  },
  { code: 109, category: "version", reason: "WSDL Validation: (109) - Unable to find version" },
  {
    code: 110,
    category: "input",
    reason: "Parameter Validation: searchDateTime more than 1 minute in the past",
    facts: { field: "searchDateTime", hint: "searchDateTime is more than 1 minute in the past." },
  },
  {
    code: 113,
    category: "input",
    reason: "Parameter Validation: where the distance override value is true, a distance value must be provided",
    facts: { field: "searchDistance", hint: "forceSearchDistance needs a searchDistanceKm." },
  },
  {
    code: 114,
    category: "input",
    reason: "Parameter Validation: Invalid age supplied - mandatory field, only whole numbers allowed",
    facts: { field: "age", hint: "DoS rejected the age." },
  },
  {
    code: 115,
    category: "input",
    reason:
      "Parameter Validation: Invalid age value supplied. Supported values where Days format is used are numbers " +
      "between 0-31",
    facts: { field: "age", hint: "An age in DAYS must be between 0 and 31." },
  },
  {
    code: 116,
    category: "input",
    reason:
      "Parameter Validation: Invalid age value supplied. Supported values where Months format is used are whole " +
      "numbers between 1-23",
    facts: { field: "age", hint: "An age in MONTHS must be between 1 and 23." },
  },
  {
    code: 117,
    category: "input",
    reason:
      "Parameter Validation: Invalid age value supplied. Supported values where Years format is used are whole " +
      "numbers between 2-129",
    facts: { field: "age", hint: "An age in YEARS must be between 2 and 129." },
  },
  {
    code: 118,
    category: "input",
    reason: "Parameter Validation: Invalid age value supplied. Supported values where AgeGroup is used are: 1, 2, 3, 4",
    facts: { field: "age", hint: "An AGE_GROUP must be 1, 2, 3 or 4." },
  },
  {
    code: 119,
    category: "input",
    reason: "Parameter Validation: Invalid age format supplied - supported values Years, Months, Days, AgeGroup",
    facts: { field: "ageFormat", hint: "DoS rejected the age unit." },
  },
  {
    code: 120,
    category: "input",
    reason: "Parameter Validation: Symptom Group could not be found",
    facts: { field: "symptomGroup", hint: "DoS does not know this symptom group." },
  },
  {
    code: 121,
    category: "input",
    reason: "Parameter Validation: Disposition not found",
    facts: { field: "disposition", hint: "DoS does not know this disposition." },
  },
  { code: 300, category: "auth", reason: "Unable to login to DoS web services" },
  {
    code: 302,
    category: "auth",
    reason:
      "Authentication Failed: Please check user credentials (username/password) or check whether the user " +
      "account is locked (use password reset to unlock)",
  },
  {
    code: 303,
    category: "auth",
    reason: "Incorrect Privileges: Please check that the user has the correct privileges to run this service",
  },
  { code: 500, category: "upstream", reason: "Internal Server Error", facts: { transient: true } },
  { code: 504, category: "timeout", reason: "Time out", facts: { transient: true } },
  { code: 1001, category: "auth", reason: "Request Validation: Unable to locate username and password in the request" },
];

/** Reason given for codes the table does not know; their category is `upstream`. */
export const UNKNOWN_FAULT_REASON = "Unknown DoS fault code";

/** True when DoS sent a code that is not in the table (callers log it: DoS may have added a code). */
export function isKnownFaultCode(code: number): boolean {
  return faultRules.some(rule => rule.code === code);
}

/** The `DosFault` for a DoS fault code and the text DoS sent with it. */
export function dosFault(code: number, text: string | undefined): DosFault {
  const rules = faultRules.filter(rule => rule.code === code);
  const rule = rules.find(candidate => candidate.text?.test(text ?? "")) ?? rules.find(candidate => !candidate.text);
  return rule
    ? new DosFault(code, rule.category, rule.reason, rule.facts)
    : new DosFault(code, "upstream", UNKNOWN_FAULT_REASON);
}

/**
 * The error for a SOAP `Fault` element as node-soap parsed it. DoS puts its numeric code where SOAP wants a
 * QName: `Code/Value` in SOAP 1.2 (`<env:Value>120</env:Value>`, `Reason/Text` without `xml:lang`), `faultcode`
 * in SOAP 1.1. A fault without a numeric code did not come from DoS's application (a SOAP stack or proxy in
 * front of it), so it is a bad response rather than a `DosFault`.
 */
export function faultError(fault: unknown): DosFault | DosBadResponse {
  const soap12 = field(fault, "Code") !== undefined;
  const code = parseFaultCode(soap12 ? text(field(field(fault, "Code"), "Value")) : text(field(fault, "faultcode")));
  if (code === undefined) return new DosBadResponse("SOAP fault without a DoS fault code");
  return dosFault(code, soap12 ? text(field(field(fault, "Reason"), "Text")) : text(field(fault, "faultstring")));
}

// Private: `1001`, or a QName-shaped `SOAP-ENV:1001`; anything else (`env:Receiver`) is not a DoS code.
function parseFaultCode(value: string | undefined): number | undefined {
  const digits = /^\s*(?:[A-Za-z_][\w.-]*:)?(\d{1,9})\s*$/.exec(value ?? "")?.[1];
  return digits === undefined ? undefined : Number(digits);
}

// Private: node-soap gives an element's text as a string, or as `{ $value }` when the element has attributes
// (`xml:lang`); a repeated element (several `Text`s in different languages) arrives as an array.
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first === "string") return first;
  const inner = field(first, "$value");
  return typeof inner === "string" ? inner : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
