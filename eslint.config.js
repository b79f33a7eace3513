// Lint is part of `npm test`. Besides style, it enforces the architecture:
//  1. only the thin Electron layer (electron/electron-main, electron/electron-preload) imports `electron`;
//  2. folders are named for where their code runs, and may import only what runs there too
//     (common → common; node → common+node; browser → common+browser);
//  3. no import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const THIN_ELECTRON_LAYER = ['electron/electron-main/**', 'electron/electron-preload/**'];
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'stream/*', 'url', 'util', 'worker_threads', 'zlib'];
const electronImport = { name: 'electron', message: 'Only electron/electron-main and electron/electron-preload may import Electron; put the logic in an Electron-free service.' };
const layer = (from, message) => ({ group: from, message });
const CODECS_BELOW = 'native-codecs/ depends on nothing above it: it takes bytes and a pixel format, never files, DICOM parsing or the contract.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '.gpu/**', '.bench/**', '.device-pool/**', '.lightbox-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x parses only .js files and cannot follow TypeScript imports for no-cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronImport] }],
    },
  },
  {
    // React's hook rules on the renderer: hooks called in the same order every render. Not yet
    // exhaustive-deps: 16 effects/memos leave out what they read, most on purpose (a layout laid out
    // once per hung stage); each needs a look before the rule can be an error (issue 23).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setImmediate: 'readonly', Request: 'readonly', globalThis: 'readonly' } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  { files: THIN_ELECTRON_LAYER, rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['**/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            layer(NODE_BUILTINS, 'common/ runs anywhere: no Node built-ins.'),
            layer(['**/node/**', '**/browser/**', '**/electron-main/**', '**/electron-preload/**'], 'common/ may import only common/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['**/browser/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            layer(NODE_BUILTINS, 'renderer/browser code runs in a sandboxed page: no Node built-ins.'),
            layer(['**/node/**', '**/electron-main/**', '**/electron-preload/**'], 'browser/ may import common/ and browser/ only; talk to the host through the contract.'),
          ],
        },
      ],
    },
  },
  {
    files: ['**/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [layer(['**/browser/**', '**/electron-main/**', '**/electron-preload/**'], 'node/ services must run without Electron or a DOM.')],
        },
      ],
    },
  },
  {
    // The codecs depend on nothing above them: they take a frame's bytes and pixel format.
    files: ['native-codecs/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [layer(NODE_BUILTINS, 'common/ runs anywhere: no Node built-ins.'), layer(['**/electron/**', '**/renderer/**', '**/testing/**', '**/node/**'], CODECS_BELOW)] },
      ],
    },
  },
  {
    files: ['native-codecs/node/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [layer(['**/electron/**', '**/renderer/**', '**/testing/**', '**/browser/**'], CODECS_BELOW)] }] },
  },
  {
    // Test support stays out of the product: only tests, e2e and benchmarks use it.
    files: ['electron/**', 'renderer/**', 'native-codecs/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value=/(^|\\/)testing\\//]", message: 'testing/ is test support: product code must not import it.' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
