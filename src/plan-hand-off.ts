/**
 * The plan's hand-off inputs: the mode, `run`, export-env, export-file and export-format, checked
 * together (a hand-off that cannot happen is refused before any request is sent). Pure.
 */
import type { RawInputs } from './inputs.js'
import { oneOf, parseBoolean } from './input-values.js'
import { exportFolderProblem } from './export-folder.js'
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js'

export interface HandOffPlan {
  mode: 'fetch' | 'check'
  command: { line: string; cwd: string } | undefined
  /** export-env resolved: `auto` is on without `run`, and `mode: check` turns it off. */
  exportEnv: boolean
  exportFormat: ExportFormat
  includeImports: boolean
  exportFile: string | undefined
}

/**
 * `run`: a command line for bash, run in GITHUB_WORKSPACE with the secrets in its environment
 * only. Not in `mode: check` (which proves access and hands nothing on); a text of only blank or
 * comment lines is refused rather than taken for no command.
 */
function commandOf(
  raw: RawInputs,
  mode: HandOffPlan['mode'],
  env: NodeJS.ProcessEnv,
  problems: string[]
): HandOffPlan['command'] {
  const line = raw.run
  if (line === '') return undefined
  if (mode === 'check') {
    problems.push('mode check proves access and hands nothing on: remove run, or use mode fetch')
    return undefined
  }
  if (line.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    problems.push('run holds no command (only blank or comment lines): give a command line, or remove run')
    return undefined
  }
  const cwd = env.GITHUB_WORKSPACE ?? ''
  if (cwd === '')
    problems.push(
      'run needs GITHUB_WORKSPACE, the folder it runs in: this must run as a step of a Forgejo or GitHub job'
    )
  return { line, cwd }
}

/** `folderProblemOf` is the one look at the file system (export-file's folder); the real one by default. */
export function handOffOf(
  raw: RawInputs,
  env: NodeJS.ProcessEnv,
  problems: string[],
  folderProblemOf: (file: string) => string | undefined = exportFolderProblem
): HandOffPlan {
  const mode = oneOf('mode', raw.mode, ['fetch', 'check'] as const, 'fetch', problems)
  const command = commandOf(raw, mode, env, problems)
  // Read in either mode, so that a wrong value is refused in `mode: check` too.
  const exportEnvGiven =
    raw['export-env'] === 'auto'
      ? command === undefined
      : parseBoolean('export-env', raw['export-env'], command === undefined, problems, ['auto'])
  const exportEnv = mode === 'fetch' && exportEnvGiven
  const exportFormat = oneOf('export-format', raw['export-format'], EXPORT_FORMATS, 'dotenv', problems)
  const includeImports = parseBoolean('include-imports', raw['include-imports'], false, problems)
  const exportFile = raw['export-file'] || undefined
  if (!exportFile && raw['export-format'] !== '' && raw['export-format'] !== 'dotenv') {
    problems.push(`export-format is the format of export-file: give export-file, or remove export-format`)
  }
  if (mode === 'check' && exportFile) problems.push('mode check exports nothing: remove export-file')
  else if (exportFile) {
    // Before any request: a run must not spend token uses on secrets it then cannot write.
    const folderProblem = folderProblemOf(exportFile)
    if (folderProblem) problems.push(folderProblem)
  }
  if (exportEnv && !env.GITHUB_ENV) {
    problems.push(
      `export-env is ${raw['export-env'] === 'auto' ? 'auto (on without run)' : 'on'} but GITHUB_ENV is not set: this must run as a step of a Forgejo or GitHub job`
    )
  }
  return { mode, command, exportEnv, exportFormat, includeImports, exportFile }
}
