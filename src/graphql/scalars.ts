import { GraphQLError, GraphQLScalarType } from "graphql";
import { GraphQLDateTime as ScalarsDateTime } from "graphql-scalars";

const base = ScalarsDateTime.toConfig();
const INVALID = "DateTime must be an RFC 3339 date-time, e.g. 2026-03-01T09:30:00Z.";

/**
 * graphql-scalars' `DateTime`, unchanged (same name, description, parsing of RFC 3339 in ASCII only, output),
 * except that its input errors do not echo the value: the original's message repeats the whole input, so a
 * 60 KB bad value came back in full (issue 12 §4). graphql-js still quotes the value in its own prefix
 * ("Variable … got invalid value …"), which formatError shortens (src/server/errors.ts).
 */
export const GraphQLDateTime = new GraphQLScalarType({
  ...base,
  parseValue(value) {
    try {
      return base.parseValue!(value);
    } catch {
      throw new GraphQLError(INVALID);
    }
  },
  parseLiteral(ast, variables) {
    try {
      return base.parseLiteral!(ast, variables);
    } catch {
      throw new GraphQLError(INVALID);
    }
  },
});
