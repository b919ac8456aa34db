// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript sources, the recommended
// JavaScript rules on the scripts, tests and benchmarks; Prettier owns the layout (npm run format).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".e2e/**",
      ".bench/**",
      ".vsix-stage/**",
      "schemas/fly.schema.json",
      "schemas/fly.model.json",
      "test/e2e/artifacts/**",
      // the files around fly.toml the rule fixtures read (data, not source)
      "test/fixtures/**",
    ],
  },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    // the rules that need types: a promise dropped or passed where a callback's result is ignored, a switch that
    // misses a case of its union
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // a `default:` that says what the other cases do counts
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // `_` marks a parameter kept for its position
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // bundles load their siblings lazily (zod and the server only when needed): require is deliberate there
      "@typescript-eslint/no-require-imports": "off",
      // a TOML parser and a terminal-output reader match control characters on purpose
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js", "test/fake-flyctl/flyctl"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // the tests match the CLI's output, where two spaces separate the columns, and its colours
      "no-regex-spaces": "off",
      "no-control-regex": "off",
    },
  },
);
