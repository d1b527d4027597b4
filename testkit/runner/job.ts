/**
 * Runs a job's steps the way a Forgejo runner on a host (`self-hosted:host` / LXC) does, with the
 * committed bundle of a JavaScript action, and records what an operator would see.
 *
 * Sources (forgejo/runner v12 unless noted):
 *  - act/runner/step.go runStepExecutor/setupEnv/mergeEnv: the step environment (the job's env
 *    with the GITHUB_ENV changes of earlier steps, then the github variables, then the step's
 *    `env:` and `with:`), the `if:` check, the "⭐ Run Main …" / "✅ Success - Main …" lines, the
 *    file commands `workflow/{envs.txt,statecmd.txt,outputcmd.txt,pathcmd.txt,SUMMARY.md}` under
 *    the job's act folder, named in both FORGEJO_X and GITHUB_X, emptied before each step and read
 *    after it (in that order: ENV, STATE, OUTPUT, SUMMARY, PATH), even when the step failed.
 *  - act/runner/run_context.go withGithubEnv (CI, GITHUB_* and FORGEJO_*), startHostEnvironment
 *    (RUNNER_OS/ARCH/TEMP/TOOL_CACHE; the runner's own environment fills in what is not set;
 *    stdout and stderr share one writer), GetEnv (ACT=true).
 *  - act/runner/action.go: `node <action dir>/<runs.main>`; populateEnvsFromInput (every input of
 *    action.yml that is not set gets INPUT_<NAME> = its interpolated default, '' without one);
 *    populateEnvsFromSavedState (STATE_<name>); runPostStep/shouldRunPostStep (post runs when the
 *    main step ran, not when it was skipped; `post-if` defaults to always()).
 *  - act/runner/step_run.go: a `run:` script is written as "\n<script>\n" to workflow/<id>.sh and
 *    run with `bash --noprofile --norc -e -o pipefail <file>`; the script is logged at debug level.
 *  - act/runner/command.go: workflow commands (commands.ts); act/container/parse_env_file.go:
 *    the file commands (env-file.ts); act/runner/logger.go and internal/pkg/report: the logs (masking.ts).
 *  - act/runner/job_executor.go: a step's error is logged and marks the job failed; the next steps
 *    still run (with success() false); "🏁  Job succeeded" / "🏁  Job failed".
 *  - OpenID Connect (Forgejo server ≥ v15 with runner ≥ v12.5, forgejo-runner.md "OIDC ID tokens"):
 *    the server puts `forgejo_actions_id_token_request_url` / `_token` in the task context when the
 *    job has `enable-openid-connect: true`, except for a pull_request from a fork (not
 *    pull_request_target) (services/actions/task.go generateTaskContext); the runner copies them into
 *    its Config.Env as ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN, empty strings
 *    when absent (internal/app/run/runner.go), and Config.Env overrides the workflow's and the job's
 *    `env` in every step (act/runner/run_context.go GetEnv: mergeMaps(workflow env, job env,
 *    Config.Env)). The request token is a mask of the daemon from the start (internal/pkg/report/
 *    reporter.go NewReporter adds it to the masker when not empty) but not of the exec rule, which
 *    only masks Config.Secrets and ::add-mask:: values (act/runner/logger.go valueMasker): under
 *    the exec rule (the runner's journal at debug level) an echoed request token shows in clear.
 *    The harness models a runner ≥ v12.5 (both variables present, maybe empty) when the JobSpec
 *    has `idTokens` or `enableOpenIdConnect`; otherwise neither variable is set (older runners).
 *  - act/container/host_environment.go: the step runs in a PTY in raw mode; the line writer
 *    (act/common/line_writer.go) only ever handles complete lines, so a last line without `\n`
 *    never reaches the log nor the command handler.
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

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { type ActionModel, inputEnvName, readAction } from './action.js'
import { ActCommandHandler, type Annotation, type LogLevel, setEnvLine, setOutputLine } from './commands.js'
import { parseEnvFile } from './env-file.js'
import { type ExpressionContext, type Value, evaluateCondition, interpolate } from './expressions.js'
import { type LogEntry, type LogEvent, type Stage, renderDaemon, renderExec } from './masking.js'
import type { IdTokenProvider, IdTokenRequest } from '../oidc-issuer.js'

export interface StepSpec {
  name?: string
  id?: string
  /** a local action directory (absolute, or relative to job.actionRoot), e.g. '.' or './verify' */
  uses?: string
  /** the `uses:` reference as written in the workflow, shown in the step's header */
  usesRef?: string
  with?: Record<string, string>
  env?: Record<string, string>
  /** a bash script, run like `bash --noprofile --norc -e -o pipefail <file>` in the workspace */
  run?: string
  /** `bash` (default) or `sh` */
  shell?: string
  /** for `run:` steps, relative to the workspace */
  workingDirectory?: string
  /** 'success()' (default), 'always()', 'failure()', or an expression */
  if?: string
  /** a step that does nothing and succeeds (e.g. actions/checkout, mapped by loadWorkflow); the text is shown as its name */
  noop?: string
  /** overrides job.timeoutMs for this step */
  timeoutMs?: number
}

export interface GithubSpec {
  repository: string
  workflow: string
  runId: string
  runNumber: string
  runAttempt: string
  sha: string
  ref: string
  serverUrl: string
  actor: string
  eventName: string
  /**
   * the workflow's file name (the server's github.workflow and the OIDC `workflow` claim; the
   * `workflow` above is GITHUB_WORKFLOW, the `name:`). Default: `workflow`'s value
   */
  workflowFile?: string
}

export interface JobSpec {
  /** job id, default 'apply' */
  name?: string
  /** default: process.cwd() */
  actionRoot?: string
  steps: StepSpec[]
  /** job-level env (workflow env merged in by loadWorkflow) */
  env?: Record<string, string>
  /** the runner process's own environment; PATH and HOME are taken from this process if absent */
  hostEnv?: Record<string, string>
  /** the `secrets` context; masked from the start under both rules */
  secrets?: Record<string, string>
  vars?: Record<string, string>
  matrix?: Record<string, string>
  /** default: a fresh temp dir */
  workspace?: string
  github?: Partial<GithubSpec>
  /** per step process, default 60000 */
  timeoutMs?: number
  /** default true: run the `runs.post` of each used action after the steps, in reverse order */
  runPost?: boolean
  /** exec log: include the runner's debug lines (a verbose `forgejo-runner exec`) */
  verbose?: boolean
  /**
   * the Forgejo server's ID-token side (a ForgejoIdTokenIssuer): with it the harness is a runner
   * ≥ v12.5 talking to a Forgejo ≥ v15, and every step gets ACTIONS_ID_TOKEN_REQUEST_URL and
   * ACTIONS_ID_TOKEN_REQUEST_TOKEN (empty unless OIDC is on for the job)
   */
  idTokens?: IdTokenProvider
  /** `enable-openid-connect: true` (workflow or job level); needs `idTokens` */
  enableOpenIdConnect?: boolean
  /** the run is a pull request from a fork: no OIDC, unless the event is pull_request_target */
  pullRequestFromFork?: boolean
}

export interface StepResult {
  name: string
  id?: string
  kind: 'action' | 'run' | 'post'
  outcome: 'success' | 'failure' | 'skipped'
  exitCode: number | null
  durationMs: number
  /** the raw output lines (stdout and stderr interleaved), without their `\n` */
  raw: string[]
  /** from GITHUB_OUTPUT and ::set-output:: */
  outputs: Record<string, string>
  /** what the step wrote to GITHUB_ENV, as the runner parsed it (and applied it, unless `error`) */
  envSet: Record<string, string>
  /** from GITHUB_STATE and ::save-state:: */
  state: Record<string, string>
  annotations: Annotation[]
  /** the exact environment of the step process */
  stepEnv: Record<string, string>
  /** why the step failed besides its exit code: a file-command error, a timeout */
  error?: string
  /** a last output line without `\n`: the runner never shows nor handles it */
  droppedPartialLine?: string
}

export interface JobResult {
  /** the main steps, then the post steps */
  steps: StepResult[]
  /** the job env after the last step: job env + everything applied from GITHUB_ENV */
  env: Record<string, string>
  log: { exec: string[]; daemon: string[] }
  masks: { exec: string[]; daemon: string[] }
  workspace: string
  /** the harness made the workspace (no `workspace` in the spec): cleanupJob removes it */
  ownWorkspace: boolean
  runnerTemp: string
  success: boolean
  /** the fake GITHUB_TOKEN / FORGEJO_TOKEN of this job (a mask under both rules) */
  token: string
  /** the job's act folder (file commands, run scripts, event.json) */
  actPath: string
  /** what the server gave the job when OIDC was on: the request URL and token (a daemon mask) */
  idTokenRequest?: IdTokenRequest
}

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
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    child.on('error', (err) => finish(null, err.message))
    child.on('exit', (code) => finish(timedOut ? null : code))
  })
}

/** fmt's %v of a map[string]string: `map[k1:v1 k2:v2]`, keys sorted. */
function goMap(m: Record<string, string>): string {
  return (
    'map[' +
    Object.keys(m)
      .sort()
      .map((k) => `${k}:${m[k]}`)
      .join(' ') +
    ']'
  )
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

function readIfExists(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
}

const FILE_COMMANDS = {
  OUTPUT: 'workflow/outputcmd.txt',
  STATE: 'workflow/statecmd.txt',
  PATH: 'workflow/pathcmd.txt',
  ENV: 'workflow/envs.txt',
  STEP_SUMMARY: 'workflow/SUMMARY.md'
} as const

interface UsedAction {
  spec: StepSpec
  id: string
  display: string
  action: ActionModel
  state: Record<string, string>
}

export async function runJob(job: JobSpec): Promise<JobResult> {
  const jobId = job.name ?? 'apply'
  const actionRoot = resolve(job.actionRoot ?? process.cwd())
  // before any folder is made: a job that cannot run leaves nothing behind
  if (job.enableOpenIdConnect === true && job.idTokens === undefined) {
    throw new Error(
      'enableOpenIdConnect needs idTokens (a ForgejoIdTokenIssuer): the request URL and token come from the Forgejo server'
    )
  }
  const root = mkdtempSync(join(tmpdir(), 'forgejo-runner-harness-'))
  const actPath = join(root, 'act')
  mkdirSync(join(actPath, 'workflow'), { recursive: true })
  mkdirSync(join(root, 'logs'))
  const toolCache = join(root, 'toolcache')
  mkdirSync(toolCache)
  const runnerTemp = mkdtempSync(join(tmpdir(), 'forgejo-runner-temp-'))
  const workspace =
    job.workspace !== undefined ? resolve(job.workspace) : mkdtempSync(join(tmpdir(), 'forgejo-runner-workspace-'))
  if (!existsSync(workspace)) mkdirSync(workspace, { recursive: true })
  writeFileSync(join(actPath, 'workflow/event.json'), '{}', { mode: 0o644 })
  const eventPath = join(actPath, 'workflow/event.json')
  const defaultTimeout = job.timeoutMs ?? 60000

  const token = 'fake-forgejo-token-' + randomBytes(20).toString('hex')
  const gh: GithubSpec = {
    repository: 'platform/infisical-action-test',
    workflow: 'workflow',
    runId: '1',
    runNumber: '1',
    runAttempt: '1',
    sha: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/heads/main',
    serverUrl: 'https://forgejo.example.org',
    actor: 'forgejo-user',
    eventName: 'push',
    ...job.github
  }
  const refName = gh.ref.replace(/^refs\/(heads|tags)\//, '')
  const refType = gh.ref.startsWith('refs/tags/') ? 'tag' : 'branch'
  const serverUrl = /^https?:\/\//.test(gh.serverUrl) ? gh.serverUrl : 'https://' + gh.serverUrl
  const apiUrl = serverUrl + '/api/v1'

  // OIDC: what the server puts in the task context (task.go), fed with the job's github values
  const oidcModelled = job.idTokens !== undefined || job.enableOpenIdConnect !== undefined
  const oidcOn =
    job.enableOpenIdConnect === true && !(job.pullRequestFromFork === true && gh.eventName !== 'pull_request_target')
  const idTokenRequest: IdTokenRequest | undefined =
    oidcOn && job.idTokens
      ? job.idTokens.jobRequest({
          repository: gh.repository,
          ref: gh.ref,
          runId: gh.runId,
          runNumber: gh.runNumber,
          runAttempt: gh.runAttempt,
          workflow: gh.workflowFile ?? gh.workflow,
          eventName: gh.eventName,
          actor: gh.actor,
          sha: gh.sha,
          refType,
          headRef: '',
          baseRef: ''
        })
      : undefined

  const secrets: Record<string, string> = { ...(job.secrets ?? {}) }
  if (!('GITHUB_TOKEN' in secrets)) secrets['GITHUB_TOKEN'] = token
  const vars = { ...(job.vars ?? {}) }
  const matrix = { ...(job.matrix ?? {}) }

  const host: Record<string, string> = { ...(job.hostEnv ?? {}) }
  if (host['PATH'] === undefined && process.env['PATH'] !== undefined) host['PATH'] = process.env['PATH']
  if (host['HOME'] === undefined && process.env['HOME'] !== undefined) host['HOME'] = process.env['HOME']

  const stepsCtx: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {}
  let jobSucceeded = true
  const runnerCtx = {
    os: 'Linux',
    arch: 'X64',
    temp: runnerTemp,
    tool_cache: toolCache,
    name: 'forgejo-runner-harness',
    environment: 'self-hosted'
  }
  const githubCtx = (stepId: string, actionPath: string): Value => ({
    workspace,
    run_id: gh.runId,
    run_number: gh.runNumber,
    run_attempt: gh.runAttempt,
    repository: gh.repository,
    repository_owner: gh.repository.split('/')[0] ?? '',
    workflow: gh.workflow,
    sha: gh.sha,
    ref: gh.ref,
    ref_name: refName,
    ref_type: refType,
    server_url: serverUrl,
    api_url: apiUrl,
    actor: gh.actor,
    event_name: gh.eventName,
    event: {},
    event_path: eventPath,
    job: jobId,
    token,
    action: stepId,
    action_path: actionPath
  })
  const exprCtx = (envCtx: Record<string, string>, stepId = '', actionPath = ''): ExpressionContext => ({
    contexts: {
      github: githubCtx(stepId, actionPath),
      env: { ...envCtx },
      secrets: { ...secrets },
      vars: { ...vars },
      matrix: { ...matrix },
      steps: JSON.parse(JSON.stringify(stepsCtx)) as Value,
      runner: { ...runnerCtx },
      job: { status: jobSucceeded ? 'success' : 'failure' }
    },
    jobSucceeded
  })

  // rc.Env: workflow+job env, RUNNER_* (host executor), then the runner's own environment for what is not set
  const jobEnvRaw = { ...(job.env ?? {}) }
  const jobEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries(jobEnvRaw)) jobEnv[k] = interpolate(v, exprCtx(jobEnvRaw))
  const rcEnv: Record<string, string> = {
    ...jobEnv,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: toolCache
  }
  if (oidcModelled) {
    // runner.go runEnvs (Config.Env): over the workflow's and the job's env, empty when OIDC is off
    rcEnv['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = idTokenRequest?.requestToken ?? ''
    rcEnv['ACTIONS_ID_TOKEN_REQUEST_URL'] = idTokenRequest?.requestUrl ?? ''
  }
  for (const [k, v] of Object.entries(host)) if (!(k in rcEnv)) rcEnv[k] = v
  const appliedEnv: Record<string, string> = { ...jobEnv }
  let extraPath: string[] = []

  const events: LogEvent[] = []
  const log = (level: LogLevel, message: string, stage: Stage, extra: Partial<LogEntry> = {}) => {
    events.push({ type: 'entry', entry: { level, message, stage, ...extra } })
  }
  const handler = new ActCommandHandler()
  const results: StepResult[] = []
  const usedActions: UsedAction[] = []
  const stepNames: string[] = []
  let logCounter = 0

  const getEnv = (): Record<string, string> => {
    rcEnv['ACT'] = 'true'
    return rcEnv
  }

  /** run_context.go withGithubEnv */
  const withGithubEnv = (env: Record<string, string>, stepId: string, actionPath: string) => {
    const set = (k: string, v: string) => {
      env['FORGEJO_' + k] = v
      env['GITHUB_' + k] = v
    }
    env['CI'] = 'true'
    set('WORKFLOW', gh.workflow)
    set('RUN_ATTEMPT', gh.runAttempt)
    set('RUN_ID', gh.runId)
    set('RUN_NUMBER', gh.runNumber)
    set('ACTION', stepId)
    set('ACTION_PATH', actionPath)
    set('ACTION_REPOSITORY', '')
    set('ACTION_REF', '')
    set('ACTIONS', 'true')
    set('ACTOR', gh.actor)
    set('REPOSITORY', gh.repository)
    set('EVENT_NAME', gh.eventName)
    set('EVENT_PATH', eventPath)
    set('WORKSPACE', workspace)
    set('SHA', gh.sha)
    set('REF', gh.ref)
    set('REF_NAME', refName)
    set('REF_TYPE', refType)
    set('TOKEN', token)
    set('JOB', jobId)
    set('REPOSITORY_OWNER', gh.repository.split('/')[0] ?? '')
    set('RETENTION_DAYS', '')
    env['RUNNER_PERFLOG'] = ''
    env['RUNNER_TRACKING_ID'] = ''
    set('BASE_REF', '')
    set('HEAD_REF', '')
    set('SERVER_URL', serverUrl)
    set('API_URL', apiUrl)
  }

  /** step.go setupEnv + mergeEnv */
  const setupEnv = (spec: StepSpec, stepId: string, actionPath: string): Record<string, string> => {
    const base = getEnv()
    const env: Record<string, string> = { ...base }
    withGithubEnv(env, stepId, actionPath)
    if (spec.uses !== undefined || spec.noop !== undefined) {
      // "prevent uses action input pollution of unset parameters"
      for (const k of Object.keys(env)) if (k.startsWith('INPUT_')) delete env[k]
    }
    for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = v
    for (const [k, v] of Object.entries(spec.with ?? {})) env[inputEnvName(k)] = v
    // non-INPUT_ values are interpolated with the job's env as `env`, then the inputs with the step's env
    const jobCtx = exprCtx(base, stepId, actionPath)
    for (const k of Object.keys(env)) {
      const v = env[k] as string
      if (!k.startsWith('INPUT_') && v.includes('${{')) env[k] = interpolate(v, jobCtx)
    }
    const stepCtx = exprCtx(env, stepId, actionPath)
    for (const k of Object.keys(env)) {
      const v = env[k] as string
      if (k.startsWith('INPUT_') && v.includes('${{')) env[k] = interpolate(v, stepCtx)
    }
    return env
  }

  const applyExtraPath = (env: Record<string, string>) => {
    if (extraPath.length > 0) env['PATH'] = [...extraPath, env['PATH'] ?? ''].join(':')
  }

  const setFileCommandEnv = (env: Record<string, string>) => {
    for (const [k, rel] of Object.entries(FILE_COMMANDS)) {
      const p = join(actPath, rel)
      env['FORGEJO_' + k] = p
      env['GITHUB_' + k] = p
      writeFileSync(p, '', { mode: 0o666 })
    }
  }

  /** step.go: read the file commands after the step; returns the error text, if any */
  const processFileCommands = (
    r: StepResult,
    stage: Stage,
    stepNumber: number | undefined,
    stateTarget: Record<string, string>
  ): string | undefined => {
    const errors: string[] = []
    const where: Partial<LogEntry> = stepNumber !== undefined ? { stepNumber } : {}
    const env = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.ENV)))
    if (env.error !== undefined) errors.push(env.error)
    else {
      for (const [k, v] of Object.entries(env.values)) {
        log('info', setEnvLine(k, v), stage, where)
        rcEnv[k] = v
        appliedEnv[k] = v
        r.envSet[k] = v
      }
    }
    if (env.error !== undefined) Object.assign(r.envSet, env.values)
    const state = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.STATE)))
    if (state.error !== undefined) errors.push(state.error)
    else {
      Object.assign(r.state, state.values)
      Object.assign(stateTarget, state.values)
    }
    const out = parseEnvFile(readIfExists(join(actPath, FILE_COMMANDS.OUTPUT)))
    if (out.error !== undefined) errors.push(out.error)
    else {
      for (const [k, v] of Object.entries(out.values)) {
        log('info', setOutputLine(k, v), stage, where)
        r.outputs[k] = v
      }
    }
    const summary = readIfExists(join(actPath, FILE_COMMANDS.STEP_SUMMARY)).toString('utf8')
    if (summary.length > 0) log('info', `  \u2699  Summary - ${summary}`, stage, where)
    for (const line of readIfExists(join(actPath, FILE_COMMANDS.PATH)).toString('utf8').split('\n')) {
      const p = line.replace(/\r$/, '')
      if (p.length === 0) continue
      log('info', `  \u2699  Add ${JSON.stringify(p)} to PATH`, stage, where)
      extraPath = [p, ...extraPath.filter((x) => x !== p)]
    }
    return errors.length > 0 ? errors.join('\n') : undefined
  }

  const newResult = (name: string, kind: StepResult['kind'], id: string | undefined): StepResult => {
    const r: StepResult = {
      name,
      kind,
      outcome: 'success',
      exitCode: null,
      durationMs: 0,
      raw: [],
      outputs: {},
      envSet: {},
      state: {},
      annotations: [],
      stepEnv: {}
    }
    if (id !== undefined) r.id = id
    return r
  }

  /** Runs the process of a step and feeds its output through the command handler and the logger. */
  const runProcess = async (
    r: StepResult,
    command: string,
    args: string[],
    env: Record<string, string>,
    cwd: string,
    timeoutMs: number,
    stage: Stage,
    stepNumber: number | undefined,
    stateTarget: Record<string, string>
  ): Promise<void> => {
    r.stepEnv = { ...env }
    const where: Partial<LogEntry> = stepNumber !== undefined ? { stepNumber } : {}
    const outcome = await execStep(command, args, env, cwd, timeoutMs, join(root, 'logs', `${logCounter++}.log`))
    r.exitCode = outcome.exitCode
    r.durationMs = outcome.durationMs
    const { lines, partial } = splitOutput(outcome.output)
    r.raw = lines.map((l) => l.slice(0, -1))
    if (partial !== '') {
      r.raw.push(partial)
      r.droppedPartialLine = partial
    }
    for (const line of lines) {
      const h = handler.handle(line)
      for (const eff of h.effects) {
        switch (eff.type) {
          case 'mask':
            events.push({ type: 'exec-mask', value: eff.value })
            break
          case 'state':
            r.state[eff.name] = eff.value
            stateTarget[eff.name] = eff.value
            break
          case 'annotation':
            r.annotations.push(eff.annotation)
            break
          case 'output':
            r.outputs[eff.name] = eff.value
            break
          case 'env':
            rcEnv[eff.name] = eff.value
            appliedEnv[eff.name] = eff.value
            r.envSet[eff.name] = eff.value
            break
          case 'path':
            log('info', `  \u2699  Add ${JSON.stringify(eff.value)} to PATH`, stage, where)
            extraPath = [eff.value, ...extraPath.filter((x) => x !== eff.value)]
            break
        }
      }
      for (const e of h.entries) log(e.level, e.message, stage, where)
      if (h.logRaw) log('info', line, stage, { ...where, rawOutput: true })
    }
    if (outcome.spawnError !== undefined) r.error = `failed to start ${command}: ${outcome.spawnError}`
    else if (outcome.timedOut)
      r.error = `this step has been cancelled: ctx: context deadline exceeded (after ${timeoutMs} ms)`
    else if (outcome.exitCode !== 0) r.error = `RUN exit status ${outcome.exitCode}`
    if (r.error !== undefined) r.outcome = 'failure'
  }

  const finishStep = (
    r: StepResult,
    stage: Stage,
    stepNumber: number | undefined,
    stepString: string,
    stateTarget: Record<string, string>
  ) => {
    const where: Partial<LogEntry> = stepNumber !== undefined ? { stepNumber } : {}
    if (r.outcome === 'success')
      log('info', `  \u2705  Success - ${stage} ${stepString}`, stage, { ...where, stepResult: 'success' })
    else log('error', `  \u274C  Failure - ${stage} ${stepString}`, stage, { ...where, stepResult: 'failure' })
    const fileError = processFileCommands(r, stage, stepNumber, stateTarget)
    if (fileError !== undefined) {
      r.error = r.error !== undefined ? `${r.error}\n${fileError}` : fileError
      r.outcome = 'failure'
    }
    // job_executor.go: logger.Errorf("%v", err); common.SetJobError(ctx, err)
    if (r.error !== undefined) log('error', r.error, stage, where)
    if (r.outcome === 'failure') jobSucceeded = false
  }

  const stepString = (spec: StepSpec, stepId: string, ctx: ExpressionContext): string => {
    const raw = spec.name ?? spec.usesRef ?? spec.uses ?? spec.noop ?? spec.run ?? stepId
    const s = interpolate(raw, ctx)
    return s.includes('::add-mask::') ? 'add-mask command' : s
  }

  // ------------------------------------------------------------------ main steps
  job.steps.forEach((spec, i) =>
    stepNames.push(spec.name ?? spec.usesRef ?? spec.uses ?? spec.noop ?? spec.run ?? spec.id ?? String(i))
  )
  for (let i = 0; i < job.steps.length; i++) {
    const spec = job.steps[i] as StepSpec
    const stepId = spec.id ?? String(i)
    let display = stepNames[i] as string
    const isAction = spec.uses !== undefined || spec.noop !== undefined
    const r = newResult(display, isAction ? 'action' : 'run', spec.id)
    results.push(r)
    const actionDir =
      spec.uses !== undefined ? (isAbsolute(spec.uses) ? spec.uses : resolve(actionRoot, spec.uses)) : ''
    const where = { stepNumber: i }
    const env = setupEnv(spec, stepId, actionDir)
    log('debug', `setupEnv => ${goMap(env)}`, 'Main', where)
    const stepCtx = exprCtx(env, stepId, actionDir)
    // model.Step.String / the reporter's step names: the runner shows the name with its expressions evaluated.
    if (spec.name !== undefined && spec.name.includes('${{'))
      r.name = display = stepNames[i] = interpolate(spec.name, stepCtx)
    if (!evaluateCondition(spec.if, stepCtx, 'success')) {
      r.outcome = 'skipped'
      log('info', `Skipping step '${display}' due to '${spec.if ?? ''}'`, 'Main', { ...where, stepResult: 'skipped' })
      stepsCtx[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
      continue
    }
    const title = stepString(spec, stepId, stepCtx)
    log('info', `\u2B50 Run Main ${title}`, 'Main', where)
    const stateTarget: Record<string, string> = {}
    const timeoutMs = spec.timeoutMs ?? defaultTimeout

    if (spec.noop !== undefined) {
      r.stepEnv = env
      r.exitCode = 0
    } else if (spec.uses !== undefined) {
      const action = readAction(actionDir)
      if (action.runs.pre !== undefined) throw new Error(`${action.file}: runs.pre is not supported by the harness`)
      withGithubEnv(env, stepId, actionDir)
      for (const [id, input] of Object.entries(action.inputs)) {
        const k = inputEnvName(id)
        if (!(k in env)) env[k] = interpolate(input.default ?? '', exprCtx(getEnv(), stepId, actionDir))
      }
      setFileCommandEnv(env)
      applyExtraPath(env)
      usedActions.push({ spec, id: stepId, display, action, state: stateTarget })
      await runProcess(
        r,
        process.execPath,
        [join(actionDir, action.runs.main)],
        env,
        workspace,
        timeoutMs,
        'Main',
        i,
        stateTarget
      )
    } else if (spec.run !== undefined) {
      const script = interpolate(spec.run, stepCtx)
      const shell = spec.shell ?? 'bash'
      if (shell !== 'bash' && shell !== 'sh')
        throw new Error(`step '${display}': shell '${shell}' is not supported by the harness`)
      const name = `workflow/${stepId}.sh`
      const body = `\n${script}\n`
      if (!body.includes('::add-mask::')) log('debug', `Wrote command \n${body}\n to '${name}'`, 'Main', where)
      else log('debug', `Wrote add-mask command to '${name}'`, 'Main', where)
      const scriptPath = join(actPath, name)
      writeFileSync(scriptPath, body, { mode: 0o755 })
      setFileCommandEnv(env)
      applyExtraPath(env)
      const cwd = spec.workingDirectory !== undefined ? resolve(workspace, spec.workingDirectory) : workspace
      if (!existsSync(cwd) || !statSync(cwd).isDirectory())
        throw new Error(`step '${display}': working directory ${cwd} does not exist`)
      const args = shell === 'bash' ? ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptPath] : ['-e', scriptPath]
      await runProcess(r, shell, args, env, cwd, timeoutMs, 'Main', i, stateTarget)
    } else {
      throw new Error(`step '${display}' has neither run: nor uses:`)
    }
    finishStep(r, 'Main', i, title, stateTarget)
    stepsCtx[stepId] = { outputs: { ...r.outputs }, outcome: r.outcome, conclusion: r.outcome }
  }

  // ------------------------------------------------------------------ post steps
  if (job.runPost !== false) {
    for (const used of [...usedActions].reverse()) {
      const post = used.action.runs.post
      if (post === undefined || post === '') continue
      const { spec, id: stepId, action } = used
      const r = newResult(`Post ${used.display}`, 'post', spec.id)
      results.push(r)
      const env = setupEnv(spec, stepId, action.dir)
      const stepCtx = exprCtx(env, stepId, action.dir)
      const postIf = action.runs.postIf ?? 'always()'
      if (!evaluateCondition(postIf, stepCtx, 'always')) {
        r.outcome = 'skipped'
        log('info', `Skipping step '${used.display}' due to '${postIf}'`, 'Post', { stepResult: 'skipped' })
        continue
      }
      const title = stepString(spec, stepId, stepCtx)
      log('info', `\u2B50 Run Post ${title}`, 'Post')
      for (const [k, v] of Object.entries(used.state)) env[`STATE_${k}`] = v
      for (const [inputId, input] of Object.entries(action.inputs)) {
        const k = inputEnvName(inputId)
        if (!(k in env)) env[k] = interpolate(input.default ?? '', exprCtx(getEnv(), stepId, action.dir))
      }
      setFileCommandEnv(env)
      applyExtraPath(env)
      await runProcess(
        r,
        process.execPath,
        [join(action.dir, post)],
        env,
        workspace,
        spec.timeoutMs ?? defaultTimeout,
        'Post',
        undefined,
        {}
      )
      finishStep(r, 'Post', undefined, title, {})
    }
  }

  log(
    jobSucceeded ? 'info' : 'error',
    jobSucceeded ? '\u{1F3C1}  Job succeeded' : '\u{1F3C1}  Job failed',
    'Complete',
    { jobResult: jobSucceeded ? 'success' : 'failure' }
  )

  const secretValues = Object.values(secrets)
  const exec = renderExec(events, {
    secrets: secretValues,
    jobName: `${gh.workflow}/${jobId}`,
    verbose: job.verbose === true
  })
  const daemon = renderDaemon(events, {
    // reporter.go NewReporter: the task token, the runtime token, the OIDC request token, the secrets
    secrets: [...new Set([token, ...(idTokenRequest ? [idTokenRequest.requestToken] : []), ...secretValues])],
    stepNames,
    debugOutput: secrets['ACTIONS_STEP_DEBUG'] === 'true'
  })

  return {
    steps: results,
    env: appliedEnv,
    log: { exec: exec.lines, daemon: daemon.lines },
    masks: { exec: exec.masks, daemon: daemon.masks },
    workspace,
    ownWorkspace: job.workspace === undefined,
    runnerTemp,
    success: jobSucceeded,
    token,
    actPath,
    ...(idTokenRequest ? { idTokenRequest } : {})
  }
}

/**
 * Removes the temp folders of a job: the act folder, RUNNER_TEMP, and the workspace when the
 * harness made it (or when `workspace` is true).
 */
export function cleanupJob(result: JobResult, opts: { workspace?: boolean } = {}): void {
  rmSync(resolve(result.actPath, '..'), { recursive: true, force: true })
  rmSync(result.runnerTemp, { recursive: true, force: true })
  if (opts.workspace ?? result.ownWorkspace) rmSync(result.workspace, { recursive: true, force: true })
}
