/**
 * The `secrets` input: one `ENV_NAME=SECRET_NAME` or `ENV_NAME=/folder/path/SECRET_NAME` a line.
 * Pure parsing and validation; every broken line is reported with its number.
 */

export interface SecretMapping {
  /** The variable later steps see. */
  env: string
  /** Absolute folder path, normalised: '/' or '/a/b'. */
  path: string
  /** Secret name as Infisical knows it. */
  name: string
  /** 1-based line of the `secrets` input. */
  line: number
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const SEGMENT = /^[A-Za-z0-9_-]+$/
const RESERVED_PREFIXES = ['GITHUB_', 'FORGEJO_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_']
const RESERVED_NAMES = ['CI', 'HOME', 'PATH', 'NODE_OPTIONS']

/** Why `name` may not be used as a mapped variable, or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!ENV_NAME.test(name)) return `"${name}" is not a valid variable name (letters, digits and _, not starting with a digit)`
  const upper = name.toUpperCase()
  if (RESERVED_NAMES.includes(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))) {
    return `"${name}" is a runner variable and cannot be overwritten`
  }
  return undefined
}

/**
 * Joins `folder` onto `base` (unless it is absolute) and normalises it.
 * Returns the path, or a problem description.
 */
export function resolveFolder(base: string, folder: string): { path: string } | { problem: string } {
  const joined = folder.startsWith('/') ? folder : `${base}/${folder}`
  if (!joined.startsWith('/')) return { problem: `folder path "${folder}" is not absolute` }
  const segments = joined.split('/').filter((s) => s !== '')
  const bad = segments.find((s) => !SEGMENT.test(s))
  if (bad !== undefined) {
    return { problem: `folder segment "${bad}" of "${joined}" may hold only letters, digits, _ and -` }
  }
  return { path: `/${segments.join('/')}` }
}

export interface ParsedMappings {
  mappings: SecretMapping[]
  problems: string[]
}

export function parseSecretMappings(text: string, basePath: string): ParsedMappings {
  const mappings: SecretMapping[] = []
  const problems: string[] = []
  const seen = new Map<string, number>()
  text.split('\n').forEach((rawLine, index) => {
    const line = index + 1
    const content = rawLine.trim()
    if (content === '' || content.startsWith('#')) return
    const eq = content.indexOf('=')
    if (eq < 0) {
      problems.push(`secrets line ${line}: expected ENV_NAME=SECRET_NAME or ENV_NAME=/folder/SECRET_NAME, got no "="`)
      return
    }
    const env = content.slice(0, eq).trim()
    const ref = content.slice(eq + 1).trim()
    const envProblem = envNameProblem(env)
    if (envProblem) {
      problems.push(`secrets line ${line}: ${envProblem}`)
      return
    }
    const earlier = seen.get(env)
    if (earlier !== undefined) {
      problems.push(`secrets line ${line}: ${env} is already mapped on line ${earlier}`)
      return
    }
    seen.set(env, line)
    const slash = ref.lastIndexOf('/')
    const name = (slash < 0 ? ref : ref.slice(slash + 1)).trim()
    if (name === '') {
      problems.push(`secrets line ${line}: the secret name after "${env}=" is empty`)
      return
    }
    if (name.includes(':')) {
      problems.push(`secrets line ${line}: secret name "${name}" may not contain ":"`)
      return
    }
    const folder = resolveFolder(basePath, slash < 0 ? '' : ref.slice(0, slash) || '/')
    if ('problem' in folder) {
      problems.push(`secrets line ${line}: ${folder.problem}`)
      return
    }
    mappings.push({ env, path: folder.path, name, line })
  })
  if (mappings.length === 0 && problems.length === 0) problems.push('secrets: no mapping given (one ENV_NAME=SECRET_NAME a line)')
  return { mappings, problems }
}
