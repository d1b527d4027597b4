/**
 * What to register as masks so that neither runner prints any line of a sensitive value, and the
 * values for which that cannot be done. Pure, except the Masker at the end, which only writes.
 *
 * The two rules (docs/forgejo-runner.md, "Masking: two implementations"):
 * - `forgejo-runner exec` (and the runner's debug journal, and GitHub's runner) reads a command
 *   with act's greedy pattern `^::([^ ]+)( (.+))?::([^\r\n]*)[\r\n]+$` (act/runner/command.go),
 *   so data holding `::` or starting with `:` is no `add-mask` at all; it decodes `%25`, `%0D`,
 *   `%0A` one after the other in the random order of a Go map (so `%250A` may become a newline);
 *   it masks each output line with strings.ReplaceAll, mask after mask in the order registered
 *   (an earlier, shorter mask inside a longer value leaves the rest of it: `***-extra-part`); and
 *   it prints the add-mask line itself through the masks registered so far.
 * - The daemon (what the web UI shows) takes the text after `::add-mask::` raw, never decoded,
 *   and replaces single-line masks longest first.
 *
 * So every unit (each line of 4 characters or more, without its `\r`; the only non-blank line of
 * a value whatever its length; the whole value) is registered:
 * - raw, when exec reads that line back to the same text: one command serves both rules;
 * - otherwise by its pieces between `::`, a leading `:`, a CR and the escape sequences (each
 *   piece raw, each at least 4 characters: shorter ones would blank those characters all over
 *   the log, so the value is refused instead), then escaped for exec when that decodes the same
 *   in every order, then raw for the daemon. Exec then shows at most the separators (`::`, `%0A`).
 * Commands are ordered so that exec replaces longer masks first, across all the values of a
 * batch, and so that every add-mask line exec prints is covered by the masks before it.
 */

/** Lines shorter than this are not masked on their own: they would blank ordinary words. */
export const MIN_MASKED_LINE = 4

/** act/runner/command.go commandPatternGA, with Go's `.` (anything but `\n`) written out. */
const EXEC_COMMAND = /^::([^ ]+)( ([^\n]+))?::([^\r\n]*)[\r\n]+$/
/** act/runner/command.go unescapeCommandData's map, in every order Go may iterate it. */
const DECODINGS: [string, string][] = [
  ['%25', '%'],
  ['%0D', '\r'],
  ['%0A', '\n']
]
const ORDERS: [string, string][][] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0]
].map((o) => o.map((i) => DECODINGS[i] as [string, string]))

/** Where a unit is cut into pieces that exec can read raw: `::` runs, CR, escape sequences. */
const SEPARATORS = /:{2,}|\r|%25|%0A|%0D/

/** What exec registers for one add-mask line, when every decoding order agrees; else undefined. */
export function execRegisters(line: string): string | undefined {
  const m = EXEC_COMMAND.exec(`${line}\n`)
  if (!m || m[1] !== 'add-mask' || m[2] !== undefined) return undefined
  const data = m[4] ?? ''
  const results = new Set(ORDERS.map((order) => order.reduce((s, [from, to]) => s.split(from).join(to), data)))
  return results.size === 1 ? [...results][0] : undefined
}

/** Escapes only what exec would otherwise change: line breaks, and `%` before `25`/`0A`/`0D`. */
export function minimalEscape(text: string): string {
  return text
    .replace(/%(?=25|0A|0D)/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
}

/** The single-line texts of a value that must be masked, and the value itself when it spans lines. */
export function unitsOf(value: string): { lines: string[]; whole?: string } {
  if (value.trim() === '') return { lines: [] }
  const lines = value.split('\n').map((l) => l.replace(/\r$/, ''))
  const filled = lines.filter((l) => l.trim() !== '')
  const units = filled.length === 1 ? filled : filled.filter((l) => l.length >= MIN_MASKED_LINE)
  return { lines: [...new Set(units)], ...(lines.length > 1 ? { whole: value } : {}) }
}

interface Entry {
  command: string
  /** What exec registers with it (undefined: nothing exec can use). */
  exec?: string
  /** Commands whose printed line needs the pieces registered first go last. */
  late: boolean
}

/** Applies exec's masks in order, as ReplaceAll does. */
function execMask(text: string, masks: string[]): string {
  let out = text
  for (const m of masks) if (m !== '') out = out.split(m).join('***')
  return out
}

export interface MaskPlan {
  /** The add-mask lines to write, in order. */
  commands: string[]
  /** What exec will have registered after them, in order. */
  execMasks: string[]
  /** Why a value (by index) cannot be masked under a rule; nothing of it is in `commands`. */
  problems: { index: number; reason: string }[]
}

/**
 * The masks for a batch of values, given what exec has registered before (`registered`, in
 * order). A value whose masking would leave characters of a line in clear under a rule is a
 * problem, and none of its commands are written.
 */
export function planMasks(values: string[], registered: string[] = []): MaskPlan {
  const entries: Entry[] = []
  const problems: MaskPlan['problems'] = []
  values.forEach((value, index) => {
    const mine: Entry[] = []
    const reasons: string[] = []
    const { lines, whole } = unitsOf(value)
    lines.forEach((unit) => {
      const where = lines.length > 1 || whole !== undefined ? `a line of ${unit.length} characters` : 'the value'
      if (execRegisters(`::add-mask::${unit}`) === unit) {
        mine.push({ command: `::add-mask::${unit}`, exec: unit, late: false })
        return
      }
      const pieces = unit
        .split(SEPARATORS)
        .map((p) => p.replace(/^:+/, ''))
        .filter((p) => p !== '')
      const short = pieces.filter((p) => p.length < MIN_MASKED_LINE || execRegisters(`::add-mask::${p}`) !== p)
      if (pieces.length === 0 && where === 'the value') {
        reasons.push(
          `the value is made of ${describeSeparators(unit)} only, which forgejo-runner exec cannot read in an add-mask command`
        )
        return
      }
      if (short.length > 0) {
        reasons.push(
          `${where} holds ${describeSeparators(unit)}, which forgejo-runner exec cannot read in an add-mask command, and the parts between them include one shorter than ${MIN_MASKED_LINE} characters`
        )
        return
      }
      for (const p of pieces) mine.push({ command: `::add-mask::${p}`, exec: p, late: false })
      const escaped = minimalEscape(unit)
      if (escaped !== unit && execRegisters(`::add-mask::${escaped}`) === unit)
        mine.push({ command: `::add-mask::${escaped}`, exec: unit, late: true })
      mine.push({ command: `::add-mask::${unit}`, late: true })
    })
    if (whole !== undefined) {
      const escaped = minimalEscape(whole)
      if (execRegisters(`::add-mask::${escaped}`) === whole)
        mine.push({ command: `::add-mask::${escaped}`, exec: whole, late: true })
    }
    // Masks registered before this batch are applied first by exec: what they leave of a unit
    // of this value must be registered too.
    for (const e of [...mine]) {
      if (e.exec === undefined || e.exec.includes('\n')) continue
      const left = execMask(e.exec, registered)
      if (left === e.exec) continue
      for (const rest of left.split('***').filter((r) => r.trim() !== '')) {
        if (rest.length < MIN_MASKED_LINE) {
          reasons.push(
            'it contains a credential or value masked earlier, with fewer than 4 other characters around it, which forgejo-runner exec would show'
          )
          break
        }
        mine.push({ command: `::add-mask::${rest}`, exec: rest, late: false })
      }
    }
    if (reasons.length > 0) problems.push({ index, reason: [...new Set(reasons)].join('; ') })
    else entries.push(...mine)
  })
  const byLength = (a: Entry, b: Entry): number => (b.exec?.length ?? 0) - (a.exec?.length ?? 0)
  const ordered = [...entries.filter((e) => !e.late).sort(byLength), ...entries.filter((e) => e.late).sort(byLength)]
  const commands: string[] = []
  const execMasks: string[] = []
  const seen = new Set<string>()
  for (const e of ordered) {
    if (seen.has(e.command)) continue
    seen.add(e.command)
    commands.push(e.command)
    if (e.exec !== undefined) execMasks.push(e.exec)
  }
  return { commands, execMasks, problems }
}

function describeSeparators(unit: string): string {
  const found: string[] = []
  if (/:{2,}/.test(unit)) found.push('a double colon')
  if (/^:/.test(unit)) found.push('a leading ":"')
  if (unit.includes('\r')) found.push('a carriage return')
  for (const s of ['%25', '%0A', '%0D']) if (unit.includes(s)) found.push(`"${s}" as text`)
  return found.join(' and ') || 'characters'
}

/**
 * Registers masks, batch by batch, and tells the printer what is sensitive before anything is
 * written. A batch with a value that cannot be masked writes nothing and reports it.
 */
export class Masker {
  private readonly execMasks: string[] = []
  private readonly done = new Set<string>()

  constructor(
    private readonly write: (line: string) => void,
    private readonly protect: (value: string) => void
  ) {}

  /** Masks the values; returns the problems (by index into `values`), and then writes nothing. */
  mask(values: (string | undefined)[]): MaskPlan['problems'] {
    const list = values.map((v) => v ?? '')
    for (const v of list) if (v !== '') this.protect(v)
    const fresh = list.map((v) => (this.done.has(v) ? '' : v))
    const plan = planMasks(fresh, this.execMasks)
    if (plan.problems.length > 0) return plan.problems
    for (const v of fresh) this.done.add(v)
    for (const c of plan.commands) this.write(c)
    this.execMasks.push(...plan.execMasks)
    return []
  }
}
