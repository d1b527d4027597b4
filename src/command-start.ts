/**
 * What is checked before the command starts: the command line and the environment can be passed on
 * unchanged (no NUL, no lone UTF-16 surrogate), bash is found in the child's PATH (else this
 * process's), the working directory exists. A problem is a CommandStartError naming no value.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { join } from 'node:path'
import type { RunCommandOptions } from './run-command.js'

export type CommandStartProblem = 'bash-not-found' | 'bash-not-startable' | 'cwd-missing' | 'unrepresentable'

/** The command could not be started; nothing of it ran. The message names no value. */
export class CommandStartError extends Error {
  constructor(
    readonly problem: CommandStartProblem,
    message: string
  ) {
    super(message)
    this.name = 'CommandStartError'
  }
}

export function isCommandStartError(e: unknown): e is CommandStartError {
  return e instanceof CommandStartError
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable `bash` in `path` (a PATH value); empty entries are skipped. */
export function findBash(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(':')) {
    if (dir === '') continue
    const candidate = join(dir, 'bash')
    if (executable(candidate)) return candidate
  }
  return undefined
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The environment as strings, or CommandStartError naming variables it cannot pass on unchanged. */
function childEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  const nul: string[] = []
  const surrogate: string[] = []
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue
    if (k.includes('\u0000') || k.includes('=') || k === '') nul.push(JSON.stringify(k))
    else if (v.includes('\u0000')) nul.push(k)
    else if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) surrogate.push(k)
    out[k] = v
  }
  const problems: string[] = []
  if (nul.length > 0)
    problems.push(`${nul.join(', ')}: a NUL character or an invalid name, which no process environment can carry`)
  if (surrogate.length > 0)
    problems.push(
      `${surrogate.join(', ')}: a lone UTF-16 surrogate, which the environment (UTF-8) would change to U+FFFD`
    )
  if (problems.length > 0)
    throw new CommandStartError(
      'unrepresentable',
      `the command's environment cannot be passed on unchanged: ${problems.join('; ')}`
    )
  return out
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Checks what can be checked before the command runs: the command line and the environment can
 * be passed on unchanged, bash is found, the working directory exists. Throws CommandStartError;
 * callers check this before any other effect, so that a command that cannot start fails the run
 * before anything is handed on.
 */
export function prepareCommand(o: Pick<RunCommandOptions, 'commandLine' | 'cwd' | 'env'>): {
  bash: string
  env: Record<string, string>
} {
  if (o.commandLine.includes('\u0000'))
    throw new CommandStartError(
      'unrepresentable',
      'the command line holds a NUL character, which no program argument can carry'
    )
  const env = childEnv(o.env)
  const bash = findBash(env['PATH'] ?? process.env['PATH'])
  if (bash === undefined) {
    throw new CommandStartError(
      'bash-not-found',
      `bash was not found in the PATH of the command (${env['PATH'] ?? process.env['PATH'] ?? 'not set'}); install bash on the runner, or add its folder to PATH`
    )
  }
  if (!isDirectory(o.cwd))
    throw new CommandStartError(
      'cwd-missing',
      `the working directory ${o.cwd} of the command does not exist or is not a folder`
    )
  return { bash, env }
}
