import { type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { type DocumentNode, GraphQLError, visit } from "graphql";

export interface SelectionMeasure {
  /** The operation with the most selections once fragments are expanded, capped at `cap + 1`. */
  worst: { name: string | undefined; selections: number } | undefined;
  /** Steps the measurement took (selection nodes visited + fragment spreads followed): linear in the document. */
  work: number;
}

/** Selections of one operation or fragment, before its spreads are expanded. */
interface Definition {
  own: number;
  /** Spread fragment name → how many times this definition spreads it. */
  spreads: Map<string, number>;
}

/**
 * Counts the selections each operation of `document` would select once every fragment spread is expanded, the
 * count Apollo Router bounds with `max_recursive_selections` and Apollo Server with `maxRecursiveSelections`:
 * each field, inline fragment and fragment spread is one selection, and a spread also adds its fragment's
 * expanded count, each time it is spread. Ten nested levels of fragments, each spreading the next twice, select
 * over 2¹⁰ fields from a document of a few hundred bytes; graphql-js would walk them in validation and execution.
 *
 * The measurement itself is linear in the document: one iterative pass over it (no recursion, so no nesting
 * overflows the stack), then each fragment's expanded count is computed once (memoised), following each
 * distinct spread edge once, with an explicit stack. Counts saturate at `cap + 1`, so numbers stay small. A
 * spread of an unknown fragment counts 1; a spread back into a fragment whose count is being computed (a cycle,
 * which validation rejects as NoFragmentCycles) adds nothing, so the measurement ends on any input.
 */
export function measureSelections(document: DocumentNode, cap: number): SelectionMeasure {
  const limit = cap + 1;
  const operations: { name: string | undefined; definition: Definition }[] = [];
  const fragments = new Map<string, Definition>();
  let current: Definition | undefined;
  let work = 0;
  const count = () => {
    work++;
    if (current) current.own++;
  };
  visit(document, {
    OperationDefinition(node) {
      current = { own: 0, spreads: new Map() };
      operations.push({ name: node.name?.value, definition: current });
    },
    FragmentDefinition(node) {
      current = { own: 0, spreads: new Map() };
      if (!fragments.has(node.name.value)) fragments.set(node.name.value, current);
    },
    Field: count,
    InlineFragment: count,
    FragmentSpread(node) {
      count();
      if (current) current.spreads.set(node.name.value, (current.spreads.get(node.name.value) ?? 0) + 1);
    },
  });

  const totals = new Map<string, number>();
  const expanding = new Set<string>();
  const expanded = (definition: Definition): number => {
    let total = definition.own;
    for (const [name, times] of definition.spreads) {
      work++;
      total = Math.min(limit, total + times * (totals.get(name) ?? 0));
    }
    return total;
  };
  const resolveFragment = (root: string): void => {
    const stack = [root];
    while (stack.length > 0) {
      const name = stack[stack.length - 1];
      const fragment = fragments.get(name);
      if (totals.has(name) || !fragment) {
        if (!fragment) totals.set(name, 0);
        stack.pop();
      } else if (!expanding.has(name)) {
        expanding.add(name);
        for (const spread of fragment.spreads.keys()) {
          work++;
          if (!totals.has(spread) && !expanding.has(spread)) stack.push(spread);
        }
      } else {
        totals.set(name, expanded(fragment));
        expanding.delete(name);
        stack.pop();
      }
    }
  };

  let worst: SelectionMeasure["worst"];
  for (const { name, definition } of operations) {
    for (const spread of definition.spreads.keys()) resolveFragment(spread);
    const selections = expanded(definition);
    if (!worst || selections > worst.selections) worst = { name, selections };
  }
  return { worst, work };
}

/** The refusal for a document over `max`, or undefined. */
export function selectionLimitError(document: DocumentNode, max: number): GraphQLError | undefined {
  return selectionRefusal(measureSelections(document, max).worst, max);
}

function selectionRefusal(worst: SelectionMeasure["worst"], max: number): GraphQLError | undefined {
  if (!worst || worst.selections <= max) return undefined;
  const operation = worst.name ? `Operation "${worst.name}"` : "The operation";
  const message =
    `${operation} selects more than ${max} fields and fragments once its fragment spreads are expanded; ` +
    `the limit is ${max} (MAX_SELECTIONS). Spread fewer fragments, or each fewer times.`;
  return new GraphQLError(message, {
    extensions: { code: "INPUT_LIMIT_EXCEEDED", limit: "MAX_SELECTIONS", max, http: { status: 400 } },
  });
}

/**
 * Refuses, before execution and before the DoS-call estimate, a document any of whose operations selects more
 * than `max` selections with its fragments expanded (`MAX_SELECTIONS`): HTTP 400, INPUT_LIMIT_EXCEEDED, no DoS
 * call. Apollo Server's own `maxRecursiveSelections` would answer GRAPHQL_VALIDATION_FAILED instead (it
 * overwrites a validation rule's code), and this limit is a public contract with its own code.
 *
 * didResolveOperation is the first hook where a plugin may refuse with its own code and status (a throw from
 * an earlier hook is a 500), so graphql-js validation has run by then. graphql-js memoises fragment pairs in
 * validation and collects each fragment once per selection set in execution, and MAX_TOKENS bounds the
 * document, so validation stays bounded; execution, where DoS calls happen, is what this check keeps from
 * ever starting. Registered before the cost estimate, whose refusal would otherwise be the one reported.
 *
 * The measure depends on the document alone: it is taken once per document node, which Apollo Server reuses for
 * a repeated query text (its document store keeps parsed, validated documents); `analyses.measures` counts
 * the measurements, for tests. The refusal itself is a fresh error for every request.
 */
export function selectionLimitPlugin<TContext extends BaseContext>(
  max: number,
): ApolloServerPlugin<TContext> & { readonly analyses: Readonly<{ measures: number }> } {
  const measures = new WeakMap<DocumentNode, SelectionMeasure["worst"]>();
  const analyses = { measures: 0 };
  return {
    analyses,
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          let worst = measures.get(document);
          if (!measures.has(document)) {
            analyses.measures++;
            worst = measureSelections(document, max).worst;
            measures.set(document, worst);
          }
          const refusal = selectionRefusal(worst, max);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
