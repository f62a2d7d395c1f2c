import js from "@eslint/js";
import tseslint from "typescript-eslint";
import graphqlPlugin from "@graphql-eslint/eslint-plugin";

// The TypeScript blocks below name no files, so they also reach the .graphql files linted at the end; these
// rules need the TypeScript parser and must be off there.
const notForGraphQL = { "@typescript-eslint/consistent-type-imports": "off" };

// One graphql-config for every .graphql file: @graphql-eslint caches the first config it loads per process, so
// the schema and the operations are separate projects of the same config, chosen by file path.
const graphqlProjects = {
  projects: {
    subgraph: { schema: "schema/subgraph.graphql" },
    operations: {
      schema: ["schema/schema.graphql", "test/operations/schema/federation.graphql"],
      documents: ["test/operations/*.graphql", "examples/**/*.graphql"],
    },
  },
};

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "src/reference/generated/", "test/__generated__/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through src/config.ts (loadConfig), the only reader of process.env.",
        },
      ],
    },
  },
  {
    files: ["src/config.ts", "scripts/**", "bench/**", "test/**", "jest.config.js"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Only src/dos/ knows SOAP; nothing outside the simulator and tests may import the simulator
    // (the entry point loads it lazily when DOS_URL is unset).
    files: ["src/**/*.ts"],
    ignores: ["src/dos/**", "src/simulator/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "soap", message: "Only src/dos/ talks SOAP." }] }],
    },
  },
  {
    // Every promise the subgraph creates is awaited, returned or given a rejection handler: one left floating
    // once stopped the process with an unhandled rejection (issue 12 §0). Type-aware, so for src/ only.
    files: ["src/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-floating-promises": "error", "@typescript-eslint/no-misused-promises": "error" },
  },
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: { module: "writable", require: "readonly" } } },
  // ---- GraphQL (npm run lint:schema) -------------------------------------------------------------------------
  // The published subgraph SDL, linted like GraphOS would: @graphql-eslint's schema-recommended rules (it builds
  // federation SDL with @apollo/subgraph) plus a description on every element. Value types have no `id`.
  {
    files: ["schema/subgraph.graphql"],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: graphqlProjects },
    },
    plugins: { "@graphql-eslint": graphqlPlugin },
    rules: {
      ...notForGraphQL,
      ...graphqlPlugin.configs["flat/schema-recommended"].rules,
      "@graphql-eslint/require-description": [
        "error",
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      "@graphql-eslint/strict-id-in-types": [
        "error",
        {
          acceptedIdNames: ["id"],
          acceptedIdTypes: ["ID"],
          exceptions: {
            // Entities keyed by something else, and value types that are never fetched on their own.
            types: [
              "Organisation",
              "Disposition",
              "ServiceType",
              "Capacity",
              "Location",
              "OpeningSession",
              "SpecifiedOpeningTime",
              "ServiceAttribute",
              "AgeRange",
              "Endpoint",
              "HospitalCapacity",
              "ServiceSearch",
              "ServiceSearchResult",
            ],
          },
        },
      ],
      "@graphql-eslint/naming-convention": [
        "error",
        {
          ...graphqlPlugin.configs["flat/schema-recommended"].rules["@graphql-eslint/naming-convention"][1],
          // `ServiceType` is DoS's own term for the object behind `Service.type`; nothing else may end in Type.
          "ObjectTypeDefinition[name.value!=ServiceType]": { forbiddenPrefixes: ["Type"], forbiddenSuffixes: ["Type"] },
          "ObjectTypeDefinition,ObjectTypeExtension": { forbiddenPrefixes: ["Type"] },
        },
      ],
    },
  },
  // Test and example operations, validated against the API schema (+ the federation fields tests use).
  {
    files: ["test/operations/*.graphql", "examples/**/*.graphql"],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: graphqlProjects },
    },
    plugins: { "@graphql-eslint": graphqlPlugin },
    rules: { ...notForGraphQL, ...graphqlPlugin.configs["flat/operations-recommended"].rules },
  },
);
