/**
 * serviceSearch end to end: subgraph → real DoS client → SOAP over HTTP → simulator, on a fixed clock
 * shared by the simulator and the subgraph. Expectations come from the simulator's own data and rules (its
 * engine and opening-time code), never from values written into the test.
 */
import { type GraphQLObjectType } from "graphql";
import { buildDosSubgraphSchema } from "../../src/graphql/buildSubgraphSchema";
import * as openingHours from "../../src/graphql/service/opening-hours";
import { serviceFieldResolvers } from "../../src/graphql/service/service.resolver";
import { DEFAULT_ACCOUNTS } from "../../src/simulator";
import { type SimService } from "../../src/simulator/engine/types";
import { LondonCalendar, sessionsOn } from "../../src/simulator/engine/opening";
import {
  ServiceSearchDocument,
  ServiceSearchIdsDocument,
  type ServiceSearchInput,
} from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

// Wednesday 10 June 2026, 07:30 in Leeds (BST): the urgent care centres open at 08:00, the EDs never close.
const NOW = new Date("2026-06-10T06:30:00Z");

const INPUT: ServiceSearchInput = {
  postcode: "LS1 1UR",
  age: 40,
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  disposition: "Dx02",
};

const TRANSPORTS: Record<string, string> = {
  itk: "ITK",
  email: "EMAIL",
  telno: "PHONE",
  faxno: "FAX",
  dts: "DTS",
  http: "HTTP",
};

describe("serviceSearch", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ now: () => NOW });
  });
  afterAll(() => subgraph?.stop());
  beforeEach(() => subgraph.resetSimulator());

  /** What the simulator itself finds for the same case at the same instant. */
  function simulatorSearch() {
    const [demo] = DEFAULT_ACCOUNTS;
    return subgraph.simulator.engine.checkCapacitySummary(
      {
        postcode: "LS1 1UR",
        age: "40",
        ageFormat: "Years",
        disposition: "1002",
        symptomGroup: "1013",
        symptomDiscriminators: ["4052"],
        gender: "I",
      },
      demo,
      NOW,
    );
  }

  it("returns the simulator's services in DoS order, with endpoints, in exactly one DoS call", async () => {
    const expected = simulatorSearch();
    expect(expected.services.length).toBeGreaterThan(1);

    const { serviceSearch } = await subgraph.request(ServiceSearchDocument, { input: INPUT });

    expect(serviceSearch.results.map(result => result.service.id)).toEqual(
      expected.services.map(item => String(item.service.id)),
    );
    serviceSearch.results.forEach((result, index) => {
      const { service: sim, distance, name } = expected.services[index];
      expect(result.rank).toBe(index + 1);
      expect(result.distanceMiles).toBe(Number(distance));
      expect(result.distanceKm).toBeCloseTo(Number(distance) * 1.609344, 1);
      expect(result.catchAll).toBe(name.endsWith(" (Catch-all)"));
      expect(result.service).toMatchObject({
        odsCode: sim.odsCode,
        name: sim.name,
        displayName: sim.publicName || sim.name,
        type: sim.serviceType,
        capacity: { rag: sim.rag },
        address: sim.address,
        postcode: sim.postcode,
        phone: sim.publicPhone,
        openAllHours: sim.openAllHours,
        location: { easting: sim.easting, northing: sim.northing },
      });
      expect(result.service.endpoints).toEqual(
        [...sim.endpoints]
          .sort((a, b) => a.order - b.order)
          .map(endpoint => ({
            order: endpoint.order,
            transport: TRANSPORTS[endpoint.transport] ?? "OTHER",
            transportRaw: endpoint.transport,
            format: endpoint.format,
            interaction: endpoint.interaction,
            businessScenario: endpoint.businessScenario.toUpperCase(),
            address: endpoint.address,
            comment: endpoint.comment || null,
            compressed: endpoint.compression === "compressed",
          })),
      );
    });

    expect(serviceSearch).toMatchObject({
      transactionId: expect.stringMatching(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/),
      requestedAt: NOW.toISOString(),
      searchedAt: NOW.toISOString(),
      ageInDays: Math.floor(40 * 365.25),
      searchDistanceKm: expected.searchDistance,
      searchDistanceSource: expected.searchDistanceUsedSource.toUpperCase().replace(" ", "_"),
    });

    // Endpoints came with the search: no ServiceDetailsById calls.
    const calls = await subgraph.simulatorCalls();
    expect([calls.CheckCapacitySummary, calls.ServiceDetailsById]).toEqual([1, 0]);
  });

  it("converts the OSGB36 grid reference to WGS84 near the service's postcode", async () => {
    const { serviceSearch } = await subgraph.request(ServiceSearchDocument, { input: INPUT });
    for (const { service } of serviceSearch.results) {
      // West Yorkshire: about 53.4-54.0 N, 1.2-2.0 W.
      expect(service.location!.latitude).toBeGreaterThan(53.4);
      expect(service.location!.latitude).toBeLessThan(54.0);
      expect(service.location!.longitude).toBeGreaterThan(-2.0);
      expect(service.location!.longitude).toBeLessThan(-1.2);
    }
  });

  it("computes openNow and nextOpen in Europe/London from the rota, on the injected clock", async () => {
    const { serviceSearch } = await subgraph.request(ServiceSearchDocument, { input: INPUT });
    const byId = new Map(subgraph.simulator.engine.services.map(service => [String(service.id), service]));
    const statuses = serviceSearch.results.map(({ service }) => ({
      id: service.id,
      openNow: service.openNow,
      nextOpen: service.nextOpen,
    }));
    expect(statuses).toEqual(
      serviceSearch.results.map(({ service }) => ({ id: service.id, ...expectedOpening(byId.get(service.id)!) })),
    );
    // The chosen instant shows both cases.
    expect(statuses.some(status => status.openNow)).toBe(true);
    expect(statuses.some(status => !status.openNow && status.nextOpen)).toBe(true);
  });

  it("evaluates each service's opening hours once per request, for openNow and nextOpen together", async () => {
    const evaluations = jest.spyOn(openingHours, "openingStatus");
    try {
      const { serviceSearch } = await subgraph.request(ServiceSearchDocument, { input: INPUT });
      expect(serviceSearch.results.length).toBeGreaterThan(1);
      expect(evaluations).toHaveBeenCalledTimes(serviceSearch.results.length);
    } finally {
      evaluations.mockRestore();
    }
  });

  it("resolves Service's computed fields with the plain resolvers, not type-graphql's wrappers", async () => {
    const fields = (await buildDosSubgraphSchema()).getType("Service") as GraphQLObjectType;
    for (const name of ["organisation", "openNow", "nextOpen"] as const) {
      expect([name, fields.getFields()[name].resolve]).toEqual([name, serviceFieldResolvers[name]]);
    }
  });

  it("makes one DoS call per search: the same query twice is two calls", async () => {
    const first = await subgraph.request(ServiceSearchIdsDocument, { input: INPUT });
    const second = await subgraph.request(ServiceSearchIdsDocument, { input: INPUT });
    expect(first.serviceSearch.transactionId).not.toBe(second.serviceSearch.transactionId);
    expect((await subgraph.simulatorCalls()).CheckCapacitySummary).toBe(2);
  });

  it("runs the search as if at searchDateTime, sent to DoS as UK local time", async () => {
    const later = new Date(NOW.getTime() + 3 * 60 * 60 * 1000);
    const { serviceSearch } = await subgraph.request(ServiceSearchDocument, {
      input: { ...INPUT, searchDateTime: later.toISOString() },
    });
    expect(serviceSearch.searchedAt).toBe(later.toISOString());
    expect(serviceSearch.requestedAt).toBe(NOW.toISOString());
  });
});

/** Open now / next opening by the simulator's own session rules (precedence, bank holidays, DST days). */
function expectedOpening(service: SimService): { openNow: boolean; nextOpen: string | null } {
  const calendar = new LondonCalendar();
  const now = NOW.getTime();
  let day = calendar.dayAt(now);
  for (let offset = 0; offset <= 14; offset++, day = calendar.next(day)) {
    const sessions = [...sessionsOn(service, day)].sort((a, b) => a.startMinute - b.startMinute);
    for (const session of sessions) {
      const opens = calendar.instant(day, session.startMinute);
      const closes = calendar.instant(day, session.endMinute);
      if (opens > now) return { openNow: false, nextOpen: new Date(opens).toISOString() };
      if (now < closes) return { openNow: true, nextOpen: null };
    }
  }
  return { openNow: false, nextOpen: null };
}
