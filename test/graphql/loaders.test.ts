/**
 * Unit tests of the per-request loaders against a recording in-memory DosClient (the seam). The end-to-end
 * behaviour (call counts against the real simulator over HTTP) is in service-by-id.test.ts.
 */
import { DosFault, DosUnavailable } from "../../src/dos/errors";
import { type DosClient, type ServiceDetails } from "../../src/dos/types";
import { createDosLoaders } from "../../src/graphql/loaders";

function recordingDos(directory: ServiceDetails[], delayMs = 5) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const dos: DosClient = {
    async serviceDetailsById(idOrOds) {
      calls.push(idOrOds);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(resolve => setTimeout(resolve, delayMs));
      inFlight--;
      if (idOrOds === "500") throw new DosUnavailable("connection reset");
      const found = directory.filter(s => String(s.id) === idOrOds || s.odsCode?.toUpperCase() === idOrOds);
      if (found.length === 0) throw new DosFault(103, "not-found", "Request Response: Service not found");
      return found;
    },
    checkCapacitySummary: () => Promise.reject(new Error("not used")),
    getHospitalScores: () => Promise.reject(new Error("not used")),
  };
  return { dos, calls, maxInFlight: () => maxInFlight };
}

const service = (id: number, odsCode: string): ServiceDetails => ({ id, odsCode, endpoints: [] });

describe("createDosLoaders", () => {
  it("makes one DoS call per distinct id and never more than `concurrency` at once", async () => {
    const directory = Array.from({ length: 12 }, (_, i) => service(1000 + i, `FA${i}`));
    const { dos, calls, maxInFlight } = recordingDos(directory);
    const loaders = createDosLoaders(dos, { concurrency: 3 });
    const ids = [...directory.map(s => s.id), 1000, 1001];
    const results = await Promise.all(ids.map(id => loaders.serviceById.load(id)));
    expect(results.map(r => r?.id)).toEqual(ids);
    expect(calls).toHaveLength(12);
    expect(maxInFlight()).toBe(3);
  });

  it("gives null for an unknown id and an Error for a failing one, without failing the siblings", async () => {
    const { dos } = recordingDos([service(1, "FA1")]);
    const loaders = createDosLoaders(dos, { concurrency: 4 });
    const settled = await Promise.allSettled([1, 404, 500].map(id => loaders.serviceById.load(id)));
    expect(settled[0]).toEqual({ status: "fulfilled", value: service(1, "FA1") });
    expect(settled[1]).toEqual({ status: "fulfilled", value: null });
    expect(settled[2]).toMatchObject({ status: "rejected", reason: expect.any(DosUnavailable) });
  });

  it("keeps only the service whose id matches when DoS answers an id with several services", async () => {
    // DoS reads the value as an id or an ODS code: "77" could also be some service's ODS code.
    const { dos } = recordingDos([service(5, "77"), service(77, "FA77")]);
    const loaders = createDosLoaders(dos, { concurrency: 1 });
    expect(await loaders.serviceById.load(77)).toEqual(service(77, "FA77"));
  });

  it("looks up ODS codes, keeps exact matches and primes serviceById with them", async () => {
    const { dos, calls } = recordingDos([service(1, "FA1"), service(2, "fa1"), service(3, "FA2")]);
    const loaders = createDosLoaders(dos, { concurrency: 2 });
    expect((await loaders.servicesByOdsCode.load("FA1")).map(s => s.id)).toEqual([1, 2]);
    expect(await loaders.servicesByOdsCode.load("ZZ9")).toEqual([]);
    expect(await loaders.serviceById.load(2)).toEqual(service(2, "fa1"));
    expect(calls).toEqual(["FA1", "ZZ9"]);
  });

  it("is per request: a second set of loaders calls DoS again", async () => {
    const { dos, calls } = recordingDos([service(1, "FA1")]);
    await createDosLoaders(dos, { concurrency: 1 }).serviceById.load(1);
    await createDosLoaders(dos, { concurrency: 1 }).serviceById.load(1);
    expect(calls).toEqual(["1", "1"]);
  });
});
