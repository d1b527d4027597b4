/**
 * From raw inputs to a validated plan: every input rule of the contract is checked here,
 * before any file is opened or any request is sent. Pure: the environment, the clock and the
 * one look at the file system (export-file's folder) are arguments.
 */
import { ActionError } from './errors.js'
import type { RawInputs } from './inputs.js'
import { quoted } from './log-text.js'
import { parseBoolean, parseInteger } from './input-values.js'
import { handOffOf, type HandOffPlan } from './plan-hand-off.js'
import { authOf, type Auth } from './plan-auth.js'
import { fallbackOf, type Fallback } from './plan-fallback.js'
export type { Auth } from './plan-auth.js'
export { MAX_SOAK_DAYS, latestFallbackUntil, parseFallbackUntil, type Fallback } from './plan-fallback.js'
import { parseSecretMappings, resolveFolder, type SecretMapping } from './secret-mappings.js'
import { parseInfisicalUrls } from './urls.js'
import { markerPathOr } from './marker.js'
import { MARKER_KEY } from './rules.js'
import type { ExportFormat } from './export-format.js'

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
  command?: NonNullable<HandOffPlan['command']>
  mode: HandOffPlan['mode']
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

/** `label`: one line, at most this many characters. */
export const MAX_LABEL = 100

/** Where the marker goes even when the rest of the inputs are broken. */
export function markerPathOf(raw: RawInputs, ctx: Pick<PlanContext, 'env' | 'tmpdir'>): string {
  return markerPathOr(raw['marker-path'], ctx.env, ctx.tmpdir)
}

export function markerKeyOf(raw: RawInputs): string {
  return MARKER_KEY.test(raw['marker-key']) ? raw['marker-key'] : 'secret_source'
}

/** `allow-insecure-http`, the URLs, and how the action logs in. */
function connectionOf(raw: RawInputs, env: NodeJS.ProcessEnv, problems: string[]) {
  const allowInsecureHttp = parseBoolean('allow-insecure-http', raw['allow-insecure-http'], false, problems)
  const { urls, problems: urlProblems, notices } = parseInfisicalUrls(raw['infisical-url'], allowInsecureHttp)
  problems.push(...urlProblems)
  const auth = authOf(raw, env, allowInsecureHttp, problems)
  return { allowInsecureHttp, urls, notices, auth }
}

/** The project, the environment, the folder, and the secrets to read. */
function sourceOf(raw: RawInputs, problems: string[]): { secretPath: string; mappings: SecretMapping[] } {
  if (raw['project-id'] === '') problems.push('project-id is required (the Infisical project id)')
  if (raw.environment === '') problems.push('environment is required (an environment slug such as prod)')
  else if (!/^[A-Za-z0-9_-]+$/.test(raw.environment))
    problems.push(`environment ${quoted(raw.environment)} is not an environment slug`)

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
  return { secretPath, mappings }
}

/** `marker-key` and `label`: what the marker and the ledger record. */
function recordOf(raw: RawInputs, problems: string[]): { label: string } {
  if (raw['marker-key'] !== '' && !MARKER_KEY.test(raw['marker-key'])) {
    problems.push(`marker-key ${quoted(raw['marker-key'])} may hold only letters, digits, _, . and -`)
  }
  const label = raw.label
  if (label.length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(label)) {
    problems.push(
      `label must be one line of at most ${MAX_LABEL} characters without control characters (got ${label.length} characters)`
    )
  }
  return { label }
}

/** The run's time and retry limits, and when to warn of a token's expiry. */
function limitsOf(raw: RawInputs, problems: string[]) {
  const timeoutSeconds = parseInteger('timeout-seconds', raw['timeout-seconds'], 60, 1, 3600, problems)
  const retries = parseInteger('retries', raw.retries, 2, 0, 10, problems)
  const tokenExpiryWarningDays = parseInteger(
    'token-expiry-warning-days',
    raw['token-expiry-warning-days'],
    14,
    0,
    3650,
    problems
  )
  return { timeoutMs: timeoutSeconds * 1000, retries, tokenExpiryWarningDays }
}

export function buildPlan(raw: RawInputs, ctx: PlanContext): Plan {
  const problems: string[] = []
  const { allowInsecureHttp, urls, notices, auth } = connectionOf(raw, ctx.env, problems)
  const { secretPath, mappings } = sourceOf(raw, problems)
  const { mode, command, exportEnv, exportFormat, includeImports, exportFile } = handOffOf(
    raw,
    ctx.env,
    problems,
    ctx.exportFolderProblem
  )
  const fallback = fallbackOf(raw, mode, ctx.now, problems)
  const { label } = recordOf(raw, problems)
  const { timeoutMs, retries, tokenExpiryWarningDays } = limitsOf(raw, problems)
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
    exportEnv,
    ...(exportFile ? { exportFile } : {}),
    exportFormat,
    ...(command ? { command } : {}),
    mode,
    fallback,
    markerKey: markerKeyOf(raw),
    ...(label !== '' ? { label } : {}),
    ...(raw['ledger-path'] !== '' ? { ledgerPath: raw['ledger-path'] } : {}),
    timeoutMs,
    retries,
    ...(raw['ca-certificate'] ? { caCertificate: raw['ca-certificate'] } : {}),
    allowInsecureHttp,
    tokenExpiryWarningDays
  }
}
