/**
 * Entry point of the audit bundle (audit/dist/index.js), an action and a command in one. Started
 * by the runner (every input set as INPUT_*, so INPUT_LEDGER-PATH exists), it reads its inputs
 * and sets its outputs; started from a shell, it reads its arguments (command.ts) and sets none.
 * Both then do the same: read the ledger as a stream into the tally, decide, print the table and
 * one line per failed check (or, with --json, one JSON object and nothing else), and write the
 * Markdown report when asked.
 *
 * Exit status, in both forms: 0 every check holds, 1 a check failed, 2 the audit could not be
 * made (bad inputs or arguments, a ledger or report file that cannot be read or written).
 * Everything printed goes through workflow-commands.ts (one line, never a command).
 */
import * as runner from '../workflow-commands.js'
import { cut, oneLine } from '../log-text.js'
import { writeFileAtomic } from '../atomic-file.js'
import { describeFileProblem } from '../regular-file.js'
import { USAGE, commandNames, parseCommandLine } from './command.js'
import { actionNames, isActionForm, parseAuditInputs, readAuditInputs, type AuditRawInputs } from './options.js'
import { readLedger } from './read-ledger.js'
import { Tally } from './tally.js'
import { decide } from './checks.js'
import {
  REPORT_MODE,
  failureLines,
  headline,
  jsonReport,
  markdownReport,
  textTable,
  unreadableText,
  verdictLine
} from './report.js'

const TROUBLE = 2

function fileText(path: string): string {
  return oneLine(cut(path, 300))
}

interface Form {
  action: boolean
  json: boolean
}

/** The audit could not be made: one `::error::` line (or, with --json, an object saying so), exit 2. */
function trouble(form: Form, message: string): void {
  if (form.json) process.stdout.write(`${JSON.stringify({ schema: 1, verdict: 'error', error: message })}\n`)
  else runner.setFailed(message)
  process.exitCode = TROUBLE
}

async function audit(raw: AuditRawInputs, form: Form, now: Date): Promise<void> {
  const { options, problems } = parseAuditInputs(raw, now, form.action ? actionNames : commandNames)
  if (problems.length > 0) {
    const list = problems.map((p, i) => `(${i + 1}) ${p}`).join('; ')
    if (form.action)
      trouble(form, `the inputs of the audit step are not valid: ${list} - fix them under with: of the audit step`)
    else {
      process.stderr.write(`${oneLine(`bad arguments: ${list}`)}\n\n${USAGE}`)
      process.exitCode = TROUBLE
    }
    return
  }

  const tally = new Tally(options.since.getTime(), options.soakRuns, options.expectSources)
  const read = await readLedger(options.ledgerPath, (line, text) => tally.addLine(line, text))
  if ('problem' in read) {
    const p = read.problem
    const hint =
      p.kind === 'open' && p.code === 'ENOENT'
        ? ': the fetch steps create it on their first run with ledger-path; check that this path is the one they are given, on this runner host'
        : p.kind === 'open' && (p.code === 'EACCES' || p.code === 'EPERM')
          ? ': the fetch steps create it mode 0600, so the audit must run as the runner user'
          : ''
    trouble(form, `the ledger ${fileText(options.ledgerPath)} ${describeFileProblem(p)}${hint}`)
    return
  }

  const result = decide(tally, options, now)

  if (options.reportFile !== '') {
    try {
      writeFileAtomic(options.reportFile, markdownReport(result, options.ledgerPath), REPORT_MODE)
    } catch (e) {
      trouble(
        form,
        `the report file ${fileText(options.reportFile)} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}): its folder must exist and be writable by the runner user`
      )
      return
    }
  }

  if (form.action) {
    runner.setOutputs([
      ['runs', String(result.runs)],
      ['fallback-runs', String(result.fallbackRuns)],
      ['failed-runs', String(result.failedRuns)],
      ['soak-met', String(result.soakMet)],
      [
        'earliest-token-expiry',
        result.earliestTokenExpiry === null ? '' : new Date(result.earliestTokenExpiry).toISOString()
      ]
    ])
  }

  if (form.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(result, options.ledgerPath))}\n`)
  } else {
    runner.info(`audit of the ledger ${fileText(options.ledgerPath)}: ${headline(result)}`)
    for (const line of textTable(result)) runner.info(line)
    const unreadable = unreadableText(result)
    if (unreadable !== null) runner.warning(unreadable)
    for (const line of failureLines(result)) runner.setFailed(line)
    if (options.reportFile !== '') runner.info(`report written to ${fileText(options.reportFile)}`)
    runner.info(verdictLine(result))
  }
  process.exitCode = result.passed ? 0 : 1
}

/** The form of this process, once known: an unexpected failure is reported in it. */
let form: Form = { action: false, json: false }

async function main(): Promise<void> {
  const env = process.env
  const now = new Date()
  if (isActionForm(env)) {
    form = { action: true, json: false }
    await audit(readAuditInputs(env), form, now)
    return
  }
  const command = parseCommandLine(process.argv.slice(2))
  if ('help' in command) {
    process.stdout.write(USAGE)
    return
  }
  if ('problem' in command) {
    process.stderr.write(`${oneLine(command.problem)}\n\n${USAGE}`)
    process.exitCode = TROUBLE
    return
  }
  form = { action: false, json: command.json }
  await audit(command.raw, form, now)
}

try {
  await main()
} catch (e) {
  trouble(
    form,
    `the audit failed unexpectedly: ${e instanceof Error ? e.message : String(e)} - this is a bug of the action: please report it with the log`
  )
}
