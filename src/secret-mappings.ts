/**
 * The `secrets` input: one `ENV_NAME=SECRET_NAME` or `ENV_NAME=/folder/path/SECRET_NAME` a line,
 * ` #` after a mapping starting a comment. Pure parsing and validation; every broken line is
 * reported with its number, and what it quotes is printed on one line.
 */
import { quoted } from './log-text.js'
import { ENV_NAME } from './rules.js'

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

const SEGMENT = /^[A-Za-z0-9_-]+$/
const RESERVED_PREFIXES = ['GITHUB_', 'FORGEJO_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_']
const RESERVED_NAMES = ['CI', 'HOME', 'PATH', 'NODE_OPTIONS']
/** Infisical's router matches no longer secret name parameter. */
export const MAX_ENCODED_NAME = 100
/** ` #` (or a tab before `#`) after a mapping: the rest of the line is a comment. */
const TRAILING_COMMENT = /[ \t]#.*$/

/** Why a (non-empty) secret name cannot be read by its route, or undefined when it can. */
export function secretNameProblem(name: string): string | undefined {
  const shown = `secret name ${quoted(name)}`
  if (name === '.' || name === '..')
    return `${shown} would change the route of the request (a URL path segment "${name}" is resolved away)`
  if (name.includes(':')) return `${shown} may not contain ":"`
  if (/\s/.test(name)) return `${shown} holds white space`
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return `${shown} holds a control character`
  let encoded: string
  try {
    encoded = encodeURIComponent(name)
  } catch {
    return `${shown} cannot be percent-encoded (it holds a lone UTF-16 surrogate)`
  }
  if (encoded.length > MAX_ENCODED_NAME) {
    return `${shown} is ${encoded.length} characters long percent-encoded, more than the ${MAX_ENCODED_NAME} Infisical's route accepts`
  }
  return undefined
}

/** Why `name` may not be used as a mapped variable, or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!ENV_NAME.test(name))
    return `${quoted(name)} is not a valid variable name (letters, digits and _, not starting with a digit)`
  const upper = name.toUpperCase()
  if (RESERVED_NAMES.includes(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))) {
    return `${quoted(name)} is a runner variable and cannot be overwritten`
  }
  return undefined
}

/**
 * Joins `folder` onto `base` (unless it is absolute) and normalises it.
 * Returns the path, or a problem description.
 */
export function resolveFolder(base: string, folder: string): { path: string } | { problem: string } {
  const joined = folder.startsWith('/') ? folder : `${base}/${folder}`
  if (!joined.startsWith('/')) return { problem: `folder path ${quoted(folder)} is not absolute` }
  const segments = joined.split('/').filter((s) => s !== '')
  const bad = segments.find((s) => !SEGMENT.test(s))
  if (bad !== undefined) {
    return { problem: `folder segment ${quoted(bad)} of ${quoted(joined)} may hold only letters, digits, _ and -` }
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
    const mapping = content.replace(TRAILING_COMMENT, '').trim()
    const eq = mapping.indexOf('=')
    if (eq < 0) {
      problems.push(`secrets line ${line}: expected ENV_NAME=SECRET_NAME or ENV_NAME=/folder/SECRET_NAME, got no "="`)
      return
    }
    const env = mapping.slice(0, eq).trim()
    const ref = mapping.slice(eq + 1).trim()
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
    const nameProblem = secretNameProblem(name)
    if (nameProblem !== undefined) {
      problems.push(`secrets line ${line}: ${nameProblem}`)
      return
    }
    const folder = resolveFolder(basePath, slash < 0 ? '' : ref.slice(0, slash) || '/')
    if ('problem' in folder) {
      problems.push(`secrets line ${line}: ${folder.problem}`)
      return
    }
    mappings.push({ env, path: folder.path, name, line })
  })
  if (mappings.length === 0 && problems.length === 0)
    problems.push('secrets: no mapping given (one ENV_NAME=SECRET_NAME a line)')
  return { mappings, problems }
}
