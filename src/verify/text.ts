/**
 * How verify shows text it did not write (a marker's field, an input, a path) inside one of its
 * sentences: log-text's rule (one line, control characters escaped), cut when long, and without
 * `::`. The last is verify's own: the runner's command pattern (act/runner/command.go
 * `^::([^ ]+)( ([^\n]+))?::(.*)`) is greedy, so a `::` anywhere in the text of verify's
 * `::error::` line makes the runner read a command named `error::<word>`: the error annotation is
 * lost, and the line is echoed as an unknown command. Each `:` followed by `:` is written
 * `\u003a`, as oneLine writes the first character of a line that would start a command.
 */
import { cut, oneLine, quoted } from '../log-text.js'

/** One line, at most `max` characters (then cut, with an ellipsis), no `::`. */
export function inline(text: string, max = 200): string {
  const flat = oneLine(text)
  return (flat.length > max ? cut(flat, max) : flat).replace(/:(?=:)/g, '\\u003a')
}

/** The same, quoted: for a value shown as it is ("…"), so that white space at its ends shows. */
export function shown(text: string, max = 200): string {
  return quoted(inline(text, max))
}
