/**
 * What a test gives the harness (a JobSpec of StepSpecs) and what it gets back (a JobResult of
 * StepResults). How each field is used: job.ts and the modules it names.
 */

import type { Annotation } from './commands.js'
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
  /** the runner process's own environment; PATH, HOME and TMPDIR are taken from this process if absent */
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

/** A fresh result: a success until the step says otherwise. */
export function newStepResult(name: string, kind: StepResult['kind'], id: string | undefined): StepResult {
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
