/**
 * The text of `export-file`, in the format of the program that reads it (`export-format`). Each
 * format is written so that its real reader gets back the identical value, or the run fails with
 * `config` before anything is written, naming every secret that cannot be written (`ENV
 * (/path/name)`, never the value) and what to do. Pure.
 *
 * - `dotenv` (the default): `NAME=<quoted>` lines that the npm `dotenv` package reads back
 *   identically (see dotenv-format.ts: each quoting is checked with dotenv's own parser). Not for
 *   a shell: dotenv's backtick quoting is command substitution to `sh`.
 * - `shell`: `NAME='value'`, POSIX single quoting, `'` written `'\''`, one assignment a line (a
 *   value's line breaks stay inside its quotes). `sh`, `dash` and `bash` read it back byte for
 *   byte with `. file` and with `set -a; . file`, and nothing in it is ever run: inside single
 *   quotes no character is special, not even `\` (a value ending in `\` is fine), and a trailing
 *   newline is kept (only command substitution strips it, and the file has none). Refused: a NUL
 *   (no shell variable can hold it), and a name that is not a shell identifier or that the
 *   shells treat specially (SPECIAL_SHELL_NAMES: read-only or computed by bash, or evaluated as
 *   arithmetic, where `a[$(cmd)]` runs `cmd`: OPTIND, HISTCMD, RANDOM, SRANDOM, measured).
 * - `json`: one object, `{` then `"NAME": "value"` a line in the order of the mappings, `}` and
 *   a final newline; `JSON.parse` gives back the identical values. JSON carries any JS string:
 *   a NUL is written `\u0000` and a lone surrogate `\udXXX` (JSON.stringify escapes both), and
 *   both are read back identically, so json refuses nothing.
 *
 * Lone surrogates (a UTF-16 half without its pair, possible in a JS string decoded from a JSON
 * answer, impossible in UTF-8): the file is written in UTF-8, where such a character becomes
 * U+FFFD, so `dotenv` and `shell` refuse a value holding one (`json` escapes it).
 */
import { ActionError, secretLocation } from './errors.js'
import { dotenvFile } from './dotenv-format.js'
import { oneLine, quoted } from './log-text.js'
import type { ResolvedSecret } from './values.js'
import { ENV_NAME } from './rules.js'

export const EXPORT_FORMATS = ['dotenv', 'shell', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export function isExportFormat(text: string): text is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(text)
}

/** What a shell accepts as a variable name in an assignment. */
const SHELL_NAME = ENV_NAME

/**
 * Names that `sh`, `dash` or `bash` (up to 5.3) do not read back as assigned: read-only in bash
 * (UID, EUID, PPID, BASHOPTS, SHELLOPTS, BASH_VERSINFO), computed on each read or reset by the
 * shell (RANDOM, SECONDS, LINENO, BASHPID, `_`, …), arrays or checked values (BASH_ALIASES,
 * BASH_XTRACEFD, BASH_COMPAT, …), changed when exported (SHLVL, BASH_ARGV0, COMP_WORDBREAKS), or
 * evaluated as arithmetic on assignment (OPTIND, HISTCMD, RANDOM, SRANDOM: `a[$(cmd)]` runs `cmd`
 * in bash). Each was tried with bash 5.2 and dash 0.5.12.
 */
export const SPECIAL_SHELL_NAMES: ReadonlySet<string> = new Set([
  '_',
  'BASH_ALIASES',
  'BASH_ARGC',
  'BASH_ARGV',
  'BASH_ARGV0',
  'BASH_CMDS',
  'BASH_COMMAND',
  'BASH_COMPAT',
  'BASH_LINENO',
  'BASH_MONOSECONDS',
  'BASH_REMATCH',
  'BASH_SOURCE',
  'BASH_SUBSHELL',
  'BASH_TRAPSIG',
  'BASH_VERSINFO',
  'BASH_XTRACEFD',
  'BASHOPTS',
  'BASHPID',
  'COMP_WORDBREAKS',
  'DIRSTACK',
  'EPOCHREALTIME',
  'EPOCHSECONDS',
  'EUID',
  'FUNCNAME',
  'GROUPS',
  'HISTCMD',
  'LINENO',
  'OPTIND',
  'PIPESTATUS',
  'PPID',
  'RANDOM',
  'SECONDS',
  'SHELLOPTS',
  'SHLVL',
  'SRANDOM',
  'UID'
])

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether the text holds half of a UTF-16 surrogate pair alone, which UTF-8 cannot encode. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

/** `'value'` for a POSIX shell: every character literal, `'` as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

function describe(s: ResolvedSecret): string {
  return oneLine(`${s.env} (${secretLocation(s.path, s.name)})`)
}

interface Problem {
  /** The secrets it is about. */
  bad: (s: ResolvedSecret) => boolean
  what: string
  fix: string
}

const NUL_DOTENV =
  'the value holds a NUL character, which no environment variable or env file can carry (later steps would fail or see it cut)'
const NUL_FIX = 'store the value without a NUL character in Infisical'
const SURROGATE = 'the value holds a lone UTF-16 surrogate (half of a pair), which a UTF-8 file cannot carry'
const SURROGATE_FIX =
  'store the value as valid Unicode in Infisical, or use export-format: json (written as \\u escapes)'

const SHELL_PROBLEMS: Problem[] = [
  {
    bad: (s) => s.value.includes('\u0000'),
    what: 'the value holds a NUL character, which no shell variable can carry',
    fix: `${NUL_FIX}, or use export-format: json`
  },
  { bad: (s) => hasLoneSurrogate(s.value), what: SURROGATE, fix: SURROGATE_FIX },
  {
    bad: (s) => !SHELL_NAME.test(s.env),
    what: 'the variable name is not a shell name (letters, digits and _, not starting with a digit)',
    fix: 'map the secret to a valid variable name'
  },
  {
    bad: (s) => SHELL_NAME.test(s.env) && SPECIAL_SHELL_NAMES.has(s.env),
    what: 'the variable name is special to bash or dash (read-only, computed or evaluated by the shell), so the shell would not read back the value',
    fix: 'map the secret to another variable name, or use export-format: dotenv or json'
  }
]

/** Throws one `config` error for every problem found, each naming its secrets; else nothing. */
function refuse(secrets: ResolvedSecret[], problems: Problem[]): void {
  const found = problems.map((p) => ({ p, who: secrets.filter(p.bad) })).filter(({ who }) => who.length > 0)
  if (found.length === 0) return
  throw new ActionError('config', found.map(({ p, who }) => `${who.map(describe).join(', ')}: ${p.what}`).join('; '), {
    fix: [...new Set(found.map(({ p }) => p.fix))].join('; ')
  })
}

function dotenvText(secrets: ResolvedSecret[]): string {
  refuse(secrets, [
    { bad: (s) => s.value.includes('\u0000'), what: NUL_DOTENV, fix: NUL_FIX },
    { bad: (s) => hasLoneSurrogate(s.value), what: SURROGATE, fix: SURROGATE_FIX }
  ])
  const file = dotenvFile(secrets.map((s) => ({ name: s.env, value: s.value })))
  if ('text' in file) return file.text
  const unrepresentable = new Set(file.unrepresentable)
  refuse(secrets, [
    {
      bad: (s) => unrepresentable.has(s.env),
      what: 'the value cannot be written to export-file so that dotenv reads it back identically',
      fix: 'use export-env for this secret instead of export-file, or export-format: shell or json'
    }
  ])
  throw new Error('unreachable: dotenv reported no value it cannot write')
}

function shellText(secrets: ResolvedSecret[]): string {
  refuse(secrets, SHELL_PROBLEMS)
  return secrets.map((s) => `${s.env}=${shellQuote(s.value)}\n`).join('')
}

function jsonText(secrets: ResolvedSecret[]): string {
  if (secrets.length === 0) return '{}\n'
  // Written mapping by mapping (not through an object), so the file keeps the order of the mappings.
  const members = secrets.map((s) => `  ${JSON.stringify(s.env)}: ${JSON.stringify(s.value)}`)
  return `{\n${members.join(',\n')}\n}\n`
}

/**
 * The content of export-file in `format`, or `config` naming each secret the format cannot carry
 * (before anything is written). A name given twice is refused: the reader would keep one value.
 */
export function exportText(format: ExportFormat, secrets: ResolvedSecret[]): string {
  const seen = new Set<string>()
  const twice = new Set(secrets.filter((s) => seen.has(s.env) || !seen.add(s.env)).map((s) => s.env))
  refuse(secrets, [
    {
      bad: (s) => twice.has(s.env),
      what: 'the variable is mapped more than once, and the file can hold one value for it',
      fix: 'map each variable once'
    }
  ])
  switch (format) {
    case 'dotenv':
      return dotenvText(secrets)
    case 'shell':
      return shellText(secrets)
    case 'json':
      return jsonText(secrets)
    default:
      throw new ActionError(
        'config',
        `export-format ${quoted(String(format))} is not one of ${EXPORT_FORMATS.join(', ')}`
      )
  }
}
