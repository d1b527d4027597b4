/**
 * The results stage: the secrets the run hands on, read from Infisical (one request per folder,
 * masked together once all are read) or, after an Infisical failure, taken from the soak fallback
 * (loudly: a warning naming the failure, source direct-env-fallback).
 */
import * as runner from './workflow-commands.js'
import { secretLocation, type ActionError } from './errors.js'
import type { Plan } from './plan.js'
import type { Masker } from './masking.js'
import type { Marker, Source } from './marker.js'
import type { RunEnvironment } from './run-environment.js'
import type { ResolvedSecret } from './values.js'
import type { InfisicalClient } from './infisical/client.js'
import { readAll, refKey } from './infisical/read-all.js'
import { checkModeError, keepsGoing } from './check-mode.js'
import { checkFallbackWindow, fallbackValues } from './fallback.js'
import { maskSecrets } from './masks.js'
import { plural } from './words.js'
import { describeAuth } from './credentials.js'

/** The secrets to hand on and where they came from. */
export interface Results {
  secrets: ResolvedSecret[]
  source: Source
  fallback?: NonNullable<Marker['fallback']>
}

/** The mapped names already set in the step's environment, each with a warning. */
export function preexistingOf(plan: Plan, env: NodeJS.ProcessEnv): string[] {
  const names = plan.mappings.filter((m) => env[m.env] !== undefined).map((m) => m.env)
  for (const name of names) {
    runner.warning(
      `${name} is already set in this step's environment (a plain-text copy from the runner's env file?): steps that set env: themselves, or that run after a failure, may see that copy instead of the value from Infisical. Remove it from the runner host once the soak is over.`
    )
  }
  return names
}

/** The log line saying what is about to be read, how and from where. */
export function announceReads(plan: Plan): void {
  const count = plural(plan.mappings.length, 'secret')
  runner.info(
    `Infisical: reading ${count} of project ${plan.projectId}, environment ${plan.environment}, with ${describeAuth(plan)}, from ${plan.urls.join(', ')}`
  )
}

/** Every mapped secret read with `bearer`, masked, and listed (names and versions, never values). */
export async function readSecrets(
  plan: Plan,
  bearer: string,
  client: InfisicalClient,
  masker: Masker
): Promise<ResolvedSecret[]> {
  const { values, failures } = await readAll(
    plan.mappings,
    (ref, cancel) => client.readSecret(bearer, ref.path, ref.name, cancel),
    // Known to the printer at once; masked together once all are read, longest first.
    (_ref, secret) => runner.sensitive.add(secret.value),
    {
      readFolder: (path, names, cancel) => client.readFolder(bearer, path, names, cancel),
      ...(plan.mode === 'check' ? { keepGoing: keepsGoing } : {})
    }
  )
  if (failures.length > 0) throw checkModeError(plan.mappings, failures)
  const secrets = plan.mappings.map((m) => {
    const read = values.get(refKey(m))
    if (!read) throw new Error(`internal: ${m.env} was not read`)
    return { env: m.env, path: m.path, name: m.name, value: read.value, version: read.version }
  })
  maskSecrets(masker, secrets)
  for (const s of secrets) {
    runner.info(`  ${s.env} <- ${secretLocation(s.path, s.name)}${s.version === null ? '' : ` (version ${s.version})`}`)
  }
  return secrets
}

/**
 * After an Infisical failure: the soak fallback, when configured and still open. Loud: a warning
 * naming the failure, the marker's fallback block, source direct-env-fallback.
 */
export function useFallback(
  plan: Plan,
  cause: ActionError,
  rt: RunEnvironment,
  masker: Masker,
  scrubbed: (t: string) => string
): Results {
  if (plan.fallback.kind === 'none') throw cause
  checkFallbackWindow(plan.fallback, cause, rt.now())
  const values = fallbackValues(plan.fallback, plan.mappings, rt.env, { uid: rt.uid }, cause)
  const secrets = plan.mappings.map((m) => ({
    env: m.env,
    path: m.path,
    name: m.name,
    value: values.get(m.env) as string,
    version: null
  }))
  maskSecrets(masker, secrets)
  const reason = { class: cause.errorClass, message: scrubbed(cause.message) }
  runner.warning(
    `Infisical failed, so the secrets come from the ${plan.fallback.kind} fallback (until ${plan.fallback.until.toISOString()}), not from Infisical: ${reason.message}`
  )
  return { secrets, source: 'direct-env-fallback', fallback: { kind: plan.fallback.kind, reason } }
}
