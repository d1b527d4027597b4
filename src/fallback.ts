/**
 * The soak fallback: after Infisical failed (for a reason other than the step's own inputs or
 * token file), take the mapped variables from the step's environment or from a protected dotenv
 * file, but only until `fallback-until`, and only when every mapped name is there.
 */
import { parse } from 'dotenv'
import { ActionError, FIXES } from './errors.js'
import { quoted } from './log-text.js'
import type { Fallback } from './plan.js'
import type { SecretMapping } from './secret-mappings.js'
import { readProtectedFile, type ProtectedFileOwner } from './protected-file.js'

/** Infisical failures that a fallback may stand in for: not the step's own mistakes. */
export function fallbackApplies(fallback: Fallback, errorClass: string): boolean {
  return fallback.kind !== 'none' && errorClass !== 'config' && errorClass !== 'token-file'
}

export type ActiveFallback = Exclude<Fallback, { kind: 'none' }>

/** Throws `fallback-expired` after `fallback-until`. */
export function checkFallbackWindow(fallback: ActiveFallback, cause: ActionError, now: Date): void {
  if (now.getTime() > fallback.until.getTime()) {
    throw new ActionError(
      'fallback-expired',
      `Infisical failed and the ${fallback.kind} fallback ended at ${fallback.until.toISOString()}; the Infisical failure was: ${cause.message}`,
      { fix: 'fix the Infisical failure above; the soak period is over (move fallback-until only deliberately)' }
    )
  }
}

/** The fallback values of every mapping, or the Infisical failure with the names that are missing. */
export function fallbackValues(
  fallback: ActiveFallback,
  mappings: SecretMapping[],
  env: NodeJS.ProcessEnv,
  owner: ProtectedFileOwner,
  cause: ActionError
): Map<string, string> {
  const source: Record<string, string | undefined> =
    fallback.kind === 'env' ? env : parse(readProtectedFile(fallback.file, 'fallback-env-file', owner))
  const values = new Map<string, string>()
  const missing: string[] = []
  for (const m of mappings) {
    const v = source[m.env]
    if (v === undefined) missing.push(m.env)
    else values.set(m.env, v)
  }
  if (missing.length > 0) {
    const where = fallback.kind === 'env' ? "the step's environment" : `fallback-env-file ${quoted(fallback.file)}`
    throw new ActionError(
      cause.errorClass,
      `${cause.what}; the fallback cannot stand in: ${where} lacks ${missing.join(', ')}`,
      {
        ...cause.details,
        fix: `${cause.details.fix ?? FIXES[cause.errorClass]}; for the soak, give every mapped name in the fallback`
      }
    )
  }
  return values
}
