import http from "node:http";
import https from "node:https";
import { DosBadResponse, DosTimeout, DosUnavailable } from "./errors";

/**
 * HTTP for the DoS client: one POST per call over a bounded keep-alive agent, with a hard deadline and a
 * response size limit. It knows nothing of SOAP beyond "the answer must be XML", so a faster decoder can reuse
 * it unchanged.
 *
 * Node's own `http` rather than node-soap's axios: axios's `timeout` is an idle timer that a body trickling one
 * byte at a time never trips, and its errors carry the request (and so the DoS password) in `config.data`.
 * Every failure here is already a `DosError` built from fixed texts.
 */

export interface SoapTransportOptions {
  url: string;
  /** Connections kept to DoS, in use or idle; further calls queue for a free one. */
  maxSockets: number;
  maxResponseBytes: number;
}

export interface HttpRequest {
  body: string;
  headers: Readonly<Record<string, string>>;
  /** The whole exchange (connect, send, wait, read the body) must finish within this. */
  timeoutMs: number;
  /** Aborting fails the call with `DosUnavailable("aborted")` and closes its connection. */
  signal?: AbortSignal;
}

/** A response that may be SOAP: XML (or undeclared) content, any status. */
export interface HttpResponse {
  status: number;
  body: string;
}

export interface SoapTransport {
  post(request: HttpRequest): Promise<HttpResponse>;
  /** Closes idle and in-use connections; calls after this fail. */
  close(): void;
}

/**
 * Idle keep-alive connections are closed after this long, below the 5 s that common servers (Apache, the usual
 * front of a PHP service like DoS) allow, so that a call rarely picks a connection the server is closing. Node
 * also honours a shorter `Keep-Alive: timeout=` hint from the server.
 */
const IDLE_CONNECTION_MS = 4000;

export function createSoapTransport(options: SoapTransportOptions): SoapTransport {
  const url = new URL(options.url);
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:") throw new Error("The DoS URL must be http: or https:");
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    maxFreeSockets: options.maxSockets,
    timeout: IDLE_CONNECTION_MS,
    scheduling: "lifo" as const,
  };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = secure ? https.request : http.request;
  let closed = false;

  function post(request: HttpRequest): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      if (closed) return reject(new DosUnavailable("client closed"));
      if (request.signal?.aborted) return reject(new DosUnavailable("aborted"));

      let settled = false;
      const chunks: Buffer[] = [];
      let received = 0;
      const outgoing = send(url, {
        method: "POST",
        agent,
        headers: { ...request.headers, "Content-Length": Buffer.byteLength(request.body) },
      });

      const finish = (error: Error | undefined, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.signal?.removeEventListener("abort", onAbort);
        if (error) {
          outgoing.destroy();
          reject(error);
        } else {
          resolve(response!);
        }
      };
      const onAbort = () => finish(new DosUnavailable("aborted"));
      const deadline = setTimeout(() => finish(new DosTimeout(request.timeoutMs)), request.timeoutMs);
      request.signal?.addEventListener("abort", onAbort, { once: true });

      outgoing.on("error", error => finish(networkError(error)));
      outgoing.on("response", incoming => {
        const status = incoming.statusCode ?? 0;
        const declaredLength = Number(incoming.headers["content-length"] ?? 0);
        if (declaredLength > options.maxResponseBytes) return finish(tooLarge(options.maxResponseBytes));
        if (incoming.headers["content-encoding"] && incoming.headers["content-encoding"] !== "identity") {
          return finish(new DosBadResponse("compressed response (none was asked for)"));
        }
        incoming.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxResponseBytes) finish(tooLarge(options.maxResponseBytes));
          else chunks.push(chunk);
        });
        incoming.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          finish(responseProblem(status, incoming.headers["content-type"], body), { status, body });
        });
        // A connection that breaks mid-body ends the message incomplete (and may also emit an error).
        incoming.on("error", () => finish(new DosUnavailable("connection reset during the response")));
        incoming.on("close", () => {
          if (!incoming.complete) finish(new DosUnavailable("connection reset during the response"));
        });
      });
      outgoing.end(request.body);
    });
  }

  return {
    post,
    close() {
      closed = true;
      agent.destroy();
    },
  };
}

/**
 * Answers that cannot be SOAP, decided before any XML parsing. An HTML error page from a proxy (502, 503) means
 * DoS is unreachable; a non-XML 200 means something that is not DoS answered. A DOCTYPE is refused outright:
 * SOAP forbids it, and it is the vehicle for entity-expansion attacks. Only the prolog is looked at: a DOCTYPE
 * is only a declaration there, and both decoders refuse one anywhere else as malformed XML (./xml-reader.ts
 * accepts no `<!` but comments and CDATA; node-soap's strict sax parser no DOCTYPE after the document element).
 */
function responseProblem(status: number, contentType: string | undefined, body: string) {
  const declaredXml = contentType === undefined || /^(?:text\/xml|application\/(?:soap\+)?xml)\s*(?:;|$)/i.test(contentType);
  if (declaredXml && !hasDoctype(body)) return undefined;
  if (status >= 300) return new DosUnavailable(`HTTP ${status} without a SOAP response`, status);
  return new DosBadResponse(declaredXml ? "response contains a DOCTYPE" : "response is not XML");
}

/**
 * `<!DOCTYPE`, in any case, in the prolog: after the XML declaration, processing instructions, comments and
 * white space (other text is skipped: the decoders refuse it), before the first element. Reads only the prolog,
 * not the whole answer, which this once scanned on every response for about 2% of a search's CPU.
 */
function hasDoctype(body: string): boolean {
  let at = 0;
  for (;;) {
    at = body.indexOf("<", at);
    if (at === -1) return false;
    if (body.startsWith("<?", at)) at = body.indexOf("?>", at + 2);
    else if (body.startsWith("<!--", at)) at = body.indexOf("-->", at + 4);
    else return body.slice(at + 2, at + 9).toUpperCase() === "DOCTYPE" && body.startsWith("<!", at);
    if (at === -1) return false;
  }
}

function tooLarge(maxResponseBytes: number): DosBadResponse {
  return new DosBadResponse(`response larger than ${maxResponseBytes} bytes`);
}

// Private: fixed texts by error code; the error's own message can name hosts and addresses.
function networkError(error: NodeJS.ErrnoException): DosUnavailable | DosBadResponse {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return new DosUnavailable("connection refused");
  if (code === "ECONNRESET" || code === "EPIPE") return new DosUnavailable("connection reset");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new DosUnavailable("host not found");
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return new DosUnavailable("host unreachable");
  }
  if (code.startsWith("HPE_")) return new DosBadResponse("malformed HTTP response");
  if (/CERT|TLS|SSL/.test(code)) return new DosUnavailable("TLS handshake failed");
  return new DosUnavailable("network error");
}
