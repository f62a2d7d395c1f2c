import fs from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { type MeshFetch } from "@graphql-mesh/types";
import { createExecutorFromSchemaAST, SOAPLoader } from "@omnigraph/soap";
import { type ExecutionResult } from "graphql";
import { createYoga, type Plugin } from "graphql-yoga";

/*
 * The generic peer for `npm run bench`: GraphQL Mesh's SOAP engine (@omnigraph/soap) over the same WSDL and the
 * same simulator as the subgraph, served by graphql-yoga. This is what a team gets from the WSDL alone: a
 * schema shaped like the XML (operations as root fields named after the port, credentials in the arguments,
 * XML element names as fields), no validation, no batching.
 *
 *   node --import tsx bench/mesh-peer.ts --dos-url http://127.0.0.1:PORT/app/api/webservices [--port 0]
 *
 * Prints `mesh-peer ready at http://127.0.0.1:PORT/graphql` once it serves. Two edits to the WSDL text, each
 * asserted so that a changed WSDL fails loudly instead of benchmarking something else:
 *  1. the service address becomes --dos-url (what DOS_URL does for the subgraph);
 *  2. CheckCapacitySummary's `disposition` gets minOccurs="0". The published WSDL requires it, but DoS matches
 *     every disposition when it is absent (docs/dos-soap-spec.md §5.2 #7) and the benchmark's search sends
 *     none, as the subgraph does; without this edit Mesh's schema makes it `Int!` and the peer could not run
 *     the same search.
 */

const ROOT = path.resolve(__dirname, "..");
const WSDL_PATH = path.join(ROOT, "schema", "dos", "dos-v1.5.wsdl");
const PUBLISHED_ADDRESS = /(<soap12:address location=")[^"]+(")/;
const REQUIRED_DISPOSITION = /(<xs:element name="disposition" type="xs:int" minOccurs=")1(")/;

const { values } = parseArgs({
  options: { "dos-url": { type: "string" }, port: { type: "string", default: "0" } },
  strict: true,
});

/** The WSDL as Mesh gets it: the project's own file with the two edits described above. */
function wsdlForPeer(wsdl: string, dosUrl: string): string {
  if (!PUBLISHED_ADDRESS.test(wsdl))
    throw new Error(`${WSDL_PATH} has no soap12:address to point at the simulator`);
  if (!REQUIRED_DISPOSITION.test(wsdl))
    throw new Error(`${WSDL_PATH}: CheckCapacitySummary disposition not found`);
  return wsdl.replace(PUBLISHED_ADDRESS, `$1${dosUrl}$2`).replace(REQUIRED_DISPOSITION, "$10$2");
}

// Private: yoga executes through Mesh's SOAP executor (root fields POST SOAP envelopes, the rest reads the parsed
// XML), as a Mesh gateway does for a SOAP source.
function meshSoapExecution(executor: ReturnType<typeof createExecutorFromSchemaAST>): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(
        (args) =>
          executor({
            document: args.document,
            variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined,
            context: args.contextValue,
          }) as Promise<ExecutionResult>,
      );
    },
  };
}

async function main(): Promise<void> {
  const dosUrl = values["dos-url"];
  if (!dosUrl || !/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost):\d+\//.test(dosUrl)) {
    throw new Error("--dos-url must be the simulator's loopback SOAP URL");
  }
  const fetchForMesh = globalThis.fetch as unknown as MeshFetch;
  const loader = new SOAPLoader({ fetch: fetchForMesh });
  await loader.loadWSDL(wsdlForPeer(fs.readFileSync(WSDL_PATH, "utf8"), dosUrl));
  const schema = loader.buildSchema();
  const yoga = createYoga({
    schema,
    plugins: [meshSoapExecution(createExecutorFromSchemaAST(schema, fetchForMesh))],
    logging: false,
    graphiql: false,
    landingPage: false,
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(Number(values.port), "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`mesh-peer ready at http://127.0.0.1:${port}${yoga.graphqlEndpoint}\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mesh-peer could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
