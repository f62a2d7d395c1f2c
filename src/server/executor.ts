import path from "node:path";
import { type ApolloServer } from "@apollo/server";
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { type Logger } from "../logger";
import { type Context } from "./context";

/**
 * How a GraphQL operation is executed (issue 16). graphql-js interprets the document afresh on every request:
 * for the wide search that is about 15% of the subgraph's CPU, most of it work that only depends on the document
 * (collecting fields, looking up their definitions, argument maps for fields that have none). graphql-jit
 * compiles a document once into a function that does only the per-request part; it executes the same schema,
 * resolvers included, with the same semantics (null propagation, error paths).
 *
 * A document is compiled the second time it is executed, never the first: Apollo Server's document store hands
 * back the same DocumentNode for a query text it has already parsed and validated, so a document seen twice is
 * one the store keeps, and a client sending a new document on every request (literals instead of variables)
 * makes graphql-js interpret it rather than making the subgraph compile code per request. At most
 * MAX_COMPILED_DOCUMENTS documents' compiled code is kept, the least recently used dropped first.
 *
 * graphql-js still executes:
 *  - `first-use`: a document's first execution, as above;
 *  - `field-hooks`: a request whose plugins observe each field (`willResolveField`: Apollo's inline trace, asked
 *    for with `apollo-federation-include-trace: ftv1`); Apollo Server installs those hooks by wrapping the
 *    resolvers of the schema it executes, which compiled code, built from its own schema, does not call;
 *  - `variables`: a request whose variables do not coerce: nothing was resolved, and graphql-js's refusal is the
 *    one clients know (its messages and its 400);
 *  - `no-operation`: the document has no operation of the requested name (graphql-js's error is the answer);
 *  - `not-compilable`: a document graphql-jit cannot compile (logged when found).
 * Every execution is counted by executor and reason (`dos_subgraph_graphql_executions_total`) and recorded on
 * the request's context (`Context.execution`); test/graphql/execution-corpus.test.ts holds both executors to the
 * same answers.
 *
 * Compiled code is built from `compileSchema`, a second build of the subgraph schema that Apollo Server never
 * sees: once a request has asked for field hooks, Apollo Server has wrapped every resolver of its schema, and
 * code compiled from it would call a wrapper for every field, even a plain property. It must be the same schema
 * as Apollo Server's: graphql-jit does not validate, and leaves out a field its schema lacks
 * (test/server/executor.test.ts compares the two builds' SDL).
 */
export const EXECUTOR_NAMES = ["compiled", "graphql-js"] as const;
export type ExecutorName = (typeof EXECUTOR_NAMES)[number];
export const EXECUTION_REASONS = [
  "compiled",
  "first-use",
  "field-hooks",
  "variables",
  "no-operation",
  "not-compilable",
] as const;
export type ExecutionReason = (typeof EXECUTION_REASONS)[number];

export interface ExecutionChoice {
  executor: ExecutorName;
  reason: ExecutionReason;
}

/** What Apollo Server passes its gateway executor (@apollo/server-gateway-interface), as far as read here. */
interface GatewayRequestContext {
  document: DocumentNode;
  /** The operation Apollo Server resolved from the document and the request's operationName, if any. */
  operation?: OperationDefinitionNode;
  request: { operationName?: string; variables?: Record<string, unknown> };
  context: Context;
  schema: GraphQLSchema;
}
type GatewayExecutor = (requestContext: GatewayRequestContext) => Promise<ExecutionResult>;

/** An operation compiled, or found not compilable. */
type Compilation = "not-compilable" | CompiledQuery;

/**
 * Documents whose compiled operations are kept, the least recently used dropped first. A router sends a few
 * dozen distinct operations; each compiled one holds its generated code (31 KB of source for the wide search).
 * Bounded apart from Apollo Server's document store, which is sized by query text, so that a caller cycling
 * through many distinct documents costs a bounded amount of memory (and, past this many, a compilation per reuse).
 */
export const MAX_COMPILED_DOCUMENTS = 100;

export interface ExecutorOptions {
  compileSchema: GraphQLSchema;
  logger: Logger;
  onExecuted: (choice: ExecutionChoice) => void;
  /** Default MAX_COMPILED_DOCUMENTS. */
  maxCompiledDocuments?: number;
}

export function createExecutor({
  compileSchema,
  logger,
  onExecuted,
  maxCompiledDocuments = MAX_COMPILED_DOCUMENTS,
}: ExecutorOptions): GatewayExecutor & { compiledDocuments(): DocumentNode[] } {
  /** Operations executed once (by document, then operation name; "" for none): compiled on their next use. */
  const seen = new WeakMap<DocumentNode, Set<string>>();
  /** Compiled operations by document, least recently used first (a Map keeps insertion order). */
  const compiled = new Map<DocumentNode, Map<string, Compilation>>();

  /** The operation's compilation, or undefined on its first use (which is recorded). */
  function compilationFor(document: DocumentNode, operationName: string | undefined): Compilation | undefined {
    const key = operationName ?? "";
    const byName = compiled.get(document);
    const found = byName?.get(key);
    if (found !== undefined) {
      // Most recently used: moved to the end.
      compiled.delete(document);
      compiled.set(document, byName!);
      return found;
    }
    let names = seen.get(document);
    if (!names) seen.set(document, (names = new Set()));
    if (!names.has(key)) {
      names.add(key);
      return undefined;
    }
    const compilation = compile(document, operationName);
    if (byName) byName.set(key, compilation);
    else {
      compiled.set(document, new Map([[key, compilation]]));
      // Evicted documents stay seen: compiled again on their next use.
      if (compiled.size > maxCompiledDocuments) compiled.delete(compiled.keys().next().value!);
    }
    return compilation;
  }

  function compile(document: DocumentNode, operationName: string | undefined): Compilation {
    const query = compileQuery(compileSchema, document, operationName, { disablingCapturingStackErrors: true });
    if (isCompiledQuery(query)) return query;
    // Apollo Server validated the document against the same SDL: graphql-jit refusing it is a gap in graphql-jit.
    logger.warn({ operationName, reason: query.errors?.[0]?.message }, "graphql-jit cannot compile an operation");
    return "not-compilable";
  }

  const executor: GatewayExecutor = async ({ document, operation, request, context, schema }) => {
    const name = request.operationName;
    const interpret = (reason: Exclude<ExecutionReason, "compiled">) => {
      record("graphql-js", reason);
      return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: name });
    };
    const record = (executor: ExecutorName, reason: ExecutionReason) => {
      context.execution = { executor, reason };
      onExecuted(context.execution);
    };
    // No operation to run (an unknown operationName): graphql-js says why, as Apollo Server has it say.
    if (!operation) return interpret("no-operation");
    if (fieldHooksActive(context)) return interpret("field-hooks");
    const compilation = compilationFor(document, name);
    if (compilation === undefined) return interpret("first-use");
    if (compilation === "not-compilable") return interpret("not-compilable");
    const result = await compilation.query(undefined, context, request.variables ?? {});
    // No `data` at all: the variables were refused before anything was resolved (a field error leaves `data`).
    if (!("data" in result) || result.data === undefined) return interpret("variables");
    record("compiled", "compiled");
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };
  // For tests: the documents whose compiled code is kept, least recently used first.
  return Object.assign(executor, { compiledDocuments: () => [...compiled.keys()] });
}

/**
 * Makes Apollo Server execute operations with `executor`. Apollo Server 5 has no public option for this: it
 * calls `internals.gatewayExecutor` when set (as it does for an Apollo Gateway) in place of graphql-js, after
 * parsing, validation and every plugin hook up to `executionDidStart`, and formats the result as its own.
 *
 * What it passes that executor is built per request by `makeGatewayGraphQLRequestContext`, a copy of the request
 * for gateways with accessor properties (a response whose `status` has a getter and a setter). Measured on the
 * wide search (`npm run bench -- --ab`), going through it promoted 128 MiB per 1,000 searches to the old
 * generation instead of 8, with 6.4 full collections per 1,000 instead of 0.5, whether the executor was compiled
 * code or graphql-js itself. So for an executor installed here that function answers the five fields the executor
 * reads, and Apollo's own for any other server in the process (an Apollo Gateway's).
 *
 * Both are internals of the pinned @apollo/server: an upgrade that moves either fails here at start-up, and in
 * test/server/executor.test.ts. So is the symbol `fieldHooksActive` looks for; that test fails if an ftv1
 * request stops being run by graphql-js.
 */
export function installExecutor(apollo: ApolloServer<Context>, executor: GatewayExecutor): void {
  const internals = (apollo as unknown as { internals?: { gatewayExecutor?: unknown } }).internals;
  if (!internals || internals.gatewayExecutor !== null) {
    throw new Error("@apollo/server has no internals.gatewayExecutor: pin the version src/server/executor.ts was written for");
  }
  leanGatewayContextFor.add(executor);
  internals.gatewayExecutor = executor;
  passLeanContextToExecutors();
}

/** The executors installed here, whose servers get a lean request context. */
const leanGatewayContextFor = new WeakSet<GatewayExecutor>();

/** The module, inside @apollo/server, whose export the request pipeline calls to build a gateway's context. */
export const GATEWAY_CONTEXT_MODULE = "utils/makeGatewayGraphQLRequestContext.js";
const LEAN = Symbol("dos-subgraph lean gateway context");

interface ApolloRequestContext {
  document: DocumentNode;
  operation?: OperationDefinitionNode;
  request: GatewayRequestContext["request"];
  contextValue: Context;
  schema: GraphQLSchema;
}
type MakeGatewayContext = ((
  requestContext: ApolloRequestContext,
  server: unknown,
  internals: { gatewayExecutor?: unknown },
) => unknown) & { [LEAN]?: true };

function passLeanContextToExecutors(): void {
  // By file path: the module is not among @apollo/server's package exports, which an import would go through.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const apolloModule = require(path.join(path.dirname(require.resolve("@apollo/server")), GATEWAY_CONTEXT_MODULE)) as {
    makeGatewayGraphQLRequestContext?: MakeGatewayContext;
  };
  const apollos = apolloModule.makeGatewayGraphQLRequestContext;
  if (typeof apollos !== "function") {
    throw new Error(`@apollo/server has no ${GATEWAY_CONTEXT_MODULE}: pin the version src/server/executor.ts was written for`);
  }
  if (apollos[LEAN]) return;
  const lean: MakeGatewayContext = (requestContext, server, internals) => {
    const executor = internals.gatewayExecutor as GatewayExecutor;
    if (!leanGatewayContextFor.has(executor)) return apollos(requestContext, server, internals);
    const { document, operation, request, contextValue, schema } = requestContext;
    return { document, operation, request, context: contextValue, schema } satisfies GatewayRequestContext;
  };
  lean[LEAN] = true;
  apolloModule.makeGatewayGraphQLRequestContext = lean;
}

/** The description of the symbol Apollo Server marks a request's context with when it has per-field hooks. */
const FIELD_HOOKS_SYMBOL = "apolloServerExecutionDispatcherWillResolveField";

/**
 * Whether Apollo Server installed per-field hooks for this request: it marks the context with a symbol of its
 * own (utils/schemaInstrumentation.js) that its wrapped resolvers read.
 */
function fieldHooksActive(context: Context): boolean {
  for (const symbol of Object.getOwnPropertySymbols(context)) {
    if (symbol.description === FIELD_HOOKS_SYMBOL) return true;
  }
  return false;
}

/**
 * graphql-jit's errors are its own objects on GraphQLError's prototype, without `nodes` or `extensions` unless
 * the original error had them: rebuilt as graphql-js builds a field error (message, path, the original error and
 * its extensions), with graphql-jit's locations, which are the field's.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  (rebuilt as { locations?: GraphQLError["locations"] }).locations = error.locations;
  return rebuilt;
}
