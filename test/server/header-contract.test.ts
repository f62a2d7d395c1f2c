/**
 * The router-secret header contract (issue 13) over real HTTP against the whole subgraph and simulator: an empty
 * `x-dos-caller-id` is absent; a malformed caller id or scopes header has its own code and a message naming the
 * header and its format, never the value; the GraphiQL page needs no credentials in development, its queries do.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { HEADER_FORMATS } from "../../src/server/auth";
import { startSubgraph, type TestSubgraph } from "../helpers/subgraph";
import { captureLogs } from "../upstream/helpers/log-capture";

const ROUTER_SECRET = "router-secret-for-header-tests-0123456789";
const ROOT = path.resolve(__dirname, "../..");

describe("router-secret header contract over HTTP", () => {
  let subgraph: TestSubgraph;
  const logs = captureLogs("info");

  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { AUTH_MODE: "router-secret", ROUTER_SECRET }, logger: logs.logger });
  });
  afterAll(() => subgraph?.stop());

  async function post(headers: Record<string, string>, query = "{ __typename }") {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("an empty x-dos-caller-id is the same as none: the request runs as caller `router`", async () => {
    const withEmpty = await post({ "x-router-secret": ROUTER_SECRET, "x-dos-caller-id": "", "x-dos-scopes": "" });
    expect(withEmpty).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
  });

  it("an empty x-dos-scopes makes a public caller: professional-only fields are FORBIDDEN, no DoS call", async () => {
    await subgraph.resetSimulator();
    const reply = await post({ "x-router-secret": ROUTER_SECRET, "x-dos-caller-id": "" }, "{ hospitalCapacities { name } }");
    expect(reply.status).toBe(200);
    expect((reply.body.errors as { extensions: { code: string } }[])[0].extensions.code).toBe("FORBIDDEN");
    expect((await subgraph.simulatorCalls()).GetHospitalScores).toBe(0);
  });

  it.each([
    ["x-dos-caller-id", "INVALID_CALLER_ID_HEADER", "has spaces<script>"],
    ["x-dos-caller-id", "INVALID_CALLER_ID_HEADER", "x".repeat(129)],
    ["x-dos-scopes", "INVALID_SCOPES_HEADER", "dos:professional <b>secret-value</b>"],
    ["x-dos-scopes", "INVALID_SCOPES_HEADER", "s ".repeat(21)],
  ] as const)("a malformed %s is refused with 400 %s, naming the header and format, never the value", async (header, code, value) => {
    const reply = await post({ "x-router-secret": ROUTER_SECRET, [header]: value });
    expect(reply).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: `The ${header} header is malformed: it must be ${HEADER_FORMATS[header]}.`,
            extensions: { code, header },
          },
        ],
      },
    });
    const text = JSON.stringify(reply.body);
    expect(text).not.toContain(value.trim().slice(0, 12));
    expect(logs.text()).not.toContain(value.trim().slice(0, 12));
  });

  it("without the secret a malformed header is still UNAUTHENTICATED: only the router learns the formats", async () => {
    const reply = await post({ "x-dos-caller-id": "has spaces" });
    expect(reply.status).toBe(401);
    expect((reply.body.errors as { extensions: { code: string } }[])[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("GraphiQL: the page is served without credentials in development; its queries still need them", async () => {
    const page = await fetch(subgraph.url, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect([page.status, page.headers.get("content-type"), page.headers.get("cache-control")]).toEqual([
      200,
      "text/html; charset=utf-8",
      "no-store",
    ]);
    expect((await page.text()).includes("DoS subgraph")).toBe(true);
    // A GET operation (what a JSON client sends) is not the page and still needs the secret.
    const operation = await fetch(`${subgraph.url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(operation.status).toBe(401);
    // Even asking for HTML with a query never runs it: the answer is the page, not data.
    const htmlWithQuery = await fetch(`${subgraph.url}?query=${encodeURIComponent("{ hospitalCapacities { name } }")}`, {
      headers: { accept: "text/html" },
    });
    expect([htmlWithQuery.status, htmlWithQuery.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect((await htmlWithQuery.text()).startsWith("{")).toBe(false);
  });

  it("docs/errors.md and the README state both header formats exactly", () => {
    // docs/errors.md is a table, where `|` is written `\\|`.
    const errorsDoc = readFileSync(path.join(ROOT, "docs/errors.md"), "utf8").replaceAll("\\|", "|");
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const format of Object.values(HEADER_FORMATS)) {
      expect(errorsDoc).toContain(format);
      expect(readme).toContain(format);
    }
  });
});

describe("GraphiQL in production", () => {
  it("is not served before authentication, even with INTROSPECTION=true", async () => {
    const subgraph = await startSubgraph({
      env: { NODE_ENV: "production", INTROSPECTION: "true", AUTH_MODE: "router-secret", ROUTER_SECRET, ALLOW_PUBLIC_ON_MAIN_ACCOUNT: "true" },
    });
    try {
      const page = await fetch(subgraph.url, { headers: { accept: "text/html" } });
      expect(page.status).toBe(401);
    } finally {
      await subgraph.stop();
    }
  });
});
