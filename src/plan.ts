/**
 * From raw inputs to a validated plan: every input rule of the contract is checked here,
 * before any file is opened or any request is sent. Pure: the environment, the clock and the
 * one look at the file system (export-file's folder) are arguments.
 */
import { ActionError } from './errors.js'
import type { RawInputs } from './inputs.js'
import { quoted } from './log-text.js'
import { parseSecretMappings, resolveFolder, type SecretMapping } from './secret-mappings.js'
import { parseInfisicalUrls } from './urls.js'
import { markerPathOr } from './marker.js'
import { exportFolderProblem } from './export-folder.js'
import { MARKER_KEY, yamlBoolean } from './rules.js'
import { idTokenRequestOf, type IdTokenRequest } from './id-token.js'
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js'

export type Auth =
  | { method: 'token'; token: string; tokenFile?: undefined }
  | { method: 'token'; token?: undefined; tokenFile: string }
  | { method: 'universal'; clientId: string; clientSecret: string }
  /** The job's ID token is asked for with `request` (the runner's variables), then exchanged at Infisical. */
  | { method: 'oidc'; identityId: string; audience?: string; request: IdTokenRequest }

export type Fallback =
  | { kind: 'none' }
  | { kind: 'env'; until: Date }
  | { kind: 'env-file'; file: string; until: Date }

export interface Plan {
  urls: string[]
  /** Lines for the log about inputs that were taken in a corrected form. */
  notices: string[]
  auth: Auth
  identityId?: string
  projectId: string
  environment: string
  secretPath: string
  mappings: SecretMapping[]
  includeImports: boolean
  /** `export-env` resolved: `auto` is true unless `run` is given. */
  exportEnv: boolean
  exportFile?: string
  exportFormat: ExportFormat
  /** `run`: the command line, and where it runs (GITHUB_WORKSPACE). */
  command?: { line: string; cwd: string }
  mode: 'fetch' | 'check'
  fallback: Fallback
  markerKey: string
  /** What this run is for (`label`), recorded in the marker and the ledger. */
  label?: string
  /** The run ledger to append a line to (`ledger-path`). */
  ledgerPath?: string
  timeoutMs: number
  retries: number
  caCertificate?: string
  allowInsecureHttp: boolean
  tokenExpiryWarningDays: number
}

export interface PlanContext {
  env: NodeJS.ProcessEnv
  /** The system temp folder, for the marker when RUNNER_TEMP is unset. */
  tmpdir: string
  /** The clock: fallback-until must fall within MAX_SOAK_DAYS of it. */
  now: Date
  /** What is wrong with export-file's folder (missing, not writable), or undefined; the real file system by default. */
  exportFolderProblem?: (file: string) => string | undefined
}

/** A soak is short: fallback-until at most this many days ahead (to the end of that UTC day). */
export const MAX_SOAK_DAYS = 90
const DAY_MS = 86_400_000

/** `label`: one line, at most this many characters. */
export const MAX_LABEL = 100

/** Where the marker goes even when the rest of the inputs are broken. */
export function markerPathOf(raw: RawInputs, ctx: Pick<PlanContext, 'env' | 'tmpdir'>): string {
  return markerPathOr(raw['marker-path'], ctx.env, ctx.tmpdir)
}

export function markerKeyOf(raw: RawInputs): string {
  return MARKER_KEY.test(raw['marker-key']) ? raw['marker-key'] : 'secret_source'
}

/** YAML 1.2 booleans, as @actions/core's getBooleanInput reads them. */
function parseBoolean(name: string, value: string, fallback: boolean, problems: string[], also: string[] = []): boolean {
  if (value === '') return fallback
  const b = yamlBoolean(value)
  if (b !== undefined) return b
  problems.push(`${name} must be ${[...also, 'true'].join(', ')} or false, got ${quoted(value)}`)
  return fallback
}

function parseInteger(name: string, value: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === '') return fallback
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got ${quoted(value)}`)
    return fallback
  }
  return Number(value)
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  if (value === '') return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.push(`${name} must be one of ${allowed.join(', ')}, got ${quoted(value)}`)
  return fallback
}

/**
 * `fallback-until`: a date (the end of that day, UTC) or a date-time with a time zone.
 * Returns undefined when it cannot be read.
 */
export function parseFallbackUntil(value: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59, 999))
    return d.getUTCDate() === Number(day[3]) ? d : undefined
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d
}

function authOf(raw: RawInputs, env: NodeJS.ProcessEnv, allowInsecureHttp: boolean, problems: string[]): Auth {
  const method = oneOf('auth-method', raw['auth-method'], ['token', 'universal', 'oidc'] as const, 'token', problems)
  if (method !== 'oidc' && raw['oidc-audience'] !== '') problems.push('oidc-audience is only used with auth-method oidc')
  if (method === 'oidc') {
    const given = (['token', 'token-file', 'client-id', 'client-secret'] as const).filter((n) => raw[n] !== '')
    if (given.length > 0) problems.push(`auth-method oidc logs in with the job's own ID token: remove ${given.join(', ')}`)
    if (raw['identity-id'] === '') problems.push('auth-method oidc needs identity-id (the machine identity whose OIDC Auth the login names)')
    const request = idTokenRequestOf(env, raw['oidc-audience'], allowInsecureHttp)
    if ('problem' in request) problems.push(request.problem)
    return {
      method,
      identityId: raw['identity-id'],
      ...(raw['oidc-audience'] ? { audience: raw['oidc-audience'] } : {}),
      request: 'problem' in request ? { url: '', token: '' } : request
    }
  }
  if (method === 'universal') {
    if (raw.token !== '' || raw['token-file'] !== '') {
      problems.push('auth-method universal takes client-id and client-secret; remove token and token-file')
    }
    if (raw['client-id'] === '' || raw['client-secret'] === '') {
      problems.push('auth-method universal needs both client-id and client-secret')
    }
    return { method, clientId: raw['client-id'], clientSecret: raw['client-secret'] }
  }
  if (raw['client-id'] !== '' || raw['client-secret'] !== '') {
    problems.push('client-id and client-secret are for auth-method universal; with auth-method token give token or token-file')
  }
  if (raw.token !== '' && raw['token-file'] !== '') {
    problems.push('give exactly one of token and token-file, not both')
  }
  if (raw['token-file'] !== '') return { method, tokenFile: raw['token-file'] }
  if (raw.token === '') problems.push('auth-method token needs token or token-file (the Token Auth access token)')
  return { method, token: raw.token }
}

/** The last moment fallback-until may name: the end of the UTC day MAX_SOAK_DAYS after `now`. */
export function latestFallbackUntil(now: Date): Date {
  const day = new Date(now.getTime() + MAX_SOAK_DAYS * DAY_MS)
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999))
}

function fallbackOf(raw: RawInputs, mode: Plan['mode'], now: Date, problems: string[]): Fallback {
  const kind = oneOf('fallback', raw.fallback, ['none', 'env', 'env-file'] as const, 'none', problems)
  if (kind === 'none') {
    if (raw['fallback-until'] !== '' || raw['fallback-env-file'] !== '') {
      problems.push('fallback-until and fallback-env-file need fallback: env or env-file')
    }
    return { kind }
  }
  if (mode === 'check') problems.push('mode check proves access to Infisical and cannot use a fallback: set fallback: none')
  let until: Date | undefined
  if (raw['fallback-until'] === '') {
    problems.push(`fallback: ${kind} needs fallback-until (a date such as 2026-06-30): a fallback must end`)
  } else {
    until = parseFallbackUntil(raw['fallback-until'])
    const latest = latestFallbackUntil(now)
    if (!until) problems.push(`fallback-until ${quoted(raw['fallback-until'])} is not an ISO 8601 date (2026-06-30) or date-time with a time zone`)
    else if (until.getTime() > latest.getTime()) {
      problems.push(
        `fallback-until ${quoted(raw['fallback-until'])} is more than ${MAX_SOAK_DAYS} days ahead (after ${latest.toISOString().slice(0, 10)}): a soak is short; give the date the soak ends, and move it on deliberately if it must last longer`
      )
    }
  }
  const end = until ?? new Date(0)
  if (kind === 'env') {
    if (raw['fallback-env-file'] !== '') problems.push('fallback-env-file is only read with fallback: env-file')
    return { kind, until: end }
  }
  if (raw['fallback-env-file'] === '') problems.push('fallback: env-file needs fallback-env-file')
  return { kind, file: raw['fallback-env-file'], until: end }
}

/**
 * `run`: a command line for bash, run in GITHUB_WORKSPACE with the secrets in its environment
 * only. Not in `mode: check` (which proves access and hands nothing on); a text of only blank or
 * comment lines is refused rather than taken for no command.
 */
function commandOf(raw: RawInputs, mode: Plan['mode'], env: NodeJS.ProcessEnv, problems: string[]): Plan['command'] {
  const line = raw.run
  if (line === '') return undefined
  if (mode === 'check') {
    problems.push('mode check proves access and hands nothing on: remove run, or use mode fetch')
    return undefined
  }
  if (line.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    problems.push('run holds no command (only blank or comment lines): give a command line, or remove run')
    return undefined
  }
  const cwd = env.GITHUB_WORKSPACE ?? ''
  if (cwd === '') problems.push('run needs GITHUB_WORKSPACE, the folder it runs in: this must run as a step of a Forgejo or GitHub job')
  return { line, cwd }
}

export function buildPlan(raw: RawInputs, ctx: PlanContext): Plan {
  const problems: string[] = []
  const allowInsecureHttp = parseBoolean('allow-insecure-http', raw['allow-insecure-http'], false, problems)
  const { urls, problems: urlProblems, notices } = parseInfisicalUrls(raw['infisical-url'], allowInsecureHttp)
  problems.push(...urlProblems)
  const auth = authOf(raw, ctx.env, allowInsecureHttp, problems)
  if (raw['project-id'] === '') problems.push('project-id is required (the Infisical project id)')
  if (raw.environment === '') problems.push('environment is required (an environment slug such as prod)')
  else if (!/^[A-Za-z0-9_-]+$/.test(raw.environment)) problems.push(`environment ${quoted(raw.environment)} is not an environment slug`)

  const base = resolveFolder('/', raw['secret-path'] || '/')
  if ('problem' in base) problems.push(`secret-path: ${base.problem}`)
  const secretPath = 'path' in base ? base.path : '/'
  let mappings: SecretMapping[] = []
  if (raw.secrets === '') problems.push('secrets is required: one ENV_NAME=SECRET_NAME a line')
  else {
    const parsed = parseSecretMappings(raw.secrets, secretPath)
    mappings = parsed.mappings
    problems.push(...parsed.problems)
  }

  const mode = oneOf('mode', raw.mode, ['fetch', 'check'] as const, 'fetch', problems)
  const command = commandOf(raw, mode, ctx.env, problems)
  const exportEnv = raw['export-env'] === 'auto' ? command === undefined : parseBoolean('export-env', raw['export-env'], command === undefined, problems, ['auto'])
  const exportFormat = oneOf('export-format', raw['export-format'], EXPORT_FORMATS, 'dotenv', problems)
  const includeImports = parseBoolean('include-imports', raw['include-imports'], false, problems)
  const exportFile = raw['export-file'] || undefined
  if (!exportFile && raw['export-format'] !== '' && raw['export-format'] !== 'dotenv') {
    problems.push(`export-format is the format of export-file: give export-file, or remove export-format`)
  }
  if (mode === 'check' && exportFile) problems.push('mode check exports nothing: remove export-file')
  else if (exportFile) {
    // Before any request: a run must not spend token uses on secrets it then cannot write.
    const folderProblem = (ctx.exportFolderProblem ?? exportFolderProblem)(exportFile)
    if (folderProblem) problems.push(folderProblem)
  }
  if (mode === 'fetch' && exportEnv && !ctx.env.GITHUB_ENV) {
    problems.push(`export-env is ${raw['export-env'] === 'auto' ? 'auto (on without run)' : 'on'} but GITHUB_ENV is not set: this must run as a step of a Forgejo or GitHub job`)
  }
  const fallback = fallbackOf(raw, mode, ctx.now, problems)
  if (raw['marker-key'] !== '' && !MARKER_KEY.test(raw['marker-key'])) {
    problems.push(`marker-key ${quoted(raw['marker-key'])} may hold only letters, digits, _, . and -`)
  }
  const label = raw.label
  if (label.length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(label)) {
    problems.push(`label must be one line of at most ${MAX_LABEL} characters without control characters (got ${label.length} characters)`)
  }
  const timeoutSeconds = parseInteger('timeout-seconds', raw['timeout-seconds'], 60, 1, 3600, problems)
  const retries = parseInteger('retries', raw.retries, 2, 0, 10, problems)
  const tokenExpiryWarningDays = parseInteger('token-expiry-warning-days', raw['token-expiry-warning-days'], 14, 0, 3650, problems)

  if (problems.length > 0) {
    throw new ActionError('config', problems.join('; '), {
      fix: problems.length > 1 ? 'correct these inputs of the step' : 'correct this input of the step'
    })
  }
  return {
    urls,
    notices,
    auth,
    ...(raw['identity-id'] ? { identityId: raw['identity-id'] } : {}),
    projectId: raw['project-id'],
    environment: raw.environment,
    secretPath,
    mappings,
    includeImports,
    exportEnv: mode === 'fetch' && exportEnv,
    ...(exportFile ? { exportFile } : {}),
    exportFormat,
    ...(command ? { command } : {}),
    mode,
    fallback,
    markerKey: markerKeyOf(raw),
    ...(label !== '' ? { label } : {}),
    ...(raw['ledger-path'] !== '' ? { ledgerPath: raw['ledger-path'] } : {}),
    timeoutMs: timeoutSeconds * 1000,
    retries,
    ...(raw['ca-certificate'] ? { caCertificate: raw['ca-certificate'] } : {}),
    allowInsecureHttp,
    tokenExpiryWarningDays
  }
}
