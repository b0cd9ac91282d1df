import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["dist/", "node_modules/", "coverage/", "examples/*/node_modules/"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            // Type-aware rules: each file is checked with the tsconfig.json nearest to it (the
            // repository's, an example's, or an engine-suite program's).
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            // A body that spans lines has braces; a one-line `if (x) return y;` may go without.
            curly: ["error", "multi-line"],
            "@typescript-eslint/consistent-type-imports": [
                "error",
                // `typeof import("…")` stays allowed: it types a module required from dist/ at run time.
                { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
            ],
            // A promise nobody awaits loses its rejection: an unhandled failure in a provider or a test.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
            ],
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // The JavaScript files (Jest's config and set-up, test fixtures, this file): Node scripts, not
        // part of any TypeScript project.
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        ...tseslint.configs.disableTypeChecked,
        languageOptions: {
            ...tseslint.configs.disableTypeChecked.languageOptions,
            globals: { ...globals.node },
        },
    },
);
