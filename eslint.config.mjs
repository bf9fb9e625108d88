import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'test/fixtures/**', 'node_modules/**', '.tools/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['vscode', 'vscode-*', '../server/*', '../client/*', '../cli/*'] },
      ],
    },
  },
);
