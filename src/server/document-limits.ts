import {
  type ASTNode,
  type DocumentNode,
  GraphQLError,
  type OperationDefinitionNode,
  type ValidationRule,
  visit,
} from "graphql";
import { type Config } from "../config";

export type DocumentLimits = Pick<Config["limits"], "depth" | "aliases" | "rootFields" | "directives">;

/** The environment variable each limit comes from; clients see it as `extensions.limit`. */
type LimitName = "MAX_DEPTH" | "MAX_ALIASES" | "MAX_ROOT_FIELDS" | "MAX_DIRECTIVES";

/**
 * Validation rules that bound the shape of a GraphQL document (security.md §1.7, §5 B4, B5, B8), for Apollo
 * Server's `validationRules`. Each rule reports at most ONE error per document, naming its limit:
 * `extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit, max }`. Apollo Server wraps validation errors in its own
 * ValidationError, which sets that same code and HTTP 400 and keeps the other keys.
 *
 * - MAX_DEPTH: the deepest field nesting of any operation (`{ a { b } }` is 2), following fragment spreads and
 *   inline fragments. `__schema`/`__type` count as one level: introspection is switched on or off as a whole, and
 *   the standard introspection query nests deeper than any limit a client of this schema needs.
 * - MAX_ALIASES: aliased fields in the whole document, `__typename` included (graphql-cop sends 101 of them).
 * - MAX_ROOT_FIELDS: field selections at the root of any operation, through fragments; each selection counts,
 *   duplicates and each spread of a fragment included. `__typename`, `__schema` and `__type` do not: graphql-js
 *   answers them without a resolver, and MAX_ALIASES and MAX_TOKENS bound them.
 * - MAX_DIRECTIVES: directive uses in the whole document.
 *
 * Every rule is linear in the document's size and terminates on circular fragments (NoFragmentCycles, one of
 * the specified rules, reports those). graphql-js's own rules still report their own errors beside ours, e.g.
 * one per repeated `@include` at a location (UniqueDirectivesPerLocation).
 */
export function documentLimitRules(limits: DocumentLimits): ValidationRule[] {
  return [
    maxDepthRule(limits.depth),
    maxAliasesRule(limits.aliases),
    maxRootFieldsRule(limits.rootFields),
    maxDirectivesRule(limits.directives),
  ];
}

function limitError(limit: LimitName, max: number, what: string, node: ASTNode | undefined): GraphQLError {
  return new GraphQLError(`${what}; the limit is ${max} (${limit}).`, {
    nodes: node,
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit, max },
  });
}

function maxDepthRule(max: number): ValidationRule {
  return context => ({
    Document(document) {
      const shape = documentShape(document);
      const depthOf = throughFragments(shape.fragments, (definition, ofFragment) =>
        definition.spreads.reduce(
          (deepest, spread) => Math.max(deepest, spread.enclosingFields + ofFragment(spread.name)),
          definition.depth,
        ),
      );
      const worst = worstOperation(shape, depthOf);
      if (worst && worst.value > max) {
        const what = `${operationLabel(worst.node)} nests fields ${worst.value} deep`;
        context.reportError(limitError("MAX_DEPTH", max, what, worst.node));
      }
      return false;
    },
  });
}

function maxRootFieldsRule(max: number): ValidationRule {
  return context => ({
    Document(document) {
      const shape = documentShape(document);
      const rootFieldsOf = throughFragments(shape.fragments, (definition, ofFragment) =>
        definition.spreads.reduce(
          (total, spread) => (spread.enclosingFields === 0 ? total + ofFragment(spread.name) : total),
          definition.topLevelFields,
        ),
      );
      const worst = worstOperation(shape, rootFieldsOf);
      if (worst && worst.value > max) {
        const what = `${operationLabel(worst.node)} selects ${worst.value} root fields`;
        context.reportError(limitError("MAX_ROOT_FIELDS", max, what, worst.node));
      }
      return false;
    },
  });
}

function maxAliasesRule(max: number): ValidationRule {
  return context => {
    let aliases = 0;
    let firstOverLimit: ASTNode | undefined;
    return {
      Field(field) {
        if (field.alias && ++aliases === max + 1) firstOverLimit = field;
      },
      Document: {
        leave() {
          if (aliases <= max) return;
          context.reportError(
            limitError("MAX_ALIASES", max, `The document uses ${aliases} aliases`, firstOverLimit),
          );
        },
      },
    };
  };
}

function maxDirectivesRule(max: number): ValidationRule {
  return context => {
    let directives = 0;
    let firstOverLimit: ASTNode | undefined;
    return {
      Directive(directive) {
        if (++directives === max + 1) firstOverLimit = directive;
      },
      Document: {
        leave() {
          if (directives <= max) return;
          context.reportError(
            limitError("MAX_DIRECTIVES", max, `The document uses ${directives} directives`, firstOverLimit),
          );
        },
      },
    };
  };
}

/** What the depth and root-field rules need from one operation or fragment, without following its spreads. */
interface DefinitionShape {
  /** Deepest field nesting inside the definition itself (1: fields at its top level only). */
  depth: number;
  /** Fields at the definition's top level, inline fragments included; `__typename` and introspection excluded. */
  topLevelFields: number;
  /** Its fragment spreads, with the number of fields enclosing each (0: at the top level). */
  spreads: { name: string; enclosingFields: number }[];
}

interface DocumentShape {
  operations: { node: OperationDefinitionNode; shape: DefinitionShape }[];
  /** The first definition of each name; duplicates are UniqueFragmentNames's error. */
  fragments: Map<string, DefinitionShape>;
}

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

// Private: one iterative pass over the document (graphql-js `visit`), so no document nesting can overflow the stack.
function documentShape(document: DocumentNode): DocumentShape {
  const operations: DocumentShape["operations"] = [];
  const fragments = new Map<string, DefinitionShape>();
  let current: DefinitionShape = { depth: 0, topLevelFields: 0, spreads: [] };
  let enclosingFields = 0;
  visit(document, {
    OperationDefinition(node) {
      current = { depth: 0, topLevelFields: 0, spreads: [] };
      operations.push({ node, shape: current });
    },
    FragmentDefinition(node) {
      current = { depth: 0, topLevelFields: 0, spreads: [] };
      if (!fragments.has(node.name.value)) fragments.set(node.name.value, current);
    },
    Field: {
      enter(field) {
        if (enclosingFields === 0 && !field.name.value.startsWith("__")) current.topLevelFields++;
        current.depth = Math.max(current.depth, enclosingFields + 1);
        // Skipping the subtree also skips `leave`, so the count is only raised for fields that are entered.
        if (INTROSPECTION_FIELDS.has(field.name.value)) return false;
        enclosingFields++;
        return undefined;
      },
      leave() {
        enclosingFields--;
      },
    },
    FragmentSpread(spread) {
      current.spreads.push({ name: spread.name.value, enclosingFields });
    },
  });
  return { operations, fragments };
}

/**
 * Extends a per-definition `measure` across fragment spreads, memoised so that each fragment is measured once
 * (linear). A spread back into a fragment still being measured counts 0: such a cycle is already an error.
 */
function throughFragments(
  fragments: ReadonlyMap<string, DefinitionShape>,
  measure: (definition: DefinitionShape, ofFragment: (name: string) => number) => number,
): (definition: DefinitionShape) => number {
  const measured = new Map<string, number>();
  const ofFragment = (name: string): number => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    measured.set(name, 0);
    const value = fragment ? measure(fragment, ofFragment) : 0;
    measured.set(name, value);
    return value;
  };
  return definition => measure(definition, ofFragment);
}

function worstOperation(
  shape: DocumentShape,
  valueOf: (definition: DefinitionShape) => number,
): { value: number; node: OperationDefinitionNode } | undefined {
  let worst: { value: number; node: OperationDefinitionNode } | undefined;
  for (const { node, shape: definition } of shape.operations) {
    const value = valueOf(definition);
    if (!worst || value > worst.value) worst = { value, node };
  }
  return worst;
}

function operationLabel(operation: OperationDefinitionNode): string {
  return operation.name ? `Operation "${operation.name.value}"` : "The operation";
}
