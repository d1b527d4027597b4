/**
 * Run-ledger lines for the audit's tests, built as the root action writes them (CONTRACT 1.2,
 * "The run ledger"): schema 1, the marker's fields flattened (`errorClass`, `fallback` as its
 * kind, `secrets` as ENV_NAMEs), one JSON object a line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { LedgerLine } from '../src/ledger.js'

/**
 * A ledger line as the root action writes it (src/ledger.ts), wider where the audit's tests write
 * lines the action never would: another schema, an unknown fallback kind, other run fields.
 */
export type LedgerLineFields = Omit<LedgerLine, 'schema' | 'fallback' | 'run'> & {
  schema: number
  fallback: string | null
  run: Record<string, string | null>
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

export type RunKind = 'ok' | 'fallback' | 'failed' | 'command-failed' | 'universal'

export interface RunSketch {
  label?: string | null
  /** hours before `now` */
  hoursAgo: number
  kind?: RunKind
  /** failed runs: their class */
  errorClass?: string
  /** days from now to the token's expiry; null: a token without exp */
  tokenDays?: number | null
  /** the fallback's kind (fallback runs) */
  fallbackKind?: 'env' | 'env-file'
}

/** One run as the root action records it, `now` being the clock the audit will read. */
export function ledgerRun(s: RunSketch, now = Date.now()): LedgerLineFields {
  const kind = s.kind ?? 'ok'
  const failed = kind === 'failed'
  const source = failed
    ? null
    : kind === 'fallback'
      ? 'direct-env-fallback'
      : kind === 'universal'
        ? 'infisical-universal-auth'
        : 'infisical-token-auth'
  const tokenDays = s.tokenDays === undefined ? 75 : s.tokenDays
  return {
    schema: 1,
    createdAt: new Date(now - s.hoursAgo * HOUR).toISOString(),
    status: failed ? 'failed' : 'ok',
    source,
    label: s.label === undefined ? 'dashboard' : s.label,
    errorClass: failed ? (s.errorClass ?? 'network') : kind === 'command-failed' ? 'command-failed' : null,
    endpoint: 'https://infisical.example.org',
    identityId: '2cf935a4-0000-4000-8000-000000000000',
    projectId: '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
    environment: 'prod',
    secrets: ['PLATFORMCTL_FORGEJO_TOKEN'],
    tokenExpiresAt: tokenDays === null ? null : new Date(now + tokenDays * DAY).toISOString(),
    fallback: kind === 'fallback' ? (s.fallbackKind ?? 'env') : null,
    requests: failed ? 3 : 1,
    durationMs: 84,
    run: {
      repository: 'platform/platform',
      workflow: 'platformctl-auto-apply.yml',
      runId: '869',
      runNumber: '729',
      runAttempt: '1',
      job: 'apply',
      sha: 'cec1037a9f3e0c1e2b4d5f60718293a4b5c6d7e8',
      serverUrl: 'https://forgejo.example.org'
    }
  }
}

/** The ledger's text: each run (or raw text, for lines that cannot be read) on a line of its own. */
export function ledgerText(lines: (RunSketch | LedgerLineFields | string)[], now = Date.now()): string {
  return (
    lines
      .map((l) => (typeof l === 'string' ? l : 'schema' in l ? JSON.stringify(l) : JSON.stringify(ledgerRun(l, now))))
      .join('\n') + '\n'
  )
}

/** A ledger file in a new folder under the system temp folder (0600, as the root action creates it); remove `dir` after. */
export function ledgerFile(
  lines: (RunSketch | LedgerLineFields | string)[],
  now = Date.now()
): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-ledger-'))
  const path = join(dir, 'infisical-ledger.jsonl')
  writeFileSync(path, ledgerText(lines, now), { mode: 0o600 })
  return { dir, path }
}

/** Three good runs of a label, 3, 2 and 1 hours ago. */
export function threeGood(label: string | null, tokenDays: number | null = 75): RunSketch[] {
  return [3, 2, 1].map((h) => ({ label, hoursAgo: h, tokenDays }))
}
