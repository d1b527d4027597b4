/**
 * Entry point of the verify bundle (verify/dist/index.js): read the inputs, read the source
 * marker, check it, and end the step with one line: a summary when it passes, one failure
 * listing every unmet expectation when it does not. The decisions are in expectations.ts and
 * inputs.ts; nothing here prints a stack trace.
 */
import * as runner from '../workflow-commands.js'
import { readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import {
  MAX_MARKER_BYTES,
  currentRunOf,
  failureMessage,
  inputsMessage,
  parseMarkerText,
  passSummary,
  unmetExpectations,
  unreadableMessage,
  type CheckedMarker
} from './expectations.js'
import { parseVerifyInputs, readVerifyInputs } from './inputs.js'

function readMarker(path: string): { marker: CheckedMarker } | { problem: string } {
  let text: string
  try {
    if (statSync(path).size > MAX_MARKER_BYTES) return { problem: unreadableMessage(path, 'EFBIG') }
    text = readFileSync(path, 'utf8')
  } catch (e) {
    return { problem: unreadableMessage(path, (e as NodeJS.ErrnoException).code) }
  }
  return parseMarkerText(path, text)
}

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
  runner.setFailed(`the verify step failed unexpectedly: ${e instanceof Error ? e.message : String(e)} - this is a bug of the action: please report it with the log`)
}
process.exit(process.exitCode ?? 0)
