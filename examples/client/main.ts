/**
 * A typed GraphQL client for the DoS subgraph, to copy into a frontend or BFF: graphql-request with the typed
 * documents GraphQL Code Generator makes from examples/*.graphql (`npm run codegen`, codegen.yml →
 * examples/client/generated/graphql.ts). Variables and results are typed from the schema; errors are told apart by
 * `extensions.code` (docs/errors.md), never by message.
 *
 *   npm start                 # in another terminal: the subgraph on the embedded simulator
 *   npm run example:client    # DOS_SUBGRAPH_URL=http://localhost:4001/graphql by default
 *
 * It searches (a 40-year-old in Leeds, ankle pain, Dx02), looks up the first result by DoS id, then the services
 * sharing its ODS code, and shows how a refused search arrives (a postcode in Scotland). Exit status 0 when every operation was answered by
 * the subgraph (data, or errors that each carry a code); 1 when one was not (network failure, HTTP error without
 * GraphQL errors, an error without a code).
 */
import { ClientError, GraphQLClient } from "graphql-request";
import {
  ExampleServiceByIdDocument,
  ExampleServiceSearchDocument,
  ExampleServicesByOdsCodeDocument,
  type ExampleServiceSearchQueryVariables,
} from "./generated/graphql";

// This program's only setting. (The subgraph reads its own configuration in src/config.ts; this is a separate
// program, a client of it.)
// eslint-disable-next-line no-restricted-syntax
const url = process.env.DOS_SUBGRAPH_URL || "http://localhost:4001/graphql";

// Behind Apollo Router you would call the router, which adds the subgraph's headers. Called directly with
// AUTH_MODE=router-secret, the subgraph needs x-router-secret, x-dos-scopes and x-dos-caller-id (see GraphiQL).
const client = new GraphQLClient(url, { headers: { "x-dos-caller-id": "example-client" } });

/** What a GraphQL error carries that a client may act on. */
interface CodedError {
  code: string;
  message: string;
  path?: readonly (string | number)[];
}

type Outcome<T> = { ok: true; data: T } | { ok: false; errors: CodedError[] };

/** Runs one operation; GraphQL errors come back as codes, anything else (the network, HTTP) is thrown. */
async function run<T>(operation: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, data: await operation() };
  } catch (error) {
    if (error instanceof ClientError && error.response.errors?.length) {
      return {
        ok: false,
        errors: error.response.errors.map(e => ({
          code: typeof e.extensions?.code === "string" ? e.extensions.code : "",
          message: e.message,
          path: e.path,
        })),
      };
    }
    throw error;
  }
}

/** What a user of a frontend should see for each code (docs/errors.md lists them all). */
function explain(error: CodedError): string {
  switch (error.code) {
    case "INVALID_POSTCODE":
    case "POSTCODE_NOT_FOUND":
      return "check the postcode";
    case "POSTCODE_OUTSIDE_ENGLAND":
      return "DoS covers England only: direct the patient to their nation's service";
    case "NOT_FOUND":
      return "no such service";
    case "RATE_LIMITED":
    case "DOS_OVERLOADED":
      return "too many requests: wait and retry";
    case "DOS_TIMEOUT":
    case "DOS_UNAVAILABLE":
    case "DOS_BAD_RESPONSE":
      return "the Directory of Services is not answering: retry later, or use the fallback pathway";
    case "FORBIDDEN":
      return "this field needs the dos:professional scope";
    case "UNAUTHENTICATED":
      return "the request carries no valid credentials";
    default:
      return "unexpected: report it";
  }
}

let unanswered = 0;

function report<T>(title: string, outcome: Outcome<T>, show: (data: T) => string): void {
  if (outcome.ok) {
    console.log(`${title}: ${show(outcome.data)}`);
    return;
  }
  for (const error of outcome.errors) {
    if (!error.code) unanswered++;
    console.log(`${title}: ${error.code || "(no code)"} at ${error.path?.join(".") ?? "-"}: ${explain(error)} (${error.message})`);
  }
}

async function main(): Promise<void> {
  console.log(`DoS subgraph at ${url}`);
  const leeds: ExampleServiceSearchQueryVariables = {
    input: { postcode: "LS1 1UR", age: 40, symptomGroup: 1013, symptomDiscriminators: [4052], disposition: "Dx02" },
  };
  const search = await run(() => client.request(ExampleServiceSearchDocument, leeds));
  report("serviceSearch", search, data => {
    const results = data.serviceSearch.results;
    const top = results.slice(0, 3).map(r => `#${r.rank} ${r.service.displayName ?? r.service.id} (${r.distanceMiles ?? "?"} mi)`);
    return `${results.length} services; ${top.join(", ")}`;
  });

  const first = search.ok ? search.data.serviceSearch.results[0]?.service : undefined;
  const id = first?.id ?? "1355659482";
  const byId = await run(() => client.request(ExampleServiceByIdDocument, { id }));
  report("service", byId, data =>
    data.service ? `${data.service.id}: ODS ${data.service.odsCode ?? "-"}, ${data.service.endpoints?.length ?? 0} endpoints` : `${id}: none`,
  );

  // The services that share the first one's ODS code (a hospital site's ED, UTC and SDEC share one).
  const odsCode = (byId.ok ? byId.data.service?.odsCode : undefined) ?? "RNM01";
  report("servicesByOdsCode", await run(() => client.request(ExampleServicesByOdsCodeDocument, { odsCode })), data =>
    `${odsCode}: ${data.servicesByOdsCode.map(service => service.id).join(", ") || "none"}`,
  );

  // A refused search, to show the error path: a postcode in Scotland never reaches DoS.
  const scotland = { input: { ...leeds.input, postcode: "EH1 1YZ" } };
  report("serviceSearch (Edinburgh)", await run(() => client.request(ExampleServiceSearchDocument, scotland)), data =>
    `${data.serviceSearch.results.length} services`,
  );
}

main().then(
  () => {
    if (unanswered > 0) console.error(`${unanswered} error(s) without an extensions.code`);
    process.exit(unanswered > 0 ? 1 : 0);
  },
  (error: unknown) => {
    console.error(`The subgraph did not answer: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
