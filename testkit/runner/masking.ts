/**
 * The two renderers of a job's log, over the same stream of runner log entries.
 *
 * The step executor (act) logs through logrus: every complete output line of a step becomes an
 * entry with `raw_output=true`, and the runner adds entries of its own ("⭐ Run Main …",
 * "  ⚙  ***" for an add-mask, "  ⚙  ::set-env:: K=V" and "  ⚙  ::set-output:: K=V" with the value in
 * clear (act/runner/command.go), "✅ Success …").
 * Two consumers turn that stream into what an operator reads:
 *
 * 1. `exec`: the log printed by `forgejo-runner exec` (and nektos/act). act/runner/logger.go
 *    valueMasker runs on every entry's message before it is formatted: first the `secrets`
 *    values, then every mask registered so far with `::add-mask::` (decoded by command.go:
 *    `%25`, `%0D`, `%0A`), each with strings.ReplaceAll → `***`, in that order. A raw entry is
 *    one output line (with its `\n`), so a mask holding a newline can never match it; a runner
 *    entry may span lines (a multi-line value in "::set-env:: …") and is masked whole.
 *    jobLogFormatter.print: `[<workflow>/<job>]   | <line>` for raw output, `[<workflow>/<job>] <message>`
 *    otherwise, `[DEBUG] ` before debug messages (shown only with `verbose`).
 *    GitHub's own runner masks the same way (decoded, per line).
 *
 * 2. `daemon`: what the Forgejo web UI shows, internal/pkg/report/reporter.go Fire/parseLogRow and
 *    internal/pkg/report/mask.go:
 *    - which entries become rows (Fire): during the main steps only `raw_output` entries; any
 *      other entry only while `duringSteps()` is false, i.e. before the first step has produced a
 *      row or a result, and after the LAST main step has its result (so the runner's own lines
 *      after the last step's "Success" line, and everything of the post steps, are shown).
 *      Entries more verbose than the job log level (`info` by default) are dropped.
 *    - each row's trailing CR/LF is trimmed and `^::([^ :]+)( .*)?::(.*)$` is handled
 *      (handleCommand): `add-mask` registers the text after `::add-mask::` RAW (never decoded)
 *      and drops the row; `debug` rows are dropped unless the secret ACTIONS_STEP_DEBUG is
 *      "true" (then only the message is shown); `group`/`endgroup` become `##[group]…`/
 *      `##[endgroup]`; `stop-commands` and its token are dropped, commands in between shown as
 *      they are; `warning`, `error`, `notice` and anything else are shown as plain text.
 *    - masking (masker.replace): the task's secrets and token are masks from the start. A mask is
 *      split on `\n` (after `\r\n` → `\n`); a multi-line mask matches only where its first line
 *      ends a row, its middle lines are whole rows and its last line starts the next row; then the
 *      single-line masks, longest first, with a strings.Replacer on every row.
 *    The real daemon masks the rows not yet sent each time it reports (every few seconds), so a
 *    mask can also hide rows printed shortly BEFORE it was registered; here a mask applies to the
 *    rows appended after it is registered (the worst case, when every row is sent at once).
 *    The UI shows the step names as section titles; here each section starts with a title line
 *    `▶ <title>` ("Set up job", the step name, "Complete job"), not masked.
 */

import { ActCommandHandler, type LogLevel, parseDaemonCommand } from './commands.js'
import { JobLog } from './job-log.js'

export type Stage = 'Setup' | 'Main' | 'Post' | 'Complete'

export interface LogEntry {
  level: LogLevel
  /** the message; for raw output the line with its terminator */
  message: string
  /** act's `raw_output` field: a line of step output */
  rawOutput?: boolean
  stage: Stage
  /** index of the main step the entry belongs to (act's `stepNumber` field), Main stage only */
  stepNumber?: number
  /** act's `stepResult` field: this entry carries the step's result */
  stepResult?: 'success' | 'failure' | 'skipped'
  /** act's `jobResult` field */
  jobResult?: 'success' | 'failure'
}

export type LogEvent =
  | { type: 'entry'; entry: LogEntry }
  /** rc.AddMask: a mask registered by the step executor's command handler (decoded); exec rule only */
  | { type: 'exec-mask'; value: string }

const LEVEL_ORDER: Record<LogLevel, number> = { error: 2, warn: 3, info: 4, debug: 5, trace: 6 }

// ---------------------------------------------------------------------------------------------
// exec

export interface ExecRenderOptions {
  /** the `secrets` values (config.Secrets), masked from the start */
  secrets: string[]
  /** `<workflow>/<job>`, printed as `[<workflow>/<job>]`; omitted when `bare` */
  jobName: string
  /** show debug entries (`[DEBUG] …`), as with a verbose log level */
  verbose?: boolean
  /** no `[job]` prefix and no `|`: only the messages */
  bare?: boolean
}

export interface Rendered {
  lines: string[]
  /** the masks registered under this rule, in order, the secrets first */
  masks: string[]
}

export function renderExec(events: LogEvent[], opts: ExecRenderOptions): Rendered {
  const secrets = opts.secrets.filter((s) => s !== '')
  const masks: string[] = []
  const lines: string[] = []
  for (const ev of events) {
    if (ev.type === 'exec-mask') {
      masks.push(ev.value)
      continue
    }
    const e = ev.entry
    if ((e.level === 'debug' || e.level === 'trace') && !opts.verbose) continue
    let msg = e.message
    for (const s of secrets) msg = msg.replaceAll(s, '***')
    for (const m of masks) if (m !== '') msg = msg.replaceAll(m, '***')
    if (msg.endsWith('\n')) msg = msg.slice(0, -1) // jobLogFormatter: TrimSuffix(message, "\n")
    let text: string
    if (opts.bare) text = msg
    else if (e.rawOutput) text = `[${opts.jobName}]   | ${msg}`
    else text = `[${opts.jobName}] ${e.level === 'debug' ? '[DEBUG] ' : ''}${msg}`
    lines.push(...text.split('\n'))
  }
  return { lines, masks: [...secrets, ...masks] }
}

// ---------------------------------------------------------------------------------------------
// daemon

export interface DaemonRenderOptions {
  /** task.Secrets values and the task token: masks from the start */
  secrets: string[]
  /** the names of the main steps (section titles) */
  stepNames: string[]
  /** secrets.ACTIONS_STEP_DEBUG == 'true' */
  debugOutput?: boolean
  /** the runner's `log.job_level`, `info` by default */
  jobLoggerLevel?: LogLevel
  /** no section titles */
  bare?: boolean
  /**
   * Render the entries as those of a step in the middle of a longer job (an earlier step has
   * finished, a later one has not): `duringSteps()` is then true throughout, so only the rows of
   * the step's own output are shown. For renderLog().
   */
  midJob?: boolean
}

interface Row {
  content: string
  /** number of masks registered before this row was appended */
  maskCount: number
}

type Item = { kind: 'title'; text: string } | { kind: 'row'; row: Row }

function trimEOL(s: string): string {
  return s.replace(/[\r\n]+$/, '')
}

/** mask.go masker: the mask list, split into single- and multi-line masks. */
class DaemonMasker {
  readonly all: string[] = []
  add(secret: string): void {
    if (secret.length === 0) return
    this.all.push(secret)
  }
}

/** mask.go equalMultiline over rows[i:] (only rows the mask may apply to). */
function equalMultiline(multiLine: string[], rows: Row[], i: number): { equal: boolean; needMore: boolean } {
  const n = rows.length - i
  if (n < 2) return { equal: false, needMore: true }
  const last = multiLine.length - 1
  if (!trimEOL((rows[i] as Row).content).endsWith(multiLine[0] as string)) return { equal: false, needMore: false }
  for (let j = 1; j < last; j++) {
    if (j >= n) return { equal: false, needMore: true }
    if (trimEOL((rows[i + j] as Row).content) !== multiLine[j]) return { equal: false, needMore: false }
  }
  if (last >= n) return { equal: false, needMore: true }
  if (!trimEOL((rows[i + last] as Row).content).startsWith(multiLine[last] as string))
    return { equal: false, needMore: false }
  return { equal: true, needMore: false }
}

/** mask.go replaceMultiline */
function replaceMultiline(multiLine: string[], rows: Row[], i: number): void {
  const last = multiLine.length - 1
  const first = multiLine[0] as string
  const r0 = rows[i] as Row
  if (r0.content.endsWith(first)) r0.content = r0.content.slice(0, r0.content.length - first.length)
  r0.content += '***'
  for (let j = 1; j < last; j++) (rows[i + j] as Row).content = '***'
  const rl = rows[i + last] as Row
  const lastLine = multiLine[last] as string
  rl.content = '***' + (rl.content.startsWith(lastLine) ? rl.content.slice(lastLine.length) : rl.content)
}

/** strings.NewReplacer(old1, "***", old2, "***", …): leftmost, first listed pattern wins at a position. */
function replaceWith(content: string, olds: string[]): string {
  if (olds.length === 0) return content
  let out = ''
  let i = 0
  outer: while (i < content.length) {
    for (const o of olds) {
      if (content.startsWith(o, i)) {
        out += '***'
        i += o.length
        continue outer
      }
    }
    out += content[i]
    i++
  }
  return out
}

/** mask.go masker.replace(rows, noMore=true), restricted to masks registered before each row. */
function maskRows(rows: Row[], masks: string[]): void {
  const multi: { index: number; lines: string[] }[] = []
  const single: { index: number; line: string }[] = []
  masks.forEach((m, index) => {
    const lines = m.replaceAll('\r\n', '\n').split('\n')
    if (lines.length > 1) multi.push({ index, lines })
    else single.push({ index, line: lines[0] as string })
  })
  // "make sure the longest secret are replaced first" (a stable sort here)
  multi.sort((a, b) => b.lines.length - a.lines.length)
  single.sort((a, b) => b.line.length - a.line.length)
  // replaceMultilines: a row that would need rows after the end of the log stops the multi-line
  // pass altogether (needMore with noMore=true), as in the runner.
  multiPass: for (const ml of multi) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Row
      if (ml.index >= row.maskCount) continue
      if (trimEOL(row.content).endsWith(ml.lines[0] as string)) {
        const { equal, needMore } = equalMultiline(ml.lines, rows, i)
        if (needMore) break multiPass
        if (equal) replaceMultiline(ml.lines, rows, i)
      }
    }
  }
  for (const row of rows) {
    const olds = single.filter((s) => s.index < row.maskCount).map((s) => s.line)
    row.content = replaceWith(row.content, olds)
  }
}

/** The daemon's view of a job: reporter.go Fire, handleCommand and parseLogRow, one entry at a time. */
class DaemonRenderer {
  private readonly masker = new DaemonMasker()
  private readonly jobLevel: number
  private readonly steps: { result: string | undefined; logLength: number }[]
  private readonly items: Item[] = []
  private readonly titled = new Set<string>()
  private stopCommandEndToken = ''

  constructor(private readonly opts: DaemonRenderOptions) {
    for (const s of opts.secrets) this.masker.add(s)
    this.jobLevel = LEVEL_ORDER[opts.jobLoggerLevel ?? 'info']
    this.steps = opts.stepNames.map(() => ({ result: undefined, logLength: 0 }))
  }

  private title(key: string, text: string): void {
    if (this.opts.bare || this.titled.has(key)) return
    this.titled.add(key)
    this.items.push({ kind: 'title', text: `\u25B6 ${text.split('\n')[0] ?? ''}` })
  }

  private duringSteps(): boolean {
    if (this.opts.midJob) return true
    if (this.steps.length === 0) return false
    const first = this.steps[0] as { result?: string; logLength: number }
    if (first.result === undefined && first.logLength === 0) return false
    const last = this.steps[this.steps.length - 1] as { result?: string }
    if (last.result !== undefined) return false
    return true
  }

  private allStepsDone(): boolean {
    return !this.opts.midJob && this.steps.length > 0 && this.steps[this.steps.length - 1]?.result !== undefined
  }

  /** internal/pkg/report/reporter.go handleCommand */
  private handleCommand(original: string, command: string, value: string): string | null {
    // while `::stop-commands::TOKEN` is in force, every row is shown as it is and nothing is
    // registered, until the row `::TOKEN::`
    if (this.stopCommandEndToken !== '' && command !== this.stopCommandEndToken) return original
    switch (command) {
      case 'add-mask':
        // the value raw: never decoded (%25, %0D, %0A stay as written)
        this.masker.add(value)
        return null
      case 'debug':
        return this.opts.debugOutput ? value : null
      case 'notice':
      case 'warning':
      case 'error':
        return original
      case 'group':
        return '##[group]' + value
      case 'endgroup':
        return '##[endgroup]'
      case 'stop-commands':
        this.stopCommandEndToken = value
        return null
      case this.stopCommandEndToken:
        this.stopCommandEndToken = ''
        return null
    }
    return original
  }

  /** internal/pkg/report/reporter.go parseLogRow */
  private parseLogRow(e: LogEntry): Row | null {
    let content = trimEOL(e.message)
    const cmd = parseDaemonCommand(content)
    if (cmd) {
      const out = this.handleCommand(content, cmd.command, cmd.value)
      if (out === null) return null
      content = out
    }
    return { content, maskCount: this.masker.all.length }
  }

  private appendOutsideSteps(e: LogEntry): void {
    const row = this.parseLogRow(e)
    if (!row) return
    if (this.allStepsDone()) this.title('complete', 'Complete job')
    else this.title('setup', 'Set up job')
    this.items.push({ kind: 'row', row })
  }

  /** reporter.go Fire: one log entry */
  fire(e: LogEntry): void {
    // filter on the job logger level, but never drop the result entries
    if (LEVEL_ORDER[e.level] > this.jobLevel && e.stepResult === undefined && e.jobResult === undefined) return
    const step = e.stage === 'Main' && e.stepNumber !== undefined ? this.steps[e.stepNumber] : undefined
    if (!step) {
      if (!this.duringSteps()) this.appendOutsideSteps(e)
      return
    }
    const n = e.stepNumber as number
    if (e.rawOutput) {
      const row = this.parseLogRow(e)
      if (row) {
        this.title(`step${n}`, this.opts.stepNames[n] as string)
        step.logLength++
        this.items.push({ kind: 'row', row })
      }
    } else if (!this.duringSteps()) {
      this.appendOutsideSteps(e)
    }
    if (e.stepResult !== undefined) {
      this.title(`step${n}`, this.opts.stepNames[n] as string)
      step.result = e.stepResult
    }
  }

  /** the rows masked with every mask known when each row was added, as lines */
  render(): Rendered {
    const rows = this.items.flatMap((it) => (it.kind === 'row' ? [it.row] : []))
    maskRows(rows, this.masker.all)
    const lines: string[] = []
    for (const it of this.items) {
      if (it.kind === 'title') lines.push(it.text)
      else lines.push(...it.row.content.split('\n'))
    }
    return { lines, masks: [...this.masker.all] }
  }
}

export function renderDaemon(events: LogEvent[], opts: DaemonRenderOptions): Rendered {
  const renderer = new DaemonRenderer(opts)
  for (const ev of events) if (ev.type === 'entry') renderer.fire(ev.entry)
  return renderer.render()
}

// ---------------------------------------------------------------------------------------------
// renderLog: one step's output under either rule

export interface RenderLogOptions {
  rule: 'exec' | 'daemon'
  /** values masked from the start (the `secrets` context, the token) */
  secrets?: string[]
  /** exec: show debug entries; daemon: ACTIONS_STEP_DEBUG is "true" */
  debug?: boolean
}

/**
 * Renders the output lines of one step (as the step printed them; a missing `\n` is added)
 * under one rule, as a step in the middle of a job: exec without the `[job]   | ` prefix but with
 * the runner's own lines for commands ("  ⚙  ***" …); daemon without section titles.
 */
export function renderLogDetailed(rawLines: string[], opts: RenderLogOptions): Rendered {
  const handler = new ActCommandHandler()
  const log = new JobLog()
  for (const l of rawLines) log.line(handler, l.endsWith('\n') ? l : l + '\n', 'Main', { stepNumber: 0 })
  const events = log.events
  const secrets = opts.secrets ?? []
  if (opts.rule === 'exec')
    return renderExec(events, { secrets, jobName: '', bare: true, verbose: opts.debug === true })
  return renderDaemon(events, {
    secrets,
    stepNames: ['step'],
    bare: true,
    midJob: true,
    debugOutput: opts.debug === true
  })
}

/** renderLogDetailed(…).lines */
export function renderLog(rawLines: string[], opts: RenderLogOptions): string[] {
  return renderLogDetailed(rawLines, opts).lines
}
