/** Jest runs the TypeScript tests as ES modules (the action and @actions/core 3 are ESM). */
import { availableParallelism } from 'node:os'

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
  // Most tests spawn the bundle and wait on sockets and child processes, not on the CPU: one worker
  // more than there are cores keeps both busy (on 2 cores, 3 workers; Jest's default is cores - 1).
  maxWorkers: availableParallelism() + 1,
  // in the checkout, not in the system's temporary folder, which CI checks is left as it was
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  globalSetup: '<rootDir>/testkit/jest-tmpdir.mjs',
  globalTeardown: '<rootDir>/testkit/jest-tmpdir-teardown.mjs',
  reporters: ['default', '<rootDir>/testkit/summary-reporter.cjs']
}
