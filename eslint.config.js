import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'release/', '.data/', 'test-results/', 'bench/results.json']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
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
    files: ['renderer/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
);
