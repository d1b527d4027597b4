/**
 * The audit's report in its three forms, from one AuditResult (checks.ts): the plain-text table
 * of the log, the Markdown of report-file, and the object of --json. Pure. Every label goes
 * through text.ts (one line, never a command, cut); the JSON keeps labels as they are (JSON
 * escapes them).
 */
import type { AuditResult, LabelAudit } from './checks.js'
import { periodText } from './checks.js'
import { plural } from '../words.js'
import { dayOf, fromNow, labelText, markdownCell, minuteOf } from './text.js'

/**
 * The mode of report-file. The report holds no value, token, identity or project, but it tells
 * what the 0600 ledger tells (the labels, when deploys ran, failed or fell back): it is no more
 * readable than the ledger it is made from. An operator who publishes it copies it.
 */
export const REPORT_MODE = 0o600

export const COLUMNS = ['label', 'runs', 'by source', 'failures by class', 'last run', 'soak', 'token expiry'] as const

function counts(pairs: [string, number][]): string {
  return pairs.length === 0 ? '-' : pairs.map(([k, n]) => `${k} ${n}`).join(', ')
}

function lastRunText(l: LabelAudit): string {
  const r = l.lastRun
  const what =
    r.status === 'failed'
      ? `failed (${r.errorClass ?? 'unknown'})`
      : r.errorClass === 'command-failed'
        ? `failed (command-failed)`
        : (r.source ?? 'no source')
  return `${minuteOf(r.time)} ${what}`
}

function soakText(l: LabelAudit): string {
  const s = l.soak
  if (s.needed === 0) return 'not checked'
  return s.holds ? `holds (${s.counted}/${s.needed})` : `no: ${s.reason ?? ''}`
}

function tokenText(l: LabelAudit, now: number): string {
  const t = l.token
  if (t.expiresAt === null) return '-'
  return `${dayOf(t.expiresAt)} (${fromNow(t.expiresAt, now)})${t.soon ? ' !' : ''}`
}

/** The cells of each label's row, in the order of COLUMNS; labels cut at `labelMax`. */
export function rows(result: AuditResult, labelMax = 40): string[][] {
  return result.labels.map((l) => [
    labelText(l.label, labelMax),
    String(l.runs),
    counts(l.bySource),
    counts(l.failures),
    lastRunText(l),
    soakText(l),
    tokenText(l, result.now)
  ])
}

/** `16 runs in 2 labels since 2026-05-12 07:44 UTC (48h): 0 fallback, 1 failed`. */
export function headline(result: AuditResult): string {
  return `${plural(result.runs, 'run')} in ${plural(result.labels.length, 'label')} ${periodText(result.options)}: ${result.fallbackRuns} fallback, ${result.failedRuns} failed`
}

/** `12 lines of the ledger could not be read and were skipped: line 5 (not JSON), …`; null when none. */
export function unreadableText(result: AuditResult): string | null {
  if (result.unreadable === 0) return null
  const shown = result.unreadableLines.map((u) => `line ${u.line} (${u.reason})`).join(', ')
  const more =
    result.unreadable > result.unreadableLines.length
      ? `, and ${result.unreadable - result.unreadableLines.length} more`
      : ''
  return `${plural(result.unreadable, 'line')} of the ledger could not be read and ${result.unreadable === 1 ? 'was' : 'were'} skipped: ${shown}${more}`
}

/** The plain-text table, aligned: a header, a rule, a row per label (or a line saying there is none). */
export function textTable(result: AuditResult): string[] {
  const body = rows(result)
  const all = [[...COLUMNS], ...body]
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  const out = [line([...COLUMNS]), widths.map((w) => '-'.repeat(w)).join('  ')]
  if (body.length === 0) out.push(`(no run in the ledger ${periodText(result.options)})`)
  else out.push(...body.map(line))
  return out
}

/** The failed checks' sentences, in the order of the checks. */
export function failureLines(result: AuditResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.message)
}

/** The last line: the verdict. */
export function verdictLine(result: AuditResult): string {
  const failed = result.checks.filter((c) => !c.ok).map((c) => c.check)
  return failed.length === 0 ? 'audit passed: every check holds' : `audit failed: ${failed.join(', ')}`
}

/** The same report as Markdown: a heading, the period, a table, the checks. */
export function markdownReport(result: AuditResult, ledgerPath: string): string {
  const out: string[] = []
  out.push('# Infisical run ledger audit', '')
  out.push(`Ledger ${markdownCell(ledgerPath)}: ${markdownCell(headline(result))}.`, '')
  out.push(`| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map((_, i) => (i === 1 ? '---:' : '---')).join(' | ')} |`)
  for (const r of rows(result, 100)) out.push(`| ${r.map(markdownCell).join(' | ')} |`)
  if (result.labels.length === 0)
    out.push(`| ${markdownCell(`(no run ${periodText(result.options)})`)} |${' |'.repeat(COLUMNS.length - 1)}`)
  out.push('', '## Checks', '')
  for (const c of result.checks) out.push(`- ${c.ok ? 'pass' : '**FAIL**'}: ${markdownCell(c.message)}`)
  const unreadable = unreadableText(result)
  if (unreadable !== null) out.push('', markdownCell(unreadable))
  out.push('', markdownCell(verdictLine(result)), '')
  return out.join('\n')
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** The object of --json: the per-label figures, the unreadable lines, the checks and the verdict. */
export function jsonReport(result: AuditResult, ledgerPath: string): Record<string, unknown> {
  const o = result.options
  return {
    schema: 1,
    ledger: ledgerPath,
    now: iso(result.now),
    since: iso(o.since.getTime()),
    options: {
      since: o.sinceText,
      expectSource: o.expectSources,
      soakRuns: o.soakRuns,
      maxFallbackRuns: o.maxFallbackRuns,
      tokenExpiryDays: o.tokenExpiryDays
    },
    lines: result.lines,
    beforePeriod: result.beforePeriod,
    unreadable: { count: result.unreadable, first: result.unreadableLines },
    runs: result.runs,
    fallbackRuns: result.fallbackRuns,
    failedRuns: result.failedRuns,
    soakMet: result.soakMet,
    earliestTokenExpiry: iso(result.earliestTokenExpiry),
    labels: result.labels.map((l) => ({
      label: l.label,
      runs: l.runs,
      bySource: Object.fromEntries(l.bySource),
      failures: Object.fromEntries(l.failures),
      failedRuns: l.failedRuns,
      fallbackRuns: l.fallbackRuns,
      lastRun: {
        createdAt: iso(l.lastRun.time),
        status: l.lastRun.status,
        source: l.lastRun.source,
        errorClass: l.lastRun.errorClass,
        fallback: l.lastRun.fallback
      },
      soak: { holds: l.soak.holds, runs: l.soak.counted, needed: l.soak.needed, reason: l.soak.reason },
      tokenExpiresAt: iso(l.token.expiresAt),
      tokenExpiresSoon: l.token.soon
    })),
    checks: result.checks.map((c) => ({ check: c.check, ok: c.ok, message: c.message })),
    verdict: result.passed ? 'pass' : 'fail'
  }
}
