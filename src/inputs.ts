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

export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

/** The environment variable the runner sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Every input, trimmed, '' when unset. The multi-line ones keep their inner lines. */
export function readInputs(env: NodeJS.ProcessEnv): RawInputs {
  const raw = {} as RawInputs
  for (const name of INPUT_NAMES) raw[name] = (env[inputVariable(name)] ?? '').trim()
  return raw
}
