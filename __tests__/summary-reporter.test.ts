/**
 * The plain closing line CI reads (testkit/summary-reporter.cjs): a failed test counts once, not
 * once more for its file; a file that could not run counts as one failure.
 */
import { createRequire } from 'node:module'

interface File {
  numFailingTests: number
  testExecError?: unknown
  failureMessage?: string | null
}
interface Results {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  testResults: File[]
}
const { summaryLine } = createRequire(import.meta.url)('../testkit/summary-reporter.cjs') as {
  summaryLine: (r: Results) => string
}

const run = (over: Partial<Results>): Results => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [],
  ...over
})
const passing: File = { numFailingTests: 0, failureMessage: null }

test.each<[string, Results, string]>([
  ['everything passed', run({ numPassedTests: 5, testResults: [passing, passing] }), 'tests: 5 passed, 0 failed'],
  [
    'one failed test in one file: 1 failed, not 2',
    run({
      numPassedTests: 4,
      numFailedTests: 1,
      testResults: [passing, { numFailingTests: 1, failureMessage: '● x' }]
    }),
    'tests: 4 passed, 1 failed'
  ],
  [
    'a file that could not run (no test of it ran)',
    run({
      numPassedTests: 3,
      testResults: [passing, { numFailingTests: 0, testExecError: { message: 'SyntaxError' } }]
    }),
    'tests: 3 passed, 1 failed'
  ],
  [
    'a file whose tests passed and whose afterAll threw',
    run({ numPassedTests: 2, testResults: [{ numFailingTests: 0, failureMessage: '● afterAll' }] }),
    'tests: 2 passed, 1 failed'
  ],
  [
    'skipped and todo tests',
    run({ numPassedTests: 2, numPendingTests: 3, numTodoTests: 1, testResults: [passing] }),
    'tests: 2 passed, 0 failed, 4 skipped'
  ]
])('%s', (_name, results, line) => {
  expect(summaryLine(results)).toBe(line)
})
