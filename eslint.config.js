/**
 * One lint configuration for the three actions, the test kit, the tests and the bench:
 * typescript-eslint's recommended rules, and the size limits the project keeps (a file in src/ at
 * most 250 lines, a function in src/ or testkit/ at most 80). Formatting is Prettier's business.
 */
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'verify/dist/**', 'audit/dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' }
    },
    rules: {
      // the action matches control characters on purpose: to refuse them in names, paths and labels
      'no-control-regex': 'off',
      // a leading underscore names what is left out on purpose (a rest destructuring, a table's unused argument)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ]
    }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } }
  },
  {
    // tests read JSON they did not type (markers, server answers)
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }] }
  },
  {
    files: ['src/**/*.ts', 'testkit/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }] }
  }
)
