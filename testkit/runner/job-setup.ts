/**
 * What the runner settles before the first step of a job: its folders (the act folder with the
 * file commands and event.json, RUNNER_TEMP, the tool cache, the workspace), the github values,
 * the job token, and what the Forgejo server puts in the task context for OpenID Connect.
 *
 * Sources (forgejo/runner v12 unless noted; docs/forgejo-runner.md): act/runner/run_context.go
 * startHostEnvironment (the folders, RUNNER_*), withGithubEnv (the github values); Forgejo server
 * ≥ v15 services/actions/task.go generateTaskContext (no ID token for a pull_request from a fork,
 * except pull_request_target).
 */

import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { GithubSpec, JobResult, JobSpec } from './job-spec.js'
import type { IdTokenRequest } from '../oidc-issuer.js'

export interface JobFolders {
  /** the harness's own folder: act/, logs/, toolcache/ */
  root: string
  actPath: string
  toolCache: string
  runnerTemp: string
  workspace: string
  eventPath: string
}

export interface JobGithub extends GithubSpec {
  refName: string
  refType: 'tag' | 'branch'
  /** with its scheme */
  serverUrl: string
  apiUrl: string
}

export interface JobSetup {
  jobId: string
  actionRoot: string
  folders: JobFolders
  gh: JobGithub
  token: string
  /** the harness models a runner ≥ v12.5: ACTIONS_ID_TOKEN_REQUEST_* are set (maybe empty) */
  oidcModelled: boolean
  idTokenRequest: IdTokenRequest | undefined
  /** the `secrets` context, with GITHUB_TOKEN */
  secrets: Record<string, string>
  vars: Record<string, string>
  matrix: Record<string, string>
  /** the runner process's own environment, with this process's PATH, HOME and TMPDIR when absent */
  host: Record<string, string>
  defaultTimeout: number
}

function makeFolders(job: JobSpec): JobFolders {
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
  return { root, actPath, toolCache, runnerTemp, workspace, eventPath }
}

function githubValues(job: JobSpec): JobGithub {
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
  const serverUrl = /^https?:\/\//.test(gh.serverUrl) ? gh.serverUrl : 'https://' + gh.serverUrl
  return {
    ...gh,
    refName: gh.ref.replace(/^refs\/(heads|tags)\//, ''),
    refType: gh.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    serverUrl,
    apiUrl: serverUrl + '/api/v1'
  }
}

/** task.go generateTaskContext: what the server gives a job with OIDC on, fed with the job's github values */
function idTokenRequestOf(job: JobSpec, gh: JobGithub): IdTokenRequest | undefined {
  const oidcOn =
    job.enableOpenIdConnect === true && !(job.pullRequestFromFork === true && gh.eventName !== 'pull_request_target')
  if (!oidcOn || !job.idTokens) return undefined
  return job.idTokens.jobRequest({
    repository: gh.repository,
    ref: gh.ref,
    runId: gh.runId,
    runNumber: gh.runNumber,
    runAttempt: gh.runAttempt,
    workflow: gh.workflowFile ?? gh.workflow,
    eventName: gh.eventName,
    actor: gh.actor,
    sha: gh.sha,
    refType: gh.refType,
    headRef: '',
    baseRef: ''
  })
}

export function prepareJob(job: JobSpec): JobSetup {
  const jobId = job.name ?? 'apply'
  const actionRoot = resolve(job.actionRoot ?? process.cwd())
  // before any folder is made: a job that cannot run leaves nothing behind
  if (job.enableOpenIdConnect === true && job.idTokens === undefined) {
    throw new Error(
      'enableOpenIdConnect needs idTokens (a ForgejoIdTokenIssuer): the request URL and token come from the Forgejo server'
    )
  }
  const folders = makeFolders(job)
  const token = 'fake-forgejo-token-' + randomBytes(20).toString('hex')
  const gh = githubValues(job)
  const idTokenRequest = idTokenRequestOf(job, gh)
  const secrets: Record<string, string> = { ...(job.secrets ?? {}) }
  if (!('GITHUB_TOKEN' in secrets)) secrets['GITHUB_TOKEN'] = token
  const host: Record<string, string> = { ...(job.hostEnv ?? {}) }
  // what a host runner's steps inherit from the runner process and every step needs; TMPDIR too, so
  // that a step's temporary files land where the test run's own go (and are checked there)
  for (const k of ['PATH', 'HOME', 'TMPDIR']) {
    const v = process.env[k]
    if (host[k] === undefined && v !== undefined) host[k] = v
  }
  return {
    jobId,
    actionRoot,
    folders,
    gh,
    token,
    oidcModelled: job.idTokens !== undefined || job.enableOpenIdConnect !== undefined,
    idTokenRequest,
    secrets,
    vars: { ...(job.vars ?? {}) },
    matrix: { ...(job.matrix ?? {}) },
    host,
    defaultTimeout: job.timeoutMs ?? 60000
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
