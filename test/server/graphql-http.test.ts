/**
 * The /graphql pipeline's two entries (src/server/graphql-http.ts): `POST /graphql`, which node's HTTP server hands
 * straight to the pipeline, and Express, which serves every other request to /graphql (here `POST /graphql?`,
 * the same request with an empty query string) and writes the pipeline's answers with Express's own `res.send`.
 * Over real HTTP, against the whole subgraph and simulator, every answer must be the same on the wire: status,
 * every header name as spelled and its value (but `Date`), and the body byte for byte.
 */
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";

const ROUTER_SECRET = "router-secret-for-graphql-http-tests-0123";
const AUTH = { "x-router-secret": ROUTER_SECRET, "x-dos-scopes": "dos:professional" };

interface Wire {
  status: number;
  /** Name/value pairs as sent, `Date` left out. */
  headers: [string, string][];
  body: string;
}

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startSubgraph({
    env: { AUTH_MODE: "router-secret", ROUTER_SECRET, MAX_BODY_BYTES: "2048", RATE_LIMIT_PER_MINUTE: "2" },
  });
});
afterAll(() => subgraph?.stop());

function send(path: string, headers: Record<string, string>, body: string | Buffer): Promise<Wire> {
  const { hostname, port } = new URL(subgraph.origin);
  return new Promise((resolve, reject) => {
    // A path string, not a URL: a URL would drop the empty query string of `/graphql?`.
    const req = request({ hostname, port, path, method: "POST", headers, agent: false }, res => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() !== "date") pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        }
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = (value: unknown) => JSON.stringify(value);
const SEARCH = `query Search($input: ServiceSearchInput!) { serviceSearch(input: $input) { results { service { id name } } } }`;

// [name, headers, body]; each runs with its own x-request-id and caller, once per entry.
const CASES: [string, Record<string, string>, string | Buffer][] = [
  ["a query", { "content-type": "application/json", ...AUTH }, json({ query: "{ __typename }" })],
  ["a named operation", { "content-type": "application/json", ...AUTH }, json({ query: "query A { __typename } query B { __typename }", operationName: "B" })],
  ["a DoS lookup that fails", { "content-type": "application/json", ...AUTH }, json({ query: '{ service(id: "999999999") { id } }' })],
  ["a search with bad input", { "content-type": "application/json", ...AUTH }, json({ query: SEARCH, variables: { input: { postcode: "EH1 1AA", age: 30 } } })],
  ["graphql-response+json accepted", { "content-type": "application/json", accept: "application/graphql-response+json", ...AUTH }, json({ query: "{ __typename }" })],
  ["an unacceptable accept", { "content-type": "application/json", accept: "text/plain", ...AUTH }, json({ query: "{ __typename }" })],
  ["a syntax error", { "content-type": "application/json", ...AUTH }, json({ query: "{ __typename" })],
  ["a validation error", { "content-type": "application/json", ...AUTH }, json({ query: "{ nope }" })],
  ["bad variables", { "content-type": "application/json", ...AUTH }, json({ query: SEARCH, variables: { input: 5 } })],
  ["no query", { "content-type": "application/json", ...AUTH }, json({ variables: {} })],
  ["an empty body", { "content-type": "application/json", ...AUTH }, ""],
  ["malformed JSON", { "content-type": "application/json", ...AUTH }, "{"],
  ["a JSON string, not an object", { "content-type": "application/json", ...AUTH }, '"{ __typename }"'],
  ["a body over MAX_BODY_BYTES", { "content-type": "application/json", ...AUTH }, json({ query: `{ __typename } # ${"x".repeat(4096)}` })],
  ["a latin1 charset", { "content-type": "application/json; charset=latin1", ...AUTH }, json({ query: "{ __typename }" })],
  ["a gzipped body", { "content-type": "application/json", "content-encoding": "gzip", ...AUTH }, gzipSync(json({ query: "{ __typename }" }))],
  ["an unknown content encoding", { "content-type": "application/json", "content-encoding": "zz", ...AUTH }, json({ query: "{ __typename }" })],
  ["text/plain (CSRF prevention)", { "content-type": "text/plain", ...AUTH }, json({ query: "{ __typename }" })],
  ["no router secret", { "content-type": "application/json" }, json({ query: "{ __typename }" })],
  ["a wrong router secret", { "content-type": "application/json", "x-router-secret": "nope" }, json({ query: "{ __typename }" })],
  ["a malformed scopes header", { "content-type": "application/json", ...AUTH, "x-dos-scopes": "<b>" }, json({ query: "{ __typename }" })],
  ["a public caller asking for professional data", { "content-type": "application/json", "x-router-secret": ROUTER_SECRET }, json({ query: "{ hospitalCapacities { name } }" })],
];

describe("POST /graphql answers exactly as the Express entry does", () => {
  it("POST /graphql never enters Express; `/graphql?` and other paths do (so the entries compared below differ)", async () => {
    // Express's app function hands every request to `app.handle`: counted here (a change there fails the
    // Express-side counts loudly rather than passing).
    const app = subgraph.server.app as unknown as { handle: (...args: unknown[]) => unknown };
    const handle = app.handle;
    let entered = 0;
    app.handle = (...args) => {
      entered++;
      return handle.apply(app, args);
    };
    try {
      const body = json({ query: "{ __typename }" });
      const counts: number[] = [];
      for (const [index, path] of ["/graphql", "/graphql?", "/graphql"].entries()) {
        const headers = { "content-type": "application/json", ...AUTH, "x-dos-caller-id": `entries-${index}` };
        const before = entered;
        expect((await send(path, headers, body)).status).toBe(200);
        counts.push(entered - before);
      }
      const before = entered;
      await fetch(`${subgraph.origin}/healthz`);
      counts.push(entered - before);
      expect(counts).toEqual([0, 1, 0, 1]);
    } finally {
      app.handle = handle;
    }
  });

  it.each(CASES.map((entry, index) => [index, ...entry] as const))("case %i: %s", async (index, _name, headers, body) => {
    const [direct, viaExpress] = await Promise.all(
      [["/graphql", "direct"], ["/graphql?", "express"]].map(([path, entry]) =>
        send(path, { ...headers, "x-request-id": `case-${index}`, "x-dos-caller-id": `caller-${index}-${entry}` }, body),
      ),
    );
    expect(direct).toEqual(viaExpress);
    expect(direct.headers).toContainEqual(["Cache-Control", "no-store"]);
    expect(direct.headers).toContainEqual(["x-request-id", `case-${index}`]);
  });

  it("past the caller's rate limit: the same 429 (its Retry-After aside)", async () => {
    const replies: Wire[] = [];
    for (const path of ["/graphql", "/graphql?"]) {
      const headers = { "content-type": "application/json", ...AUTH, "x-request-id": "limited", "x-dos-caller-id": `limited-${path.length}` };
      for (let i = 0; i < 3; i++) replies.push(await send(path, headers, json({ query: "{ __typename }" })));
    }
    expect(replies.map(reply => reply.status)).toEqual([200, 200, 429, 200, 200, 429]);
    const [direct, viaExpress] = [replies[2], replies[5]].map(reply => ({
      ...reply,
      headers: reply.headers.map(([name, value]) => [name, name === "Retry-After" ? "n" : value]),
      body: reply.body.replace(/\d+ s\./, "n s.").replace(/"retryAfter":\d+/, '"retryAfter":0'),
    }));
    expect(direct).toEqual(viaExpress);
    expect(direct.headers).toContainEqual(["Retry-After", "n"]);
  });
});
