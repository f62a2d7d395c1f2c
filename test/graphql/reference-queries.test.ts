import { dispositions } from "../../src/reference";
import { DEFAULT_ACCOUNTS } from "../../src/simulator";
import { DispositionDocument, DispositionsDocument, HospitalCapacitiesDocument } from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const NOW = new Date("2026-03-04T12:00:00Z");

describe("dispositions and hospital capacities", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ now: () => NOW });
  });
  afterAll(() => subgraph?.stop());
  beforeEach(() => subgraph.resetSimulator());

  it("answers dispositions from the reference table, case-insensitively, without calling DoS", async () => {
    expect(await subgraph.request(DispositionDocument, { code: "dX02" })).toEqual({
      disposition: { code: "Dx02", dosId: 1002, title: expect.any(String), timeFrameMinutes: 60 },
    });
    expect(await subgraph.execute(DispositionDocument, { code: "Dx9999" })).toMatchObject({
      data: { disposition: null },
      errors: [],
    });
    const { dispositions: listed } = await subgraph.request(DispositionsDocument);
    expect(listed).toEqual(dispositions.map(({ code, dosId }) => ({ code, dosId })));
    const calls = await subgraph.simulatorCalls();
    expect(calls.CheckCapacitySummary + calls.ServiceDetailsById + calls.GetHospitalScores).toBe(0);
  });

  it("returns DoS's hospital pressure scores in one GetHospitalScores call", async () => {
    const [demo] = DEFAULT_ACCOUNTS;
    const expected = subgraph.simulator.engine.getHospitalScores(demo, NOW);
    expect(expected.length).toBeGreaterThan(0);
    const { hospitalCapacities } = await subgraph.request(HospitalCapacitiesDocument);
    expect(hospitalCapacities).toEqual(
      expected.map(hospital => ({
        name: hospital.name,
        pressureScore: hospital.score,
        note: hospital.note || null,
        updatedAt: hospital.updateDate,
      })),
    );
    expect((await subgraph.simulatorCalls()).GetHospitalScores).toBe(1);
  });
});
