import { clientFor, fixture, soapReply, startDosServer, type Reply } from "./helpers/dos-server";

/*
 * The keep-alive agent: calls reuse connections, and a fan-out never opens more than `maxSockets` of them
 * (node-soap's default transport would open one per call).
 */

const answer = fixture("ServiceDetailsById", "email-endpoint-soap12");

function delayed(ms: number): Reply {
  return (request, response) => setTimeout(() => soapReply(answer)(request, response), ms);
}

it("reuses one connection for calls made one after another", async () => {
  const server = await startDosServer(soapReply(answer));
  const dos = await clientFor(server, { maxSockets: 4 });
  try {
    for (let call = 0; call < 5; call += 1) await dos.serviceDetailsById("2000037448");
    expect(server.requests).toHaveLength(5);
    expect(server.connectionCount()).toBe(1);
    expect(new Set(server.requests.map(request => request.connection))).toEqual(new Set([1]));
  } finally {
    await dos.close();
    await server.close();
  }
});

it("queues a fan-out of 40 concurrent calls on at most maxSockets connections", async () => {
  const server = await startDosServer(delayed(20));
  const dos = await clientFor(server, { maxSockets: 3 });
  let mostOpen = 0;
  const watcher = setInterval(() => (mostOpen = Math.max(mostOpen, server.openConnections())), 2);
  try {
    const results = await Promise.all(Array.from({ length: 40 }, () => dos.serviceDetailsById("2000037448")));
    expect(results.every(details => details[0].id === 2000037448)).toBe(true);
    expect(server.requests).toHaveLength(40);
    expect(server.connectionCount()).toBe(3);
    expect(mostOpen).toBeLessThanOrEqual(3);
  } finally {
    clearInterval(watcher);
    await dos.close();
    await server.close();
  }
});
