import { type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  GraphQLError,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  typeFromAST,
  valueFromASTUntyped,
} from "graphql";
import { type Config } from "../config";
import { parseRepresentation } from "../graphql/entities";
import { type ServiceSearchInput } from "../graphql/search/service-search.input";
import { toCheckCapacitySummaryRequest } from "../graphql/search/service-search.request";
import { parseOdsCode, parseServiceId } from "../graphql/service/identifiers";
import { type ErrorCode } from "./errors";

export type OperationCostLimits = Pick<
  Config["limits"],
  "dosCallsPerOperation" | "searchesPerOperation" | "entities"
>;

export interface OperationCost {
  /** DoS calls the operation will certainly make: searches + distinct service ids + distinct ODS codes + scores. */
  calls: number;
  /** CheckCapacitySummary calls (one per `serviceSearch` field; searches are never de-duplicated). */
  searches: number;
  /** `_entities` representations, valid or not. */
  entities: number;
}

export interface OperationRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The operation that will run (Apollo's `requestContext.operation`). */
  operation: OperationDefinitionNode;
  /** The request's raw variables, as the client sent them. */
  variables?: Readonly<Record<string, unknown>>;
  /** The clock the resolvers will use: searches with a `searchDateTime` out of bounds make no call. */
  now: Date;
  /** The caller's scopes: a field declaring `@requiresScopes` that the caller does not meet makes no call. */
  scopes: ReadonlySet<string>;
}

const NO_COST: OperationCost = Object.freeze({ calls: 0, searches: 0, entities: 0 });

/** How a root field costs DoS calls; `none` fields never call DoS (reference data, federation's `_service`). */
export type RootFieldCost =
  | "search"
  | "service-by-id"
  | "services-by-ods-code"
  | "hospital-scores"
  | "entities"
  | "none";

/**
 * Every root field of the schema, classified. `estimateOperationCost` handles each kind; a root field missing here
 * is counted as one DoS call (never silently 0), and test/server/root-field-costs.test.ts fails until it is
 * classified: it checks that this table names exactly the schema's root fields, and that each kind makes the
 * calls it says through the real stack.
 */
export const ROOT_FIELD_COSTS: Readonly<Record<string, RootFieldCost>> = Object.freeze({
  serviceSearch: "search",
  service: "service-by-id",
  servicesByOdsCode: "services-by-ods-code",
  hospitalCapacities: "hospital-scores",
  _entities: "entities",
  disposition: "none",
  dispositions: "none",
  _service: "none",
});

function rootFieldCost(name: string): RootFieldCost | undefined {
  return Object.hasOwn(ROOT_FIELD_COSTS, name) ? ROOT_FIELD_COSTS[name] : undefined;
}

/**
 * A lower bound of the DoS calls an operation will make, from its document and variables, before it runs: the
 * "before execution where possible" half of the anti-crawl budget (security.md §2.2; the execution-time half is
 * src/upstream/budget.ts). Only what certainly costs a call is counted, mirroring the resolvers and the request's
 * loaders (src/graphql/loaders.ts):
 *
 * - `serviceSearch`: 1 per field (aliases count; fields merged under one response key run once), unless its
 *   input fails the checks the resolver makes before calling DoS;
 * - `service(id)` and `_entities` Service representations share the `serviceById` loader: 1 per distinct valid id;
 * - `servicesByOdsCode(odsCode)` and `Organisation.services` under `_entities` Organisation representations share
 *   the `servicesByOdsCode` loader: 1 per distinct valid, upper-cased ODS code (Organisation representations
 *   cost nothing unless `services` is selected);
 * - `hospitalCapacities`: 1 per operation, for callers meeting its `@requiresScopes`;
 * - Disposition representations and root fields classified `none` (ROOT_FIELD_COSTS): 0;
 * - a root field ROOT_FIELD_COSTS does not know: 1 (assumed to call DoS; a test fails until it is classified).
 *
 * Fields excluded by `@skip`/`@include` and values the resolvers reject before calling (the same parsers,
 * src/graphql/service/identifiers.ts) are not counted. Variables that do not coerce mean the operation will not
 * run at all: cost 0 (Apollo Server rejects it with BAD_USER_INPUT).
 */
export function estimateOperationCost(request: OperationRequest): OperationCost {
  const { schema, document, operation } = request;
  const rootType = schema.getRootType(operation.operation);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
    maxErrors: 1,
  });
  if (!rootType || coerced.errors) return NO_COST;
  const selections = new SelectionCollector(schema, document, coerced.coerced);

  let searches = 0;
  let entities = 0;
  let hospitalScores = false;
  let unclassified = 0;
  const serviceIds = new Set<number>();
  const odsCodes = new Set<string>();

  for (const fieldNodes of selections.fields(rootType, [operation.selectionSet])) {
    const [first] = fieldNodes;
    const field = rootType.getFields()[first.name.value];
    if (!field) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, first, coerced.coerced);
    } catch {
      continue; // Arguments that do not coerce fail this field before its resolver runs.
    }
    if (!meetsRequiredScopes(field, request.scopes)) continue;
    switch (rootFieldCost(field.name)) {
      case "search":
        if (isSearchable(args.input as ServiceSearchInput, request.now)) searches++;
        break;
      case "service-by-id":
        addValid(serviceIds, () => parseServiceId(args.id as string, "id"));
        break;
      case "services-by-ods-code":
        addValid(odsCodes, () => parseOdsCode(args.odsCode as string, "odsCode"));
        break;
      case "hospital-scores":
        hospitalScores = true;
        break;
      case "entities": {
        const representations = args.representations as unknown[];
        entities += representations.length;
        const organisation = schema.getType("Organisation");
        const selectsServices =
          isObjectType(organisation) &&
          selections.fields(organisation, selectionSetsOf(fieldNodes)).some(([node]) => node.name.value === "services");
        countRepresentations(representations, { serviceIds, odsCodes: selectsServices ? odsCodes : undefined });
        break;
      }
      case "none":
        break;
      case undefined:
        unclassified++;
        break;
    }
  }
  const calls = searches + serviceIds.size + odsCodes.size + (hospitalScores ? 1 : 0) + unclassified;
  return { calls, searches, entities };
}

/**
 * An upper bound of `estimateOperationCost` for every variables, scopes and clock, from the operation alone, or
 * undefined when there is none (`_entities`: its count is in the variables). It counts what the estimate would
 * count if every `@skip`/`@include` let its selection through, every argument were valid and every scope held:
 * each `serviceSearch` response key one search and one call, each `service`/`servicesByOdsCode` response key one
 * distinct id or code, `hospitalCapacities` one call, an unclassified root field one call. Those only ever take
 * calls away, so `estimate ≤ bound` in each of `calls`, `searches` and `entities`.
 */
export function operationCostBound(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationCost | undefined {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return NO_COST;
  let calls = 0;
  let searches = 0;
  let hospitalScores = false;
  for (const [first] of new SelectionCollector(schema, document, "all").fields(rootType, [operation.selectionSet])) {
    const field = rootType.getFields()[first.name.value];
    if (!field) continue;
    switch (rootFieldCost(field.name)) {
      case "search":
        searches++;
        calls++;
        break;
      case "entities":
        return undefined;
      case "hospital-scores":
        hospitalScores = true;
        break;
      case "none":
        break;
      default: // service-by-id, services-by-ods-code and unclassified fields: at most one call per response key.
        calls++;
    }
  }
  return { calls: calls + (hospitalScores ? 1 : 0), searches, entities: 0 };
}

/** What a cost plugin has analysed, for tests: each counts one pass over a document or its variables. */
export interface CostAnalyses {
  /** `operationCostBound` runs: one per distinct operation document (Apollo Server reuses parsed documents). */
  bounds: number;
  /** `estimateOperationCost` runs: only for operations whose bound is over a limit, once per request. */
  estimates: number;
}

/**
 * Refuses, before execution, an operation whose `estimateOperationCost` is over the limits, so that it makes no
 * DoS call at all: HTTP 400 with INPUT_LIMIT_EXCEEDED (`_entities` over MAX_ENTITIES) or DOS_CALL_BUDGET_EXCEEDED
 * (over MAX_SEARCHES_PER_OPERATION or MAX_DOS_CALLS_PER_OPERATION); `extensions.limit` and `.max` name the limit.
 *
 * The estimate depends on the variables, the caller and the clock, so it runs per request; but it is only needed
 * when the operation's `operationCostBound` is over a limit (the refusal is monotone in each count, and the
 * estimate never exceeds the bound). The bound depends on the operation alone: it is computed once per operation
 * node, which Apollo Server reuses for a repeated query text (its document store keeps parsed, validated
 * documents), so an ordinary search costs a WeakMap lookup here.
 */
export function operationCostPlugin<TContext extends CostContext>(
  limits: OperationCostLimits,
): ApolloServerPlugin<TContext> & { readonly analyses: Readonly<CostAnalyses> } {
  const analyses: CostAnalyses = { bounds: 0, estimates: 0 };
  // null: the operation has no bound (`_entities`).
  const bounds = new WeakMap<OperationDefinitionNode, OperationCost | null>();
  const boundOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let bound = bounds.get(operation);
    if (bound === undefined) {
      analyses.bounds++;
      bound = operationCostBound(schema, document, operation) ?? null;
      bounds.set(operation, bound);
    }
    return bound;
  };
  return {
    analyses,
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // Apollo Server resolves the operation before this hook, or answers OPERATION_RESOLUTION_FAILURE itself.
          if (!operation) return;
          const bound = boundOf(schema, document, operation);
          if (bound && !costRefusal(bound, limits)) return;
          analyses.estimates++;
          const cost = estimateOperationCost({
            schema,
            document,
            operation,
            variables: request.variables,
            now: contextValue.now(),
            scopes: contextValue.caller.scopes,
          });
          const refusal = costRefusal(cost, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** What the plugin reads from the request context (server/context.ts `Context` has it). */
export interface CostContext extends BaseContext {
  now(): Date;
  caller: { readonly scopes: ReadonlySet<string> };
}

/** The refusal for an over-limit cost, or undefined when the operation may run. */
export function costRefusal(cost: OperationCost, limits: OperationCostLimits): GraphQLError | undefined {
  if (cost.entities > limits.entities) {
    const what = `The operation sends ${cost.entities} _entities representations`;
    return refusal("INPUT_LIMIT_EXCEEDED", "MAX_ENTITIES", limits.entities, what);
  }
  if (cost.searches > limits.searchesPerOperation) {
    const what = `The operation would make ${cost.searches} DoS searches`;
    return refusal("DOS_CALL_BUDGET_EXCEEDED", "MAX_SEARCHES_PER_OPERATION", limits.searchesPerOperation, what);
  }
  if (cost.calls > limits.dosCallsPerOperation) {
    const what = `The operation would make at least ${cost.calls} DoS calls`;
    const max = limits.dosCallsPerOperation;
    return refusal("DOS_CALL_BUDGET_EXCEEDED", "MAX_DOS_CALLS_PER_OPERATION", max, what);
  }
  return undefined;
}

function refusal(code: ErrorCode, limit: string, max: number, what: string): GraphQLError {
  return new GraphQLError(`${what}; the limit is ${max} (${limit}). Ask for fewer things at once.`, {
    extensions: { code, limit, max, http: { status: 400 } },
  });
}

/**
 * Counts what `_entities` will look up: each representation is checked on its own before it resolves
 * (src/graphql/entities.ts), so a malformed one costs nothing and the ones after it still count.
 */
function countRepresentations(
  representations: readonly unknown[],
  into: { serviceIds: Set<number>; odsCodes: Set<string> | undefined },
): void {
  representations.forEach((representation, index) => {
    const parsed = parseRepresentation(representation, index);
    if (parsed instanceof Error) return;
    if (parsed.typename === "Service") into.serviceIds.add(parsed.id);
    else if (parsed.typename === "Organisation") into.odsCodes?.add(parsed.odsCode);
  });
}

function addValid<T>(into: Set<T>, parse: () => T): void {
  try {
    into.add(parse());
  } catch {
    // Rejected by the resolver before any DoS call.
  }
}

function isSearchable(input: ServiceSearchInput, now: Date): boolean {
  try {
    toCheckCapacitySummaryRequest(input, now);
    return true;
  } catch {
    return false;
  }
}

// Private: the field's `@requiresScopes(scopes: [[a, b], [c]])`, (a AND b) OR c, which the schema's auth checker
// enforces before the resolver runs (src/graphql/authorization.ts).
function meetsRequiredScopes(field: GraphQLField<unknown, unknown>, scopes: ReadonlySet<string>): boolean {
  const requires = field.astNode?.directives?.find(directive => directive.name.value === "requiresScopes");
  const argument = requires?.arguments?.find(arg => arg.name.value === "scopes");
  if (!argument) return true;
  const alternatives = valueFromASTUntyped(argument.value) as string[][];
  return alternatives.some(all => all.every(scope => scopes.has(scope)));
}

function selectionSetsOf(fieldNodes: readonly FieldNode[]): SelectionSetNode[] {
  return fieldNodes.flatMap(node => (node.selectionSet ? [node.selectionSet] : []));
}

/**
 * graphql-js's field collection (execution/collectFields, which is internal to graphql-js): the fields that
 * will execute for an object of `type`, grouped by response key, honouring `@skip`/`@include` and fragment type
 * conditions. Each fragment is expanded at most once per collection, as execution does. With `"all"` for the
 * variables, every `@skip`/`@include` lets its selection through: the fields that could execute.
 */
class SelectionCollector {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown> | "all",
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  fields(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): FieldNode[][] {
    const byResponseKey = new Map<string, FieldNode[]>();
    const visitedFragments = new Set<string>();
    const collect = (selectionSet: SelectionSetNode): void => {
      for (const selection of selectionSet.selections) {
        if (!this.isIncluded(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = byResponseKey.get(key);
          if (nodes) nodes.push(selection);
          else byResponseKey.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.appliesTo(selection.typeCondition, type)) collect(selection.selectionSet);
        } else {
          const name = selection.name.value;
          if (visitedFragments.has(name)) continue;
          visitedFragments.add(name);
          const fragment = this.fragments.get(name);
          if (fragment && this.appliesTo(fragment.typeCondition, type)) collect(fragment.selectionSet);
        }
      }
    };
    for (const selectionSet of selectionSets) collect(selectionSet);
    return [...byResponseKey.values()];
  }

  private isIncluded(selection: SelectionNode): boolean {
    if (this.variables === "all") return true;
    const skip = getDirectiveValues(GraphQLSkipDirective, selection, this.variables);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, selection, this.variables);
    return include?.if !== false;
  }

  private appliesTo(condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
    if (!condition) return true;
    const conditionType = typeFromAST(this.schema, condition);
    if (!conditionType) return false;
    if (conditionType === type) return true;
    return isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
  }
}
