import { randomUUID } from "node:crypto";
import { type ExpressContextFunctionArgument } from "@as-integrations/express5";
import { type DosClient } from "../dos/types";
import { createDosLoaders, type DosLoaders } from "../graphql/loaders";
import { type Logger } from "../logger";

/** Who is asking. Every caller is a professional for now; a later issue derives this from authentication. */
export interface Caller {
  audience: "professional" | "public";
  id: string;
}

/** The per-request GraphQL context. Resolver classes are singletons: per-request state lives only here. */
export interface Context {
  /** Fresh for every request, never shared or cached across requests. */
  loaders: DosLoaders;
  dos: DosClient;
  logger: Logger;
  requestId: string;
  /** The clock for "now" decisions (openNow, searchDateTime bounds); injectable for tests. */
  now: () => Date;
  caller: Caller;
  /** Aborted when the HTTP client goes away before the response is sent. */
  signal: AbortSignal;
}

export interface ContextDependencies {
  dos: DosClient;
  logger: Logger;
  now: () => Date;
  dosConcurrency: number;
  /** Decides the caller from the request (the guardrails issue plugs authentication in here). */
  identifyCaller?: (request: ExpressContextFunctionArgument["req"]) => Caller | Promise<Caller>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const anonymousProfessional: Caller = Object.freeze({ audience: "professional", id: "anonymous" });

export function createContextFactory(deps: ContextDependencies) {
  return async ({ req, res }: ExpressContextFunctionArgument): Promise<Context> => {
    const header = req.get("x-request-id");
    const requestId = header && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader("x-request-id", requestId);

    const abort = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });

    const caller = deps.identifyCaller ? await deps.identifyCaller(req) : anonymousProfessional;
    return {
      loaders: createDosLoaders(deps.dos, {
        concurrency: deps.dosConcurrency,
        callOptions: { signal: abort.signal },
      }),
      dos: deps.dos,
      logger: deps.logger.child({ requestId }),
      requestId,
      now: deps.now,
      caller,
      signal: abort.signal,
    };
  };
}
