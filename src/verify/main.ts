/**
 * Entry point of the verify bundle (verify/dist/index.js): read the inputs, read the source
 * marker, check it, and end the step with one line: a summary when it passes, one failure
 * listing every unmet expectation when it does not. The decisions are in parse-marker.ts,
 * expectations.ts and inputs.ts; nothing here prints a stack trace.
 */
import * as runner from '../workflow-commands.js'
import { tmpdir } from 'node:os'
import { currentRunOf, failureMessage, inputsMessage, passSummary, unmetExpectations } from './expectations.js'
import { parseVerifyInputs, readVerifyInputs } from './inputs.js'
import { readMarker } from './read-marker.js'

function verify(env: NodeJS.ProcessEnv, now: Date): void {
  const { options, problems } = parseVerifyInputs(readVerifyInputs(env), { env, tmpdir: tmpdir() })
  const read = readMarker(options.markerPath)
  const marker = 'marker' in read ? read.marker : undefined
  runner.setOutputs([['source', marker?.source ?? '']])
  if (problems.length > 0) {
    runner.setFailed(inputsMessage(problems))
    return
  }
  if (!marker) {
    runner.setFailed((read as { problem: string }).problem)
    return
  }
  const reasons = unmetExpectations(options, marker, currentRunOf(env), now)
  if (reasons.length > 0) runner.setFailed(failureMessage(options.markerPath, reasons))
  else runner.info(passSummary(marker, now))
}

try {
  verify(process.env, new Date())
} catch (e) {
  runner.setFailed(
    `the verify step failed unexpectedly: ${e instanceof Error ? e.message : String(e)} - this is a bug of the action: please report it with the log`
  )
}
process.exit(process.exitCode ?? 0)
