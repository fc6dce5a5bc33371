// Lint: typescript-eslint with type information on the TypeScript sources (one project per layer, found
// through each folder's tsconfig.json), plain ESLint on the JavaScript scripts; size limits everywhere.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import maxFunctionLines from "./scripts/eslint/max-function-lines.mjs";

export default tseslint.config(
  { ignores: ["out/", "dist/", "node_modules/", ".cache/", "test/fixtures/", "examples/"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // A `let` read by closures before its one assignment (two objects that refer to each other) stays a `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // An async function that never awaits still turns its throws into rejections: callers of a
      // promise-returning API rely on that, so it is not a mistake here.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests read JSON answers (the command line's, SARIF, webviews') and assert their shape field by field.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] },
  },
  {
    // The language server speaks LSP over stdio: a console.log there corrupts the protocol stream. The
    // other layers below the client log through their caller (the server's logger, the client's channel).
    files: ["server/**", "core/**", "protocol/**", "cluster/**", "client/**"],
    rules: { "no-console": "error" },
  },
  {
    plugins: { local: { rules: { "max-function-lines": maxFunctionLines } } },
    rules: {
      "max-lines": ["error", { max: 400 }],
      "local/max-function-lines": ["error", { max: 80 }],
    },
  },
  // The built-in resource catalog is data, not logic.
  { files: ["core/catalog/data-*.ts"], rules: { "max-lines": "off" } },
);
