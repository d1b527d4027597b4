/**
 * Searching a job's results for secret values: what an operator could read.
 *
 * Searched: every line of both rendered logs (exec and daemon), step outputs (GITHUB_OUTPUT is not
 * scrubbed by the runner and ends up in job outputs) and annotations (message and properties).
 * Not searched: envSet and state (exporting values through GITHUB_ENV is the point of the
 * action; they reach the log only through the runner's own lines, which are in the logs), stepEnv.
 */

import type { JobResult } from './job.js'

function preview(s: string): string {
  const shown = s.length <= 8 ? s.slice(0, 2) : s.slice(0, 4)
  return JSON.stringify(`${shown}…`) + ` (${s.length} chars)`
}

/** @actions/core escapeData: how setSecret writes a value after `::add-mask::`. */
function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

/**
 * Every place where a line (without its `\r`) of length >= minLineLength of any of `values`
 * appears, or a whole value of that length (in a log, across consecutive lines too); each also in
 * the escaped form `@actions/core` writes after `::add-mask::` (`%25`, `%0D`, `%0A`), which
 * `forgejo-runner exec` prints on the add-mask line when the decoded mask does not cover it.
 * Returns human-readable descriptions; empty when nothing leaks. The secret itself is only previewed.
 */
export function leaks(result: JobResult, values: string[], minLineLength = 4): string[] {
  const found: string[] = []
  values.forEach((value, vi) => {
    const needles: { what: string; text: string }[] = []
    const add = (what: string, text: string) => {
      needles.push({ what: `${what} ${preview(text)}`, text })
      const escaped = escapeData(text)
      if (escaped !== text) needles.push({ what: `${what} escaped as by @actions/core ${preview(escaped)}`, text: escaped })
    }
    const lines = value.split('\n').map((l) => l.replace(/\r$/, ''))
    if (lines.length > 1) {
      lines.forEach((l, li) => {
        if (l.length >= minLineLength) add(`line ${li + 1} of value #${vi + 1}`, l)
      })
    }
    if (value.length >= minLineLength) add(`value #${vi + 1}`, value)
    if (needles.length === 0) return
    for (const rule of ['exec', 'daemon'] as const) {
      const logLines = result.log[rule]
      const whole = logLines.join('\n')
      for (const n of needles) {
        if (n.text.includes('\n')) {
          if (whole.includes(n.text)) found.push(`${rule} log: ${n.what} appears across consecutive lines`)
          continue
        }
        logLines.forEach((l, li) => {
          if (l.includes(n.text)) found.push(`${rule} log line ${li + 1}: ${n.what}`)
        })
      }
    }
    result.steps.forEach((s) => {
      for (const [k, v] of Object.entries(s.outputs)) {
        for (const n of needles) if (v.includes(n.text)) found.push(`output '${k}' of step '${s.name}': ${n.what}`)
      }
      s.annotations.forEach((a, ai) => {
        const texts = [a.message, ...Object.values(a.properties)]
        for (const n of needles) {
          if (texts.some((t) => t.includes(n.text))) found.push(`${a.level} annotation #${ai + 1} of step '${s.name}': ${n.what}`)
        }
      })
    })
  })
  return found
}
