/**
 * How verify shows text it did not write (a marker's field, an input, a path) inside one of its
 * sentences: log-text's rule (one line, control characters escaped), cut when long. A `::` in
 * it is made harmless where every annotation is written (workflow-commands.ts annotationText).
 */
import { cut, oneLine, quoted } from '../log-text.js'

/** One line, at most `max` characters (then cut, with an ellipsis). */
export function inline(text: string, max = 200): string {
  const flat = oneLine(text)
  return flat.length > max ? cut(flat, max) : flat
}

/** The same, quoted: for a value shown as it is ("…"), so that white space at its ends shows. */
export function shown(text: string, max = 200): string {
  return quoted(inline(text, max))
}
