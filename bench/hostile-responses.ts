/**
 * Crafted DoS answers (issue 12 §2): CheckCapacitySummary responses that are valid XML under the default
 * DOS_MAX_RESPONSE_BYTES but hostile in shape or size. Used by `npm run bench` (bench/hostile.ts) and by
 * test/graphql/dos-response-bounds.test.ts, which serve them from a loopback stub DoS.
 */

const NS = "https://nww.pathwaysdos.nhs.uk/app/api/webservices";

export interface ServiceFields {
  id: number;
  name?: string;
  address?: string;
  phone?: string;
  publicFacingInformation?: string;
  extra?: string;
}

/** One `serviceCareSummaryDestination`, unprefixed (the response sets a default namespace). */
export function serviceXml(fields: ServiceFields): string {
  return (
    `<serviceCareSummaryDestination><id>${fields.id}</id><capacity>High</capacity>` +
    `<name>${fields.name ?? `Service ${fields.id}`}</name>` +
    (fields.address === undefined ? "" : `<address>${fields.address}</address>`) +
    (fields.phone === undefined ? "" : `<contactDetails>${fields.phone}</contactDetails>`) +
    (fields.publicFacingInformation === undefined
      ? ""
      : `<publicFacingInformation>${fields.publicFacingInformation}</publicFacingInformation>`) +
    `<serviceType><id>13</id><name>Pharmacy</name></serviceType><openAllHours>false</openAllHours>` +
    `${fields.extra ?? ""}</serviceCareSummaryDestination>`
  );
}

/** A whole CheckCapacitySummary answer (SOAP 1.2) holding `services` (XML) and `extra` inside the response. */
export function searchResponseXml(services: string, extra = ""): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body>' +
    `<CheckCapacitySummaryResponse xmlns="${NS}"><TransactionId>T-1</TransactionId>` +
    "<RequestedAtDateTime>2026-01-15T09:30:00</RequestedAtDateTime><SearchDateTime>2026-01-15T09:30:00</SearchDateTime>" +
    "<SearchDistance>30</SearchDistance><SearchDistanceUsedSource>District</SearchDistanceUsedSource>" +
    `<CheckCapacitySummaryResult>${services}</CheckCapacitySummaryResult>${extra}</CheckCapacitySummaryResponse>` +
    "</Body></Envelope>"
  );
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

export interface HostileResponse {
  xml: string;
  /** What the caller should get: `N results`, `N results, N withheld`, or an error code. */
  expected: string;
}

const ENDPOINT =
  "<endpoint><endpointOrder>1</endpointOrder><transport>itk</transport><address>urn:a</address></endpoint>";

/** The hostile answers of the benchmark, each within `maxBytes` (default 5 MiB), by kind. */
export function hostileResponses(maxBytes = 5 * 1024 * 1024): Record<string, HostileResponse> {
  const budget = maxBytes - 4_000;
  const fill = (unit: string) => unit.repeat(Math.floor(budget / unit.length));
  const manyServices = (one: (id: number) => string) => {
    const count = Math.floor(budget / one(1).length);
    return { xml: range(count).map(one).join(""), count };
  };
  const entityHeavy = manyServices(id => serviceXml({ id, publicFacingInformation: "&amp;&#65;&lt;".repeat(3_000) }));
  const tooMany = manyServices(id => serviceXml({ id: 1_000_000 + id }));
  return {
    "unprefixed, 870k elements": {
      xml: searchResponseXml(serviceXml({ id: 1 }), fill("<x>y</x><z/>")),
      expected: "DOS_BAD_RESPONSE",
    },
    "unprefixed, 240k elements (under the element cap)": {
      xml: searchResponseXml(serviceXml({ id: 1 }), "<x>yyyyyyyyyyyy</x>".repeat(240_000)),
      expected: "1 results",
    },
    "entity-heavy text (9,000 characters per service)": {
      xml: searchResponseXml(entityHeavy.xml),
      expected: `${entityHeavy.count} results`,
    },
    [`${tooMany.count.toLocaleString("en-GB")} services`]: {
      xml: searchResponseXml(tooMany.xml),
      expected: "DOS_BAD_RESPONSE",
    },
    "200 services with 5,000-character fields": {
      xml: searchResponseXml(
        range(200)
          .map(id => serviceXml({ id, name: "N".repeat(5_000), address: "A".repeat(5_000), phone: "0".repeat(5_000) }))
          .join(""),
      ),
      expected: "0 results, 200 withheld",
    },
    "deep nesting (500k levels)": {
      xml: searchResponseXml(serviceXml({ id: 1 }), `${"<a>".repeat(budget / 8)}${"</a>".repeat(budget / 8)}`),
      expected: "DOS_BAD_RESPONSE",
    },
    "one service with 50k endpoints": {
      xml: searchResponseXml(serviceXml({ id: 1, extra: `<serviceEndpoints>${fill(ENDPOINT)}</serviceEndpoints>` })),
      expected: "0 results, 1 withheld",
    },
    "200 services with 200 endpoints each": {
      xml: searchResponseXml(
        range(200)
          .map(id => serviceXml({ id, extra: `<serviceEndpoints>${ENDPOINT.repeat(200)}</serviceEndpoints>` }))
          .join(""),
      ),
      expected: "200 results",
    },
    "200 valid services with 9,000 characters of free text": {
      xml: searchResponseXml(
        range(200)
          .map(id => serviceXml({ id, publicFacingInformation: "Open daily. ".repeat(750) }))
          .join(""),
      ),
      expected: "200 results",
    },
  };
}
