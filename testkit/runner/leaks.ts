/**
 * Searching a job's results for secret values: what an operator could read.
 *
 * Searched: every line of both rendered logs (exec and daemon), step outputs (GITHUB_OUTPUT is not
 * scrubbed by the runner and ends up in job outputs), annotations (message and properties), and
 * the caller's extra texts (the marker file, error messages, files an operator can read).
 * Not searched: envSet and state (exporting values through GITHUB_ENV is the point of the
 * action; they reach the log only through the runner's own `::set-env::` lines, which are in the
 * logs), stepEnv.
 *
 * What counts as a leak of a value: any fragment of FRAGMENT (8) characters of one of its lines
 * (of the value itself, when it is one line); a line (value) shorter than that is searched whole,
 * when it has at least `minLineLength` (4) characters. Each also in the escaped form
 * `@actions/core` writes after `::add-mask::` (`%25`, `%0D`, `%0A`), which `forgejo-runner exec`
 * prints on the add-mask line when the decoded mask does not cover it. A multi-line value none of
 * whose lines is searched (all shorter than `minLineLength`) is searched whole, across lines.
 */

import type { JobResult } from './job.js'

/** Fragment length: any run of this many characters of a value's line is a leak. */
export const FRAGMENT = 8

export interface LeakSearchOptions {
  /** more texts an operator can read, by label (e.g. `{ 'marker file': content }`) */
  extra?: Record<string, string>
  /** lines (values) shorter than FRAGMENT are searched whole from this length on; default 4 */
  minLineLength?: number
}

function preview(s: string): string {
  const shown = s.length <= 8 ? s.slice(0, 2) : s.slice(0, 4)
  return JSON.stringify(`${shown}…`) + ` (${s.length} chars)`
}

/** @actions/core escapeData: how setSecret writes a value after `::add-mask::`. */
function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

interface WholeNeedle {
  what: string
  text: string
}

/** The needles of one value: its fragments (raw, and escaped-only), and the short lines searched whole. */
class ValueNeedles {
  readonly raw = new Set<string>()
  readonly escaped = new Set<string>()
  readonly whole: WholeNeedle[] = []
  /** a multi-line value searched whole, across lines */
  acrossLines?: WholeNeedle
  private readonly lines: string[]

  constructor(
    readonly value: string,
    readonly label: string,
    minLineLength: number
  ) {
    const lines = value.split('\n').map((l) => l.replace(/\r$/, ''))
    this.lines = lines
    const multi = lines.length > 1
    const lineLabel = (li: number) => (multi ? `line ${li + 1} of ${label}` : label)
    lines.forEach((l, li) => {
      if (l.length >= FRAGMENT) for (let i = 0; i + FRAGMENT <= l.length; i++) this.raw.add(l.slice(i, i + FRAGMENT))
      else if (l.length >= minLineLength) this.whole.push({ what: `${lineLabel(li)} ${preview(l)}`, text: l })
    })
    // the escaped forms: the value as setSecret writes it, and each line as registered one by one
    const escapedForms = new Map<string, string>()
    escapedForms.set(escapeData(value), label)
    if (multi) lines.forEach((l, li) => escapedForms.set(escapeData(l), lineLabel(li)))
    for (const [e, what] of escapedForms) {
      if (e === value || lines.includes(e)) continue
      if (e.length >= FRAGMENT) {
        for (let i = 0; i + FRAGMENT <= e.length; i++) {
          const g = e.slice(i, i + FRAGMENT)
          if (!this.raw.has(g)) this.escaped.add(g)
        }
      } else if (e.length >= minLineLength)
        this.whole.push({ what: `${what} escaped as by @actions/core ${preview(e)}`, text: e })
    }
    if (multi && lines.every((l) => l.length < minLineLength) && value.length >= minLineLength) {
      this.acrossLines = { what: `${label} ${preview(value)}`, text: value }
    }
  }

  get empty(): boolean {
    return this.raw.size === 0 && this.escaped.size === 0 && this.whole.length === 0 && this.acrossLines === undefined
  }

  /**
   * Descriptions of what of the value `text` holds: the longest run of fragments found (one
   * description for all of them), and each short line found whole.
   */
  search(text: string): string[] {
    const found: string[] = []
    let best: { start: number; end: number; escaped: boolean } | undefined
    let run: { start: number; end: number; escaped: boolean } | undefined
    const close = () => {
      if (run && (!best || run.end - run.start > best.end - best.start)) best = run
      run = undefined
    }
    for (let i = 0; i + FRAGMENT <= text.length; i++) {
      const g = text.slice(i, i + FRAGMENT)
      const isRaw = this.raw.has(g)
      if (!isRaw && !this.escaped.has(g)) continue
      if (run && i <= run.end) {
        run.end = i + FRAGMENT
        if (!isRaw) run.escaped = true
      } else {
        close()
        run = { start: i, end: i + FRAGMENT, escaped: !isRaw }
      }
    }
    close()
    if (best) {
      const s = text.slice(best.start, best.end)
      let what = this.label
      let kind = 'a fragment'
      if (best.escaped) what += ' escaped as by @actions/core'
      else if (s === this.value || (this.lines.length === 1 && s === this.lines[0])) kind = 'the whole value'
      else if (this.lines.length > 1) {
        const li = this.lines.findIndex((l) => l.includes(s))
        if (li !== -1) {
          what = `line ${li + 1} of ${this.label}`
          if (s === this.lines[li]) kind = 'the whole line'
        }
      }
      found.push(`${what} ${preview(s)}, ${kind}`)
    }
    for (const n of this.whole) if (text.includes(n.text)) found.push(n.what)
    return found
  }
}

/**
 * Every place where a fragment of `values` appears (see the module comment). Returns
 * human-readable descriptions, one per value and place; empty when nothing leaks. The secret
 * itself is only previewed (its first characters).
 */
export function leaks(result: JobResult, values: string[], opts: LeakSearchOptions = {}): string[] {
  const minLineLength = opts.minLineLength ?? 4
  const found: string[] = []
  const texts: { where: string; text: string }[] = []
  result.steps.forEach((s) => {
    for (const [k, v] of Object.entries(s.outputs)) texts.push({ where: `output '${k}' of step '${s.name}'`, text: v })
    s.annotations.forEach((a, ai) => {
      const where = `${a.level} annotation #${ai + 1} of step '${s.name}'`
      texts.push({ where: `${where} (message)`, text: a.message })
      for (const [k, v] of Object.entries(a.properties)) texts.push({ where: `${where} (property ${k})`, text: v })
    })
  })
  for (const [label, text] of Object.entries(opts.extra ?? {})) texts.push({ where: label, text })

  values.forEach((value, vi) => {
    const needles = new ValueNeedles(value, `value #${vi + 1}`, minLineLength)
    if (needles.empty) return
    for (const rule of ['exec', 'daemon'] as const) {
      const logLines = result.log[rule]
      logLines.forEach((l, li) => {
        for (const f of needles.search(l)) found.push(`${rule} log line ${li + 1}: ${f}`)
      })
      const across = needles.acrossLines
      if (across && logLines.join('\n').includes(across.text))
        found.push(`${rule} log: ${across.what} appears across consecutive lines`)
    }
    for (const { where, text } of texts) {
      for (const f of needles.search(text)) found.push(`${where}: ${f}`)
      if (needles.acrossLines && text.includes(needles.acrossLines.text))
        found.push(`${where}: ${needles.acrossLines.what}`)
    }
  })
  return found
}
