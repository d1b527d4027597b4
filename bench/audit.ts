/**
 * The audit of a large ledger (issue 12: "a ledger of 100,000 lines is read in well under a
 * second"): a ledger of AUDIT_LINES lines as the root action writes them (schema 1, one JSON
 * object a line), spread over the last 40 hours so that every run is in the default period of
 * 48 hours and counts, across AUDIT_LABELS modules: Token Auth mostly, some Universal Auth,
 * fallback runs, failed runs of several classes, command-failed runs, and AUDIT_MALFORMED lines
 * that cannot be read (cut, not JSON, a later schema, a wrong field type). The case is the
 * committed audit bundle as a command: `node audit/dist/index.js --ledger FILE --json`.
 */
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Case } from './cases.js'

export const AUDIT_LINES = 100_000
/** one line in a thousand cannot be read */
export const AUDIT_MALFORMED = 100
export const AUDIT_LABELS = [
  'matrix-well-known',
  'dashboard',
  'forgejo',
  'matrix-synapse',
  'grafana',
  'prometheus',
  'canary',
  'backup'
]
export const AUDIT_BUNDLE = resolve(process.env.BENCH_AUDIT_BUNDLE || 'audit/dist/index.js')

const HOUR = 3_600_000
const CLASSES = ['network', 'timeout', 'permission-denied', 'server-error', 'proxy-blocked']
const MALFORMED = [
  (l: string) => l.slice(0, Math.floor(l.length / 2)),
  () => 'platformctl apply: done',
  (l: string) => l.replace('"schema":1', '"schema":2'),
  (l: string) => l.replace(/"createdAt":"[^"]*"/, '"createdAt":12345'),
  (l: string) => l.replace(/"label":"[^"]*"/, '"label":["dashboard"]')
]

/** The ledger's text: the lines of a realistic mix, in the order they were written. */
export function auditLedgerText(now: number, lines = AUDIT_LINES, malformed = AUDIT_MALFORMED): string {
  const every = Math.floor(lines / malformed)
  const tokenExpiresAt = new Date(now + 75 * 24 * HOUR).toISOString()
  const out: string[] = new Array(lines)
  for (let i = 0; i < lines; i++) {
    const label = AUDIT_LABELS[i % AUDIT_LABELS.length] as string
    const k = i % 97
    const failed = k === 3 || k === 50
    const fallback = k === 17
    const commandFailed = k === 71
    const source = failed
      ? null
      : fallback
        ? 'direct-env-fallback'
        : k % 10 === 9
          ? 'infisical-universal-auth'
          : 'infisical-token-auth'
    const line = JSON.stringify({
      schema: 1,
      createdAt: new Date(now - 40 * HOUR + Math.floor((i * 40 * HOUR) / lines)).toISOString(),
      status: failed ? 'failed' : 'ok',
      source,
      label,
      errorClass: failed ? CLASSES[i % CLASSES.length] : commandFailed ? 'command-failed' : null,
      endpoint: 'https://infisical.example.org',
      identityId: '2cf935a4-0000-4000-8000-000000000000',
      projectId: '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
      environment: 'prod',
      secrets: ['PLATFORMCTL_FORGEJO_TOKEN'],
      tokenExpiresAt,
      fallback: fallback ? 'env' : null,
      requests: failed ? 3 : 1,
      durationMs: 40 + (i % 60),
      run: {
        repository: 'platform/platform',
        workflow: 'platformctl-auto-apply.yml',
        runId: String(1000 + Math.floor(i / AUDIT_LABELS.length)),
        runNumber: String(700 + Math.floor(i / AUDIT_LABELS.length)),
        runAttempt: '1',
        job: 'apply',
        sha: 'cec1037a9f3e0c1e2b4d5f60718293a4b5c6d7e8',
        serverUrl: 'https://forgejo.example.org'
      }
    })
    out[i] =
      i % every === every - 1
        ? (MALFORMED[Math.floor(i / every) % MALFORMED.length] as (l: string) => string)(line)
        : line
  }
  return `${out.join('\n')}\n`
}

/** Writes the ledger into `dir` (the bench's own temporary folder, removed by its close()) and returns the case. */
export function auditCase(dir: string): Case {
  const ledger = join(dir, 'infisical-ledger.jsonl')
  writeFileSync(ledger, auditLedgerText(Date.now()), { mode: 0o600 })
  return {
    id: 'audit-100k',
    label: `audit: ${AUDIT_LINES / 1000}k-line ledger, --json`,
    spec: { args: [AUDIT_BUNDLE, '--ledger', ledger, '--json'], env: {} },
    check: (r) => {
      if (r.killed) return 'killed after the time limit'
      // The mix holds fallback runs: the audit fails its max-fallback-runs check (exit 1).
      if (r.exitCode !== 1) return `exit ${r.exitCode}, expected 1: ${r.stderr.slice(0, 300)}`
      let report: { lines?: number; runs?: number; unreadable?: { count?: number }; verdict?: string }
      try {
        report = JSON.parse(r.stdout) as typeof report
      } catch {
        return `stdout is not one JSON object: ${r.stdout.slice(0, 200)}`
      }
      if (report.lines !== AUDIT_LINES) return `${String(report.lines)} lines read, expected ${AUDIT_LINES}`
      if (report.unreadable?.count !== AUDIT_MALFORMED)
        return `${String(report.unreadable?.count)} unreadable lines, expected ${AUDIT_MALFORMED}`
      if (report.runs !== AUDIT_LINES - AUDIT_MALFORMED)
        return `${String(report.runs)} runs counted, expected ${AUDIT_LINES - AUDIT_MALFORMED}`
      if (report.verdict !== 'fail') return `verdict ${String(report.verdict)}, expected fail`
      return undefined
    }
  }
}
