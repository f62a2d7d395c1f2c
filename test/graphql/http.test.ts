import { TypenameDocument } from "../__generated__/graphql";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

describe("HTTP surface", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { MAX_BODY_BYTES: "2048" } });
  });
  afterAll(() => subgraph?.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it("sends Cache-Control: no-store on every kind of response", async () => {
    const responses = {
      success: await post(JSON.stringify({ query: "{ __typename }" })),
      fieldError: await post(JSON.stringify({ query: '{ service(id: "not-an-id") { id } }' })),
      validationError: await post(JSON.stringify({ query: "{ nope }" })),
      malformedJson: await post("{"),
      tooLarge: await post(JSON.stringify({ query: `{ __typename } # ${"x".repeat(4096)}` })),
      get: await fetch(`${subgraph.url}?query=%7B__typename%7D`, { headers: { "apollo-require-preflight": "1" } }),
      graphiql: await fetch(subgraph.url, { headers: { accept: "text/html" } }),
      healthz: await fetch(`${subgraph.origin}/healthz`),
      readyz: await fetch(`${subgraph.origin}/readyz`),
      unknownPath: await fetch(`${subgraph.origin}/nope`),
    };
    const statuses = Object.fromEntries(Object.entries(responses).map(([name, r]) => [name, r.status]));
    expect(statuses).toEqual({
      success: 200,
      fieldError: 200,
      validationError: 400,
      malformedJson: 400,
      tooLarge: 413,
      get: 200,
      graphiql: 200,
      healthz: 200,
      readyz: 200,
      unknownPath: 404,
    });
    for (const [name, response] of Object.entries(responses)) {
      const cacheControl = response.headers.get("cache-control");
      expect({ name, cacheControl }).toEqual({ name, cacheControl: "no-store" });
    }
  });

  it("answers health checks without calling DoS", async () => {
    await subgraph.resetSimulator();
    expect(await (await fetch(`${subgraph.origin}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${subgraph.origin}/readyz`)).json()).toEqual({ status: "ready" });
    const calls = await subgraph.simulatorCalls();
    expect([calls.CheckCapacitySummary, calls.ServiceDetailsById, calls.GetHospitalScores]).toEqual([0, 0, 0]);
  });

  it("serves GraphiQL offline as the landing page (no CDN)", async () => {
    const response = await fetch(subgraph.url, { headers: { accept: "text/html" } });
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("DoS subgraph");
    expect(html).toContain("ExampleServiceSearch");
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/cdn\.apollographql\.com|unpkg\.com|jsdelivr\.net|fonts\.googleapis\.com/);
  });

  it("reports body-parser failures as GraphQL-shaped errors without echoing the parser", async () => {
    const malformed = await post("{");
    expect(await malformed.json()).toEqual({
      errors: [{ message: "Malformed request.", extensions: { code: "BAD_REQUEST" } }],
    });
    const tooLarge = await post(JSON.stringify({ query: `{ __typename } # ${"x".repeat(4096)}` }));
    expect(await tooLarge.json()).toEqual({
      errors: [{ message: "Request body too large.", extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("blocks simple (CSRF-able) requests and echoes a well-formed x-request-id", async () => {
    const simple = await fetch(`${subgraph.url}?query=%7B__typename%7D`);
    expect(simple.status).toBe(400);

    const traced = await post(JSON.stringify({ query: "{ __typename }" }), { "x-request-id": "router-abc.123" });
    expect(traced.headers.get("x-request-id")).toBe("router-abc.123");
    const invented = await post(JSON.stringify({ query: "{ __typename }" }), { "x-request-id": "<script>" });
    expect(invented.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("runs typed operations through graphql-request", async () => {
    expect(await subgraph.request(TypenameDocument)).toEqual({ __typename: "Query" });
  });
});

describe("production settings", () => {
  let subgraph: TestSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { INTROSPECTION: "false" } });
  });
  afterAll(() => subgraph?.stop());

  it("has no landing page and refuses introspection, but still serves _service for composition", async () => {
    const page = await fetch(subgraph.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toContain("<html");

    const post = (query: string) =>
      fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
    const introspection = await (await post("{ __schema { types { name } } }")).json();
    expect(introspection.errors[0]).toMatchObject({
      message: expect.stringMatching(/introspection is not allowed/i),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    const sdl = await (await post("{ _service { sdl } }")).json();
    expect(sdl.data._service.sdl).toContain("type Service");
  });
});
