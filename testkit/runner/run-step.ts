/**
 * A `run:` step: the script, its expressions evaluated, written as "\n<script>\n" to
 * workflow/<id>.sh in the act folder and run with `bash --noprofile --norc -e -o pipefail <file>`
 * (or `sh -e <file>`) in the workspace or its working-directory; the script is logged at debug
 * level, unless it holds an ::add-mask::.
 *
 * Source (forgejo/runner v12; docs/forgejo-runner.md): act/runner/step_run.go.
 *
 * Deviations: only the bash and sh shells.
 */

import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { interpolate } from './expressions.js'
import { setFileCommandEnv } from './file-commands.js'
import type { JobRun, MainStep } from './job-run.js'
import { runProcess } from './step-process.js'

export async function runScriptStep(run: JobRun, step: MainStep): Promise<void> {
  const { spec, stepId, display, env } = step
  const { actPath, workspace } = run.setup.folders
  const script = interpolate(spec.run ?? '', step.ctx)
  const shell = spec.shell ?? 'bash'
  if (shell !== 'bash' && shell !== 'sh')
    throw new Error(`step '${display}': shell '${shell}' is not supported by the harness`)
  const name = `workflow/${stepId}.sh`
  const body = `\n${script}\n`
  const where = { stepNumber: step.stepNumber }
  if (!body.includes('::add-mask::')) run.log.log('debug', `Wrote command \n${body}\n to '${name}'`, 'Main', where)
  else run.log.log('debug', `Wrote add-mask command to '${name}'`, 'Main', where)
  const scriptPath = join(actPath, name)
  writeFileSync(scriptPath, body, { mode: 0o755 })
  setFileCommandEnv(env, actPath)
  run.applyExtraPath(env)
  const cwd = spec.workingDirectory !== undefined ? resolve(workspace, spec.workingDirectory) : workspace
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new Error(`step '${display}': working directory ${cwd} does not exist`)
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptPath] : ['-e', scriptPath]
  await runProcess(run, step.result, {
    command: shell,
    args,
    env,
    cwd,
    timeoutMs: step.timeoutMs,
    stage: 'Main',
    stepNumber: step.stepNumber
  })
}
