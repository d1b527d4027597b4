/**
 * Checks on the values read, before anything is exported: a value that cannot be handed on
 * faithfully fails the run (`config`), naming the variable and the secret, never the value.
 */
import { ActionError, secretLocation } from './errors.js'
import { dotenvFile } from './dotenv-format.js'

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
  return `${s.env} (${secretLocation(s.path, s.name)})`
}

/**
 * Throws `config` for a value the runner's env file would change: a line over 60 KiB (the parser
 * stops at 64 KiB, losing every later variable), or a CR before a line break or at the end (its
 * line scanner drops it).
 */
export function checkEnvExport(secrets: ResolvedSecret[]): void {
  const problems: string[] = []
  const long = secrets.filter((s) => s.value.split('\n').some((line) => Buffer.byteLength(line) > MAX_EXPORTED_LINE))
  if (long.length > 0) {
    problems.push(`${long.map(describe).join(', ')}: a line of the value is longer than 60 KiB, which the runner's env file cannot carry`)
  }
  const crlf = secrets.filter((s) => /\r(\n|$)/.test(s.value))
  if (crlf.length > 0) {
    problems.push(`${crlf.map(describe).join(', ')}: the value has CR LF line endings, whose CR the runner's env file drops`)
  }
  if (problems.length > 0) {
    throw new ActionError('config', problems.join('; '), {
      fix: 'set export-env: false and use export-file for such a value, or store it differently in Infisical (LF line endings, shorter lines)'
    })
  }
}

/** The export-file content, or `config` naming the values dotenv cannot represent. */
export function exportFileText(secrets: ResolvedSecret[]): string {
  const file = dotenvFile(secrets.map((s) => ({ name: s.env, value: s.value })))
  if ('text' in file) return file.text
  const bad = secrets.filter((s) => file.unrepresentable.includes(s.env))
  throw new ActionError('config', `${bad.map(describe).join(', ')}: the value cannot be written to export-file so that dotenv reads it back identically`, {
    fix: 'use export-env for this secret instead of export-file'
  })
}
