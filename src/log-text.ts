/**
 * The printing rule for text the action did not write itself (inputs, paths, names, server
 * messages, proxy and URL text, a marker's fields): one line, control characters escaped, never
 * the start of a workflow command. And the redactor: no fragment of 8 or more characters of a
 * credential or a value survives in what is printed or written. Pure.
 */

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function escapeControl(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * One line: line breaks and other control characters written as `\n`, `\r`, `\t`, `\uXXXX`.
 * A line that would start (after white space, as GitHub's runner trims it) with `::` or `##[`,
 * the two command syntaxes of the runners, gets its first character escaped.
 */
export function oneLine(text: string): string {
  const flat = text.replace(CONTROL, escapeControl)
  const lead = /^\s*/.exec(flat)?.[0] ?? ''
  const rest = flat.slice(lead.length)
  if (rest.startsWith('::') || rest.startsWith('##['))
    return `${lead}\\u${rest.charCodeAt(0).toString(16).padStart(4, '0')}${rest.slice(1)}`
  return flat
}

/** Quoted, one line: for a value shown inside a sentence (`"…"`). */
export function quoted(text: string): string {
  return `"${oneLine(text)}"`
}

/** At most `max` characters, flattened; an ellipsis shows the cut. Scrub before cutting. */
export function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** Fragments of this length or more of a sensitive text are never shown. */
export const FRAGMENT = 8
/** Shorter values, and lines of this length or more, are replaced where they occur whole. */
const MIN_WHOLE_LINE = 4

/**
 * Replaces every sensitive text in a message by `***`: any run of characters covered by a
 * fragment of 8 or more characters of a registered value (a cut or partial echo included), and,
 * for shorter values, the whole value and each line of 4 characters or more.
 */
export class Redactor {
  private readonly grams = new Set<string>()
  private readonly whole = new Set<string>()
  private readonly seen = new Set<string>()

  add(value: string | undefined): void {
    if (value === undefined || value.trim() === '' || this.seen.has(value)) return
    this.seen.add(value)
    for (const text of value.includes('\n') ? [value, ...value.split(/\r?\n/)] : [value]) {
      if (text.length >= FRAGMENT) {
        for (let i = 0; i + FRAGMENT <= text.length; i++) this.grams.add(text.slice(i, i + FRAGMENT))
      } else if (text.trim() !== '' && (text === value || text.length >= MIN_WHOLE_LINE)) {
        this.whole.add(text)
      }
    }
  }

  /** The values registered so far. */
  values(): string[] {
    return [...this.seen]
  }

  /**
   * `fragments: false` replaces only whole values and lines: for text that holds nothing a server
   * said (an operator's path, say), where replacing a fragment shared by chance would break it.
   */
  redact(text: string, opts: { fragments?: boolean } = {}): string {
    let out = text
    if (opts.fragments !== false && this.grams.size > 0 && out.length >= FRAGMENT) {
      const covered = new Uint8Array(out.length)
      let any = false
      for (let i = 0; i + FRAGMENT <= out.length; i++) {
        if (this.grams.has(out.slice(i, i + FRAGMENT))) {
          covered.fill(1, i, i + FRAGMENT)
          any = true
        }
      }
      if (any) {
        let r = ''
        for (let i = 0; i < out.length;) {
          if (covered[i] === 1) {
            while (i < out.length && covered[i] === 1) i++
            r += '***'
          } else {
            r += out[i]
            i++
          }
        }
        out = r
      }
    }
    const whole =
      opts.fragments === false
        ? [...this.seen.values()].flatMap((v) =>
            [v, ...v.split(/\r?\n/)].filter((t) => t.trim() !== '' && (t === v || t.length >= MIN_WHOLE_LINE))
          )
        : []
    for (const w of [...this.whole, ...whole].sort((a, b) => b.length - a.length)) out = out.split(w).join('***')
    return out
  }
}
