/**
 * The audit's decisions, from what was read (tally.ts) and the options: per label, whether the
 * soak holds and when its token expires; then the three checks of the contract
 * (`max-fallback-runs`, `soak-runs`, `token-expiry-days`), each with a sentence for the operator,
 * and the verdict. Pure: the clock is an argument.
 */
import type { AuditOptions } from './options.js'
import type { LabelTally, Tally, UnreadableLine } from './tally.js'
import { plural } from '../words.js'
import { andList, dayOf, expiryText, labelText, minuteOf } from './text.js'

export const CHECKS = ['max-fallback-runs', 'soak-runs', 'token-expiry-days'] as const
export type CheckName = (typeof CHECKS)[number]

export interface SoakVerdict {
  holds: boolean
  /** runs of the label in the period, at most `needed` */
  counted: number
  needed: number
  /** why it does not hold, a phrase after the label; null when it holds */
  reason: string | null
}

export interface TokenVerdict {
  /** the expiry of the token the label's latest run used; null: none known */
  expiresAt: number | null
  /** it expires within token-expiry-days (or has expired) */
  soon: boolean
}

export interface LabelAudit {
  label: string | null
  runs: number
  bySource: [string, number][]
  failures: [string, number][]
  failedRuns: number
  fallbackRuns: number
  lastRun: {
    time: number
    status: 'ok' | 'failed'
    source: string | null
    errorClass: string | null
    fallback: string | null
  }
  soak: SoakVerdict
  token: TokenVerdict
}

export interface CheckResult {
  check: CheckName
  ok: boolean
  message: string
}

export interface AuditResult {
  now: number
  options: AuditOptions
  lines: number
  beforePeriod: number
  unreadable: number
  unreadableLines: UnreadableLine[]
  labels: LabelAudit[]
  runs: number
  fallbackRuns: number
  failedRuns: number
  /** the soak holds for every label (and there is at least one, unless soak-runs is 0) */
  soakMet: boolean
  earliestTokenExpiry: number | null
  checks: CheckResult[]
  passed: boolean
}

const DAY_MS = 86_400_000

/** A check's sentence names at most this many labels (the table lists them all). */
export const LABELS_NAMED = 20

/** The items joined, the ones beyond LABELS_NAMED counted: `a, b and 3 more labels`. */
export function someOf(items: string[], separator: string): string {
  if (items.length <= LABELS_NAMED) return items.join(separator)
  return `${items.slice(0, LABELS_NAMED).join(separator)}${separator}and ${plural(items.length - LABELS_NAMED, 'more label')}`
}

/** Count pairs, most first, then by name. */
function sorted(map: Map<string, number>): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/** The soak of one label: its last `needed` runs in the period all succeeded, with a good source, without fallback. */
export function soakOf(t: Pick<LabelTally, 'recent' | 'runs'>, needed: number): SoakVerdict {
  if (needed === 0) return { holds: true, counted: 0, needed, reason: null }
  const counted = Math.min(t.runs, needed)
  if (t.runs < needed)
    return { holds: false, counted, needed, reason: `only ${plural(t.runs, 'run')} in the period, ${needed} needed` }
  const bad = [...new Set(t.recent.filter((r) => !r.good).map((r) => r.why))]
  if (bad.length > 0)
    return { holds: false, counted, needed, reason: `${andList(bad)} among its last ${plural(needed, 'run')}` }
  return { holds: true, counted, needed, reason: null }
}

/** The token of the label's latest run: does it expire within `days` of `now` (or has it expired)? */
export function tokenOf(t: Pick<LabelTally, 'last'>, days: number, now: number): TokenVerdict {
  const expiresAt = t.last.tokenExpiresAt
  if (expiresAt === null) return { expiresAt: null, soon: false }
  return { expiresAt, soon: expiresAt - now <= days * DAY_MS }
}

/** Labels in order: by name, `(no label)` last. */
function byLabel(a: LabelTally, b: LabelTally): number {
  if (a.label === b.label) return 0
  if (a.label === null) return 1
  if (b.label === null) return -1
  return a.label < b.label ? -1 : 1
}

export function labelAudit(t: LabelTally, options: AuditOptions, now: number): LabelAudit {
  const last = t.last
  return {
    label: t.label,
    runs: t.runs,
    bySource: sorted(t.bySource),
    failures: sorted(t.failures),
    failedRuns: t.failedRuns,
    fallbackRuns: t.fallbackRuns,
    lastRun: {
      time: last.time,
      status: last.status,
      source: last.source,
      errorClass: last.errorClass,
      fallback: last.fallback
    },
    soak: soakOf(t, options.soakRuns),
    token: tokenOf(t, options.tokenExpiryDays, now)
  }
}

/** `since 2026-05-12 07:44 UTC (48h)`. */
export function periodText(options: AuditOptions): string {
  const given = /^\d+[hd]$/.test(options.sinceText) ? ` (${options.sinceText})` : ''
  return `since ${minuteOf(options.since.getTime())}${given}`
}

function fallbackCheck(labels: LabelAudit[], total: number, options: AuditOptions): CheckResult {
  const max = options.maxFallbackRuns
  const period = periodText(options)
  if (total <= max) {
    return {
      check: 'max-fallback-runs',
      ok: true,
      message: `max-fallback-runs: ${plural(total, 'fallback run')} ${period}, at most ${max} allowed`
    }
  }
  const which = labels.filter((l) => l.fallbackRuns > 0).map((l) => `${labelText(l.label)} ${l.fallbackRuns}`)
  return {
    check: 'max-fallback-runs',
    ok: false,
    message: `max-fallback-runs: ${plural(total, 'fallback run')} ${period} (${someOf(which, ', ')}), more than the ${max} allowed: the secrets of ${total === 1 ? 'that run' : 'those runs'} did not come from Infisical; fix the Infisical failure named in ${total === 1 ? 'its' : 'their'} warning`
  }
}

function soakCheck(labels: LabelAudit[], options: AuditOptions): CheckResult {
  const n = options.soakRuns
  const good = andList(options.expectSources)
  if (n === 0) return { check: 'soak-runs', ok: true, message: 'soak-runs: 0, no soak check' }
  if (labels.length === 0) {
    return {
      check: 'soak-runs',
      ok: false,
      message: `soak-runs: no run in the ledger ${periodText(options)}: the soak cannot hold without runs; check that the fetch steps are given this ledger-path, or widen since`
    }
  }
  const failing = labels.filter((l) => !l.soak.holds)
  if (failing.length === 0) {
    return {
      check: 'soak-runs',
      ok: true,
      message: `soak-runs: the soak holds for every label (${labels.length}): the last ${plural(n, 'run')} of each succeeded through ${good}, without fallback`
    }
  }
  const which = failing.map((l) => `${labelText(l.label)} (${l.soak.reason ?? ''})`)
  return {
    check: 'soak-runs',
    ok: false,
    message: `soak-runs: the soak does not hold for ${failing.length} of ${plural(labels.length, 'label')}: ${someOf(which, '; ')} - it holds once the last ${plural(n, 'run')} of a label succeeded through ${good}, without fallback; keep any fallback until then`
  }
}

function tokenCheck(labels: LabelAudit[], options: AuditOptions, now: number, earliest: number | null): CheckResult {
  const days = options.tokenExpiryDays
  const within = days === 0 ? 'has expired' : `expires within ${plural(days, 'day')}`
  const soon = labels.filter((l) => l.token.soon)
  if (soon.length === 0) {
    const tail =
      earliest === null
        ? 'no latest run shows a token expiry'
        : `the earliest, ${dayOf(earliest)}, is ${days === 0 ? 'ahead' : 'further'}`
    return {
      check: 'token-expiry-days',
      ok: true,
      message: `token-expiry-days: no token of a label's latest run ${within} (${tail})`
    }
  }
  const first = soon[0] as LabelAudit
  const what =
    soon.length === 1
      ? `the token of the latest run of ${labelText(first.label)} ${expiryText(first.token.expiresAt as number, now)}${(first.token.expiresAt as number) > now ? `, within ${plural(days, 'day')}` : ''}`
      : `the tokens of the latest runs of ${soon.length} labels ${days === 0 ? 'have expired' : `expire within ${plural(days, 'day')}`} (${someOf(
          soon.map((l) => `${labelText(l.label)}: ${expiryText(l.token.expiresAt as number, now)}`),
          '; '
        )})`
  return {
    check: 'token-expiry-days',
    ok: false,
    message: `token-expiry-days: ${what}: create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical`
  }
}

/** Everything the audit says, from what was read. */
export function decide(tally: Tally, options: AuditOptions, now: Date): AuditResult {
  const at = now.getTime()
  const labels = [...tally.labels.values()].sort(byLabel).map((t) => labelAudit(t, options, at))
  const sum = (f: (l: LabelAudit) => number): number => labels.reduce((n, l) => n + f(l), 0)
  const fallbackRuns = sum((l) => l.fallbackRuns)
  const expiries = labels.map((l) => l.token.expiresAt).filter((e): e is number => e !== null)
  const earliestTokenExpiry = expiries.reduce<number | null>((min, e) => (min === null || e < min ? e : min), null)
  const checks = [
    fallbackCheck(labels, fallbackRuns, options),
    soakCheck(labels, options),
    tokenCheck(labels, options, at, earliestTokenExpiry)
  ]
  return {
    now: at,
    options,
    lines: tally.lines,
    beforePeriod: tally.beforePeriod,
    unreadable: tally.unreadable,
    unreadableLines: [...tally.unreadableLines],
    labels,
    runs: sum((l) => l.runs),
    fallbackRuns,
    failedRuns: sum((l) => l.failedRuns),
    soakMet: options.soakRuns === 0 || (labels.length > 0 && labels.every((l) => l.soak.holds)),
    earliestTokenExpiry,
    checks,
    passed: checks.every((c) => c.ok)
  }
}
