/**
 * Checks on the values read, before anything is exported: a value that cannot be handed on
 * faithfully fails the run (`config`), naming the variable and the secret, never the value.
 */
import { ActionError, secretLocation } from './errors.js'
import { exportText } from './export-format.js'
import { oneLine } from './log-text.js'

/** The Forgejo runner's env-file parser silently stops at a 64 KiB line; keep a margin. */
export const MAX_EXPORTED_LINE = 60 * 1024

export interface ResolvedSecret {
  env: string
  path: string
  name: string
  value: string
  version: number | null
}

function describe(s: ResolvedSecret): string {
  return oneLine(`${s.env} (${secretLocation(s.path, s.name)})`)
}

/** `NAME (/path/name), …: <what>` for the secrets `bad` picks, or nothing. */
function problem(secrets: ResolvedSecret[], bad: (value: string) => boolean, what: string): string[] {
  const found = secrets.filter((s) => bad(s.value))
  return found.length > 0 ? [`${found.map(describe).join(', ')}: ${what}`] : []
}

const NUL =
  'the value holds a NUL character, which no environment variable or env file can carry (later steps would fail or see it cut)'

/**
 * Throws `config` for a value the runner's env file would change: a line over 60 KiB (the parser
 * stops at 64 KiB, losing every later variable), a CR before a line break or at the end (its
 * line scanner drops it), an empty first line (its heredoc parser drops leading empty lines), or a
 * NUL (no process environment can hold it).
 */
export function checkEnvExport(secrets: ResolvedSecret[]): void {
  const problems = [
    ...problem(
      secrets,
      (v) => v.split('\n').some((line) => Buffer.byteLength(line) > MAX_EXPORTED_LINE),
      "a line of the value is longer than 60 KiB, which the runner's env file cannot carry"
    ),
    ...problem(
      secrets,
      (v) => /\r(\n|$)/.test(v),
      "the value has CR LF line endings, whose CR the runner's env file drops"
    ),
    ...problem(
      secrets,
      (v) => v.startsWith('\n'),
      "the value starts with an empty line, which the runner's env file drops"
    ),
    ...problem(secrets, (v) => v.includes('\u0000'), NUL)
  ]
  if (problems.length > 0) {
    throw new ActionError('config', problems.join('; '), {
      fix: 'store the value differently in Infisical (LF line endings, no empty first line, shorter lines, no NUL); or, but for a NUL, set export-env: false and use export-file for it'
    })
  }
}

/**
 * The export-file content in the dotenv format, or `config` naming the values dotenv cannot
 * represent (a NUL included). See export-format.ts for the other formats.
 */
export function exportFileText(secrets: ResolvedSecret[]): string {
  return exportText('dotenv', secrets)
}
