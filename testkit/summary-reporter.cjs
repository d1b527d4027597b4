// Prints the plain closing line `tests: N passed, N failed` (and skipped) after jest's own summary,
// so that CI reads the outcome of the run in any case.

/**
 * The closing line of a run from jest's aggregated result: every failed test, plus every test file
 * that failed without a failed test (it could not run, or a hook outside the tests threw). A file
 * that failed through its tests is counted by its tests alone, not once more as a file.
 */
function summaryLine(results) {
  const skipped = results.numPendingTests + results.numTodoTests
  const filesWithoutFailedTest = results.testResults.filter(
    (file) => file.numFailingTests === 0 && (file.testExecError != null || Boolean(file.failureMessage))
  ).length
  const failed = results.numFailedTests + filesWithoutFailedTest
  return `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`\n${summaryLine(results)}\n`)
  }
}

module.exports = SummaryReporter
module.exports.summaryLine = summaryLine
