/**
 * The verify action's inputs: read from `INPUT_*` like the root action's (src/inputs.ts), then
 * parsed and checked. Pure: the environment and the system temp folder are arguments. A bad
 * input is not thrown: it is returned as a problem, phrased for the operator, so that the step
 * fails with one message listing all of them.
 */
import { readInputsOf, type RawInputsOf } from '../inputs.js'
import { ENV_NAME, SOURCES, listOf, yamlBoolean } from '../rules.js'
export { ENV_NAME, SOURCES } from '../rules.js'
import type { Source } from '../marker.js'
import { markerPathOr } from '../marker.js'
import { shown } from './text.js'

export const VERIFY_INPUT_NAMES = [
  'marker-path',
  'expect-source',
  'allow-fallback',
  'expect-secrets',
  'max-age-seconds',
  'expect-mode',
  'expect-endpoint',
  'expect-identity-id',
  'expect-project-id',
  'expect-environment',
  'expect-label'
] as const

export type VerifyRawInputs = RawInputsOf<typeof VERIFY_INPUT_NAMES>
export type VerifyInputName = keyof VerifyRawInputs

export const MODES = ['fetch', 'check'] as const
export type Mode = (typeof MODES)[number]

/** The marker's fields that an `expect-…` input pins, in the order of the inputs, with their name in a sentence. */
export const FIELD_EXPECTATIONS = [
  { input: 'expect-endpoint', field: 'endpoint', what: 'endpoint' },
  { input: 'expect-identity-id', field: 'identityId', what: 'identity ID' },
  { input: 'expect-project-id', field: 'projectId', what: 'project ID' },
  { input: 'expect-environment', field: 'environment', what: 'environment' },
  { input: 'expect-label', field: 'label', what: 'label' }
] as const satisfies readonly { input: VerifyInputName; field: string; what: string }[]

export type ExpectedField = (typeof FIELD_EXPECTATIONS)[number]['field']

/** The `ENV_NAME` rule of the root action's `secrets` input. */

/** One year: a larger max-age is a typo (milliseconds?), not a freshness check. */
export const MAX_AGE_LIMIT = 366 * 24 * 3600

export interface VerifyOptions {
  markerPath: string
  expectSources: Source[]
  allowFallback: boolean
  expectSecrets: string[]
  /** 0: any age */
  maxAgeSeconds: number
  expectMode: Mode
  /** Only the fields whose `expect-…` input was given: the marker's field must equal it exactly. */
  expectFields: Partial<Record<ExpectedField, string>>
}

export interface VerifyContext {
  env: NodeJS.ProcessEnv
  /** The system temp folder, for the marker when RUNNER_TEMP is unset. */
  tmpdir: string
}

/** Every input, trimmed, '' when unset (the runner fills in the defaults of verify/action.yml). */
export function readVerifyInputs(env: NodeJS.ProcessEnv): VerifyRawInputs {
  return readInputsOf(VERIFY_INPUT_NAMES, env)
}

/** The marker's path: the input, else where the root action writes it by default (src/plan.ts markerPathOf). */
export function verifyMarkerPathOf(raw: VerifyRawInputs, ctx: VerifyContext): string {
  return markerPathOr(raw['marker-path'], ctx.env, ctx.tmpdir)
}

/** An input's value in a problem: by the rule of text.ts, quoted, cut beyond 80 characters. */
function quoted(value: string): string {
  return shown(value, 80)
}

export function parseVerifyInputs(
  raw: VerifyRawInputs,
  ctx: VerifyContext
): { options: VerifyOptions; problems: string[] } {
  const problems: string[] = []

  const expectSources: Source[] = []
  const sources = listOf(raw['expect-source'])
  for (const s of sources) {
    if ((SOURCES as readonly string[]).includes(s)) expectSources.push(s as Source)
    else problems.push(`expect-source ${quoted(s)} is not a source: use ${SOURCES.join(', ')} (comma-separated)`)
  }
  if (sources.length === 0) expectSources.push('infisical-token-auth')

  let allowFallback = false
  const af = raw['allow-fallback']
  if (yamlBoolean(af) === true) allowFallback = true
  else if (af !== '' && yamlBoolean(af) === undefined)
    problems.push(`allow-fallback must be true or false, got ${quoted(af)}`)

  const expectSecrets = listOf(raw['expect-secrets'])
  const badNames = expectSecrets.filter((n) => !ENV_NAME.test(n))
  if (badNames.length > 0) {
    problems.push(
      `expect-secrets lists ${badNames.map(quoted).join(', ')}, not ENV_NAMEs: give the ENV_NAME side of the fetch step's secrets lines, comma-separated`
    )
  }

  let maxAgeSeconds = 0
  const ma = raw['max-age-seconds']
  if (ma !== '') {
    if (/^\d+$/.test(ma) && Number(ma) <= MAX_AGE_LIMIT) maxAgeSeconds = Number(ma)
    else
      problems.push(
        `max-age-seconds must be a whole number of seconds from 0 (any age) to ${MAX_AGE_LIMIT}, got ${quoted(ma)}`
      )
  }

  let expectMode: Mode = 'fetch'
  const em = raw['expect-mode']
  if ((MODES as readonly string[]).includes(em)) expectMode = em as Mode
  else if (em !== '') problems.push(`expect-mode must be fetch or check, got ${quoted(em)}`)

  // Taken as given (trimmed): compared exactly with what the fetch step recorded.
  const expectFields: VerifyOptions['expectFields'] = {}
  for (const { input, field } of FIELD_EXPECTATIONS) if (raw[input] !== '') expectFields[field] = raw[input]

  return {
    options: {
      markerPath: verifyMarkerPathOf(raw, ctx),
      expectSources,
      allowFallback,
      expectSecrets,
      maxAgeSeconds,
      expectMode,
      expectFields
    },
    problems
  }
}
