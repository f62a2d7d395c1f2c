import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type ValueNode,
} from "graphql";
import { type Context } from "../server/context";
import { forbiddenError } from "../server/errors";

/**
 * The scope that marks professional callers (call handlers, clinicians). DoS data that the DoS AUP keeps from
 * the public (security.md §2.6) resolves only for callers holding it: `nonPublicPhone`, `fax`,
 * `referralInformation`, `endpoints`, `capacity` and `hospitalCapacities`.
 */
export const PROFESSIONAL_SCOPE = "dos:professional";

/** Put on a field with type-graphql's `@Directive`: the one declaration both the router and the subgraph obey. */
export const REQUIRES_PROFESSIONAL_SCOPE = `@requiresScopes(scopes: [["${PROFESSIONAL_SCOPE}"]])`;

/**
 * Makes every `@requiresScopes` field of the built subgraph schema resolve only for callers holding the scopes,
 * so the declaration Apollo Router reads (it drops such fields for other callers) is also what the subgraph
 * enforces for callers that reach it some other way. `scopes` is an OR of ANDs, as in the federation spec. A
 * refusal is a FORBIDDEN field error (the field is null, siblings resolve), thrown before the field's own
 * resolver runs, so a refused root field makes no DoS call. The check is synchronous: nothing is added to the
 * hot path of callers who hold the scope beyond a set lookup.
 */
export function enforceRequiredScopes(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find(node => node.name.value === "requiresScopes");
      const scopesArgument = directive?.arguments?.find(argument => argument.name.value === "scopes");
      if (!scopesArgument) continue;
      const alternatives = scopeAlternatives(scopesArgument.value);
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const held = context.caller.scopes;
        if (!alternatives.some(required => required.every(scope => held.has(scope)))) {
          throw forbiddenError(alternatives[0].join(" "));
        }
        return resolve(source, args, context, info);
      };
    }
  }
}

// Private: `[["a", "b"], ["c"]]` from the directive's literal argument.
function scopeAlternatives(value: ValueNode): string[][] {
  if (value.kind !== Kind.LIST) throw new Error("@requiresScopes(scopes:) must be a list of lists");
  return value.values.map(inner => {
    if (inner.kind !== Kind.LIST) throw new Error("@requiresScopes(scopes:) must be a list of lists");
    return inner.values.map(scope => {
      if (scope.kind !== Kind.STRING) throw new Error("@requiresScopes scopes must be strings");
      return scope.value;
    });
  });
}
