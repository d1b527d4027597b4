/**
 * The state of a running job (rc.Env, the env applied from GITHUB_ENV, the PATH additions, the
 * `steps` context, success so far) and the environment and expression contexts each step gets.
 *
 * Sources (forgejo/runner v12; docs/forgejo-runner.md): act/runner/run_context.go GetEnv (ACT=true;
 * mergeMaps(workflow env, job env, Config.Env)), withGithubEnv (CI, GITHUB_* and FORGEJO_*),
 * startHostEnvironment (RUNNER_OS/ARCH/TEMP/TOOL_CACHE; the runner's own environment fills in what
 * is not set); internal/app/run/runner.go (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN in Config.Env,
 * empty when OIDC is off); act/runner/step.go setupEnv/mergeEnv.
 */

import { join } from 'node:path'
import { inputEnvName, type ActionModel } from './action.js'
import { ActCommandHandler } from './commands.js'
import { type ExpressionContext, type Value, interpolate } from './expressions.js'
import { JobLog } from './job-log.js'
import type { JobSetup } from './job-setup.js'
import type { JobSpec, StepResult, StepSpec } from './job-spec.js'

export interface UsedAction {
  spec: StepSpec
  id: string
  display: string
  action: ActionModel
  state: Record<string, string>
}

type StepsContext = Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>

export class JobRun {
  readonly log = new JobLog()
  readonly handler = new ActCommandHandler()
  readonly results: StepResult[] = []
  readonly usedActions: UsedAction[] = []
  readonly stepNames: string[] = []
  readonly stepsCtx: StepsContext = {}
  readonly rcEnv: Record<string, string>
  /** the job env after the last step: job env + everything applied from GITHUB_ENV */
  readonly appliedEnv: Record<string, string>
  extraPath: string[] = []
  jobSucceeded = true
  private logCounter = 0
  private readonly runnerCtx: Record<string, string>

  constructor(
    readonly job: JobSpec,
    readonly setup: JobSetup
  ) {
    const { folders } = setup
    this.runnerCtx = {
      os: 'Linux',
      arch: 'X64',
      temp: folders.runnerTemp,
      tool_cache: folders.toolCache,
      name: 'forgejo-runner-harness',
      environment: 'self-hosted'
    }
    // rc.Env: workflow+job env, RUNNER_* (host executor), then the runner's own environment for what is not set
    const jobEnvRaw = { ...(job.env ?? {}) }
    const jobEnv: Record<string, string> = {}
    for (const [k, v] of Object.entries(jobEnvRaw)) jobEnv[k] = interpolate(v, this.exprCtx(jobEnvRaw))
    this.rcEnv = {
      ...jobEnv,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: folders.runnerTemp,
      RUNNER_TOOL_CACHE: folders.toolCache
    }
    if (setup.oidcModelled) {
      // runner.go runEnvs (Config.Env): over the workflow's and the job's env, empty when OIDC is off
      this.rcEnv['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = setup.idTokenRequest?.requestToken ?? ''
      this.rcEnv['ACTIONS_ID_TOKEN_REQUEST_URL'] = setup.idTokenRequest?.requestUrl ?? ''
    }
    for (const [k, v] of Object.entries(setup.host)) if (!(k in this.rcEnv)) this.rcEnv[k] = v
    this.appliedEnv = { ...jobEnv }
  }

  /** the file the next step process writes its output to */
  nextLogFile(): string {
    return join(this.setup.folders.root, 'logs', `${this.logCounter++}.log`)
  }

  private githubCtx(stepId: string, actionPath: string): Value {
    const { gh, folders } = this.setup
    return {
      workspace: folders.workspace,
      run_id: gh.runId,
      run_number: gh.runNumber,
      run_attempt: gh.runAttempt,
      repository: gh.repository,
      repository_owner: gh.repository.split('/')[0] ?? '',
      workflow: gh.workflow,
      sha: gh.sha,
      ref: gh.ref,
      ref_name: gh.refName,
      ref_type: gh.refType,
      server_url: gh.serverUrl,
      api_url: gh.apiUrl,
      actor: gh.actor,
      event_name: gh.eventName,
      event: {},
      event_path: folders.eventPath,
      job: this.setup.jobId,
      token: this.setup.token,
      action: stepId,
      action_path: actionPath
    }
  }

  exprCtx(envCtx: Record<string, string>, stepId = '', actionPath = ''): ExpressionContext {
    return {
      contexts: {
        github: this.githubCtx(stepId, actionPath),
        env: { ...envCtx },
        secrets: { ...this.setup.secrets },
        vars: { ...this.setup.vars },
        matrix: { ...this.setup.matrix },
        steps: JSON.parse(JSON.stringify(this.stepsCtx)) as Value,
        runner: { ...this.runnerCtx },
        job: { status: this.jobSucceeded ? 'success' : 'failure' }
      },
      jobSucceeded: this.jobSucceeded
    }
  }

  /** run_context.go GetEnv */
  getEnv(): Record<string, string> {
    this.rcEnv['ACT'] = 'true'
    return this.rcEnv
  }

  /** run_context.go withGithubEnv */
  withGithubEnv(env: Record<string, string>, stepId: string, actionPath: string): void {
    const { gh, folders, token, jobId } = this.setup
    // each of these as FORGEJO_<name> and GITHUB_<name>, in withGithubEnv's order
    const both: [string, string][] = [
      ['WORKFLOW', gh.workflow],
      ['RUN_ATTEMPT', gh.runAttempt],
      ['RUN_ID', gh.runId],
      ['RUN_NUMBER', gh.runNumber],
      ['ACTION', stepId],
      ['ACTION_PATH', actionPath],
      ['ACTION_REPOSITORY', ''],
      ['ACTION_REF', ''],
      ['ACTIONS', 'true'],
      ['ACTOR', gh.actor],
      ['REPOSITORY', gh.repository],
      ['EVENT_NAME', gh.eventName],
      ['EVENT_PATH', folders.eventPath],
      ['WORKSPACE', folders.workspace],
      ['SHA', gh.sha],
      ['REF', gh.ref],
      ['REF_NAME', gh.refName],
      ['REF_TYPE', gh.refType],
      ['TOKEN', token],
      ['JOB', jobId],
      ['REPOSITORY_OWNER', gh.repository.split('/')[0] ?? ''],
      ['RETENTION_DAYS', ''],
      ['BASE_REF', ''],
      ['HEAD_REF', ''],
      ['SERVER_URL', gh.serverUrl],
      ['API_URL', gh.apiUrl]
    ]
    env['CI'] = 'true'
    for (const [k, v] of both) {
      env['FORGEJO_' + k] = v
      env['GITHUB_' + k] = v
    }
    env['RUNNER_PERFLOG'] = ''
    env['RUNNER_TRACKING_ID'] = ''
  }

  /** step.go setupEnv + mergeEnv */
  setupEnv(spec: StepSpec, stepId: string, actionPath: string): Record<string, string> {
    const base = this.getEnv()
    const env: Record<string, string> = { ...base }
    this.withGithubEnv(env, stepId, actionPath)
    if (spec.uses !== undefined || spec.noop !== undefined) {
      // "prevent uses action input pollution of unset parameters"
      for (const k of Object.keys(env)) if (k.startsWith('INPUT_')) delete env[k]
    }
    for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = v
    for (const [k, v] of Object.entries(spec.with ?? {})) env[inputEnvName(k)] = v
    // non-INPUT_ values are interpolated with the job's env as `env`, then the inputs with the step's env
    const jobCtx = this.exprCtx(base, stepId, actionPath)
    for (const k of Object.keys(env)) {
      const v = env[k] as string
      if (!k.startsWith('INPUT_') && v.includes('${{')) env[k] = interpolate(v, jobCtx)
    }
    const stepCtx = this.exprCtx(env, stepId, actionPath)
    for (const k of Object.keys(env)) {
      const v = env[k] as string
      if (k.startsWith('INPUT_') && v.includes('${{')) env[k] = interpolate(v, stepCtx)
    }
    return env
  }

  /** action.go populateEnvsFromInput: every input not set gets its interpolated default ('' without one) */
  addInputDefaults(env: Record<string, string>, action: ActionModel, stepId: string, actionPath: string): void {
    for (const [inputId, input] of Object.entries(action.inputs)) {
      const k = inputEnvName(inputId)
      if (!(k in env)) env[k] = interpolate(input.default ?? '', this.exprCtx(this.getEnv(), stepId, actionPath))
    }
  }

  applyExtraPath(env: Record<string, string>): void {
    if (this.extraPath.length > 0) env['PATH'] = [...this.extraPath, env['PATH'] ?? ''].join(':')
  }

  /** a GITHUB_ENV line or ::set-env::: for the next steps, and recorded on the step */
  setEnv(r: StepResult, name: string, value: string): void {
    this.rcEnv[name] = value
    this.appliedEnv[name] = value
    r.envSet[name] = value
  }

  /** a GITHUB_PATH line or ::add-path::: first in PATH for the next steps */
  addPath(p: string): void {
    this.extraPath = [p, ...this.extraPath.filter((x) => x !== p)]
  }
}

/** What a main step's runner (action-step.ts, run-step.ts) is given. */
export interface MainStep {
  spec: StepSpec
  stepId: string
  stepNumber: number
  /** the step's name as shown */
  display: string
  /** the `uses:` folder, resolved; '' for a `run:` step */
  actionDir: string
  env: Record<string, string>
  /** the expression context of the step (its env as `env`) */
  ctx: ExpressionContext
  timeoutMs: number
  result: StepResult
}

/** A step's name before its expressions are evaluated: its name, else what it uses or runs, else its id. */
export function stepName(spec: StepSpec, stepId: string): string {
  return spec.name ?? spec.usesRef ?? spec.uses ?? spec.noop ?? spec.run ?? stepId
}

/** model.Step.String: the step's title in "⭐ Run Main …", expressions evaluated, an add-mask hidden */
export function stepTitle(spec: StepSpec, stepId: string, ctx: ExpressionContext): string {
  const s = interpolate(stepName(spec, stepId), ctx)
  return s.includes('::add-mask::') ? 'add-mask command' : s
}
