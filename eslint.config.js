import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronImports = {
  paths: [
    {
      name: 'electron',
      message: 'Only main/shell, main/index.ts and main/preload.ts may import electron.',
    },
    { name: 'electron-store', message: 'Only main/shell may import electron-store.' },
    { name: 'electron-log', message: 'Only main/shell may import electron-log.' },
    { name: 'electron-updater', message: 'Only main/shell may import electron-updater.' },
  ],
  patterns: [{ group: ['electron/*'], message: 'Only main/shell may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': ['error', electronImports],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Typed linting, for the one rule that needs types: no deprecated API (Electron 45's
    // synchronous safeStorage, Node's and zod's old calls), where the app and the server run.
    // Scoped to these folders so `npm run lint` stays quick (the renderer and tests: untyped).
    files: ['main/**/*.ts', 'shared/**/*.ts', 'server/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-deprecated': 'error' },
  },
  {
    files: ['main/shell/**', 'main/index.ts', 'main/preload.ts', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer sees only shared/ and itself.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronImports,
          patterns: [
            ...electronImports.patterns,
            { group: ['**/main/**'], message: 'The renderer imports only shared/.' },
          ],
        },
      ],
    },
  },
  {
    // The admin console's browser code, like the renderer: only shared/ and itself (zod and
    // the server stay out of its bundle; contract.ts holds the server's schemas, types only here).
    files: ['server/admin/ui/**'],
    ignores: ['server/admin/ui/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronImports,
          patterns: [
            ...electronImports.patterns,
            { group: ['**/main/**', '**/renderer/**', 'node:*', 'zod'], message: 'Browser code.' },
            {
              regex: '^\\.\\./(?!\\.\\./\\.\\./shared/)',
              message: 'The admin UI imports only shared/ and server/admin/ui/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/admin/ui/views/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronImports,
          patterns: [
            ...electronImports.patterns,
            { group: ['**/main/**', '**/renderer/**', 'node:*', 'zod'], message: 'Browser code.' },
            {
              regex: '^\\.\\./\\.\\./(?!\\.\\./\\.\\./shared/)',
              message: 'The admin UI imports only shared/ and server/admin/ui/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronImports,
          patterns: [
            ...electronImports.patterns,
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'shared/ imports neither main/ nor renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
