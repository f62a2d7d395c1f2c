import { type AuthCheckerFn } from "type-graphql";
import { type Context } from "../server/context";
import { forbiddenError } from "../server/errors";

/**
 * The scope that marks professional callers (call handlers, clinicians). DoS data that the DoS AUP keeps from
 * the public (security.md §2.6) resolves only for callers holding it: `nonPublicPhone`, `fax`,
 * `referralInformation`, `endpoints`, `capacity` and `hospitalCapacities`.
 */
export const PROFESSIONAL_SCOPE = "dos:professional";

/**
 * Declares the scope to Apollo Router (`@requiresScopes`, which drops the field for other callers before the
 * subgraph sees the query) — put it next to `@Authorized(PROFESSIONAL_SCOPE)`, which enforces the same rule in
 * the subgraph itself, for callers that reach it some other way.
 */
export const REQUIRES_PROFESSIONAL_SCOPE = `@requiresScopes(scopes: [["${PROFESSIONAL_SCOPE}"]])`;

/**
 * type-graphql's auth checker for `@Authorized(...scopes)`: the caller must hold every scope listed. A refusal is
 * a FORBIDDEN field error (the field is null, siblings resolve), never a silent null. Synchronous and only on the
 * fields that carry `@Authorized`, so the hot fields pay nothing.
 */
export const scopeChecker: AuthCheckerFn<Context> = ({ context }, scopes) => {
  for (const scope of scopes) {
    if (!context.caller.scopes.has(scope)) throw forbiddenError(scope);
  }
  return true;
};
