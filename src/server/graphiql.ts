import { createHash } from "node:crypto";
import { type ApolloServerPlugin } from "@apollo/server";
import { type RequestHandler } from "express";
import { type GraphQLSchema } from "graphql";
import { type Config } from "../config";
import { GraphiqlAssets, loadYogaGraphiqlBundle } from "./graphiql-assets";
import { clientIntrospection, exampleTabs, welcomeTab } from "./graphiql-tabs";

export { GRAPHIQL_ASSETS_PATH } from "./graphiql-assets";

export interface GraphiqlWorkbench {
  /** Apollo Server's landing page (GET /graphql from a browser): a small page, `no-store` like every other. */
  readonly landingPage: ApolloServerPlugin;
  /** Its scripts, styles, workers, icon and schema, for `GET ${GRAPHIQL_ASSETS_PATH}/:name`. */
  readonly assets: GraphiqlAssets;
  /** The page's HTML (prepared, with the files, on first call). */
  page(): string;
}

export interface GraphiqlOptions {
  /** The GraphQL path the page queries (same origin). */
  endpoint: string;
  /** The built subgraph schema: which fields need the professional scope. */
  schema: GraphQLSchema;
  authMode: Config["auth"]["mode"];
}

/**
 * GraphiQL as a workbench, fully offline (no CDN): a welcome tab explaining the router's headers, then one tab per
 * operation in `examples/` with its variables; the docs show the client-facing API (`schema/schema.graphql`).
 * GraphiQL itself is @graphql-yoga/render-graphiql's bundle, split into same-origin files with content-hashed URLs
 * (src/server/graphiql-assets.ts). Everything is prepared on the first page request: a process that never serves
 * GraphiQL never loads the 9 MB bundle.
 */
export function createGraphiqlWorkbench(options: GraphiqlOptions): GraphiqlWorkbench {
  const assets = new GraphiqlAssets();
  let html: string | undefined;

  const render = (): string => {
    const bundle = loadYogaGraphiqlBundle();
    const workers = {
      editorWorkerService: assets.add("editor.worker", "js", "text/javascript; charset=utf-8", bundle.editorWorkerService).url,
      json: assets.add("json.worker", "js", "text/javascript; charset=utf-8", bundle.jsonWorker).url,
      graphql: assets.add("graphql.worker", "js", "text/javascript; charset=utf-8", bundle.graphqlWorker).url,
    };
    const graphiqlJs = assets.add("graphiql", "js", "text/javascript; charset=utf-8", bundle.js);
    const css = assets.add("graphiql", "css", "text/css; charset=utf-8", bundle.css);
    // Our own icon: Yoga's is a 150 kB multi-size .ico.
    const favicon = assets.add("favicon", "svg", "image/svg+xml", FAVICON_SVG);
    const schema = assets.add("schema", "json", "application/json", JSON.stringify(clientIntrospection()));
    const workbench = assets.add("workbench", "js", "text/javascript; charset=utf-8", WORKBENCH_SCRIPT);

    const tabs = [welcomeTab(options.schema, options.authMode), ...exampleTabs(options.schema, options.authMode)];
    const config = {
      title: "DoS subgraph",
      endpoint: options.endpoint,
      schemaUrl: schema.url,
      workers,
      tabs,
      // GraphiQL keeps tabs in localStorage; a new set of examples starts afresh instead of hiding behind old tabs.
      storageKey: createHash("sha256").update(JSON.stringify(tabs)).digest("hex").slice(0, 12),
    };
    return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>DoS subgraph · GraphiQL</title>
    <link rel="icon" href="${favicon.url}" />
    <link rel="stylesheet" href="${css.url}" />
    <script type="application/json" id="dos-graphiql-config">${scriptSafeJson(config)}</script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script src="${workbench.url}"></script>
    <script src="${graphiqlJs.url}"></script>
  </body>
</html>
`;
  };

  const page = () => (html ??= render());
  return {
    assets,
    page,
    landingPage: {
      async serverWillStart() {
        return {
          async renderLandingPage() {
            return { html: async () => page() };
          },
        };
      },
    },
  };
}

const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#005eb8"/><text x="16" y="21" font-family="Arial,sans-serif" font-size="12" font-weight="700" fill="#fff" text-anchor="middle">DoS</text></svg>`;

// Private: JSON inside <script>: nothing in it can close the element or open a comment.
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * Runs before GraphiQL's bundle: tells Monaco where its workers are (same-origin files, not blob URLs), then, once
 * the bundle has loaded, fetches the client API's introspection and renders GraphiQL with it (so GraphiQL never
 * introspects the subgraph, which would show federation's fields and needs the router's headers).
 */
const WORKBENCH_SCRIPT = `(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dos-graphiql-config").textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label] || config.workers.editorWorkerService;
    },
  };
  var prefix = "dos-subgraph:" + config.storageKey + ":";
  var storage = {
    getItem: function (key) { return localStorage.getItem(prefix + key); },
    setItem: function (key, value) { localStorage.setItem(prefix + key, value); },
    removeItem: function (key) { localStorage.removeItem(prefix + key); },
    clear: function () {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) localStorage.removeItem(key);
      }
    },
    key: function (index) { return localStorage.key(index); },
    get length() { return localStorage.length; },
  };
  window.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("root");
    fetch(config.schemaUrl)
      .then(function (response) {
        if (!response.ok) throw new Error("the API schema: HTTP " + response.status);
        return response.json();
      })
      .then(function (schema) {
        YogaGraphiQL.renderYogaGraphiQL(root, {
          title: config.title,
          endpoint: config.endpoint,
          schema: schema,
          defaultTabs: config.tabs,
          storage: storage,
        });
      })
      .catch(function (error) {
        root.textContent = "GraphiQL could not start: " + error.message;
        console.error(error);
      });
  });
})();
`;

/**
 * The workbench page in front of authentication, for development (issue 13): a browser's `GET /graphql` asking for
 * HTML gets the page whatever `AUTH_MODE` is. It only ever answers with the page, never runs an operation, so the
 * operations GraphiQL sends still need credentials (its headers pane). Anything else passes through.
 */
export function graphiqlBeforeAuthentication(workbench: Pick<GraphiqlWorkbench, "page">): RequestHandler {
  return (req, res, next) => {
    const preferred = req.accepts(["application/json", "application/graphql-response+json", "text/html"]);
    if (req.method !== "GET" || preferred !== "text/html") return next();
    res.type("html").send(workbench.page());
  };
}
