import { type ApolloServerPlugin } from "@apollo/server";
import { type RequestHandler } from "express";

/** What GraphiQL opens with: a search that returns services on the embedded simulator. */
const DEFAULT_QUERY = `# DoS subgraph. Ctrl+Enter runs the query; the docs pane lists every type and field.
query DemoServiceSearch {
  serviceSearch(
    input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" }
  ) {
    transactionId
    results {
      rank
      distanceMiles
      service { id displayName type { name } capacity { rag } openNow endpoints { transport address } }
    }
  }
}
`;

/**
 * GraphiQL as Apollo Server's landing page (GET /graphql from a browser), fully offline:
 * @graphql-yoga/render-graphiql inlines the whole bundle, where Apollo's own pages load from Apollo's CDNs.
 * The ~9 MB page is rendered on first use only.
 */
export function graphiqlLandingPage(endpoint: string): ApolloServerPlugin {
  const html = graphiqlHtml(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/**
 * The same page in front of authentication, for development (issue 13): a browser's `GET /graphql` asking for
 * HTML gets GraphiQL whatever `AUTH_MODE` is. It only ever answers with the page, never runs an operation, so
 * the queries GraphiQL sends still need credentials (GraphiQL's headers pane). Anything else passes through.
 */
export function graphiqlBeforeAuthentication(endpoint: string): RequestHandler {
  const html = graphiqlHtml(endpoint);
  return (req, res, next) => {
    if (req.method !== "GET" || req.accepts(["application/json", "application/graphql-response+json", "text/html"]) !== "text/html") {
      return next();
    }
    html().then(page => res.type("html").send(page), next);
  };
}

// Private: renders the page once, on first use.
function graphiqlHtml(endpoint: string): () => Promise<string> {
  let html: string | undefined;
  return async () => {
    if (html === undefined) {
      const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
      html = renderGraphiQL({ endpoint, title: "DoS subgraph", defaultQuery: DEFAULT_QUERY });
    }
    return html;
  };
}
