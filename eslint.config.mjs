import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: { module: "writable", require: "readonly" } } },
);
