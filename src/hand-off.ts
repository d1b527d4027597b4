/**
 * The effects at the edge, each thin: what is exported to later steps and to the export file
 * (prepared and checked before any of it happens), the step's outputs, the files of the run, and
 * the `run` command with the secrets in its environment only.
 */
import * as runner from './workflow-commands.js'
import { ActionError, type ErrorClass } from './errors.js'
import type { Plan } from './plan.js'
import type { RunFacts } from './run-record.js'
import { checkEnvExport, type ResolvedSecret } from './values.js'
import { exportText } from './export-format.js'
import { writeFileAtomic } from './atomic-file.js'
import { CommandStartError, prepareCommand } from './command-start.js'
import { runCommand } from './run-command.js'
import { plural } from './words.js'

/** After the command's bash ends, how long its output may still arrive (a background process may hold it open). */
const COMMAND_CLOSE_DELAY_MS = 1000

/** Everything to export, checked: a value that cannot be handed on faithfully fails here, before any effect. */
export interface PreparedExport {
  env: ResolvedSecret[]
  file?: { path: string; text: string }
}

export function prepareExport(plan: Plan, secrets: ResolvedSecret[]): PreparedExport {
  if (plan.mode === 'check') return { env: [] }
  if (plan.exportEnv) checkEnvExport(secrets)
  return {
    env: plan.exportEnv ? secrets : [],
    ...(plan.exportFile !== undefined
      ? { file: { path: plan.exportFile, text: exportText(plan.exportFormat, secrets) } }
      : {})
  }
}

export function exportToEnv(prepared: PreparedExport): void {
  runner.exportVariables(prepared.env.map((s) => [s.env, s.value]))
  if (prepared.env.length > 0)
    runner.info(`Exported ${prepared.env.map((s) => s.env).join(', ')} to the later steps of this job`)
}

/** The outputs about where the secrets came from. */
export function setOutputs(f: Pick<RunFacts, 'client' | 'identity'>, markerPath: string, source: string): void {
  runner.setOutputs([
    ['source', source],
    ['marker-path', markerPath],
    ['endpoint', f.client?.endpoint ?? ''],
    ['identity-id', f.identity?.identityId ?? ''],
    ['token-expires-at', f.identity?.expiresAt?.toISOString() ?? '']
  ])
}

/** The outputs about how the step ended: set once, after the `run` command when there is one. */
export function setResult(errorClass: ErrorClass | '', exitCode?: number): void {
  runner.setOutputs([
    ['error-class', errorClass],
    ['exit-code', exitCode === undefined ? '' : String(exitCode)]
  ])
}

/** Writes a file of the run (mode 0600, atomically); a file that cannot be written is the step's `config`. */
export function writeFileOrFail(path: string, text: string, input: 'export-file' | 'marker-path'): void {
  fileOrFail(path, input, () => writeFileAtomic(path, text, 0o600))
}

export function fileOrFail<T>(path: string, input: 'export-file' | 'marker-path', write: () => T): T {
  try {
    return write()
  } catch (e) {
    if (e instanceof runner.FileCommandError) {
      throw new ActionError(
        'config',
        `${e.message}: the ${input} could not be recorded for removal when the job ends`,
        { fix: `the runner must give the step a GITHUB_${e.variable} file it can write` }
      )
    }
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    throw new ActionError('config', `${input} ${path} cannot be written (${code})`, {
      fix: `give ${input} a path in a folder that exists and that the runner user may write to`
    })
  }
}

/** A command that cannot start is the step's `config`. */
function commandStartFailed(e: CommandStartError): ActionError {
  return new ActionError('config', `the run command cannot be started: ${e.message}`, {
    fix:
      e.problem === 'cwd-missing'
        ? 'check out the repository (or create the workspace) before this step'
        : 'run the job on a runner with bash, or correct run'
  })
}

function asStartFailure(e: unknown): unknown {
  return e instanceof CommandStartError ? commandStartFailed(e) : e
}

/** The `run` command, ready to run: checked before anything is handed on (bash found, workspace there). */
export interface PreparedCommand {
  line: string
  cwd: string
  env: NodeJS.ProcessEnv
}

/** The command's environment is the step's, without the action's inputs (credentials among them), plus the secrets. */
export function prepareRunCommand(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  secrets: ResolvedSecret[]
): PreparedCommand | undefined {
  if (!plan.command) return undefined
  const commandEnv: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('INPUT_')) commandEnv[k] = v
  for (const s of secrets) commandEnv[s.env] = s.value
  const command = { line: plan.command.line, cwd: plan.command.cwd, env: commandEnv }
  try {
    prepareCommand({ commandLine: command.line, cwd: command.cwd, env: command.env })
  } catch (e) {
    throw asStartFailure(e)
  }
  return command
}

/** Runs the command; resolves to its exit code. */
export async function runTheCommand(command: PreparedCommand, secrets: ResolvedSecret[]): Promise<number> {
  runner.info(
    `Running the run command with ${plural(secrets.length, 'secret')} in its environment only (${secrets.map((s) => s.env).join(', ')}), in ${command.cwd}`
  )
  let exitCode: number
  try {
    exitCode = await runCommand({
      commandLine: command.line,
      cwd: command.cwd,
      env: command.env,
      write: runner.output,
      closeDelayMs: COMMAND_CLOSE_DELAY_MS
    })
  } catch (e) {
    throw asStartFailure(e)
  }
  runner.info(`The run command exited with code ${exitCode}`)
  return exitCode
}

/** The step's failure for a command that exited with a code other than 0. */
export function commandFailed(exitCode: number): ActionError {
  return new ActionError(
    'command-failed',
    `the run command exited with code ${exitCode}${exitCode > 128 ? ` (signal ${exitCode - 128}?)` : ''}`
  )
}
