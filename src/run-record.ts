/**
 * What a run leaves behind to prove what it did: the source marker (made from what the run
 * learnt, whether it succeeded or not) and its line in the run ledger.
 */
import * as runner from './workflow-commands.js'
import type { ActionError } from './errors.js'
import type { RawInputs } from './inputs.js'
import { MAX_LABEL, markerKeyOf, type Plan } from './plan.js'
import { runOf, type Marker, type Source } from './marker.js'
import type { TokenCheck } from './token-claims.js'
import type { InfisicalClient } from './infisical/client.js'
import type { ResolvedSecret } from './values.js'
import type { RunEnvironment } from './run-environment.js'
import { appendToLedger, ledgerLine } from './ledger.js'

/** What the run has learnt by the time the marker is written: each stage's value, when it got that far. */
export interface RunFacts {
  raw: RawInputs
  plan?: Plan
  identity?: TokenCheck
  client?: InfisicalClient
  preexisting: string[]
  secrets: ResolvedSecret[]
}

/** How the run ended. */
export interface Outcome {
  source?: Source
  error?: ActionError
  fallback?: Marker['fallback']
  /** The `run` command's exit code, once it has ended. */
  exitCode?: number
}

/** The label as given, when it is a valid one (the marker of a run whose inputs failed keeps it). */
export function labelOf(raw: RawInputs): string | null {
  return raw.label !== '' && raw.label.length <= MAX_LABEL && !/[\u0000-\u001f\u007f]/.test(raw.label)
    ? raw.label
    : null
}

export function buildMarker(
  f: RunFacts,
  rt: RunEnvironment,
  started: number,
  outcome: Outcome,
  scrubbed: (t: string) => string
): Marker {
  const { plan, raw } = f
  const error = outcome.error
  return {
    schema: 1,
    status: error ? 'failed' : 'ok',
    mode: plan?.mode ?? (raw.mode === 'check' ? 'check' : 'fetch'),
    source: error ? null : (outcome.source ?? null),
    markerKey: markerKeyOf(raw),
    label: plan?.label ?? labelOf(raw),
    endpoint: f.client?.endpoint ?? null,
    identityId: f.identity?.identityId ?? null,
    projectId: plan?.projectId ?? (raw['project-id'] || null),
    environment: plan?.environment ?? (raw.environment || null),
    secrets: error
      ? (plan?.mappings ?? []).map((m) => ({ env: m.env, path: m.path, name: m.name, version: null }))
      : f.secrets.map((s) => ({ env: s.env, path: s.path, name: s.name, version: s.version })),
    tokenExpiresAt: f.identity?.expiresAt?.toISOString() ?? null,
    fallback: outcome.fallback ?? null,
    preexisting: f.preexisting,
    error: error
      ? {
          class: error.errorClass,
          message: scrubbed(error.message),
          status: error.details.status ?? null,
          endpoint: error.details.endpoint ?? null,
          ...(error.details.failures
            ? { failures: error.details.failures.map((x) => ({ ...x, message: scrubbed(x.message) })) }
            : {})
        }
      : null,
    requests: f.client?.requests ?? 0,
    attempts: f.client?.attempts() ?? [],
    command: plan?.command ? { exitCode: outcome.exitCode ?? null } : null,
    durationMs: Date.now() - started,
    run: runOf(rt.env),
    createdAt: rt.now().toISOString()
  }
}

/** The run's line in the ledger, when `ledger-path` is given; a ledger that cannot be written is a warning only. */
export function record(raw: RawInputs, marker: Marker, uid: number): void {
  const path = raw['ledger-path']
  if (path === '') return
  const problem = appendToLedger(path, ledgerLine(marker), uid)
  if (problem)
    runner.warning(
      `The run ledger ${path} was not written: ${problem}. The run itself is not affected; audits will miss this run.`
    )
}
