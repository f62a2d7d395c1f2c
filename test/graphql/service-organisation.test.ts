/**
 * `Service.organisation` (issue 13): the Organisation entity reference by the service's ODS code, over real HTTP
 * against the simulator, counting DoS calls: it adds none, and null stands for "DoS records no usable ODS code".
 */
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const SEARCH = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };

describe("Service.organisation", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph();
  });
  afterAll(() => subgraph?.stop());

  async function query(text: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  }

  it("a search's services reference their organisation by upper-cased ODS code, with no DoS call of its own", async () => {
    await subgraph.resetSimulator();
    const reply = await query(
      `query($input: ServiceSearchInput!) { serviceSearch(input: $input) {
        results { service { id odsCode organisation { __typename odsCode } } } } }`,
      { input: SEARCH },
    );
    expect(reply.errors).toBeUndefined();
    const results = (reply.data!.serviceSearch as { results: { service: Record<string, unknown> }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    for (const { service } of results) {
      const odsCode = service.odsCode as string | null;
      const expected = odsCode && /^[A-Za-z0-9]{2,12}$/.test(odsCode) ? { __typename: "Organisation", odsCode: odsCode.toUpperCase() } : null;
      expect(service.organisation).toEqual(expected);
    }
    const calls = await subgraph.simulatorCalls();
    expect([calls.CheckCapacitySummary, calls.ServiceDetailsById]).toEqual([1, 0]);
  });

  it("a service by id reaches the same organisation, whose services include it (one call each)", async () => {
    const service = subgraph.simulator.engine.services.find(s => s.status === "active" && s.odsCode)!;
    await subgraph.resetSimulator();
    const reply = await query(`{ service(id: "${service.id}") { id organisation { odsCode services { id } } } }`);
    expect(reply.errors).toBeUndefined();
    const found = reply.data!.service as { organisation: { odsCode: string; services: { id: string }[] } };
    expect(found.organisation.odsCode).toBe(service.odsCode.toUpperCase());
    expect(found.organisation.services).toContainEqual({ id: String(service.id) });
    expect((await subgraph.simulatorCalls()).ServiceDetailsById).toBe(2);
  });
});
