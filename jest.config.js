/** Jest runs the TypeScript tests as ES modules (the action and @actions/core 3 are ESM). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 60000,
  // in the checkout, not in the system's temporary folder, which CI checks is left as it was
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  globalSetup: '<rootDir>/testkit/jest-tmpdir.mjs',
  globalTeardown: '<rootDir>/testkit/jest-tmpdir-teardown.mjs',
  reporters: ['default', '<rootDir>/testkit/summary-reporter.cjs']
}
