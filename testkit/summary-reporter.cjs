// Prints the plain closing line `tests: N passed, N failed` (and skipped) after jest's own summary,
// so that CI reads the outcome of the run in any case.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}\n`
    )
  }
}
module.exports = SummaryReporter
