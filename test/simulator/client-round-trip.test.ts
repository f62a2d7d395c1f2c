/**
 * The foundation's DoS client (src/dos) against the simulator, through real HTTP and SOAP 1.2 XML: what the
 * client decodes equals what the simulator's engine answered, field by field, for all three operations, and the
 * simulator's faults arrive as the client's typed errors with the right code and category. The two share no code
 * paths (only the WSDL), so each checks the other. The simulator's clock is fixed, so the capacity clock cannot
 * move between the call and the engine's answer it is compared with.
 */
import { createDosClient, type ManagedDosClient } from "../../src/dos/client";
import { DosFault } from "../../src/dos/errors";
import { type CheckCapacitySummaryRequest, type Endpoint } from "../../src/dos/types";
import { DEFAULT_ACCOUNTS, type RunningSimulator, startSimulator } from "../../src/simulator";
import { type SimEndpoint } from "../../src/simulator/engine/types";
import { edCase, NOW } from "./engine/fixtures";

const DEMO = { username: "demo", password: "demo" };
const [demoAccount, publicAccount] = DEFAULT_ACCOUNTS;

/** The engine tests' search (an adult in Leeds with ankle pain, Dx02) as the client sends it; NOW is 10:00 BST. */
const LEEDS: CheckCapacitySummaryRequest = {
  postcode: "LS1 1UR",
  surgery: "UNK",
  age: 40,
  ageFormat: "Years",
  disposition: 1002,
  symptomGroup: 1013,
  symptomDiscriminators: [4052],
  gender: "F",
};
const LEEDS_RAW = edCase({ surgery: "UNK" });

let simulator: RunningSimulator;
let client: ManagedDosClient;

beforeAll(async () => {
  simulator = await startSimulator({ seed: "client-round-trip", now: () => NOW });
  client = await createDosClient({
    url: simulator.soapUrl,
    account: DEMO,
    caseId: "TEST",
    timeoutMs: 5000,
    maxResponseBytes: 5 * 1024 * 1024,
    maxSockets: 4,
  });
});
afterAll(async () => {
  await client?.close();
  await simulator?.stop();
});

/** The endpoint as the client must decode it from the simulator's XML (an empty comment is null). */
const decoded = (endpoint: SimEndpoint): Endpoint => ({
  order: endpoint.order,
  transport: endpoint.transport,
  format: endpoint.format,
  interaction: endpoint.interaction,
  businessScenario: endpoint.businessScenario,
  address: endpoint.address,
  compression: endpoint.compression,
  comment: endpoint.comment || null,
});

const CAPACITY = { GREEN: "High", AMBER: "Low", RED: "None" } as const;

describe("the DoS client against the simulator", () => {
  it("CheckCapacitySummary: the engine's answer, in order, every field the client maps", async () => {
    const result = await client.checkCapacitySummary(LEEDS);
    const expected = simulator.engine.checkCapacitySummary(LEEDS_RAW, demoAccount, NOW);

    expect(result).toMatchObject({
      requestedAt: "2026-06-10T10:00:00",
      searchedAt: "2026-06-10T10:00:00",
      ageInDays: 14610,
      searchDistanceKm: expected.searchDistance,
      searchDistanceSource: expected.searchDistanceUsedSource.replace(" ", ""),
    });
    expect(result.transactionId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(result.services.length).toBeGreaterThan(3);
    expect(result.services).toEqual(
      expected.services.map(({ service, name, distance }) =>
        expect.objectContaining({
          id: service.id,
          name,
          odsCode: service.odsCode,
          capacity: CAPACITY[service.rag],
          distanceMiles: Number(distance),
          publicPhone: service.publicPhone || null,
          nonPublicPhone: service.nonPublicPhone || null,
          postcode: service.postcode,
          easting: service.easting,
          northing: service.northing,
          serviceType: service.serviceType,
          openAllHours: service.openAllHours,
          endpoints: service.endpoints.map(decoded),
          attributes: service.attributes,
          ageRanges: service.ageRanges,
        }),
      ),
    );
  });

  it("CheckCapacitySummary with the public account leaves out professional-only services", async () => {
    const result = await client.checkCapacitySummary(LEEDS, { account: { username: "public", password: "public" } });
    const expected = simulator.engine.checkCapacitySummary(LEEDS_RAW, publicAccount, NOW);
    expect(result.services.map(service => service.id)).toEqual(expected.services.map(item => item.service.id));
    const byId = new Map(simulator.engine.services.map(service => [service.id, service]));
    expect(result.services.filter(service => byId.get(service.id)?.professionalOnly)).toEqual([]);
    // …which the demo (professional) account does get for the same search.
    const professional = await client.checkCapacitySummary(LEEDS);
    expect(professional.services.filter(service => byId.get(service.id)?.professionalOnly)).not.toEqual([]);
  });

  it("ServiceDetailsById: every service sharing an ODS code, with its endpoints in order", async () => {
    const shared = simulator.engine.services.find(
      service =>
        service.endpoints.length > 1 &&
        simulator.engine.services.filter(other => other.odsCode === service.odsCode).length > 1,
    )!;
    const details = await client.serviceDetailsById(shared.odsCode);
    const expected = simulator.engine.serviceDetailsById(shared.odsCode, demoAccount);
    expect(expected.length).toBeGreaterThan(1);
    expect(details).toEqual(
      expected.map(service => ({
        id: service.id,
        odsCode: service.odsCode,
        endpoints: [...service.endpoints].sort((a, b) => a.order - b.order).map(decoded),
      })),
    );
  });

  it("GetHospitalScores: every emergency department with its score, note and update time", async () => {
    const scores = await client.getHospitalScores();
    const expected = simulator.engine.getHospitalScores(demoAccount, NOW);
    expect(scores.length).toBeGreaterThan(50);
    expect(scores).toEqual(
      expected.map(hospital => ({
        name: hospital.name,
        pressureScore: hospital.score,
        note: hospital.note,
        updatedAt: hospital.updateDate,
      })),
    );
  });

  it.each<[string, number, DosFault["category"], () => Promise<unknown>]>([
    ["an unknown postcode", 101, "input", () => client.checkCapacitySummary({ ...LEEDS, postcode: "ZZ99 9ZZ" })],
    ["a Welsh postcode", 102, "no-results", () => client.checkCapacitySummary({ ...LEEDS, postcode: "CF10 1EP" })],
    ["an unknown service id", 103, "not-found", () => client.serviceDetailsById("2147483647")],
    ["an unknown disposition", 121, "input", () => client.checkCapacitySummary({ ...LEEDS, disposition: 99999 })],
    [
      // 109 also means "unable to find version": the client tells them apart by the text.
      "a searchDateTime two years ahead",
      109,
      "input",
      () => client.checkCapacitySummary({ ...LEEDS, searchDateTime: "2028-06-10T10:00:00" }),
    ],
    [
      "a wrong password",
      302,
      "auth",
      () => client.getHospitalScores({ account: { username: "demo", password: "not-the-password" } }),
    ],
    [
      "an account without web-service permission",
      303,
      "auth",
      () => client.serviceDetailsById("RXX01", { account: { username: "nows", password: "nows" } }),
    ],
  ])("a fault for %s arrives as DosFault %i (%s)", async (_case, code, category, call) => {
    const error = await call().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DosFault);
    expect(error).toMatchObject({ code, category });
  });
});
