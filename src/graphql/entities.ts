import { entitiesResolver } from "@apollo/subgraph/dist/types";
import { type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { type Context } from "../server/context";
import { inputError, type SubgraphError } from "../server/errors";
import { parseOdsCode, parseServiceId } from "./service/identifiers";

/** A representation that passed `parseRepresentation`: its type and its key, parsed as the resolver will use it. */
export type ParsedRepresentation =
  | { typename: "Service"; id: number }
  | { typename: "Organisation"; odsCode: string }
  | { typename: "Disposition"; code: string };

const ENTITY_TYPES = "Service, Organisation or Disposition";

/**
 * Checks one `_entities` representation before anything resolves it (issue 12 §0, §3): a plain object whose
 * `__typename` names one of this subgraph's entities, with its key field as a string of the key's format
 * (Service `id`: a DoS id; Organisation `odsCode`: an ODS code; Disposition `code`: any string, unknown codes
 * resolve to null). Anything else (an array, a number id, an object where a string belongs, an unknown type) is
 * a BAD_USER_INPUT error for that representation alone, naming `representations.<index>`. Messages never
 * echo the value.
 */
export function parseRepresentation(value: unknown, index: number): ParsedRepresentation | SubgraphError {
  const at = `representations.${index}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return inputError("BAD_USER_INPUT", at, `Representation ${index} is not an object.`);
  }
  const fields = value as Record<string, unknown>;
  const typename = fields.__typename;
  const keyError = (key: string, what: string) =>
    inputError("BAD_USER_INPUT", `${at}.${key}`, `Representation ${index}: \`${key}\` must be ${what}.`);
  try {
    switch (typename) {
      case "Service":
        if (typeof fields.id !== "string") return keyError("id", "a DoS service id as a string");
        return { typename, id: parseServiceId(fields.id, `${at}.id`) };
      case "Organisation":
        if (typeof fields.odsCode !== "string") return keyError("odsCode", "an ODS code as a string");
        return { typename, odsCode: parseOdsCode(fields.odsCode, `${at}.odsCode`) };
      case "Disposition":
        if (typeof fields.code !== "string") return keyError("code", "a Dx code as a string");
        return { typename, code: fields.code };
      default:
        return inputError(
          "BAD_USER_INPUT",
          `${at}.__typename`,
          `Representation ${index}: \`__typename\` must be ${ENTITY_TYPES}.`,
        );
    }
  } catch (error) {
    return error as SubgraphError; // parseServiceId and parseOdsCode throw only catalogue errors
  }
}

/**
 * Replaces `@apollo/subgraph`'s `_entities` resolver with one that cannot fail as a whole. Its own resolver maps
 * every representation synchronously: one that throws (an unknown `__typename`) throws out of the whole field,
 * nulls the list, and leaves the promises already started for earlier representations with nobody listening,
 * so their rejection (NOT_FOUND) became an unhandled rejection that stopped the process.
 *
 * Here every representation is checked first (`parseRepresentation`) and resolved alone, through
 * `@apollo/subgraph`'s own resolver (which runs `__resolveReference`): each item of the list is the entity, a
 * promise of it, or an Error value. graphql-js completes each item on its own (throwing a returned Error, and
 * attaching a handler to every promise), so a bad representation is null plus its own error at
 * `_entities.<index>` and the others still resolve.
 */
export function guardEntities(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field) throw new Error("guardEntities: the schema has no Query._entities (not a subgraph schema?)");
  const resolve: GraphQLFieldResolver<unknown, Context, { representations: unknown[] }> = (
    _source,
    { representations },
    context,
    info,
  ) =>
    representations.map((representation, index) => {
      const parsed = parseRepresentation(representation, index);
      if (parsed instanceof Error) return parsed;
      try {
        const [entity] = entitiesResolver({
          representations: [representation as { __typename: string }],
          context,
          info,
        }) as unknown[];
        return entity;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
  field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
}
