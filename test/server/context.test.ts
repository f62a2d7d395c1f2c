import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createLogger } from "../../src/logger";
import { createContextFactory } from "../../src/server/context";
import type { GraphqlRequest, GraphqlResponse } from "../../src/server/request-scope";
import type { DosGateway, OperationDos, OperationScope } from "../../src/upstream/gateway";

/*
 * The per-request context (src/server/context.ts) hands the DoS gateway an operation scope that outlives parts of
 * the request: in-flight DoS calls and their retries hold it. It must not hold the HTTP response. It did, through
 * a closure sharing the factory's scope with the client-went-away listener, and on Node 24 every search then
 * promoted about 6 KB to the old generation (BENCHMARKS.md, issue 16).
 */

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function request(): GraphqlRequest {
  return new IncomingMessage(new Socket()) as GraphqlRequest;
}

function response(req: GraphqlRequest): GraphqlResponse {
  const res = new ServerResponse(req) as GraphqlResponse;
  res.locals = { caller: { id: "test", audience: "professional", scopes: new Set(["dos:professional"]) } };
  return res;
}

describe("request context", () => {
  it("the operation's DoS scope does not keep the HTTP response alive", async () => {
    const scopes: OperationScope[] = [];
    const gateway = {
      forOperation(scope: OperationScope): OperationDos {
        scopes.push(scope);
        return {} as OperationDos;
      },
    } as unknown as DosGateway;
    const factory = createContextFactory({ gateway, logger: createLogger("silent"), now: () => new Date(), dosConcurrency: 4 });

    const req = request();
    let res: GraphqlResponse | undefined = response(req);
    const responseRef = new WeakRef(res);
    const context = await factory({ req, res });
    res = undefined;
    // A WeakRef's target is kept until the current job ends.
    await new Promise(resolve => setImmediate(resolve));
    collectGarbage();

    expect(scopes).toHaveLength(1);
    expect(typeof scopes[0].onWithheld).toBe("function");
    expect({ responseCollected: responseRef.deref() === undefined }).toEqual({ responseCollected: true });
    // What the scope is for still works without the response: the count reaches the request's context.
    scopes[0].onWithheld?.(2);
    expect(context.withheld?.count).toBe(2);
  });
});
