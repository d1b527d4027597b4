/**
 * `mode: check` reads every mapped secret and reports every one that could not be read, so that
 * N broken grants take one run to find, not N. Which failures let the others still be read, and
 * the one error that lists them. Pure.
 */
import { ActionError, isActionError, secretLocation, type ErrorClass } from './errors.js'
import { refKey, type SecretRef } from './infisical/read-all.js'
import type { SecretMapping } from './secret-mappings.js'

/** Failures about one secret: the others may still be readable. Anything else is about the identity or the server. */
const PER_SECRET: readonly ErrorClass[] = ['permission-denied', 'not-found']

export function keepsGoing(error: unknown): boolean {
  return isActionError(error) && PER_SECRET.includes(error.errorClass)
}

export interface CheckFailure {
  env: string
  class: ErrorClass
  message: string
}

/** One line per mapped variable whose secret could not be read, in the order of the mappings. */
export function checkFailures(
  mappings: SecretMapping[],
  failures: { ref: SecretRef; error: unknown }[]
): CheckFailure[] {
  const byRef = new Map(failures.map((f) => [refKey(f.ref), f.error]))
  const out: CheckFailure[] = []
  for (const m of mappings) {
    const e = byRef.get(refKey(m))
    if (isActionError(e)) out.push({ env: m.env, class: e.errorClass, message: e.message })
  }
  return out
}

/** The run's error: the class of the first failure, a message naming every one. */
export function checkModeError(mappings: SecretMapping[], failures: { ref: SecretRef; error: unknown }[]): ActionError {
  const listed = checkFailures(mappings, failures)
  const first = failures[0]?.error as ActionError
  const parts = mappings
    .filter((m) => listed.some((f) => f.env === m.env))
    .map((m) => {
      const e = failures.find((f) => refKey(f.ref) === refKey(m))?.error as ActionError
      const status = e.details.status !== undefined ? ` (HTTP ${e.details.status})` : ''
      return `${m.env} (${secretLocation(m.path, m.name)}): ${e.errorClass}, ${e.what}${status}`
    })
  const classes = new Set(listed.map((f) => f.class))
  return new ActionError(
    first.errorClass,
    `${parts.length} of ${mappings.length} mapped secrets could not be read: ${parts.join('; ')}`,
    {
      ...(first.details.endpoint ? { endpoint: first.details.endpoint } : {}),
      failures: listed,
      fix:
        classes.size === 1
          ? (first.details.fix ?? `see the class of each`)
          : 'see the class of each secret above; the others were readable'
    }
  )
}
