/**
 * The audit's inputs: the same seven whether they come from the runner (`INPUT_*`, defaults of
 * audit/action.yml filled in) or from the command line (command.ts), then parsed and checked.
 * Pure: the environment and the clock are arguments. A bad input is not thrown: it is returned
 * as a problem phrased for the operator, so that all of them are listed at once.
 */
import type { Source } from '../marker.js'
import { cut, quoted } from '../log-text.js'
import { inputVariable, readInputsOf, type RawInputsOf } from '../inputs.js'

export const AUDIT_INPUT_NAMES = [
  'ledger-path',
  'since',
  'expect-source',
  'soak-runs',
  'max-fallback-runs',
  'token-expiry-days',
  'report-file'
] as const
export type AuditRawInputs = RawInputsOf<typeof AUDIT_INPUT_NAMES>
export type AuditInputName = keyof AuditRawInputs

/** The defaults of audit/action.yml, applied here too (the command form, or an input given as ''). */
export const AUDIT_DEFAULTS: AuditRawInputs = {
  'ledger-path': '',
  since: '48h',
  'expect-source': 'infisical-token-auth',
  'soak-runs': '3',
  'max-fallback-runs': '0',
  'token-expiry-days': '14',
  'report-file': ''
}

export { SOURCES } from '../rules.js'
import { SOURCES, listOf } from '../rules.js'

/** The runner starts an action with every input of action.yml set, so this one tells the forms apart. */
export function isActionForm(env: NodeJS.ProcessEnv): boolean {
  return env[inputVariable('ledger-path')] !== undefined
}

/** Every input from the runner's variables, trimmed, '' when unset. */
export function readAuditInputs(env: NodeJS.ProcessEnv): AuditRawInputs {
  return readInputsOf(AUDIT_INPUT_NAMES, env)
}

export interface AuditOptions {
  ledgerPath: string
  /** runs created before this instant are not counted */
  since: Date
  /** the input as given (48h, 7d, or the date-time), for the report */
  sinceText: string
  expectSources: Source[]
  /** 0: no soak check (it holds for every label) */
  soakRuns: number
  maxFallbackRuns: number
  /** 0: only a token already expired fails */
  tokenExpiryDays: number
  /** '' when no report file is asked for */
  reportFile: string
}

/** How an input is named in a problem: `since` in the action, `--since` on the command line. */
export type InputNamer = (name: AuditInputName) => string
export const actionNames: InputNamer = (name) => name

/** Bounds: beyond them a value is a typo (a period of ten years, a soak of a thousand runs). */
export const LIMITS = {
  hours: 24 * 3650,
  days: 3650,
  soakRuns: 100,
  maxFallbackRuns: 1_000_000,
  tokenExpiryDays: 3650
} as const

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

/** An input's value in a problem: one line, cut, quoted. */
function shown(value: string): string {
  return quoted(cut(value, 80))
}

/**
 * The start of the period: `<n>h` or `<n>d` before `now`, or an ISO 8601 date-time with its zone
 * (`2026-05-12T07:44:00Z`, `…+02:00`). A date-time without a zone is refused: the runner host's
 * zone and the operator's may differ.
 */
export function parseSince(text: string, now: Date, name = 'since'): { since: Date } | { problem: string } {
  const rel = /^(\d{1,6})([hd])$/.exec(text)
  if (rel) {
    const n = Number(rel[1])
    const unit = rel[2] as 'h' | 'd'
    const max = unit === 'h' ? LIMITS.hours : LIMITS.days
    if (n < 1 || n > max) return { problem: `${name} ${shown(text)} is out of range: from 1${unit} to ${max}${unit}` }
    return { since: new Date(now.getTime() - n * (unit === 'h' ? 3_600_000 : 86_400_000)) }
  }
  if (DATE_TIME.test(text)) {
    const t = Date.parse(text)
    if (Number.isNaN(t)) return { problem: `${name} ${shown(text)} is not a valid date-time` }
    if (t > now.getTime()) return { problem: `${name} ${shown(text)} is in the future: the period would hold no run` }
    return { since: new Date(t) }
  }
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(text)) {
    return {
      problem: `${name} ${shown(text)} has no time zone: write it as a date-time with its zone, e.g. 2026-05-12T00:00:00Z`
    }
  }
  return {
    problem: `${name} ${shown(text)} is not a period: use <n>h (48h), <n>d (7d) or an ISO 8601 date-time with its zone (2026-05-12T07:44:00Z)`
  }
}

function wholeNumber(
  raw: string,
  name: string,
  max: number,
  meaning: string,
  problems: string[],
  fallback: number
): number {
  if (raw === '') return fallback
  if (/^\d{1,9}$/.test(raw) && Number(raw) <= max) return Number(raw)
  problems.push(`${name} must be a whole number from 0 to ${max} (${meaning}), got ${shown(raw)}`)
  return fallback
}

/** The inputs → the options, and every problem found (empty: the options are good). */
export function parseAuditInputs(
  raw: AuditRawInputs,
  now: Date,
  nameOf: InputNamer = actionNames
): { options: AuditOptions; problems: string[] } {
  const problems: string[] = []
  const value = (name: AuditInputName): string => (raw[name] === '' ? AUDIT_DEFAULTS[name] : raw[name])

  const ledgerPath = raw['ledger-path']
  if (ledgerPath === '')
    problems.push(
      `${nameOf('ledger-path')} is required: the file the fetch steps append to with their ledger-path input`
    )

  const sinceText = value('since')
  const period = parseSince(sinceText, now, nameOf('since'))
  let since = new Date(now.getTime() - 48 * 3_600_000)
  if ('problem' in period) problems.push(period.problem)
  else since = period.since

  const expectSources: Source[] = []
  for (const s of listOf(value('expect-source'))) {
    if ((SOURCES as readonly string[]).includes(s)) expectSources.push(s as Source)
    else
      problems.push(
        `${nameOf('expect-source')} ${shown(s)} is not a source: use ${SOURCES.join(', ')} (comma-separated)`
      )
  }
  if (expectSources.length === 0 && !problems.some((p) => p.startsWith(nameOf('expect-source'))))
    expectSources.push('infisical-token-auth')

  const soakRuns = wholeNumber(
    value('soak-runs'),
    nameOf('soak-runs'),
    LIMITS.soakRuns,
    '0: no soak check',
    problems,
    3
  )
  const maxFallbackRuns = wholeNumber(
    value('max-fallback-runs'),
    nameOf('max-fallback-runs'),
    LIMITS.maxFallbackRuns,
    'fallback runs allowed in the period',
    problems,
    0
  )
  const tokenExpiryDays = wholeNumber(
    value('token-expiry-days'),
    nameOf('token-expiry-days'),
    LIMITS.tokenExpiryDays,
    '0: only an expired token fails',
    problems,
    14
  )

  return {
    options: {
      ledgerPath,
      since,
      sinceText,
      expectSources,
      soakRuns,
      maxFallbackRuns,
      tokenExpiryDays,
      reportFile: raw['report-file']
    },
    problems
  }
}
