/**
 * Turns a workflow file into a JobSpec for runJob: one job, its steps (`name`, `id`, `uses`,
 * `with`, `env`, `run`, `if`, `shell`, `working-directory`, `timeout-minutes`), the job's and the
 * workflow's `env` (the job's wins, as in act's run_context.go GetEnv: mergeMaps(workflow env, job env)),
 * `defaults.run`, and the matrix values. Expressions are left as written: runJob evaluates them
 * (expressions.ts) when the step runs, like the runner.
 *
 * `uses:` mapping:
 *  - a local path (`./`, `.`, `./verify`) → that folder under `actionRoot` (on a real runner it
 *    is relative to the checked-out workspace);
 *  - a remote reference to this action (`https://forgejo.example.org/platform/infisical-action@v1`,
 *    `platform/infisical-action@v1`, `platform/infisical-action/verify@v1`) → `actionRoot` and
 *    the sub-folder; which repositories count as "this action" is `actionRepos`;
 *  - `actions/checkout` on any host, any version → a step that does nothing (the workspace is
 *    whatever JobSpec.workspace holds);
 *  - anything else is an error.
 * `enable-openid-connect` (Forgejo ≥ v15, runner ≥ v12.5): the job's value wins over the workflow's,
 * default off (act/jobparser/jobparser.go evaluateEnableOpenIDConnect); a boolean. Turning it on
 * needs `idTokens` (the issuer) in the options. The JobSpec's github `workflowFile` is the file's
 * name (the OIDC `workflow` claim).
 * Unsupported keys that change what runs (`continue-on-error`, a job-level `if`, `services`,
 * `pre`-style steps) are errors too.
 */

import { existsSync, readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parse } from 'yaml'
import type { JobSpec, StepSpec } from './job.js'
import type { IdTokenProvider } from '../oidc-issuer.js'

export interface LoadWorkflowOptions {
  /** the job id; may be omitted when the workflow has one job */
  job?: string
  /** the matrix values; default: the first value of each `strategy.matrix` key */
  matrix?: Record<string, string>
  secrets?: Record<string, string>
  vars?: Record<string, string>
  /** default: process.cwd() */
  actionRoot?: string
  /**
   * remote repositories that are this action, as `owner/repo` or just `repo` (case-insensitive).
   * Default: `infisical-action`, `infisical-forgejo-action`, the `name` in actionRoot's
   * package.json and the folder name of actionRoot.
   */
  actionRepos?: string[]
  /** passed on to the JobSpec */
  hostEnv?: Record<string, string>
  workspace?: string
  github?: JobSpec['github']
  timeoutMs?: number
  runPost?: boolean
  verbose?: boolean
  /** the Forgejo server's ID-token issuer (a ForgejoIdTokenIssuer); required when the workflow enables OIDC */
  idTokens?: IdTokenProvider
  /** the run is a pull request from a fork (no OIDC unless the event is pull_request_target) */
  pullRequestFromFork?: boolean
}

type Dict = Record<string, unknown>

function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function toStr(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

function toStrMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {}
  if (!isDict(v)) throw new Error(`${what} must be a mapping`)
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) out[k] = toStr(x)
  return out
}

function defaultActionRepos(actionRoot: string): string[] {
  const names = ['infisical-action', 'infisical-forgejo-action', basename(actionRoot)]
  const pkg = resolve(actionRoot, 'package.json')
  if (existsSync(pkg)) {
    try {
      const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name
      if (typeof name === 'string' && name !== '') names.push(name.replace(/^@[^/]+\//, ''))
    } catch {
      // not JSON: ignore
    }
  }
  return names
}

interface MappedUses {
  uses?: string
  noop?: string
}

/** Maps a `uses:` reference onto this action, a no-op checkout, or an error. */
export function mapUses(ref: string, actionRepos: string[]): MappedUses {
  const r = ref.trim()
  if (r === '.' || r === './' || r.startsWith('./') || r.startsWith('../'))
    return { uses: r === './' ? '.' : r.replace(/\/+$/, '') }
  if (r.startsWith('docker://')) throw new Error(`uses: ${ref}: docker actions are not supported by the harness`)
  const withoutHost = r.replace(/^https?:\/\/[^/]+\//, '')
  const at = withoutHost.lastIndexOf('@')
  if (at === -1) throw new Error(`uses: ${ref}: a remote action needs @<ref>`)
  const parts = withoutHost
    .slice(0, at)
    .split('/')
    .filter((p) => p !== '')
  if (parts.length < 2) throw new Error(`uses: ${ref}: expected owner/repo[/path]@ref`)
  const [owner, repo, ...sub] = parts as [string, string, ...string[]]
  if (owner.toLowerCase() === 'actions' && repo.toLowerCase() === 'checkout') return { noop: ref }
  const full = `${owner}/${repo}`.toLowerCase()
  const matches = actionRepos.some((a) =>
    a.includes('/') ? a.toLowerCase() === full : a.toLowerCase() === repo.toLowerCase()
  )
  if (!matches)
    throw new Error(`uses: ${ref}: not this action (actionRepos: ${actionRepos.join(', ')}) and not actions/checkout`)
  return { uses: sub.length > 0 ? './' + sub.join('/') : '.' }
}

/** The job to run: the only one, or opts.job; refuses what the harness does not model. */
function selectJob(path: string, doc: Record<string, unknown>, wanted: string | undefined) {
  const jobs = doc['jobs']
  if (!isDict(jobs) || Object.keys(jobs).length === 0) throw new Error(`${path}: no jobs`)
  const jobIds = Object.keys(jobs)
  const jobId = wanted ?? (jobIds.length === 1 ? (jobIds[0] as string) : undefined)
  if (jobId === undefined) throw new Error(`${path}: several jobs (${jobIds.join(', ')}): pass opts.job`)
  const j = jobs[jobId]
  if (!isDict(j)) throw new Error(`${path}: no job '${jobId}' (jobs: ${jobIds.join(', ')})`)
  if (j['if'] !== undefined) throw new Error(`${path}: jobs.${jobId}.if is not supported by the harness`)
  if (j['services'] !== undefined) throw new Error(`${path}: jobs.${jobId}.services is not supported by the harness`)
  if (j['uses'] !== undefined) throw new Error(`${path}: reusable workflows are not supported by the harness`)
  return { jobId, j }
}

interface RunDefaults {
  shell?: string
  wd?: string
}

function defaultsOf(d: unknown): RunDefaults {
  const run = isDict(d) && isDict(d['run']) ? d['run'] : {}
  const out: RunDefaults = {}
  if (run['shell'] !== undefined) out.shell = toStr(run['shell'])
  if (run['working-directory'] !== undefined) out.wd = toStr(run['working-directory'])
  return out
}

/** `defaults.run` of the job, else of the workflow */
function runDefaults(doc: Record<string, unknown>, j: Record<string, unknown>): RunDefaults {
  const wf = defaultsOf(doc['defaults'])
  const job = defaultsOf(j['defaults'])
  const out: RunDefaults = {}
  const shell = job.shell ?? wf.shell
  const wd = job.wd ?? wf.wd
  if (shell !== undefined) out.shell = shell
  if (wd !== undefined) out.wd = wd
  return out
}

/** opts.matrix, else the first value of each `strategy.matrix` key (include/exclude ignored) */
function matrixOf(j: Record<string, unknown>, given: Record<string, string> | undefined) {
  if (given !== undefined) return given
  const strategy = j['strategy']
  const m = isDict(strategy) ? strategy['matrix'] : undefined
  if (!isDict(m)) return undefined
  const matrix: Record<string, string> = {}
  for (const [k, v] of Object.entries(m)) {
    if (k === 'include' || k === 'exclude') continue
    if (Array.isArray(v) && v.length > 0) matrix[k] = toStr(v[0])
    else if (!Array.isArray(v)) matrix[k] = toStr(v)
  }
  return matrix
}

/** The `uses:` or `run:` part of a step. */
function stepBody(step: StepSpec, s: Record<string, unknown>, where: string, actionRepos: string[], d: RunDefaults) {
  if (s['uses'] !== undefined && s['run'] !== undefined) throw new Error(`${where}: both uses: and run:`)
  if (s['uses'] !== undefined) {
    const ref = toStr(s['uses'])
    const mapped = mapUses(ref, actionRepos)
    if (mapped.noop !== undefined) step.noop = mapped.noop
    if (mapped.uses !== undefined) step.uses = mapped.uses
    step.usesRef = ref
    if (s['with'] !== undefined) step.with = toStrMap(s['with'], `${where}.with`)
  } else if (s['run'] !== undefined) {
    step.run = toStr(s['run'])
    const shell = s['shell'] !== undefined ? toStr(s['shell']) : d.shell
    if (shell !== undefined) step.shell = shell
    const wd = s['working-directory'] !== undefined ? toStr(s['working-directory']) : d.wd
    if (wd !== undefined) step.workingDirectory = wd
  } else {
    throw new Error(`${where}: neither uses: nor run:`)
  }
}

function parseStep(s: unknown, i: number, path: string, jobId: string, actionRepos: string[], d: RunDefaults) {
  if (!isDict(s)) throw new Error(`${path}: step ${i} is not a mapping`)
  const where = `${path}: jobs.${jobId}.steps[${i}]`
  const coe = s['continue-on-error']
  if (coe !== undefined && coe !== false && coe !== 'false')
    throw new Error(`${where}: continue-on-error is not supported by the harness`)
  const step: StepSpec = {}
  if (s['name'] !== undefined) step.name = toStr(s['name'])
  if (s['id'] !== undefined) step.id = toStr(s['id'])
  if (s['if'] !== undefined) step.if = toStr(s['if'])
  if (s['env'] !== undefined) step.env = toStrMap(s['env'], `${where}.env`)
  if (s['timeout-minutes'] !== undefined) {
    const minutes = Number(s['timeout-minutes'])
    if (!Number.isFinite(minutes)) throw new Error(`${where}: timeout-minutes must be a number`)
    step.timeoutMs = minutes * 60000
  }
  stepBody(step, s, where, actionRepos, d)
  return step
}

/** `enable-openid-connect` of the job, else of the workflow; on needs opts.idTokens */
function openIdConnectOf(
  path: string,
  doc: Record<string, unknown>,
  j: Record<string, unknown>,
  jobId: string,
  opts: LoadWorkflowOptions
) {
  const oidcSetting = (v: unknown, where: string): boolean | undefined => {
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'boolean') throw new Error(`${path}: ${where}enable-openid-connect must be true or false`)
    return v
  }
  const enableOpenIdConnect =
    oidcSetting(j['enable-openid-connect'], `jobs.${jobId}.`) ?? oidcSetting(doc['enable-openid-connect'], '')
  if (enableOpenIdConnect === true && opts.idTokens === undefined) {
    throw new Error(
      `${path}: enable-openid-connect is on but no idTokens (a ForgejoIdTokenIssuer) was given to loadWorkflow`
    )
  }
  return enableOpenIdConnect
}

export function loadWorkflow(path: string, opts: LoadWorkflowOptions = {}): JobSpec {
  const doc = parse(readFileSync(path, 'utf8')) as unknown
  if (!isDict(doc)) throw new Error(`${path}: not a workflow (not a mapping)`)
  const { jobId, j } = selectJob(path, doc, opts.job)
  const actionRoot = resolve(opts.actionRoot ?? process.cwd())
  const actionRepos = opts.actionRepos ?? defaultActionRepos(actionRoot)
  const defaults = runDefaults(doc, j)
  const matrix = matrixOf(j, opts.matrix)
  const rawSteps = j['steps']
  if (!Array.isArray(rawSteps)) throw new Error(`${path}: jobs.${jobId}.steps must be a list`)
  const steps = rawSteps.map((s, i) => parseStep(s, i, path, jobId, actionRepos, defaults))
  const enableOpenIdConnect = openIdConnectOf(path, doc, j, jobId, opts)

  const spec: JobSpec = {
    name: jobId,
    actionRoot,
    steps,
    env: { ...toStrMap(doc['env'], `${path}: env`), ...toStrMap(j['env'], `${path}: jobs.${jobId}.env`) },
    github: {
      workflow: doc['name'] !== undefined ? toStr(doc['name']) : basename(path),
      workflowFile: basename(path),
      ...(opts.github ?? {})
    }
  }
  if (opts.idTokens !== undefined) spec.idTokens = opts.idTokens
  if (enableOpenIdConnect !== undefined) spec.enableOpenIdConnect = enableOpenIdConnect
  if (opts.pullRequestFromFork !== undefined) spec.pullRequestFromFork = opts.pullRequestFromFork
  if (opts.secrets) spec.secrets = opts.secrets
  if (opts.vars) spec.vars = opts.vars
  if (matrix) spec.matrix = matrix
  if (opts.hostEnv) spec.hostEnv = opts.hostEnv
  if (opts.workspace !== undefined) spec.workspace = opts.workspace
  if (opts.timeoutMs !== undefined) spec.timeoutMs = opts.timeoutMs
  if (opts.runPost !== undefined) spec.runPost = opts.runPost
  if (opts.verbose !== undefined) spec.verbose = opts.verbose
  return spec
}
