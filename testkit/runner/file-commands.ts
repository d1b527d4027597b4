/**
 * The file commands of a step: workflow/{envs.txt,statecmd.txt,outputcmd.txt,pathcmd.txt,SUMMARY.md}
 * under the job's act folder, named in both FORGEJO_X and GITHUB_X, emptied before each step and
 * read after it (in that order: ENV, STATE, OUTPUT, SUMMARY, PATH), even when the step failed.
 *
 * Sources (forgejo/runner v12; docs/forgejo-runner.md "Environment files"): act/runner/step.go
 * runStepExecutor/processRunnerEnvFileCommand…; act/container/parse_env_file.go (env-file.ts).
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setEnvLine, setOutputLine } from './commands.js'
import { parseEnvFile } from './env-file.js'
import { at } from './job-log.js'
import type { JobRun } from './job-run.js'
import type { StepResult } from './job-spec.js'
import type { Stage } from './masking.js'

const FILE_COMMANDS = {
  OUTPUT: 'workflow/outputcmd.txt',
  STATE: 'workflow/statecmd.txt',
  PATH: 'workflow/pathcmd.txt',
  ENV: 'workflow/envs.txt',
  STEP_SUMMARY: 'workflow/SUMMARY.md'
} as const

function readIfExists(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
}

/** Names the files in the step's environment (FORGEJO_X and GITHUB_X) and empties them. */
export function setFileCommandEnv(env: Record<string, string>, actPath: string): void {
  for (const [k, rel] of Object.entries(FILE_COMMANDS)) {
    const p = join(actPath, rel)
    env['FORGEJO_' + k] = p
    env['GITHUB_' + k] = p
    writeFileSync(p, '', { mode: 0o666 })
  }
}

/** step.go: reads the file commands after the step; returns the error text, if any */
export function processFileCommands(
  run: JobRun,
  r: StepResult,
  stage: Stage,
  stepNumber: number | undefined
): string | undefined {
  const actPath = run.setup.folders.actPath
  const errors: string[] = []
  const where = at(stepNumber)
  const env = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.ENV)))
  if (env.error !== undefined) {
    errors.push(env.error)
    Object.assign(r.envSet, env.values)
  } else {
    for (const [k, v] of Object.entries(env.values)) {
      run.log.log('info', setEnvLine(k, v), stage, where)
      run.setEnv(r, k, v)
    }
  }
  const state = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.STATE)))
  if (state.error !== undefined) errors.push(state.error)
  else Object.assign(r.state, state.values)
  const out = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.OUTPUT)))
  if (out.error !== undefined) errors.push(out.error)
  else {
    for (const [k, v] of Object.entries(out.values)) {
      run.log.log('info', setOutputLine(k, v), stage, where)
      r.outputs[k] = v
    }
  }
  const summary = readIfExists(join(actPath, FILE_COMMANDS.STEP_SUMMARY)).toString('utf8')
  if (summary.length > 0) run.log.log('info', `  \u2699  Summary - ${summary}`, stage, where)
  for (const line of readIfExists(join(actPath, FILE_COMMANDS.PATH)).toString('utf8').split('\n')) {
    const p = line.replace(/\r$/, '')
    if (p.length === 0) continue
    run.log.log('info', `  \u2699  Add ${JSON.stringify(p)} to PATH`, stage, where)
    run.addPath(p)
  }
  return errors.length > 0 ? errors.join('\n') : undefined
}
