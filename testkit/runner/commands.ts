/**
 * Workflow commands (`::name key=value::data`) as the two parts of the Forgejo runner read them.
 *
 * 1. The step executor (forgejo/runner `act/runner/command.go`, shared by `forgejo-runner exec` and
 *    the daemon) sees every complete output line, with its `\n`, before it is logged. It
 *    registers masks, saves state, and logs a line of its own for most commands. It returns
 *    `true` ("let gitea's logger handle these special outputs also"), so the raw line is logged
 *    too, except for a command-like line while `::stop-commands::` is in force, which is replaced
 *    by the runner's own "⚙ <line>" entry.
 * 2. The daemon's reporter (`internal/pkg/report/reporter.go` handleCommand/parseLogRow) sees the
 *    logged entries and decides what the web UI shows; that part lives in masking.ts.
 */

/** act/runner/command.go commandPatternGA, with Go's `.` (any character but `\n`) written out. */
const COMMAND_PATTERN_GA = /^::([^ ]+)( ([^\n]+))?::([^\r\n]*)[\r\n]+$/
/** act/runner/command.go commandPatternADO (`##[name key=value;…]data`). */
const COMMAND_PATTERN_ADO = /^##\[([^ ]+)( ([^\n]+))?\]([^\r\n]*)[\r\n]+$/

export interface ActCommand {
  command: string
  /** key=value pairs as written (not yet unescaped); a pair without exactly one `=` is dropped. */
  properties: Record<string, string>
  /** the data after the second `::`, as written (not yet unescaped) */
  data: string
}

/** act/runner/command.go parseKeyValuePairs */
function parseKeyValuePairs(kvPairs: string, separator: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of kvPairs.split(separator)) {
    const kv = pair.split('=')
    if (kv.length === 2) out[kv[0] as string] = kv[1] as string
  }
  return out
}

/**
 * act/runner/command.go tryParseRawActionCommand. `line` is one output line including its
 * terminator: the patterns require a trailing `\r`/`\n`, as the runner's line writer always
 * passes the newline along.
 * Note the greedy `[^ ]+`: `::add-mask::a::b` is the command `add-mask::a` with data `b`.
 */
export function parseActCommand(line: string): ActCommand | null {
  let m = COMMAND_PATTERN_GA.exec(line)
  let separator = ','
  if (!m) {
    m = COMMAND_PATTERN_ADO.exec(line)
    separator = ';'
  }
  if (!m) return null
  return { command: m[1] as string, properties: parseKeyValuePairs(m[3] ?? '', separator), data: m[4] ?? '' }
}

/**
 * act/runner/command.go unescapeCommandData: `%25` → `%`, `%0D` → CR, `%0A` → LF, each with
 * strings.ReplaceAll over a Go map, whose iteration order is random. We replace `%0D` and `%0A`
 * first and `%25` last, which gives the same result as a single-pass decoder; in the real runner
 * `%250A` is decoded to a newline in some runs (when `%25` happens to come first).
 */
export function unescapeCommandData(s: string): string {
  return s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%')
}

/** act/runner/command.go unescapeCommandProperty: also `%3A` → `:` and `%2C` → `,` (same ordering note). */
export function unescapeCommandProperty(s: string): string {
  return s
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%')
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error'

export interface Annotation {
  level: 'error' | 'warning' | 'notice' | 'debug'
  message: string
  properties: Record<string, string>
}

export type CommandEffect =
  | { type: 'mask'; value: string }
  | { type: 'state'; name: string; value: string }
  | { type: 'output'; name: string; value: string }
  | { type: 'env'; name: string; value: string }
  | { type: 'path'; value: string }
  | { type: 'annotation'; annotation: Annotation }

export interface CommandHandling {
  /** false when the runner swallows the raw line (a command while stop-commands is in force) */
  logRaw: boolean
  /** the runner's own log entries for this line, logged before the raw line */
  entries: { level: LogLevel; message: string }[]
  effects: CommandEffect[]
}

/**
 * act/runner/command.go setEnv / setOutput: the runner's own INFO entry for each GITHUB_ENV entry
 * and each output, from the file commands and from the legacy `::set-env` / `::set-output`
 * commands alike, with the value in clear: like any entry, it goes through the masks only when
 * rendered (masking.ts), and the daemon shows it only outside `duringSteps()`.
 */
export function setEnvLine(name: string, value: string): string {
  return `  \u2699  ::set-env:: ${name}=${value}`
}
export function setOutputLine(name: string, value: string): string {
  return `  \u2699  ::set-output:: ${name}=${value}`
}

/**
 * The runner's command handler (act/runner/command.go commandHandler). One instance per job: the
 * host executor makes one line writer for the whole job, so `::stop-commands::` lasts across steps.
 */
export class ActCommandHandler {
  private resumeCommand = ''

  /** Whether a `::stop-commands::` token is in force. */
  get stopped(): boolean {
    return this.resumeCommand !== ''
  }

  handle(line: string): CommandHandling {
    const parsed = parseActCommand(line)
    if (!parsed) return { logRaw: true, entries: [], effects: [] }
    const { command } = parsed
    if (this.resumeCommand !== '' && command !== this.resumeCommand) {
      // act/runner/command.go, while `::stop-commands::TOKEN` is in force: nothing is handled (an
      // add-mask registers nothing); the line is swallowed and logged as the runner's own entry, in
      // clear: logger.WithFields(command: ignored).Infof("  ⚙  %s", line); return false
      return { logRaw: false, entries: [{ level: 'info', message: `  \u2699  ${line}` }], effects: [] }
    }
    const arg = unescapeCommandData(parsed.data)
    const kv: Record<string, string> = {}
    for (const [k, v] of Object.entries(parsed.properties)) kv[k] = unescapeCommandProperty(v)
    const entries: CommandHandling['entries'] = []
    const effects: CommandEffect[] = []
    switch (command) {
      // The legacy commands: honoured by every runner up to v12.8, without a deprecation warning
      // (act/runner/command.go calls rc.setEnv/setOutput/addPath, which log the runner's own line).
      case 'set-env':
        effects.push({ type: 'env', name: kv['name'] ?? '', value: arg })
        entries.push({ level: 'info', message: setEnvLine(kv['name'] ?? '', arg) })
        break
      case 'set-output':
        effects.push({ type: 'output', name: kv['name'] ?? '', value: arg })
        entries.push({ level: 'info', message: setOutputLine(kv['name'] ?? '', arg) })
        break
      case 'add-path':
        effects.push({ type: 'path', value: arg })
        break
      case 'debug':
        entries.push({ level: 'debug', message: `  \u{1F4AC}  ${line}` })
        effects.push({ type: 'annotation', annotation: { level: 'debug', message: arg, properties: kv } })
        break
      case 'warning':
        entries.push({ level: 'warn', message: `  \u{1F6A7}  ${line}` })
        effects.push({ type: 'annotation', annotation: { level: 'warning', message: arg, properties: kv } })
        break
      case 'error':
        entries.push({ level: 'error', message: `  \u2757  ${line}` })
        effects.push({ type: 'annotation', annotation: { level: 'error', message: arg, properties: kv } })
        break
      case 'add-mask':
        // act/runner/command.go: rc.AddMask(arg), arg decoded by unescapeCommandData (%25, %0D, %0A)
        effects.push({ type: 'mask', value: arg })
        entries.push({ level: 'info', message: '  \u2699  ***' })
        break
      case 'stop-commands':
        this.resumeCommand = arg
        entries.push({ level: 'info', message: `  \u2699  ${line}` })
        break
      case this.resumeCommand:
        this.resumeCommand = ''
        entries.push({ level: 'info', message: `  \u2699  ${line}` })
        break
      case 'save-state':
        entries.push({ level: 'info', message: `  \u{1F4BE}  ${line}` })
        effects.push({ type: 'state', name: kv['name'] ?? '', value: arg })
        break
      case 'add-matcher':
        entries.push({ level: 'info', message: `  \u2753 add-matcher ${arg}` })
        break
      default:
        // `notice`, `group`, `endgroup`, … : the runner only echoes them
        entries.push({ level: 'info', message: `  \u2753  ${line}` })
        if (command === 'notice') {
          effects.push({ type: 'annotation', annotation: { level: 'notice', message: arg, properties: kv } })
        }
    }
    return { logRaw: true, entries, effects }
  }
}

/**
 * internal/pkg/report/reporter.go cmdRegex, applied to a row with its trailing CR/LF trimmed. `[^ :]+`
 * stops the command at the first `:`: `::add-mask::a::b` is add-mask of `a::b` (act reads
 * `add-mask::a`, see parseActCommand), and `( .*)?` also takes `::add-mask ::x`, which act does not
 * read as a command at all.
 */
const DAEMON_COMMAND = /^::([^ :]+)( [^\n]*)?::([^\n]*)$/

export interface DaemonCommand {
  command: string
  parameters: string
  /** the text after the second `::`, raw: the daemon never unescapes it */
  value: string
}

/** internal/pkg/report/reporter.go: `cmdRegex.FindStringSubmatch(content)`. */
export function parseDaemonCommand(content: string): DaemonCommand | null {
  const m = DAEMON_COMMAND.exec(content)
  if (!m) return null
  return { command: m[1] as string, parameters: m[2] ?? '', value: m[3] ?? '' }
}
