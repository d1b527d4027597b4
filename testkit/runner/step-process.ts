/**
 * The process of a step: started with stdout and stderr on one file, killed (its whole process
 * group) at its timeout, its output cut into complete lines and fed through the command handler
 * and the logger; then the step's result line, its file commands and its error.
 *
 * Sources (forgejo/runner v12; docs/forgejo-runner.md): act/container/host_environment.go (a PTY
 * in raw mode: here a file, `isTTY` false, same order); act/common/line_writer.go (only complete
 * lines: a last line without `\n` never reaches the log nor the command handler);
 * act/runner/job_executor.go (a step's error is logged and marks the job failed).
 */

import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { killGroup } from '../kill-group.js'
import type { CommandEffect } from './commands.js'
import { processFileCommands } from './file-commands.js'
import { at } from './job-log.js'
import type { JobRun } from './job-run.js'
import type { StepResult } from './job-spec.js'
import type { LogEntry, Stage } from './masking.js'

interface ExecOutcome {
  exitCode: number | null
  timedOut: boolean
  output: Buffer
  durationMs: number
  spawnError?: string
}

/** Runs one step process with stdout and stderr on the same file descriptor. */
function execStep(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  logFile: string
): Promise<ExecOutcome> {
  const fd = openSync(logFile, 'w')
  const started = Date.now()
  return new Promise((resolvePromise) => {
    let timedOut = false
    let settled = false
    const finish = (exitCode: number | null, spawnError?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      closeSync(fd)
      const out: ExecOutcome = { exitCode, timedOut, output: readFileSync(logFile), durationMs: Date.now() - started }
      if (spawnError !== undefined) out.spawnError = spawnError
      resolvePromise(out)
    }
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true })
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child)
    }, timeoutMs)
    child.on('error', (err) => finish(null, err.message))
    child.on('exit', (code) => finish(timedOut ? null : code))
  })
}

function splitOutput(buf: Buffer): { lines: string[]; partial: string } {
  const text = buf.toString('utf8')
  const lines: string[] = []
  let start = 0
  for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1))
    start = nl + 1
  }
  return { lines, partial: text.slice(start) }
}

export interface StepProcess {
  command: string
  args: string[]
  env: Record<string, string>
  cwd: string
  timeoutMs: number
  stage: Stage
  /** a main step's number; undefined for a post step */
  stepNumber: number | undefined
}

/** What a workflow command of the output does (act/runner/command.go); ::add-mask:: is JobLog.line's. */
function applyEffect(
  run: JobRun,
  r: StepResult,
  p: StepProcess,
  eff: Exclude<CommandEffect, { type: 'mask' }>,
  where: Partial<LogEntry>
): void {
  switch (eff.type) {
    case 'state':
      r.state[eff.name] = eff.value
      break
    case 'annotation':
      r.annotations.push(eff.annotation)
      break
    case 'output':
      r.outputs[eff.name] = eff.value
      break
    case 'env':
      run.setEnv(r, eff.name, eff.value)
      break
    case 'path':
      run.log.log('info', `  \u2699  Add ${JSON.stringify(eff.value)} to PATH`, p.stage, where)
      run.addPath(eff.value)
      break
  }
}

/** Runs the process of a step and feeds its output through the command handler and the logger. */
export async function runProcess(run: JobRun, r: StepResult, p: StepProcess): Promise<void> {
  r.stepEnv = { ...p.env }
  const where = at(p.stepNumber)
  const outcome = await execStep(p.command, p.args, p.env, p.cwd, p.timeoutMs, run.nextLogFile())
  r.exitCode = outcome.exitCode
  r.durationMs = outcome.durationMs
  const { lines, partial } = splitOutput(outcome.output)
  r.raw = lines.map((l) => l.slice(0, -1))
  if (partial !== '') {
    r.raw.push(partial)
    r.droppedPartialLine = partial
  }
  for (const line of lines) run.log.line(run.handler, line, p.stage, where, (eff) => applyEffect(run, r, p, eff, where))
  if (outcome.spawnError !== undefined) r.error = `failed to start ${p.command}: ${outcome.spawnError}`
  else if (outcome.timedOut)
    r.error = `this step has been cancelled: ctx: context deadline exceeded (after ${p.timeoutMs} ms)`
  else if (outcome.exitCode !== 0) r.error = `RUN exit status ${outcome.exitCode}`
  if (r.error !== undefined) r.outcome = 'failure'
}

/**
 * The step's result line, then its file commands, then its error (job_executor.go). A step that
 * ran no process (`ranProcess` false: a no-op such as actions/checkout) has no file commands: its
 * files were never emptied for it, and what they hold is the step before's.
 */
export function finishStep(
  run: JobRun,
  r: StepResult,
  stage: Stage,
  stepNumber: number | undefined,
  stepString: string,
  ranProcess = true
): void {
  const where = at(stepNumber)
  if (r.outcome === 'success')
    run.log.log('info', `  \u2705  Success - ${stage} ${stepString}`, stage, { ...where, stepResult: 'success' })
  else run.log.log('error', `  \u274C  Failure - ${stage} ${stepString}`, stage, { ...where, stepResult: 'failure' })
  const fileError = ranProcess ? processFileCommands(run, r, stage, stepNumber) : undefined
  if (fileError !== undefined) {
    r.error = r.error !== undefined ? `${r.error}\n${fileError}` : fileError
    r.outcome = 'failure'
  }
  // job_executor.go: logger.Errorf("%v", err); common.SetJobError(ctx, err)
  if (r.error !== undefined) run.log.log('error', r.error, stage, where)
  if (r.outcome === 'failure') run.jobSucceeded = false
}
