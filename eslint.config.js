import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'scripts/**',
      'tmp/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: false },
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.name="require"]', message: 'Use import.' },
      ],
    },
  },
  {
    // Layers (as in VS Code): shared is pure; core never sees Electron.
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/shared must not import Node modules.' },
            {
              group: [
                'electron',
                'fs',
                'path',
                'os',
                'child_process',
                'crypto',
                'worker_threads',
                'better-sqlite3',
                'node-llama-cpp',
                'react',
                'react-dom',
              ],
              message: 'src/shared imports nothing from Node, Electron, the DOM or React.',
            },
            {
              group: ['../core/*', '../main/*', '../renderer/*', '../host/*', '../cli/*', '../../*'],
              message: 'src/shared depends on nothing else in src.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core never imports Electron.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(main|host|cli|renderer|preload)/',
              message:
                'core is the bottom layer: main, host, cli and the renderer use it, never the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'cli and host never import Electron.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(main|renderer|preload)/',
              message: 'cli and host reach the app through core and shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'better-sqlite3', 'node-llama-cpp'],
              message: 'The renderer reaches core only through the api client.',
            },
            {
              regex: '^(\\.\\./)+(core|main|host|cli|preload)/',
              message: 'The renderer imports shared only; it reaches core through the api client.',
            },
          ],
        },
      ],
    },
  },
  {
    // Test support (docs/ARCHITECTURE.md, "Tests"): test-only code next to the code it serves is
    // `<name>.fixtures.ts`, test code shared across folders is in test/support/, and test data
    // in test/fixtures/. The app never imports any of it. The resolver is import-x's own (no
    // extra package) told about TypeScript's extensions, so `./x` finds x.ts as tsc does.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/**/*.fixtures.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src', from: './test', message: 'The app never imports test support.' },
            {
              target: './src',
              from: ['./src/**/*.fixtures.ts'],
              message: 'The app never imports a *.fixtures.ts module: those are for tests.',
            },
          ],
        },
      ],
    },
  },
  {
    // The old names of test support, and any code under test/ outside test/support/: each
    // such file fails here until it is renamed to *.fixtures.ts or moved to test/support/.
    files: [
      'src/**/{test,testing,test-*,*-test,*-test-*,*fixture*,*helper*,*harness*,*mock*,*fake*,*stub*}.{ts,tsx}',
      'test/**/*.{ts,tsx,mts,mjs,js}',
    ],
    ignores: ['**/*.test.{ts,tsx}', 'src/**/*.fixtures.ts', 'test/support/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message:
            'Test support is named <name>.fixtures.ts next to the code it serves, or lives in test/support/ (docs/ARCHITECTURE.md, "Tests").',
        },
      ],
    },
  },
  {
    // React's rules for the renderer (eslint-plugin-react-hooks 7). The two hook rules, with a
    // missing dependency an error; useResult takes (call, deps) like useEffect, so its call
    // sites are checked too. Of the React Compiler's checks, those that hold for code run
    // without the compiler are on. Off: `refs` and `set-state-in-effect` (they reject the
    // latest-value ref and reset-on-prop-change effects, which are correct without the
    // compiler), and the compiler-only notices (preserve-manual-memoization,
    // incompatible-library, unsupported-syntax).
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useResult$' }],
      'react-hooks/config': 'error',
      'react-hooks/error-boundaries': 'error',
      'react-hooks/gating': 'error',
      'react-hooks/globals': 'error',
      'react-hooks/immutability': 'error',
      'react-hooks/purity': 'error',
      'react-hooks/set-state-in-render': 'error',
      'react-hooks/static-components': 'error',
      'react-hooks/use-memo': 'error',
    },
  },
  {
    // Size limits for the app's code (issue 21): a file over 400 lines or a function over 80
    // (blank lines and comments not counted) is split into named steps. Tests and their
    // fixtures are exempt: a describe block reads best as the whole story of one feature.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/**/*.fixtures.ts'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
);
