import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Refuses, at validation, an operation whose type the schema does not have (this subgraph serves queries only).
 * graphql-js 16 validates a `mutation` or `subscription` against a schema without that root type as valid, then
 * fails it in execution, which Apollo Server answers with HTTP 200 and INTERNAL_SERVER_ERROR: a client's mistake
 * reported as the server's. As a validation error it is HTTP 400, `GRAPHQL_VALIDATION_FAILED`.
 */
export const knownOperationTypesRule: ValidationRule = context => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(
      new GraphQLError(`This subgraph has no ${operation.operation} type: it serves queries only.`, {
        nodes: operation,
      }),
    );
  },
});
