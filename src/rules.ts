/**
 * The rules the three actions (fetch, verify, audit) share, written once: the sources a run can
 * have, what an ENV_NAME and a marker key may be, how a boolean input is read, and how a JSON
 * value read back from a file is described, and how a list input is split.
 */

/** Where a run's secrets came from (the `source` output, the marker, the ledger). */
export const SOURCES = [
  'infisical-token-auth',
  'infisical-universal-auth',
  'infisical-oidc-auth',
  'direct-env-fallback'
] as const
export type Source = (typeof SOURCES)[number]

/** A variable name: letters, digits and _, not starting with a digit (also what a shell assigns). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The key of the marker log line (`marker-key`). */
export const MARKER_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/** YAML 1.2 booleans, as @actions/core's getBooleanInput reads them: true, false, or undefined for anything else. */
export function yamlBoolean(value: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  return undefined
}

/** A comma-separated list (new lines count as commas too), trimmed, empty items dropped, repeats once. */
export function listOf(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
    )
  ]
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** What kind of JSON value `v` is, for a message: `null`, `an array`, `a string`… */
export function kindOfJson(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return `a ${typeof v}`
}
