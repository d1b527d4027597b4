/**
 * What to register as masks so that no runner prints any part of a sensitive value.
 *
 * - GitHub's runner and `forgejo-runner exec` decode `::add-mask::` data (`%25`, `%0D`, `%0A`),
 *   match each log line separately (a multi-line mask never matches), and `exec` also prints the
 *   command line itself, masked by the masks registered up to then. Its command pattern is greedy:
 *   data holding `::` (or starting with `:`) is not read as a mask at all.
 * - Forgejo's daemon takes the text after `::add-mask::` raw, not decoded: a value with `%` or a
 *   line break registered in `core.setSecret`'s escaped form matches nothing.
 *
 * So each line of 4 characters or more (without its `\r`) is registered raw, which both read the
 * same way when the line holds no `::`, no leading `:`, no CR and no `%25`/`%0A`/`%0D`. A line that does
 * is registered by its safe pieces first, then escaped (for the decoding runners, whose printed
 * command line then shows only the pieces' masks and the escape sequences), then raw (for the
 * daemon). The whole value comes last, escaped only where decoding requires it, so that its printed
 * command line is covered by the line masks before it. Pure: returns the command lines in order.
 */

import { sensitive } from './workflow-commands.js'

/** Lines shorter than this are not masked on their own: they would blank ordinary words. */
export const MIN_MASKED_LINE = 4

const DECODED_SEQUENCE = /%(25|0A|0D)/i
const UNSAFE_SPLIT = /::|%25|%0A|%0D|\r/i

/** Escapes only what a decoding runner would otherwise change: line breaks, and `%` before `25`/`0A`/`0D`. */
export function minimalEscape(text: string): string {
  return text.replace(/%(?=25|0A|0D)/gi, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** True when the text reads the same to every runner as `::add-mask::` data. */
export function readsTheSame(text: string): boolean {
  return !text.includes('::') && !text.startsWith(':') && !text.includes('\r') && !DECODED_SEQUENCE.test(text)
}

function maskable(line: string): boolean {
  return line.length >= MIN_MASKED_LINE && line.trim() !== ''
}

/** `::add-mask::` lines for one value, in the order to write them; empty for a blank value. */
export function maskCommands(value: string): string[] {
  if (value.trim() === '') return []
  const out = new Set<string>()
  for (const raw of value.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (!maskable(line)) continue
    if (readsTheSame(line)) {
      out.add(`::add-mask::${line}`)
      continue
    }
    for (const piece of line.split(UNSAFE_SPLIT)) {
      const safe = piece.replace(/^:+/, '')
      if (maskable(safe)) out.add(`::add-mask::${safe}`)
    }
    if (!line.includes('::') && !line.startsWith(':')) out.add(`::add-mask::${minimalEscape(line)}`)
    out.add(`::add-mask::${line}`)
  }
  out.add(`::add-mask::${minimalEscape(value)}`)
  return [...out]
}

/** Registers masks once per value, writing the commands with `write` (stdout). */
export class Masker {
  private readonly done = new Set<string>()

  constructor(private readonly write: (line: string) => void) {}

  mask(value: string | undefined): void {
    if (value === undefined || this.done.has(value)) return
    this.done.add(value)
    sensitive.add(value)
    for (const command of maskCommands(value)) this.write(command)
  }

  /** Everything masked so far, for scrubbing messages. */
  values(): string[] {
    return [...this.done]
  }
}

/**
 * A message with every sensitive value (and each line of it of 4 characters or more) replaced by
 * `***`: for what is written where the runner's masking does not reach (the marker file, outputs).
 */
export function scrub(text: string, values: string[]): string {
  const pieces = new Set<string>()
  for (const v of values) {
    if (v.trim() === '') continue
    pieces.add(v)
    for (const raw of v.split('\n')) {
      const line = raw.replace(/\r$/, '')
      if (line.length >= MIN_MASKED_LINE && line.trim() !== '') pieces.add(line)
    }
  }
  let out = text
  for (const p of [...pieces].sort((a, b) => b.length - a.length)) out = out.split(p).join('***')
  return out
}
