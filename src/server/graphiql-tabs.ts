import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  type GraphQLSchema,
  introspectionFromSchema,
  type IntrospectionQuery,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { type Config } from "../config";
import { PROFESSIONAL_SCOPE } from "../graphql/authorization";

/** A GraphiQL tab (GraphiQL's `defaultTabs` entry): the editors' initial text. */
export interface WorkbenchTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The repository's example operations (`examples/<name>.graphql` + `<name>.variables.json`). */
export const EXAMPLES_DIR = path.resolve(__dirname, "../../examples");
/** The client-facing API schema (`npm run schema:print`; a test keeps it in step with the code). */
export const CLIENT_SCHEMA_FILE = path.resolve(__dirname, "../../schema/schema.graphql");

type AuthMode = Config["auth"]["mode"];

/** `Type.field` names that carry `@requiresScopes` in the built subgraph schema (the router and the subgraph obey it). */
export function professionalFields(schema: GraphQLSchema): string[] {
  const fields: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.astNode?.directives?.some(directive => directive.name.value === "requiresScopes")) {
        fields.push(`${type.name}.${field.name}`);
      }
    }
  }
  return fields.sort();
}

/**
 * One tab per example, in file-name order, with its variables. An example that selects a professional-only field
 * starts with a comment saying so (and which fields), and, behind a router, gets headers carrying the scope.
 * Missing `examples/` (the production image does not ship it) gives no example tabs.
 */
export function exampleTabs(schema: GraphQLSchema, authMode: AuthMode, examplesDir = EXAMPLES_DIR): WorkbenchTab[] {
  if (!existsSync(examplesDir)) return [];
  const names = readdirSync(examplesDir)
    .filter(file => file.endsWith(".graphql"))
    .sort()
    .map(file => file.slice(0, -".graphql".length));
  return names.map(name => {
    const query = readFileSync(path.join(examplesDir, `${name}.graphql`), "utf8");
    const variablesFile = path.join(examplesDir, `${name}.variables.json`);
    const variables = existsSync(variablesFile) ? readFileSync(variablesFile, "utf8").trim() : undefined;
    const needs = professionalFieldsUsed(schema, query);
    const note = needs.length
      ? `# Needs the ${PROFESSIONAL_SCOPE} scope (${needs.join(", ")}). Behind Apollo Router: x-dos-scopes: ${PROFESSIONAL_SCOPE}.\n`
      : "";
    return { query: note + query, variables: variables === "{}" ? undefined : variables, headers: headersFor(authMode, needs.length > 0) };
  });
}

/** The tab GraphiQL opens first: what the workbench is, and the headers a caller sends in router-secret mode. */
export function welcomeTab(schema: GraphQLSchema, authMode: AuthMode): WorkbenchTab {
  const here =
    authMode === "off"
      ? "This subgraph runs with AUTH_MODE=off: every request counts as a professional caller (local use only)."
      : `This subgraph runs with AUTH_MODE=${authMode}: fill in the Headers pane (below) before running a tab.`;
  const professional = professionalFields(schema).join(", ");
  const query = `# DoS subgraph workbench
#
# Each tab is an example operation from examples/ (explained in docs/graphql.md), with its variables.
# Ctrl+Enter runs the active tab. The Docs button (top left) shows the API a client can query.
#
# ${here}
#
# Behind Apollo Router (AUTH_MODE=router-secret) the subgraph trusts a request only with these headers:
#   x-router-secret  the shared secret (ROUTER_SECRET). Without it: HTTP 401, UNAUTHENTICATED, before any GraphQL.
#   x-dos-scopes     the caller's scopes, space-separated. "${PROFESSIONAL_SCOPE}" makes the caller a
#                    professional; without it these fields resolve to null with FORBIDDEN:
#                    ${professional}
#                    and searches run with the public-role DoS account.
#   x-dos-caller-id  who the caller is; the per-caller rate limit (RATE_LIMIT_PER_MINUTE) keys on it. Without it
#                    every request through the router is one caller, "router".
# With AUTH_MODE=jwt send "authorization: Bearer <token>" instead: scopes come from its scope/scp claim.
#
# This operation calls no DoS service: it reads the disposition reference table.
query Welcome {
  disposition(code: "Dx02") {
    code
    title
    timeFrameMinutes
  }
}
`;
  return { query, headers: headersFor(authMode, true) };
}

/**
 * The client-facing API as an introspection result, from `schema/schema.graphql`: what GraphiQL's docs and
 * validation use, so the explorer shows the API and not federation's machinery (`_entities`, `_service`,
 * `link__*`, `federation__*`).
 */
export function clientIntrospection(schemaFile = CLIENT_SCHEMA_FILE): IntrospectionQuery {
  return introspectionFromSchema(buildSchema(readFileSync(schemaFile, "utf8")), {
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    inputValueDeprecation: true,
  });
}

function professionalFieldsUsed(schema: GraphQLSchema, query: string): string[] {
  const document = parse(query);
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field?.astNode?.directives?.some(directive => directive.name.value === "requiresScopes")) {
          used.add(`${parent?.name}.${field.name}`);
        }
      },
    }),
  );
  return [...used].sort();
}

// Private: the Headers pane's text. Only where the subgraph reads headers; the secret is a placeholder, never
// the configured value.
function headersFor(authMode: AuthMode, professional: boolean): string | undefined {
  if (authMode === "router-secret") {
    const headers = {
      "x-router-secret": "<ROUTER_SECRET>",
      "x-dos-scopes": professional ? PROFESSIONAL_SCOPE : "",
      "x-dos-caller-id": "graphiql",
    };
    return JSON.stringify(headers, null, 2);
  }
  if (authMode === "jwt") return JSON.stringify({ authorization: "Bearer <token>" }, null, 2);
  return undefined;
}
