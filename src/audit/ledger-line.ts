/**
 * One line of the run ledger (CONTRACT 1.2, "The run ledger") → the fields the audit needs, or
 * why the line cannot be read. Pure. The ledger is a file anyone able to write it could have
 * crafted: a reason names the field, never echoes the line, and the text kept (a label) is shown
 * later by the printing rules (text.ts). Fields the audit does not use are not checked: readers
 * ignore what they do not know.
 */
import { isObject, kindOfJson } from '../rules.js'

/** What the audit keeps of a run. */
export interface LedgerRun {
  /** createdAt, in ms since the epoch */
  time: number
  status: 'ok' | 'failed'
  /** a plain word (infisical-token-auth, …, or one a later writer knows); null for a failed run */
  source: string | null
  /** free text (at most 100 characters, one line, when the action wrote it); null: no label */
  label: string | null
  /** the failure's class, or command-failed (status ok); null for a run that succeeded */
  errorClass: string | null
  /** the token's expiry, in ms since the epoch; null when the token had none */
  tokenExpiresAt: number | null
  /** the fallback's kind (env, env-file); null when the secrets came from Infisical */
  fallback: string | null
}

export type ParsedLine = { run: LedgerRun } | { problem: string } | { blank: true }

/** A source, a class or a kind: one short word, safe to print. */
const WORD = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i

function instant(v: unknown): number | undefined {
  if (typeof v !== 'string' || !ISO_DATE_TIME.test(v)) return undefined
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : t
}

/** The text of one line (its line end removed) → the run, a problem, or a blank line (skipped). */
export function parseLedgerLine(text: string): ParsedLine {
  if (text.trim() === '') return { blank: true }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { problem: 'not JSON' }
  }
  if (!isObject(json)) return { problem: `${kindOfJson(json)}, not a JSON object` }
  if (json.schema !== 1) {
    if (typeof json.schema === 'number' && Number.isInteger(json.schema) && Math.abs(json.schema) < 1e6)
      return { problem: `schema ${json.schema}, not 1` }
    return { problem: 'no "schema": 1' }
  }

  const problems: string[] = []
  const time = instant(json.createdAt)
  if (time === undefined) problems.push('createdAt is not an ISO 8601 date-time')
  const status = json.status
  if (status !== 'ok' && status !== 'failed') problems.push('status is not ok or failed')
  const word = (field: string): string | null => {
    const v = json[field]
    if (v === null) return null
    if (typeof v === 'string' && WORD.test(v)) return v
    problems.push(`${field} is not a word or null`)
    return null
  }
  const source = word('source')
  const errorClass = word('errorClass')
  const fallback = word('fallback')
  const label = json.label
  if (label !== null && typeof label !== 'string') problems.push('label is not a text or null')
  let tokenExpiresAt: number | null = null
  if (json.tokenExpiresAt !== null) {
    const t = instant(json.tokenExpiresAt)
    if (t === undefined) problems.push('tokenExpiresAt is not an ISO 8601 date-time or null')
    else tokenExpiresAt = t
  }
  if (problems.length > 0) return { problem: problems.join(', ') }
  return {
    run: {
      time: time as number,
      status: status as LedgerRun['status'],
      source,
      label: label as string | null,
      errorClass,
      tokenExpiresAt,
      fallback
    }
  }
}
