/**
 * What one DoS answer may cost and what the caller learns (issue 12 §1-2), through real HTTP: the subgraph as
 * production builds it (real config, DoS client, gateway, Apollo), aimed at a loopback stub DoS serving crafted
 * bytes (bench/hostile-responses.ts).
 *  - More services than DOS_MAX_SERVICES: the search fails with DOS_BAD_RESPONSE, logged without payload.
 *  - A service with a field over its length cap is withheld, and the response says so (DOS_RESULTS_WITHHELD).
 *  - ` (Home OOH)` is stripped from the name and marks the result homeGp.
 */
import { loadConfig } from "../../src/config";
import { createDosClient, dosClientSettings, type ManagedDosClient } from "../../src/dos/client";
import { createServer, type SubgraphServer } from "../../src/server/createServer";
import { searchResponseXml, serviceXml } from "../../bench/hostile-responses";
import { captureLogs, soapReply, startDosServer, type DosServer } from "../dos/helpers/dos-server";

const QUERY = `query Search($input: ServiceSearchInput!) {
  serviceSearch(input: $input) { results { homeGp catchAll service { id name phone address publicFacingInformation } } }
}`;
const INPUT = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };

interface Answer {
  status: number;
  body: {
    data?: { serviceSearch: { results: { homeGp: boolean; service: Record<string, unknown> }[] } | null } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { warnings?: { code: string; count: number; message: string }[] };
  };
}

describe("DoS answers are bounded and withheld results are reported", () => {
  let stub: DosServer;
  let dos: ManagedDosClient;
  let server: SubgraphServer;
  let url: string;
  const logs = captureLogs("info");

  beforeAll(async () => {
    stub = await startDosServer();
    const config = loadConfig({
      NODE_ENV: "test",
      DOS_URL: stub.url,
      DOS_USERNAME: "demo",
      DOS_PASSWORD: "demo",
      DOS_MAX_SERVICES: "5",
      RATE_LIMIT_PER_MINUTE: "0",
      DOS_CALLS_PER_SECOND: "0",
    });
    expect(config.dos.maxServices).toBe(5);
    dos = await createDosClient({
      ...dosClientSettings(config.dos),
      url: config.dos.url!,
      logger: logs.logger,
    });
    server = await createServer({ dos, logger: logs.logger, config });
    url = (await server.listen(0, "127.0.0.1")).replace("localhost", "127.0.0.1");
  });
  afterAll(async () => {
    await server?.stop();
    await dos?.close();
    await stub?.close();
  });

  async function search(body: string): Promise<Answer> {
    stub.answer(soapReply(body));
    const before = stub.requests.length;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY, variables: { input: INPUT } }),
    });
    expect(stub.requests.length - before).toBe(1);
    return { status: response.status, body: (await response.json()) as Answer["body"] };
  }

  it("returns every valid service with no warning", async () => {
    const answer = await search(searchResponseXml([1, 2, 3, 4, 5].map(id => serviceXml({ id })).join("")));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.serviceSearch?.results).toHaveLength(5);
    expect(answer.body.extensions?.warnings).toBeUndefined();
  });

  it("fails a search answered with more than DOS_MAX_SERVICES services, logging no payload", async () => {
    const answer = await search(searchResponseXml([1, 2, 3, 4, 5, 6].map(id => serviceXml({ id, name: `Secret${id}` })).join("")));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.map(error => error.extensions?.code)).toEqual(["DOS_BAD_RESPONSE"]);
    const line = logs.lines.find(entry => entry.reason === "more than 5 services (DOS_MAX_SERVICES)");
    expect(line).toMatchObject({ outcome: "bad-response", services: 6 });
    expect(logs.text()).not.toMatch(/Secret\d/);
  });

  it.each([
    ["a 1,001-character name", { name: "N".repeat(1_001) }],
    ["a 1,001-character address", { address: "A".repeat(1_001) }],
    ["a 1,001-character phone number", { phone: "0".repeat(1_001) }],
    ["10,001 characters of free text", { publicFacingInformation: "F".repeat(10_001) }],
    ["10,001 characters of free text, written as references", { publicFacingInformation: "&#70;".repeat(10_001) }],
    ["an invalid id", { id: -1 }],
    [
      "1,001 endpoints",
      { extra: `<serviceEndpoints>${"<endpoint><endpointOrder>1</endpointOrder><transport>itk</transport><address>a</address></endpoint>".repeat(1_001)}</serviceEndpoints>` },
    ],
  ])("withholds a service with %s and says so in extensions.warnings", async (_case, fields) => {
    const services = [serviceXml({ id: 1 }), serviceXml({ id: 2, ...fields }), serviceXml({ id: 3 })];
    const answer = await search(searchResponseXml(services.join("")));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.serviceSearch?.results.map(result => result.service.id)).toEqual(["1", "3"]);
    expect(answer.body.extensions?.warnings).toEqual([
      { code: "DOS_RESULTS_WITHHELD", count: 1, message: expect.stringMatching(/left out/) as string },
    ]);
  });

  it("fails an answer nested deeper than the reader accepts with DOS_BAD_RESPONSE", async () => {
    const answer = await search(searchResponseXml(serviceXml({ id: 1 }), `${"<a>".repeat(100)}${"</a>".repeat(100)}`));
    expect(answer.body.errors?.map(error => error.extensions?.code)).toEqual(["DOS_BAD_RESPONSE"]);
  });

  it("keeps fields at their caps (1,000 characters; 10,000 of free text)", async () => {
    const fields = { name: "N".repeat(1_000), address: "A".repeat(1_000), publicFacingInformation: "&amp;".repeat(10_000) };
    const answer = await search(searchResponseXml(serviceXml({ id: 7, ...fields })));
    expect(answer.body.extensions?.warnings).toBeUndefined();
    const [result] = answer.body.data!.serviceSearch!.results;
    expect(result.service).toMatchObject({ name: fields.name, address: fields.address, publicFacingInformation: "&".repeat(10_000) });
  });

  it("counts every withheld entry of the operation", async () => {
    const services = [1, 2, 3, 4].map(id => serviceXml({ id, name: id % 2 ? "x".repeat(2_000) : `S${id}` }));
    const answer = await search(searchResponseXml(services.join("")));
    expect(answer.body.data?.serviceSearch?.results).toHaveLength(2);
    expect(answer.body.extensions?.warnings?.map(warning => warning.count)).toEqual([2]);
  });

  it("strips ' (Home OOH)' from the name and marks the result as the home GP service", async () => {
    const answer = await search(
      searchResponseXml([serviceXml({ id: 1, name: "Leeds IUC (Home OOH)" }), serviceXml({ id: 2, name: "ED (Catch-all)" })].join("")),
    );
    expect(answer.body.data?.serviceSearch?.results).toEqual([
      expect.objectContaining({ homeGp: true, service: expect.objectContaining({ name: "Leeds IUC" }) }),
      expect.objectContaining({ homeGp: false, catchAll: true, service: expect.objectContaining({ name: "ED" }) }),
    ]);
  });
});
