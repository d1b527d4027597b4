/**
 * How the audit shows what it read from the ledger: a label is text anyone able to write the file
 * could have crafted (line breaks, `::`, a Markdown table's `|`), so it is shown by log-text's rule
 * (one line, control characters escaped, never the start of a command) and cut when long. Dates
 * in UTC. Pure.
 */
import { cut, oneLine, quoted } from '../log-text.js'

export const NO_LABEL = '(no label)'

/** A label on one line, at most `max` characters; null → `(no label)`; an empty label, or one spelt `(no label)`, quoted. */
export function labelText(label: string | null, max = 40): string {
  if (label === null) return NO_LABEL
  const flat = oneLine(label)
  const short = flat.length > max ? cut(flat, max) : flat
  return short === '' || short === NO_LABEL || short.trim() !== short ? quoted(short) : short
}

const DAY_MS = 86_400_000

/** `2026-05-14` (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** `2026-05-14 07:44 UTC`. */
export function minuteOf(ms: number): string {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** `in 10 days`, `in 5 h`, `4 days ago`: whole days, hours under two days. */
export function fromNow(ms: number, now: number): string {
  const d = ms - now
  const abs = Math.abs(d)
  const amount = abs < 2 * DAY_MS ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / DAY_MS)} days`
  return d >= 0 ? `in ${amount}` : `${amount} ago`
}

/** `expires on 2026-05-24 (in 10 days)`, `expired on 2026-05-10 (4 days ago)`. */
export function expiryText(ms: number, now: number): string {
  return `${ms > now ? 'expires' : 'expired'} on ${dayOf(ms)} (${fromNow(ms, now)})`
}

/** `a, b and c`. */
export function andList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A Markdown table cell: one line, and nothing in it can end the cell or start a link, code, HTML or emphasis. */
export function markdownCell(text: string): string {
  return oneLine(text).replace(/[\\|`*_[\]<>#&~]/g, (c) => `\\${c}`)
}
