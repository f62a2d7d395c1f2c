/**
 * The fast response decoder (src/dos/xml-reader.ts) against node-soap, the reference: the same responses through
 * two real clients, one per decoder, must give deep-equal domain objects, or the same error. Responses are every
 * published DoS sample (../shared), the project's own fixtures, and a few hundred random simulator answers.
 */
import { type ManagedDosClient } from "../../src/dos/client";
import { DosError, DosFault } from "../../src/dos/errors";
import { decodeCounts, type ResponseDecoder } from "../../src/dos/soap";
import { type CheckCapacitySummaryRequest } from "../../src/dos/types";
import { readXml, XmlReadError } from "../../src/dos/xml-reader";
import { dispositions } from "../../src/reference";
import { startSimulator } from "../../src/simulator";
import { BRISTOL_SEARCH, clientFor, startDosServer, type DosServer } from "./helpers/dos-server";
import { randomSearch, randomSource } from "./helpers/random-requests";
import { responseFiles } from "./helpers/response-files";

type Outcome = { ok: unknown } | { error: string; code?: number; kind?: string };

async function outcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await call };
  } catch (error) {
    if (!(error instanceof DosError)) throw error;
    return { error: error.name, code: error instanceof DosFault ? error.code : undefined, kind: error.kind };
  }
}

/**
 * `call`'s outcome, proving that exactly one response was decoded, by `decoder` (the decoders have no fallback
 * to each other: a fast reader that threw would show as an error here, never as node-soap's result).
 */
async function decodedBy(decoder: ResponseDecoder, call: Promise<unknown>): Promise<Outcome> {
  const before = decodeCounts();
  const result = await outcome(call);
  const after = decodeCounts();
  expect({ fast: after.fast - before.fast, nodeSoap: after["node-soap"] - before["node-soap"] }).toEqual(
    decoder === "fast" ? { fast: 1, nodeSoap: 0 } : { fast: 0, nodeSoap: 1 },
  );
  return result;
}

const OPERATIONS = ["CheckCapacitySummary", "ServiceDetailsById", "GetHospitalScores"] as const;

function callFor(client: ManagedDosClient, operation: (typeof OPERATIONS)[number]): Promise<unknown> {
  switch (operation) {
    case "CheckCapacitySummary":
      return client.checkCapacitySummary(BRISTOL_SEARCH);
    case "ServiceDetailsById":
      return client.serviceDetailsById("1419419101");
    case "GetHospitalScores":
      return client.getHospitalScores();
  }
}

describe("fast decoder vs node-soap over published samples and our fixtures", () => {
  let server: DosServer;
  let fast: ManagedDosClient;
  let reference: ManagedDosClient;

  beforeAll(async () => {
    server = await startDosServer();
    fast = await clientFor(server, { decoder: "fast" });
    reference = await clientFor(server, { decoder: "node-soap" });
  });
  afterAll(async () => {
    await fast?.close();
    await reference?.close();
    await server?.close();
  });

  const files = responseFiles();
  it("finds the samples", () => expect(files.length).toBeGreaterThanOrEqual(15));

  it.each(files.map(file => [file.name, file.body]))("%s: same result or error for every operation", async (_name, body) => {
    const status = /:Fault[\s>]/.test(body) ? 500 : 200;
    server.answer((_request, response) => {
      response.writeHead(status, { "Content-Type": "application/soap+xml; charset=utf-8" });
      response.end(body);
    });
    let succeeded = 0;
    for (const operation of OPERATIONS) {
      const expected = await decodedBy("node-soap", callFor(reference, operation));
      const actual = await decodedBy("fast", callFor(fast, operation));
      expect({ operation, outcome: actual }).toEqual({ operation, outcome: expected });
      if ("ok" in expected) succeeded++;
    }
    // A success sample answers exactly its own operation; a fault sample none.
    expect(succeeded).toBeLessThanOrEqual(1);
  });
});

describe("fast decoder vs node-soap over random simulator answers", () => {
  it("agrees on 300 random searches, service lookups and hospital scores", async () => {
    const simulator = await startSimulator({ port: 0, host: "127.0.0.1", seed: "differential" });
    // Each simulator answer is new (transaction ids, the capacity clock), so a replaying proxy hands both clients
    // the same bytes: the reference client's request goes to the simulator, the fast client's identical request
    // gets that answer again.
    const proxy = await startDosServer();
    let last: { request: string; status: number; body: string } | undefined;
    proxy.answer((request, response) => {
      const replay = last?.request === request.body ? last : undefined;
      const answer = replay
        ? Promise.resolve(replay)
        : fetch(simulator.soapUrl, {
            method: "POST",
            headers: { "content-type": String(request.headers["content-type"]) },
            body: request.body,
          }).then(async reply => ({ request: request.body, status: reply.status, body: await reply.text() }));
      void answer.then(recorded => {
        last = recorded;
        response.writeHead(recorded.status, { "Content-Type": "application/soap+xml; charset=utf-8" });
        response.end(recorded.body);
      });
    });
    const options = { account: { username: "demo", password: "demo" }, maxResponseBytes: 5 * 1024 * 1024 };
    const fast = await clientFor(proxy, { ...options, decoder: "fast" });
    const reference = await clientFor(proxy, { ...options, decoder: "node-soap" });
    try {
      const source = randomSource(20261122);
      const { random, pick } = source;
      const services = simulator.engine.services;
      let searchesWithServices = 0;
      for (let i = 0; i < 300; i++) {
        const kind = i % 10 < 7 ? "search" : i % 10 < 9 ? "details" : "scores";
        let call: (client: ManagedDosClient) => Promise<unknown>;
        if (kind === "search") {
          const request: CheckCapacitySummaryRequest = {
            ...randomSearch(source),
            disposition: random() < 0.5 ? pick(dispositions).dosId : undefined,
            searchDistance: random() < 0.3 ? 1 + Math.floor(random() * 60) : undefined,
          };
          call = client => client.checkCapacitySummary(request);
        } else if (kind === "details") {
          const service = pick(services);
          const key = random() < 0.5 ? String(service.id) : service.odsCode;
          call = client => client.serviceDetailsById(key);
        } else {
          call = client => client.getHospitalScores();
        }
        const expected = await decodedBy("node-soap", call(reference));
        const actual = await decodedBy("fast", call(fast));
        expect({ i, actual }).toEqual({ i, actual: expected });
        const found = (expected as { ok?: { services?: unknown[] } }).ok?.services?.length ?? 0;
        if (kind === "search" && found > 0) searchesWithServices++;
      }
      expect(searchesWithServices).toBeGreaterThan(50);
    } finally {
      await fast.close();
      await reference.close();
      await proxy.close();
      await simulator.stop();
    }
  }, 120_000); // 600 real SOAP exchanges: the default 20 s is not enough on a loaded 2-core machine
});

describe("readXml", () => {
  const read = (xml: string) => readXml(xml);

  it("matches elements by local name, keeps text, decodes entities and CDATA, and repeats become arrays", () => {
    expect(
      read(
        '<?xml version="1.0"?><!-- c --><s:E xmlns:s="x"><a:b>1 &lt; 2 &amp;&#65;&#x42;</a:b>' +
          "<c><![CDATA[<not a tag>]]></c><d/><d>x</d><d><e>y</e></d><n xsi:nil=\"true\">z</n>\n</s:E>",
      ),
    ).toEqual({ E: { b: "1 < 2 &AB", c: "<not a tag>", d: [null, "x", { e: "y" }], n: null } });
  });

  it.each([
    ["a DOCTYPE", '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ["a DOCTYPE inside the document element", '<a><!DOCTYPE a [<!ENTITY x "y">]>&x;</a>'],
    ["an undeclared entity", "<a>&x;</a>"],
    ["a bare ampersand", "<a>a & b</a>"],
    ["a bad character reference", "<a>&#0;</a>"],
    ["a truncated document", "<a><b>text</b"],
    ["a missing end tag", "<a><b></a>"],
    ["mismatched tags", "<a></b>"],
    ["two document elements", "<a/><b/>"],
    ["text outside the document element", "x<a/>"],
    ["a prototype-polluting name", "<a><__proto__><x>1</x></__proto__></a>"],
    ["nothing", ""],
  ])("refuses %s", (_case, xml) => {
    expect(() => read(xml)).toThrow(XmlReadError);
  });

  // Linear time on every shape of document, and the reader's bounds: test/dos/xml-reader.test.ts.
});
