/**
 * The runner protocol, the few parts the actions use: log lines and workflow commands on stdout
 * (`::warning::`, `::error::`, `::add-mask::`), and the file commands (GITHUB_ENV, GITHUB_OUTPUT,
 * GITHUB_STATE) in the heredoc form the Forgejo runner reads. Written to the same rules as
 * @actions/core (escaping, `ghadelimiter_<uuid>` delimiters), whose import would bring an HTTP
 * client and its WebAssembly parser into every run (see the benchmark in the README).
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { randomUUID } from 'node:crypto'
import { oneLine, Redactor } from './log-text.js'

/**
 * Every credential and value the run has learnt: nothing printed or written as an output holds a
 * fragment of 8 or more characters of one (see log-text.ts). Fed by the masker.
 */
export const sensitive = new Redactor()

/** What the action prints of any text: redacted first, then on one line that starts no command. */
export function safeText(text: string): string {
  return oneLine(sensitive.redact(text))
}

/** Command data: `%`, CR and LF escaped (what @actions/core's escapeData does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Command properties: also `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function commandLine(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

/** One `NAME<<DELIMITER` … `DELIMITER` entry; refuses a name or value holding the delimiter. */
export function fileCommandEntry(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`unexpected input: ${name} holds the delimiter`)
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`
}

function write(line: string): void {
  process.stdout.write(`${line}${EOL}`)
}

/** A workflow command written as it is (`::add-mask::…`): only for commands the action builds itself. */
export function command(line: string): void {
  write(line)
}

/** Text as it is (the `run` command's output, inside its stop-commands frame). */
export function output(text: string): void {
  process.stdout.write(text)
}

export function info(message: string): void {
  write(safeText(message))
}

/**
 * Annotation text: act reads commands with a greedy pattern (`^::([^ ]+)( (.+))?::…`), so a `::`
 * anywhere in the message (an IPv6 URL, a path) would turn `::error::…` into an unknown command
 * and lose the annotation under `forgejo-runner exec`: each such colon is followed by a space.
 */
function annotationText(message: string): string {
  return safeText(message).replace(/:(?=:)/g, ': ')
}

export function warning(message: string): void {
  write(commandLine('warning', {}, annotationText(message)))
}

/** Fails the step: an error annotation, and exit code 1. */
export function setFailed(message: string): void {
  write(commandLine('error', {}, annotationText(message)))
  process.exitCode = 1
}

/** A file command (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE) that could not be written. */
export class FileCommandError extends Error {
  constructor(
    readonly variable: string,
    readonly code: string
  ) {
    super(`GITHUB_${variable} cannot be written (${code})`)
    this.name = 'FileCommandError'
  }
}

/** Appends entries to the file named by GITHUB_<kind>; false when the runner gave none. */
function appendFileCommand(kind: 'ENV' | 'OUTPUT' | 'STATE', entries: [string, string][]): boolean {
  const file = process.env[`GITHUB_${kind}`]
  if (!file) return false
  // One write for all entries: a later step sees all of them or none.
  try {
    appendFileSync(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8')
  } catch (e) {
    throw new FileCommandError(kind, (e as NodeJS.ErrnoException).code ?? String(e))
  }
  return true
}

/** Exports variables to the later steps of the job (and to this process). */
export function exportVariables(vars: [string, string][]): void {
  if (vars.length === 0) return
  if (!appendFileCommand('ENV', vars)) throw new Error('GITHUB_ENV is not set: cannot export variables')
  for (const [k, v] of vars) process.env[k] = v
}

/**
 * Outputs are not scrubbed by the runner: no value holds a whole credential or value. They hold
 * only the action's own words and the operator's inputs (a path, a URL), never server text, so a
 * fragment shared by chance is left alone: a changed marker-path would break the next step.
 */
export function setOutputs(outputs: [string, string][]): void {
  appendFileCommand(
    'OUTPUT',
    outputs.map(([k, v]) => [k, sensitive.redact(v, { fragments: false })])
  )
}

export function saveState(name: string, value: string): void {
  appendFileCommand('STATE', [[name, value]])
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}
