/**
 * A `uses:` step of a local JavaScript action, and its post step: `node <action dir>/<runs.main>`
 * with INPUT_<NAME> for every input of action.yml, then, after the main steps and in reverse
 * order, `runs.post` with the state the main step saved as STATE_<name>.
 *
 * Sources (forgejo/runner v12; docs/forgejo-runner.md "INPUT_ variables"): act/runner/action.go
 * populateEnvsFromInput (an input that is not set gets its interpolated default, '' without one),
 * populateEnvsFromSavedState, runPostStep/shouldRunPostStep (post runs when the main step ran, not
 * when it was skipped; `post-if` defaults to always()).
 *
 * Deviations: `pre:` is refused.
 */

import { join } from 'node:path'
import { type ActionModel, readAction } from './action.js'
import { evaluateCondition } from './expressions.js'
import { setFileCommandEnv } from './file-commands.js'
import { type JobRun, type MainStep, type UsedAction, stepTitle } from './job-run.js'
import { newStepResult, type StepResult } from './job-spec.js'
import { finishStep, runProcess, type StepProcess } from './step-process.js'

export async function runActionStep(run: JobRun, step: MainStep): Promise<void> {
  const { spec, stepId, actionDir, env } = step
  const action = readAction(actionDir)
  if (action.runs.pre !== undefined) throw new Error(`${action.file}: runs.pre is not supported by the harness`)
  run.withGithubEnv(env, stepId, actionDir)
  run.usedActions.push({ spec, id: stepId, display: step.display, action, state: step.result.state })
  await runActionScript(
    run,
    step.result,
    { action, stepId, script: action.runs.main, env },
    {
      timeoutMs: step.timeoutMs,
      stage: 'Main',
      stepNumber: step.stepNumber
    }
  )
}

/**
 * `node <action dir>/<script>` in the workspace, as the runner starts an action's main or post:
 * its inputs' defaults, the file-command variables and the added PATH entries in its environment.
 */
async function runActionScript(
  run: JobRun,
  result: StepResult,
  a: { action: ActionModel; stepId: string; script: string; env: Record<string, string> },
  p: Pick<StepProcess, 'timeoutMs' | 'stage' | 'stepNumber'>
): Promise<void> {
  run.addInputDefaults(a.env, a.action, a.stepId, a.action.dir)
  setFileCommandEnv(a.env, run.setup.folders.actPath)
  run.applyExtraPath(a.env)
  await runProcess(run, result, {
    command: process.execPath,
    args: [join(a.action.dir, a.script)],
    env: a.env,
    cwd: run.setup.folders.workspace,
    ...p
  })
}

async function runPostStep(run: JobRun, used: UsedAction, post: string): Promise<void> {
  const { spec, id: stepId, action } = used
  const r = newStepResult(`Post ${used.display}`, 'post', spec.id)
  run.results.push(r)
  const env = run.setupEnv(spec, stepId, action.dir)
  const stepCtx = run.exprCtx(env, stepId, action.dir)
  const postIf = action.runs.postIf ?? 'always()'
  if (!evaluateCondition(postIf, stepCtx, 'always')) {
    r.outcome = 'skipped'
    run.log.log('info', `Skipping step '${used.display}' due to '${postIf}'`, 'Post', { stepResult: 'skipped' })
    return
  }
  const title = stepTitle(spec, stepId, stepCtx)
  run.log.log('info', `\u2B50 Run Post ${title}`, 'Post')
  for (const [k, v] of Object.entries(used.state)) env[`STATE_${k}`] = v
  await runActionScript(
    run,
    r,
    { action, stepId, script: post, env },
    {
      timeoutMs: spec.timeoutMs ?? run.setup.defaultTimeout,
      stage: 'Post',
      stepNumber: undefined
    }
  )
  finishStep(run, r, 'Post', undefined, title)
}

/** The post steps of the used actions, last used first. */
export async function runPostSteps(run: JobRun): Promise<void> {
  for (const used of [...run.usedActions].reverse()) {
    const post = used.action.runs.post
    if (post === undefined || post === '') continue
    await runPostStep(run, used, post)
  }
}
