import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import { type RequestHandler } from "express";

/**
 * GraphiQL's static files, served same-origin under `/graphiql/` with content-hashed names
 * (`graphiql.3f9c0a1b2c3d4e5f.js`), compressed (brotli, gzip as the fallback, identity otherwise) and cacheable for a
 * year (`Cache-Control: public, max-age=31536000, immutable`). They hold no DoS data, so they are the one
 * exception to `no-store`; the page that references them, and every API response, stay `no-store`.
 *
 * The files come from @graphql-yoga/render-graphiql, which ships GraphiQL (React, Monaco, its workers, CSS) as
 * strings meant to be inlined: 9 MB per page load. Compression is done once per file and encoding, on first
 * request, on libuv's thread pool (brotli quality 9: under a second of CPU for the lot, 2.1 MB): a process that never
 * serves GraphiQL never pays for it.
 */
export const GRAPHIQL_ASSETS_PATH = "/graphiql";

export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface Asset {
  /** The public name, `<stem>.<hash>.<ext>`; its URL is `${GRAPHIQL_ASSETS_PATH}/${name}`. */
  readonly name: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

type Encoding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export class GraphiqlAssets {
  private readonly byName = new Map<string, Asset>();
  private readonly compressed = new Map<string, Promise<Buffer>>();

  /** Adds a file; the hash is of its content, so a changed file gets a new URL. */
  add(stem: string, extension: string, contentType: string, content: string | Buffer): Asset {
    const body = typeof content === "string" ? Buffer.from(content) : content;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const name = `${stem}.${hash}.${extension}`;
    const asset = { name, url: `${GRAPHIQL_ASSETS_PATH}/${name}`, contentType, body };
    this.byName.set(name, asset);
    return asset;
  }

  get(name: string): Asset | undefined {
    return this.byName.get(name);
  }

  all(): Asset[] {
    return [...this.byName.values()];
  }

  /** Express handler for `GET ${GRAPHIQL_ASSETS_PATH}/:name`. Unknown names fall through (404, no-store). */
  readonly handler: RequestHandler<{ name: string }> = (req, res, next) => {
    const asset = this.byName.get(req.params.name);
    if (!asset) return next();
    const encoding = negotiate(req.headers["accept-encoding"]);
    this.encoded(asset, encoding).then(body => {
      res.setHeader("Cache-Control", IMMUTABLE_CACHE_CONTROL);
      res.setHeader("Content-Type", asset.contentType);
      res.setHeader("Vary", "Accept-Encoding");
      if (encoding) res.setHeader("Content-Encoding", encoding);
      res.setHeader("Content-Length", body.length);
      res.end(req.method === "HEAD" ? undefined : body);
    }, next);
  };

  /** The body as sent with `encoding` (compressed once, then kept). */
  encoded(asset: Asset, encoding: Encoding | undefined): Promise<Buffer> {
    if (!encoding) return Promise.resolve(asset.body);
    const key = `${encoding}:${asset.name}`;
    let body = this.compressed.get(key);
    if (!body) {
      body =
        encoding === "br"
          ? brotli(asset.body, {
              params: {
                [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
                [zlibConstants.BROTLI_PARAM_SIZE_HINT]: asset.body.length,
                [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
              },
            })
          : gzipAsync(asset.body, { level: 9 });
      this.compressed.set(key, body);
      body.catch(() => this.compressed.delete(key));
    }
    return body;
  }
}

/** brotli if the client takes it, else gzip, else none. A `;q=0` refuses that encoding. */
export function negotiate(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Set(
    (acceptEncoding ?? "")
      .split(",")
      .map(part => part.trim().toLowerCase().split(";"))
      .filter(([, ...params]) => !params.some(param => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([coding]) => coding.trim()),
  );
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return undefined;
}

/** The pieces of GraphiQL that @graphql-yoga/render-graphiql bundles (its `graphiql.js`, beside its entry). */
export interface YogaGraphiqlBundle {
  js: string;
  css: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

export function loadYogaGraphiqlBundle(): YogaGraphiqlBundle {
  // The package's exports map only exposes its entry; the bundle module sits beside it. An absolute path is
  // outside the exports map's reach, and the module's shape is checked here rather than trusted.
  const entry = require.resolve("@graphql-yoga/render-graphiql");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(path.join(path.dirname(entry), "graphiql.js")) as Partial<YogaGraphiqlBundle>;
  for (const key of ["js", "css", "editorWorkerService", "jsonWorker", "graphqlWorker"] as const) {
    if (typeof bundle[key] !== "string") {
      throw new Error(`@graphql-yoga/render-graphiql no longer exports "${key}" from graphiql.js`);
    }
  }
  return bundle as YogaGraphiqlBundle;
}
