import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'release/', '.data/', 'test-results/', 'bench/results.json']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Callbacks are declared with method shorthand in props and contracts and handed around unbound; none reads `this`.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await still turns a throw into a rejection, as the Promise-returning contracts expect.
      '@typescript-eslint/require-await': 'off',
      // An abort reason or a caught value is passed on as it came, as fetch does.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A leading underscore marks a parameter kept for arity (express's error handler) or a key dropped by destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['electron/**', 'bench/**', 'build/**', 'test/**', '*.{js,cjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Pure code for both sides: only what Node and browsers share (a stray `process` or `window` is an error).
    files: ['shared/**'],
    languageOptions: { globals: globals['shared-node-browser'] },
  },
  {
    // Callbacks given to page.evaluate run in the window.
    files: ['test/browser/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['test/support/cloudflared-stand-in/cloudflared'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  {
    // Plain JavaScript (configs, the cloudflared stand-in) is outside the TypeScript project.
    files: ['**/*.{js,cjs,mjs}', 'test/support/cloudflared-stand-in/cloudflared'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Tests read parsed JSON and asymmetric matchers (expect.stringContaining), both typed any, to assert on them.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['renderer/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // React ignores what an event handler returns; an async onClick is the usual form, and each one here handles its own failure.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
);
