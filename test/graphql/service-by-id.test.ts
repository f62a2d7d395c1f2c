/**
 * Services by id and ODS code through the per-request loaders, end to end against the simulator, counting the
 * DoS calls the simulator received.
 */
import {
  EntitiesDocument,
  ServiceByIdDocument,
  ServicesByAliasDocument,
  ServicesByOdsCodeDocument,
} from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

describe("services by id", () => {
  let subgraph: TestSubgraph;
  let ids: string[];

  beforeAll(async () => {
    subgraph = await startSubgraph();
    ids = subgraph.simulator.engine.services.slice(0, 8).map(service => String(service.id));
  });
  afterAll(() => subgraph?.stop());
  beforeEach(async () => {
    await subgraph.clearFaults();
    await subgraph.resetSimulator();
  });

  const simService = (id: string) => subgraph.simulator.engine.services.find(s => String(s.id) === id)!;
  const sdbidCalls = async () => (await subgraph.simulatorCalls()).ServiceDetailsById;

  it("service(id) returns id, ODS code and endpoints only, in one DoS call", async () => {
    const sim = simService(ids[0]);
    const { service } = await subgraph.request(ServiceByIdDocument, { id: ids[0] });
    expect(service).toEqual({
      id: ids[0],
      odsCode: sim.odsCode,
      name: null,
      displayName: null,
      capacity: null,
      openNow: null,
      nextOpen: null,
      endpoints: [...sim.endpoints]
        .sort((a, b) => a.order - b.order)
        .map(endpoint => expect.objectContaining({ order: endpoint.order, address: endpoint.address })),
    });
    expect(await sdbidCalls()).toBe(1);
  });

  it("aliases of the same id share one DoS call", async () => {
    const variables = { first: ids[0], second: ids[1], third: ids[0] };
    const result = await subgraph.request(ServicesByAliasDocument, variables);
    expect([result.first?.id, result.second?.id, result.third?.id]).toEqual([ids[0], ids[1], ids[0]]);
    expect(await sdbidCalls()).toBe(2);
  });

  it("_entities with 5 ids including a duplicate makes 4 DoS calls and keeps the order", async () => {
    const representations = [ids[0], ids[1], ids[2], ids[1], ids[3]].map(id => ({ __typename: "Service", id }));
    const result = await subgraph.execute(EntitiesDocument, { representations });
    expect(result.errors).toEqual([]);
    expect(result.data?._entities.map(entity => (entity?.__typename === "Service" ? entity.id : null))).toEqual([
      ids[0],
      ids[1],
      ids[2],
      ids[1],
      ids[3],
    ]);
    expect(await sdbidCalls()).toBe(4);
  });

  it("an unknown id is null plus a NOT_FOUND error for that item only", async () => {
    const unknown = "1999999999";
    expect(subgraph.simulator.engine.services.some(s => String(s.id) === unknown)).toBe(false);
    const representations = [ids[0], unknown, ids[1]].map(id => ({ __typename: "Service", id }));
    const result = await subgraph.execute(EntitiesDocument, { representations });
    expect(result.data?._entities).toEqual([
      expect.objectContaining({ id: ids[0] }),
      null,
      expect.objectContaining({ id: ids[1] }),
    ]);
    expect(result.errors).toEqual([
      {
        message: `DoS has no service with id ${unknown}.`,
        locations: expect.any(Array),
        path: ["_entities", 1],
        extensions: { code: "NOT_FOUND" },
      },
    ]);

    const byId = await subgraph.execute(ServiceByIdDocument, { id: unknown });
    expect(byId.data).toEqual({ service: null });
    expect(byId.errors.map(error => [error.path, error.extensions?.code])).toEqual([[["service"], "NOT_FOUND"]]);
  });

  it("a malformed id is rejected without a DoS call (DoS would read it as an ODS code)", async () => {
    const result = await subgraph.execute(ServiceByIdDocument, { id: "RNM01" });
    expect(result.data).toEqual({ service: null });
    expect(result.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
    expect(await sdbidCalls()).toBe(0);
  });

  it("servicesByOdsCode returns every service recorded with the code, in one DoS call", async () => {
    const byOdsCode = new Map<string, string[]>();
    for (const service of subgraph.simulator.engine.services) {
      byOdsCode.set(service.odsCode, [...(byOdsCode.get(service.odsCode) ?? []), String(service.id)]);
    }
    const [odsCode, sharing] = [...byOdsCode].find(([, serviceIds]) => serviceIds.length > 2)!;
    const lowerCase = odsCode.toLowerCase();
    const { servicesByOdsCode } = await subgraph.request(ServicesByOdsCodeDocument, { odsCode: lowerCase });
    expect(servicesByOdsCode.map(service => service.id).sort()).toEqual([...sharing].sort());
    expect(servicesByOdsCode.every(service => service.odsCode === odsCode)).toBe(true);
    expect(await sdbidCalls()).toBe(1);

    const unknown = await subgraph.request(ServicesByOdsCodeDocument, { odsCode: "ZZ999" });
    expect(unknown.servicesByOdsCode).toEqual([]);
  });

  it("loaders live for one request only: the same service in two requests is two DoS calls", async () => {
    await subgraph.request(ServiceByIdDocument, { id: ids[0] });
    await subgraph.request(ServiceByIdDocument, { id: ids[0] });
    expect(await sdbidCalls()).toBe(2);
  });
});

describe("DoS fan-out per request", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { DOS_CONCURRENCY: "2" } });
  });
  afterAll(() => subgraph?.stop());

  it("keeps at most DOS_CONCURRENCY calls in flight", async () => {
    const ids = subgraph.simulator.engine.services.slice(0, 6).map(service => String(service.id));
    await subgraph.injectFault({ operation: "ServiceDetailsById", kind: "latency", ms: 300 });
    const started = Date.now();
    const result = await subgraph.execute(EntitiesDocument, {
      representations: ids.map(id => ({ __typename: "Service", id })),
    });
    const elapsed = Date.now() - started;
    expect(result.errors).toEqual([]);
    expect(result.data?._entities).toHaveLength(6);
    // Six 300 ms calls, two at a time: three rounds. Unbounded, they would take one.
    expect(elapsed).toBeGreaterThanOrEqual(880);
    expect((await subgraph.simulatorCalls()).ServiceDetailsById).toBe(6);
  });
});
