/**
 * Runs a job's steps the way a Forgejo runner on a host (a label with the `:host` scheme, e.g.
 * `platform-deploy:host`; or LXC) does, with the committed bundle of a JavaScript action, and
 * records what an operator would see. The facts and their versions: docs/forgejo-runner.md.
 *
 * The parts (forgejo/runner v12 unless noted):
 *  - job-setup.ts: the folders, the github values, the token, the OIDC request of the task context;
 *  - job-run.ts: the job's state and each step's environment (act/runner/run_context.go GetEnv,
 *    withGithubEnv; act/runner/step.go setupEnv/mergeEnv: the job's env with the GITHUB_ENV
 *    changes of earlier steps, then the github variables, then the step's `env:` and `with:`);
 *  - this file: the `if:` check, the "⭐ Run Main …" lines, the job's end
 *    (act/runner/step.go runStepExecutor; act/runner/job_executor.go: a step's error is logged and
 *    marks the job failed; the next steps still run, with success() false; "🏁  Job succeeded" /
 *    "🏁  Job failed");
 *  - action-step.ts (`uses:` and post steps), run-step.ts (`run:` scripts), step-process.ts (the
 *    process, its output, its result), file-commands.ts (GITHUB_ENV & co), job-log.ts (the log
 *    entries), masking.ts (the two renderings), commands.ts (workflow commands), env-file.ts.
 *  - OpenID Connect (Forgejo server ≥ v15 with runner ≥ v12.5, docs/forgejo-runner.md "OIDC ID
 *    tokens"): the server puts `forgejo_actions_id_token_request_url` / `_token` in the task
 *    context when the job has `enable-openid-connect: true`, except for a pull_request from a fork
 *    (not pull_request_target) (services/actions/task.go generateTaskContext); the runner copies
 *    them into its Config.Env as ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN,
 *    empty strings when absent (internal/app/run/runner.go), and Config.Env overrides the
 *    workflow's and the job's `env` in every step (act/runner/run_context.go GetEnv:
 *    mergeMaps(workflow env, job env, Config.Env)). The request token is a mask of the daemon from
 *    the start (internal/pkg/report/reporter.go NewReporter adds it to the masker when not empty)
 *    but not of the exec rule, which only masks Config.Secrets and ::add-mask:: values
 *    (act/runner/logger.go valueMasker): under the exec rule (the runner's journal at debug level)
 *    an echoed request token shows in clear. The harness models a runner ≥ v12.5 (both variables
 *    present, maybe empty) when the JobSpec has `idTokens` or `enableOpenIdConnect`; otherwise
 *    neither variable is set (older runners).
 *
 * Deviations: the step gets a file, not a PTY, as stdout+stderr (same order; `isTTY` is false);
 * a file-command error marks the step `failure` (the runner records the step as a success and
 * fails the job); masks in the daemon view apply from their registration on (see masking.ts);
 * `pre:` and composite/docker actions are not supported; job env expressions are evaluated once;
 * the job-level error line for a failed process is "RUN exit status N" (host executor wording);
 * ACTIONS_RUNTIME_TOKEN (on real runners the same JWT as the OIDC request token) is not set;
 * loadWorkflow turns actions/checkout into a step that does nothing; the runner's set-up lines
 * (image, clone of the action…) are not produced.
 */

import { isAbsolute, resolve } from 'node:path'
import { runActionStep, runPostSteps } from './action-step.js'
import { evaluateCondition, interpolate } from './expressions.js'
import { goMap } from './job-log.js'
import { JobRun, type MainStep, stepName, stepTitle } from './job-run.js'
import { prepareJob } from './job-setup.js'
import { type JobResult, type JobSpec, type StepSpec, newStepResult } from './job-spec.js'
import { renderDaemon, renderExec } from './masking.js'
import { runScriptStep } from './run-step.js'
import { finishStep } from './step-process.js'

export type { StepSpec, GithubSpec, JobSpec, StepResult, JobResult } from './job-spec.js'
export { cleanupJob } from './job-setup.js'

/** One main step: its env, its `if:`, then the action, the script or nothing; then its result. */
async function runMainStep(run: JobRun, spec: StepSpec, i: number): Promise<void> {
  const stepId = spec.id ?? String(i)
  let display = run.stepNames[i] as string
  const isAction = spec.uses !== undefined || spec.noop !== undefined
  const r = newStepResult(display, isAction ? 'action' : 'run', spec.id)
  run.results.push(r)
  const actionDir =
    spec.uses !== undefined ? (isAbsolute(spec.uses) ? spec.uses : resolve(run.setup.actionRoot, spec.uses)) : ''
  const where = { stepNumber: i }
  const env = run.setupEnv(spec, stepId, actionDir)
  run.log.log('debug', `setupEnv => ${goMap(env)}`, 'Main', where)
  const ctx = run.exprCtx(env, stepId, actionDir)
  // model.Step.String / the reporter's step names: the runner shows the name with its expressions evaluated.
  if (spec.name !== undefined && spec.name.includes('${{'))
    r.name = display = run.stepNames[i] = interpolate(spec.name, ctx)
  if (!evaluateCondition(spec.if, ctx, 'success')) {
    r.outcome = 'skipped'
    run.log.log('info', `Skipping step '${display}' due to '${spec.if ?? ''}'`, 'Main', {
      ...where,
      stepResult: 'skipped'
    })
    run.stepsCtx[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
    return
  }
  const title = stepTitle(spec, stepId, ctx)
  run.log.log('info', `\u2B50 Run Main ${title}`, 'Main', where)
  const step: MainStep = {
    spec,
    stepId,
    stepNumber: i,
    display,
    actionDir,
    env,
    ctx,
    timeoutMs: spec.timeoutMs ?? run.setup.defaultTimeout,
    result: r
  }
  if (spec.noop !== undefined) {
    r.stepEnv = env
    r.exitCode = 0
  } else if (spec.uses !== undefined) await runActionStep(run, step)
  else if (spec.run !== undefined) await runScriptStep(run, step)
  else throw new Error(`step '${display}' has neither run: nor uses:`)
  finishStep(run, r, 'Main', i, title, spec.noop === undefined)
  run.stepsCtx[stepId] = { outputs: { ...r.outputs }, outcome: r.outcome, conclusion: r.outcome }
}

/** The job's last line, and its log under both rules. */
function finishJob(run: JobRun): JobResult {
  const { setup, log, jobSucceeded } = run
  log.log(
    jobSucceeded ? 'info' : 'error',
    jobSucceeded ? '\u{1F3C1}  Job succeeded' : '\u{1F3C1}  Job failed',
    'Complete',
    { jobResult: jobSucceeded ? 'success' : 'failure' }
  )
  const { token, idTokenRequest, folders } = setup
  const secretValues = Object.values(setup.secrets)
  const exec = renderExec(log.events, {
    secrets: secretValues,
    jobName: `${setup.gh.workflow}/${setup.jobId}`,
    verbose: run.job.verbose === true
  })
  const daemon = renderDaemon(log.events, {
    // reporter.go NewReporter: the task token, the runtime token, the OIDC request token, the secrets
    secrets: [...new Set([token, ...(idTokenRequest ? [idTokenRequest.requestToken] : []), ...secretValues])],
    stepNames: run.stepNames,
    debugOutput: setup.secrets['ACTIONS_STEP_DEBUG'] === 'true'
  })
  return {
    steps: run.results,
    env: run.appliedEnv,
    log: { exec: exec.lines, daemon: daemon.lines },
    masks: { exec: exec.masks, daemon: daemon.masks },
    workspace: folders.workspace,
    ownWorkspace: run.job.workspace === undefined,
    runnerTemp: folders.runnerTemp,
    success: jobSucceeded,
    token,
    actPath: folders.actPath,
    ...(idTokenRequest ? { idTokenRequest } : {})
  }
}

export async function runJob(job: JobSpec): Promise<JobResult> {
  const run = new JobRun(job, prepareJob(job))
  job.steps.forEach((spec, i) => run.stepNames.push(stepName(spec, spec.id ?? String(i))))
  for (let i = 0; i < job.steps.length; i++) await runMainStep(run, job.steps[i] as StepSpec, i)
  if (job.runPost !== false) await runPostSteps(run)
  return finishJob(run)
}
