/**
 * What to register as masks so that no runner prints any part of a sensitive value.
 *
 * - GitHub's runner and `forgejo-runner exec` decode `::add-mask::` data (`%25`, `%0D`, `%0A`)
 *   and match each log line separately: a multi-line value registered whole never matches.
 * - Forgejo's daemon takes the text after `::add-mask::` raw, not decoded: a value with `%` or a
 *   line break registered in the escaped form (what `core.setSecret` writes) matches nothing.
 *
 * So the whole value is registered escaped (as `core.setSecret` does), and each of its lines of
 * 4 characters or more (without its `\r`) is registered on its own, escaped and, when escaping
 * changes it, raw as well. Pure: returns the command lines.
 */

/** Lines shorter than this are not masked on their own: they would blank ordinary words. */
export const MIN_MASKED_LINE = 4

/** The escaping of `@actions/core`'s command data. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** `::add-mask::` lines for one value, most specific last; empty for an empty value. */
export function maskCommands(value: string): string[] {
  if (value.trim() === '') return []
  const out = new Set<string>([`::add-mask::${escapeCommandData(value)}`])
  for (const raw of value.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.length < MIN_MASKED_LINE || line.trim() === '') continue
    const escaped = escapeCommandData(line)
    out.add(`::add-mask::${escaped}`)
    if (escaped !== line) out.add(`::add-mask::${line}`)
  }
  return [...out]
}

/** Registers masks once per value, writing the commands with `write` (stdout). */
export class Masker {
  private readonly done = new Set<string>()

  constructor(private readonly write: (line: string) => void) {}

  mask(value: string | undefined): void {
    if (value === undefined || this.done.has(value)) return
    this.done.add(value)
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
