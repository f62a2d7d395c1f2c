/**
 * The SOAP 1.2 envelopes of the "direct SOAP" floor: what a client that speaks to DoS itself sends, written
 * out once so that each request costs the simulator its work and nothing else. The same fields as the
 * subgraph's DoS client sends for the same search (caseId TEST, no disposition).
 */

const DOS_NAMESPACE = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";

export const SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8";

export interface SoapSearch {
  username: string;
  password: string;
  postcode: string;
  age: number;
  gender: "F" | "M" | "I";
  symptomGroup: number;
  symptomDiscriminator: number;
  searchDistanceKm: number;
  /** DoS's local-time form, `yyyy-MM-ddTHH:mm:ss` (Europe/London). */
  searchDateTime: string;
}

export function checkCapacitySummaryEnvelope(search: SoapSearch): string {
  return envelope(
    `<web:CheckCapacitySummary>${userInfo(search)}<web:c>` +
      "<web:caseId>TEST</web:caseId>" +
      `<web:postcode>${search.postcode}</web:postcode>` +
      `<web:age>${search.age}</web:age><web:ageFormat>Years</web:ageFormat>` +
      `<web:symptomGroup>${search.symptomGroup}</web:symptomGroup>` +
      `<web:symptomDiscriminatorList><web:int>${search.symptomDiscriminator}</web:int></web:symptomDiscriminatorList>` +
      `<web:searchDistance>${search.searchDistanceKm}</web:searchDistance>` +
      "<web:forceSearchDistance>true</web:forceSearchDistance>" +
      `<web:gender>${search.gender}</web:gender>` +
      `<web:searchDateTime>${search.searchDateTime}</web:searchDateTime>` +
      "</web:c></web:CheckCapacitySummary>",
  );
}

export function serviceDetailsByIdEnvelope(
  account: { username: string; password: string },
  id: number,
): string {
  return envelope(
    `<web:ServiceDetailsById>${userInfo(account)}<web:serviceId>${id}</web:serviceId></web:ServiceDetailsById>`,
  );
}

/** Elements named `localName` in any namespace prefix, e.g. the services of a search response. */
export function countElements(xml: string, localName: string): number {
  return xml.match(new RegExp(`<(?:\\w+:)?${localName}[\\s>]`, "g"))?.length ?? 0;
}

function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:web="${DOS_NAMESPACE}">` +
    "<soap:Header><web:serviceVersion>1.5</web:serviceVersion></soap:Header>" +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

function userInfo({ username, password }: { username: string; password: string }): string {
  return `<web:userInfo><web:username>${username}</web:username><web:password>${password}</web:password></web:userInfo>`;
}
