/**
 * The parser the Forgejo runner applies to the file commands GITHUB_ENV, GITHUB_OUTPUT and
 * GITHUB_STATE after every step.
 *
 * Follows forgejo/runner `act/container/parse_env_file.go` (parseEnvFile), which reads the file
 * with a default `bufio.Scanner` (Go standard library, split function ScanLines):
 *  - a token is one line; a trailing `\r` is dropped from it (ScanLines' dropCR);
 *  - the scanner's buffer is at most 64 KiB (bufio.MaxScanTokenSize). A line that does not fit
 *    makes `Scan()` return false with ErrTooLong, and parseEnvFile never looks at `s.Err()`: the
 *    parse silently stops there and every later line is lost. A line fits when its bytes plus its
 *    `\n` are at most 65536; a last line without `\n` fits when it is at most 65536 bytes (on the
 *    host executor the file arrives in a tar built in memory, whose reader hands over the last
 *    bytes together with io.EOF).
 *  - `NAME=value` when the first `=` comes before the first `<<`; otherwise `NAME<<DELIMITER`
 *    followed by lines up to a line equal to DELIMITER. A heredoc that reaches the end of the scan
 *    (end of file, or a too-long line inside it) is the error
 *    "invalid format delimiter '…' not found before end of file";
 *  - the heredoc value joins its lines with `\n`, but only once it is non-empty: leading empty lines
 *    of a value are dropped (`if multiLineEnvContent != "" { += "\n" }`);
 *  - any other line (an empty line too) is the error "invalid format '…', expected a line with '=' or '<<'".
 *
 * On an error the runner (act/runner/step.go processRunnerEnvFileCommand) returns before applying
 * any of the values of that file, and the error makes the step fail.
 */

/** bufio.MaxScanTokenSize: the largest buffer a default bufio.Scanner grows to. */
export const MAX_SCAN_TOKEN_SIZE = 64 * 1024

export interface EnvFileResult {
  /** NAME → value in file order (a later duplicate overwrites an earlier one). Partial when `error` is set. */
  values: Record<string, string>
  /** The runner's error for this file: the step fails and none of `values` is applied. */
  error?: string
  /** Set when a line longer than the scanner buffer silently ended the scan (1-based line number, byte length). */
  stoppedAt?: { line: number; bytes: number }
}

interface ScanState {
  stoppedAt?: { line: number; bytes: number }
}

/** Emulates bufio.Scanner + ScanLines over the file's bytes, with the 64 KiB limit. */
function* scanLines(buf: Buffer, state: ScanState): Generator<string> {
  let pos = 0
  let lineNo = 0
  while (pos < buf.length) {
    lineNo++
    const nl = buf.indexOf(0x0a, pos)
    let end: number
    let next: number
    if (nl === -1) {
      // last line without a newline
      if (buf.length - pos > MAX_SCAN_TOKEN_SIZE) {
        state.stoppedAt = { line: lineNo, bytes: buf.length - pos }
        return
      }
      end = buf.length
      next = buf.length
    } else {
      if (nl - pos + 1 > MAX_SCAN_TOKEN_SIZE) {
        state.stoppedAt = { line: lineNo, bytes: nl - pos }
        return
      }
      end = nl
      next = nl + 1
    }
    if (end > pos && buf[end - 1] === 0x0d) end-- // dropCR
    yield buf.subarray(pos, end).toString('utf8')
    pos = next
  }
}

/** Parses the content of an ENV/OUTPUT/STATE file command the way the Forgejo runner does. */
export function parseEnvFile(content: string | Buffer): EnvFileResult {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  const state: ScanState = {}
  const values: Record<string, string> = {}
  const lines = scanLines(buf, state)
  const result = (error?: string): EnvFileResult => {
    const r: EnvFileResult = { values }
    if (error !== undefined) r.error = error
    if (state.stoppedAt) r.stoppedAt = state.stoppedAt
    return r
  }
  for (let it = lines.next(); !it.done; it = lines.next()) {
    const line = it.value
    const single = line.indexOf('=')
    const multi = line.indexOf('<<')
    if (single !== -1 && (multi === -1 || single < multi)) {
      values[line.slice(0, single)] = line.slice(single + 1)
    } else if (multi !== -1) {
      const delimiter = line.slice(multi + 2)
      let content = ''
      let found = false
      for (let inner = lines.next(); !inner.done; inner = lines.next()) {
        if (inner.value === delimiter) {
          found = true
          break
        }
        if (content !== '') content += '\n'
        content += inner.value
      }
      if (!found) return result(`invalid format delimiter '${delimiter}' not found before end of file`)
      values[line.slice(0, multi)] = content
    } else {
      return result(`invalid format '${line}', expected a line with '=' or '<<'`)
    }
  }
  return result()
}
