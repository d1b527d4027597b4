/**
 * The step's inputs as the runner hands them over: `with: { token-file: x }` arrives as
 * `INPUT_TOKEN-FILE=x` (upper-cased, spaces to `_`, hyphens kept), defaults from action.yml
 * already filled in by the runner. Reads the environment only; nothing is validated here.
 */

export const INPUT_NAMES = [
  'infisical-url',
  'auth-method',
  'token',
  'token-file',
  'client-id',
  'client-secret',
  'oidc-audience',
  'identity-id',
  'project-id',
  'environment',
  'secret-path',
  'secrets',
  'include-imports',
  'export-env',
  'export-file',
  'export-format',
  'run',
  'mode',
  'fallback',
  'fallback-env-file',
  'fallback-until',
  'marker-path',
  'marker-key',
  'label',
  'ledger-path',
  'timeout-seconds',
  'retries',
  'ca-certificate',
  'allow-insecure-http',
  'token-expiry-warning-days'
] as const

/** An action's inputs by name, as strings: what each of the three actions reads first. */
export type RawInputsOf<Names extends readonly string[]> = Record<Names[number], string>
export type RawInputs = RawInputsOf<typeof INPUT_NAMES>
export type InputName = keyof RawInputs

/** The environment variable the runner sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Every input of `names` (an action's, in its action.yml order), trimmed, '' when unset. The
 * multi-line ones keep their inner lines. Used by all three actions.
 */
export function readInputsOf<const Names extends readonly string[]>(
  names: Names,
  env: NodeJS.ProcessEnv
): RawInputsOf<Names> {
  const raw = {} as RawInputsOf<Names>
  for (const name of names as readonly Names[number][]) raw[name] = (env[inputVariable(name)] ?? '').trim()
  return raw
}

/** The root action's inputs. */
export function readInputs(env: NodeJS.ProcessEnv): RawInputs {
  return readInputsOf(INPUT_NAMES, env)
}
