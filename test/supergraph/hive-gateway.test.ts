/**
 * The supergraph as `npm run supergraph` runs it (supergraph/start.ts), through a real Hive Gateway (pinned,
 * from npm) over the supergraph composed from the committed SDLs: this subgraph in router-secret mode on the real
 * simulator, the example organisations subgraph, and a loopback identity provider signing the callers' JWTs.
 * Every subgraph request's headers are observed where the subgraph receives them; DoS calls are counted by the
 * simulator.
 */
import { type IncomingHttpHeaders } from "node:http";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { type RunningSupergraph, startSupergraph } from "../../supergraph/start";

const SEARCH = { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" };
const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const CONFIG = loadConfig({ NODE_ENV: "test", RATE_LIMIT_PER_MINUTE: "0", DOS_CALLS_PER_SECOND: "0" });

interface Reply {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe("the supergraph through Hive Gateway", () => {
  let supergraph: RunningSupergraph;
  const received: IncomingHttpHeaders[] = [];
  let professional: string;
  let publicCaller: string;

  beforeAll(async () => {
    supergraph = await startSupergraph({
      config: CONFIG,
      logger: createLogger("silent"),
      port: 0,
      gatewayLogging: false,
      observeSubgraphRequest: headers => received.push(headers),
    });
    professional = await supergraph.token({ sub: "call-handler-42", scope: "openid dos:professional" });
    publicCaller = await supergraph.token({ sub: "nhs-app-user-7", scope: "openid dos:public" });
  }, 60_000);
  afterAll(() => supergraph?.stop());

  beforeEach(async () => {
    received.length = 0;
    await fetch(new URL("/_sim/reset", supergraph.simulator.url), { method: "POST" });
  });

  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(supergraph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Reply["body"] };
  }

  async function dosCalls(): Promise<Record<string, number>> {
    const calls = (await (await fetch(new URL("/_sim/calls", supergraph.simulator.url))).json()) as Record<string, number>;
    return { search: calls.CheckCapacitySummary, details: calls.ServiceDetailsById, scores: calls.GetHospitalScores };
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("a cross-subgraph search (service → organisation name) with the secret, caller and scopes propagated", async () => {
    const reply = await post(
      `query($input: ServiceSearchInput!) { serviceSearch(input: $input) {
        results { service { id odsCode capacity { rag } organisation { odsCode name } } } } }`,
      { input: SEARCH },
      { ...bearer(professional), traceparent: TRACEPARENT },
    );
    expect(reply.body.errors).toBeUndefined();
    const results = (reply.body.data!.serviceSearch as { results: { service: Record<string, unknown> }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    for (const { service } of results) {
      const odsCode = (service.odsCode as string).toUpperCase();
      expect(service.organisation).toEqual({ odsCode, name: `Example Organisation ${odsCode}` });
      expect(service.capacity).toEqual({ rag: expect.stringMatching(/^(GREEN|AMBER|RED)$/) });
    }
    expect(await dosCalls()).toEqual({ search: 1, details: 0, scores: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      "x-router-secret": supergraph.routerSecret,
      "x-dos-caller-id": "call-handler-42",
      "x-dos-scopes": "openid dos:professional",
      traceparent: TRACEPARENT,
    });
  });

  it("organisation(odsCode) { name services { id } }: the organisations subgraph, then this one by entity", async () => {
    const odsCode = "RNM01";
    const reply = await post(`query($c: String!) { organisation(odsCode: $c) { name services { id odsCode } } }`, { c: odsCode }, bearer(professional));
    expect(reply.body.errors).toBeUndefined();
    const organisation = reply.body.data!.organisation as { name: string; services: { odsCode: string }[] };
    expect(organisation.name).toBe(`Example Organisation ${odsCode}`);
    for (const service of organisation.services) expect(service.odsCode.toUpperCase()).toBe(odsCode);
    expect(await dosCalls()).toEqual({ search: 0, details: 1, scores: 0 });
    expect(received.map(headers => headers["x-router-secret"])).toEqual([supergraph.routerSecret]);
  });

  it("without dos:professional the gateway refuses the professional-only fields; the subgraph makes no DoS call for them", async () => {
    const scores = await post(`{ hospitalCapacities { name pressureScore } }`, {}, bearer(publicCaller));
    expect(scores.body.errors?.map(error => error.extensions?.code)).toEqual(["UNAUTHORIZED_FIELD_OR_TYPE"]);
    expect(await dosCalls()).toEqual({ search: 0, details: 0, scores: 0 });

    const search = await post(
      `query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service { id nonPublicPhone endpoints { address } } } } }`,
      { input: SEARCH },
      bearer(publicCaller),
    );
    expect(search.body.errors?.map(error => error.extensions?.code)).toEqual(["UNAUTHORIZED_FIELD_OR_TYPE", "UNAUTHORIZED_FIELD_OR_TYPE"]);
    // The public caller's search still runs once, as a public caller, without the refused fields.
    const results = (search.body.data?.serviceSearch as { results: Record<string, unknown>[] } | undefined)?.results ?? [];
    for (const { service } of results as { service: Record<string, unknown> }[]) {
      expect(service.nonPublicPhone ?? null).toBeNull();
      expect(service.endpoints ?? null).toBeNull();
    }
    for (const headers of received) expect(headers["x-dos-scopes"]).toBe("openid dos:public");
  });

  it("an anonymous caller reaches the subgraph as an empty caller id and no scopes (the subgraph's default caller)", async () => {
    const reply = await post(`query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { rank } } }`, { input: SEARCH });
    expect(reply.body.errors).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ "x-dos-caller-id": "", "x-dos-scopes": "", "x-router-secret": supergraph.routerSecret });
  });

  it("a client cannot smuggle the subgraph's headers: the gateway sets them", async () => {
    const reply = await post(`query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { rank } } }`, { input: SEARCH }, {
      ...bearer(publicCaller),
      "x-dos-scopes": "dos:professional",
      "x-dos-caller-id": "someone-else",
      "x-router-secret": "guessed",
    });
    expect(reply.body.errors).toBeUndefined();
    expect(received[0]).toMatchObject({ "x-dos-caller-id": "nhs-app-user-7", "x-dos-scopes": "openid dos:public", "x-router-secret": supergraph.routerSecret });
  });

  it(`an operation over the budget (MAX_DOS_CALLS_PER_OPERATION = ${CONFIG.limits.dosCallsPerOperation}) is refused by the gateway: 0 DoS calls`, async () => {
    const crawl = await post(
      `query($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service { organisation { services { id } } } } } }`,
      { input: SEARCH },
      bearer(professional),
    );
    expect(crawl.body.errors?.map(error => error.extensions?.code)).toEqual(["COST_ESTIMATED_TOO_EXPENSIVE"]);
    const aliases = Array.from({ length: CONFIG.limits.dosCallsPerOperation + 1 }, (_, i) => `s${i}: service(id: "${1000 + i}") { id }`);
    const many = await post(`{ ${aliases.join(" ")} }`, {}, bearer(professional));
    // Hive Gateway reports the refusal once per root field of the subgraph request.
    expect(new Set(many.body.errors?.map(error => error.extensions?.code))).toEqual(new Set(["COST_ESTIMATED_TOO_EXPENSIVE"]));
    expect(Object.values(many.body.data ?? {}).filter(value => value !== null)).toEqual([]);
    expect(received).toEqual([]);
    expect(await dosCalls()).toEqual({ search: 0, details: 0, scores: 0 });
  });

  it("an invalid token is refused by the gateway before any subgraph request", async () => {
    const reply = await post(`{ __typename }`, {}, bearer(`${professional.slice(0, -4)}AAAA`));
    expect(reply.status).toBe(401);
    expect(received).toEqual([]);
  });
});
