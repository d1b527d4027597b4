/**
 * The soak fallback's inputs: the kind, the file, and `fallback-until`, a date at most
 * MAX_SOAK_DAYS ahead (a soak is short).
 */
import type { RawInputs } from './inputs.js'
import { quoted } from './log-text.js'
import { oneOf } from './input-values.js'

export type Fallback = { kind: 'none' } | { kind: 'env'; until: Date } | { kind: 'env-file'; file: string; until: Date }

/** A soak is short: fallback-until at most this many days ahead (to the end of that UTC day). */
export const MAX_SOAK_DAYS = 90
const DAY_MS = 86_400_000

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

/** The last moment fallback-until may name: the end of the UTC day MAX_SOAK_DAYS after `now`. */
export function latestFallbackUntil(now: Date): Date {
  const day = new Date(now.getTime() + MAX_SOAK_DAYS * DAY_MS)
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999))
}

export function fallbackOf(raw: RawInputs, mode: 'fetch' | 'check', now: Date, problems: string[]): Fallback {
  const kind = oneOf('fallback', raw.fallback, ['none', 'env', 'env-file'] as const, 'none', problems)
  if (kind === 'none') {
    if (raw['fallback-until'] !== '' || raw['fallback-env-file'] !== '') {
      problems.push('fallback-until and fallback-env-file need fallback: env or env-file')
    }
    return { kind }
  }
  if (mode === 'check')
    problems.push('mode check proves access to Infisical and cannot use a fallback: set fallback: none')
  let until: Date | undefined
  if (raw['fallback-until'] === '') {
    problems.push(`fallback: ${kind} needs fallback-until (a date such as 2026-06-30): a fallback must end`)
  } else {
    until = parseFallbackUntil(raw['fallback-until'])
    const latest = latestFallbackUntil(now)
    if (!until)
      problems.push(
        `fallback-until ${quoted(raw['fallback-until'])} is not an ISO 8601 date (2026-06-30) or date-time with a time zone`
      )
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
