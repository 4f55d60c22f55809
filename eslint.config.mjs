// ESLint (flat config): the type-aware rules that catch this codebase's real risks, over everything
// TypeScript checks (tsconfig.json: src, libs, test, bench, scripts and the root config files).
// `npm run lint` runs it with --max-warnings 0: every rule here is an error, nothing is advisory.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.tools/', 'test-artifacts/'] },
  {
    files: ['**/*.ts', '**/*.mjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
      // Type information from the same program `npm run typecheck` checks.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection ends the process) and its
      // ordering. Fire-and-forget is allowed, but written as such: `void promise` or `.catch(...)`.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a void callback is expected (event handlers, timers, Array.forEach):
      // its rejection goes nowhere.
      '@typescript-eslint/no-misused-promises': 'error',
      // A switch over a union or enum (verdicts, statuses, run outcomes, event types) lists every
      // member, even when it has a default: a new verdict must be decided everywhere it is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // One import statement per module; types imported inline (`import { x, type Y }`), as the code
      // mostly does already.
      'no-duplicate-imports': ['error', { includeExports: true }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      // Type-only imports are erased by SWC and tsc alike and never load a module at run time.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The playground's browser code (src/playground/web/tsconfig.json gives it DOM types).
    files: ['src/playground/web/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // .mjs files are parsed by typescript-eslint too, so the type-aware rules see their JSDoc types.
    files: ['**/*.mjs'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    // Plain JavaScript mistakes the type checker does not already catch.
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      ...js.configs.recommended.rules,
      // TypeScript reports undefined names itself, with types; the core rule does not know them.
      'no-undef': 'off',
      // tsc reports redeclarations, and the core rule mistakes overloads and declaration merging for them.
      'no-redeclare': 'off',
      'no-unused-vars': 'off',
    },
  },
);
