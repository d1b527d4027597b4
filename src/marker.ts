/**
 * The source marker file (schema 1), built from what the run knows. Pure; it never holds a
 * secret value or a token (messages are scrubbed by the caller).
 */

export type { Source } from './rules.js'
import type { Source } from './rules.js'

export interface MarkerSecret {
  env: string
  path: string
  name: string
  version: number | null
}

export interface MarkerError {
  class: string
  message: string
  status: number | null
  endpoint: string | null
  /** (1.2) `mode: check`: every secret that could not be read. */
  failures?: { env: string; class: string; message: string }[]
}

/** (1.2) One entry per endpoint tried: `ok` or the class of its last failed attempt, and the attempts sent to it. */
export interface MarkerAttempt {
  endpoint: string
  outcome: string
  count: number
}

export interface MarkerRun {
  repository: string | null
  workflow: string | null
  runId: string | null
  runNumber: string | null
  runAttempt: string | null
  job: string | null
  sha: string | null
  serverUrl: string | null
}

export interface Marker {
  schema: 1
  status: 'ok' | 'failed'
  mode: 'fetch' | 'check'
  source: Source | null
  markerKey: string
  /** (1.2) The `label` input, or null. */
  label?: string | null
  endpoint: string | null
  identityId: string | null
  projectId: string | null
  environment: string | null
  secrets: MarkerSecret[]
  tokenExpiresAt: string | null
  fallback: { kind: 'env' | 'env-file'; reason: { class: string; message: string } } | null
  preexisting: string[]
  error: MarkerError | null
  requests: number
  /** Always written since 1.2; absent from markers of older versions, which verify still reads. */
  attempts?: MarkerAttempt[]
  /** (1.2) `null`, or the exit code of the `run` command (null while it has not ended). */
  command?: { exitCode: number | null } | null
  durationMs: number
  run: MarkerRun
  createdAt: string
}

/** Where both actions put the marker by default: RUNNER_TEMP, else the system temp folder. */
export function markerPathOr(given: string, env: NodeJS.ProcessEnv, tmpdir: string): string {
  return given || `${env.RUNNER_TEMP || tmpdir}/infisical-source-marker.json`
}

/** The run's identity, from the runner's variables (GITHUB_*, else FORGEJO_*). */
export function runOf(env: NodeJS.ProcessEnv): MarkerRun {
  const get = (name: string): string | null => env[`GITHUB_${name}`] || env[`FORGEJO_${name}`] || null
  return {
    repository: get('REPOSITORY'),
    workflow: get('WORKFLOW'),
    runId: get('RUN_ID'),
    runNumber: get('RUN_NUMBER'),
    runAttempt: get('RUN_ATTEMPT'),
    job: get('JOB'),
    sha: get('SHA'),
    serverUrl: get('SERVER_URL')
  }
}

export function markerText(marker: Marker): string {
  return `${JSON.stringify(marker, null, 2)}\n`
}
