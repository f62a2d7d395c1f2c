import { type CheckCapacitySummaryResult, type ServiceSummary } from "../../src/dos/types";
import { serviceSearchFromDos } from "../../src/graphql/search/service-search.mapping";
import { DosBadResponse } from "../../src/dos/errors";

function summary(overrides: Partial<ServiceSummary>): ServiceSummary {
  return {
    id: 1,
    capacity: "Low",
    name: "Service",
    publicName: null,
    publicPhone: null,
    address: null,
    postcode: null,
    easting: null,
    northing: null,
    website: null,
    serviceType: { id: 100, name: "GP Practice" },
    odsCode: null,
    nonPublicPhone: null,
    fax: null,
    publicFacingInformation: null,
    distanceMiles: null,
    referralInformation: null,
    openAllHours: false,
    capacityAttributes: [],
    endpoints: [],
    rotaSessions: [],
    specifiedOpeningTimes: [],
    attributes: [],
    ageRanges: [],
    ...overrides,
  };
}

function result(services: ServiceSummary[], overrides: Partial<CheckCapacitySummaryResult> = {}) {
  return {
    transactionId: "T",
    requestedAt: "2026-01-15T09:30:00",
    searchedAt: "2026-07-15T09:30:00",
    ageInDays: 14610.0,
    searchDistanceKm: 25,
    searchDistanceSource: "WebService" as const,
    services,
    ...overrides,
  };
}

describe("serviceSearchFromDos", () => {
  it("reads DoS's UK wall times as Europe/London instants (GMT in winter, BST in summer)", () => {
    const search = serviceSearchFromDos(result([]));
    expect(search.requestedAt).toEqual(new Date("2026-01-15T09:30:00Z"));
    expect(search.searchedAt).toEqual(new Date("2026-07-15T08:30:00Z"));
    expect(search.searchDistanceSource).toBe("WEB_SERVICE");
    expect(() => serviceSearchFromDos(result([], { requestedAt: "yesterday" }))).toThrow(DosBadResponse);
  });

  it("turns DoS's name suffixes into catchAll/homeGp and strips them from the name", () => {
    const search = serviceSearchFromDos(
      result([
        summary({ id: 1, name: "ED - Leeds (Catch-all)", distanceMiles: 10 }),
        summary({ id: 2, name: "Eastbury Surgery (Home)", publicName: "  " }),
        summary({ id: 3, name: "Westbury Surgery", odsCode: "b82005", publicName: "Westbury" }),
        summary({ id: 4, name: "Bristol IUC Treatment (Home OOH)" }),
        summary({ id: 5, name: "Leeds IUC Treatment (Home OOH) (Catch-all)" }),
        summary({ id: 6, name: "Bath OOH (Home OOH) extra" }),
      ]),
      "B82005",
    );
    expect(
      search.results.map(r => [r.rank, r.catchAll, r.homeGp, r.service.name, r.service.displayName, r.distanceKm]),
    ).toEqual([
      [1, true, false, "ED - Leeds", "ED - Leeds", 16.1],
      [2, false, true, "Eastbury Surgery", "Eastbury Surgery", null],
      [3, false, true, "Westbury Surgery", "Westbury", null],
      [4, false, true, "Bristol IUC Treatment", "Bristol IUC Treatment", null],
      [5, true, true, "Leeds IUC Treatment", "Leeds IUC Treatment", null],
      [6, false, false, "Bath OOH (Home OOH) extra", "Bath OOH (Home OOH) extra", null],
    ]);
    expect(search.results[0].service.capacity).toEqual({ status: "LOW", rag: "AMBER" });
  });

  it("keeps an unknown endpoint transport as OTHER with the raw value, sorted by order", () => {
    const endpoint = {
      format: "CDA",
      interaction: "urn:x",
      address: "a",
      compression: "uncompressed",
      comment: null,
    };
    const [{ service }] = serviceSearchFromDos(
      result([
        summary({
          endpoints: [
            { ...endpoint, order: 2, transport: "carrier-pigeon", businessScenario: "Unknown" },
            { ...endpoint, order: 1, transport: "ITK", businessScenario: "primary", compression: "compressed" },
          ],
        }),
      ]),
    ).results;
    const rows = service.endpoints.map(({ order, transport, transportRaw, businessScenario, compressed }) => [
      order,
      transport,
      transportRaw,
      businessScenario,
      compressed,
    ]);
    expect(rows).toEqual([
      [1, "ITK", "ITK", "PRIMARY", true],
      [2, "OTHER", "carrier-pigeon", null, false],
    ]);
  });
});
