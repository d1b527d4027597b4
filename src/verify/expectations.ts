/**
 * What the verify action decides, without touching anything: is the file a schema-1 source
 * marker, and which of the workflow's expectations does it not meet. Pure: the marker's text,
 * the current run, the clock and the options are arguments; every result is text for an operator.
 *
 * Only names, classes, sources, modes, numbers and dates are taken from the marker into a
 * message, plus the fetch step's own (already scrubbed) error message and the fields an expect-
 * input pins; a value that does not look like one of those is never echoed. Whatever is taken is
 * text anyone able to write the file could have crafted: it is shown by the rule of text.ts (one
 * line, bounded, never a command), even where the shape was checked.
 */
import { runOf } from '../marker.js'
import { FIELD_EXPECTATIONS, type VerifyOptions } from './inputs.js'
import { plural } from '../words.js'
import { inline, shown } from './text.js'
import { PATH_MAX, type CheckedMarker } from './parse-marker.js'

/** The run verify runs in (GITHUB_*, else FORGEJO_*); null when the runner did not say. */
export interface CurrentRun {
  runId: string | null
  runAttempt: string | null
}

export function currentRunOf(env: NodeJS.ProcessEnv): CurrentRun {
  const { runId, runAttempt } = runOf(env)
  return { runId, runAttempt }
}

/** Two values that differ only in case or trailing slashes, which an exact comparison tells apart. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/\/+$/, '')
}

/** An age for people: seconds below 2 minutes, then minutes, hours, days. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 120) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 120) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ${m % 60} min`
  return `${Math.floor(h / 24)} days ${h % 24} h`
}

/** The marker's age in whole seconds at `now` (negative when it claims to come from the future). */
export function ageSeconds(marker: CheckedMarker, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(marker.createdAt)) / 1000)
}

/** Beyond this, a marker "from the future" is not clock jitter between hosts. */
const FUTURE_TOLERANCE_SECONDS = 300

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}

function andList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

function describeRun(runId: string | null, runAttempt: string | null): string {
  return `run ${runId === null ? '(unknown)' : inline(runId)}${runAttempt !== null ? ` attempt ${inline(runAttempt)}` : ''}`
}

/** The status, and the source of a fetch that did not fail. */
function statusReasons(options: VerifyOptions, marker: CheckedMarker): string[] {
  const reasons: string[] = []
  if (marker.status !== 'ok') {
    const e = marker.error
    if (e) {
      // The fetch step's own sentence (already scrubbed of secrets there), but text of a file anyone could write.
      const message = inline(e.message ?? '', 500)
      const errorClass = inline(e.class)
      const text =
        message === '' ? errorClass : message.startsWith(`${errorClass}: `) ? message : `${errorClass}: ${message}`
      reasons.push(`the fetch step failed (status failed), with ${text}`)
    } else {
      reasons.push('the fetch step failed (status failed), with no error recorded')
    }
  } else if (marker.source === null || !(options.expectSources as string[]).includes(marker.source)) {
    const hint = marker.source === 'direct-env-fallback' ? ': the secrets did not come from Infisical' : ''
    reasons.push(
      `the source is ${marker.source === null ? 'none' : inline(marker.source)}, not ${orList(options.expectSources)} (expect-source)${hint}`
    )
  }
  return reasons
}

/** A fallback the workflow does not allow. */
function fallbackReasons(options: VerifyOptions, marker: CheckedMarker): string[] {
  const reasons: string[] = []
  if (marker.fallback !== null && !options.allowFallback) {
    const f = marker.fallback
    reasons.push(
      `the secrets came from the ${inline(f.kind)} fallback because Infisical failed with ${inline(f.reason.class)}, and allow-fallback is false: fix that Infisical failure (see the fetch step's warning); allow a fallback only for a soak`
    )
  }
  return reasons
}

/** The secrets expected but not listed (expect-secrets). */
function secretsReasons(options: VerifyOptions, marker: CheckedMarker): string[] {
  const reasons: string[] = []
  if (options.expectSecrets.length > 0) {
    const listed = marker.secrets.map((s) => inline(s.env))
    const missing = options.expectSecrets.filter((n) => !listed.includes(n))
    if (missing.length > 0) {
      const have = listed.length > 0 ? `it lists ${andList([...new Set(listed)])}` : 'it lists none'
      reasons.push(
        `${andList(missing)} ${missing.length === 1 ? 'is' : 'are'} not among the marker's secrets (${have}) (expect-secrets): map ${missing.length === 1 ? 'it' : 'them'} in the fetch step's secrets`
      )
    }
  }
  return reasons
}

/** expect-mode. */
function modeReasons(options: VerifyOptions, marker: CheckedMarker): string[] {
  const reasons: string[] = []
  if (marker.mode !== options.expectMode) {
    const hint = marker.mode === 'check' ? ': a check run proves access and exports nothing' : ''
    reasons.push(`the mode is ${marker.mode}, not ${options.expectMode} (expect-mode)${hint}`)
  }
  return reasons
}

/** The fields an expect- input pins. */
function fieldReasons(options: VerifyOptions, marker: CheckedMarker): string[] {
  const reasons: string[] = []
  for (const { input, field, what } of FIELD_EXPECTATIONS) {
    const expected = options.expectFields[field]
    if (expected === undefined) continue
    const actual = marker.fields[field]
    if (actual === expected) continue
    // A failed fetch may have reached no endpoint: the status reason says why.
    if (actual === null && marker.status !== 'ok') continue
    const near = actual !== null && comparable(actual) === comparable(expected) ? ': compared exactly' : ''
    reasons.push(`the ${what} is ${actual === null ? 'none' : shown(actual)}, not ${shown(expected)} (${input})${near}`)
  }
  return reasons
}

/** max-age-seconds, and a marker from the future. */
function ageReasons(options: VerifyOptions, marker: CheckedMarker, now: Date): string[] {
  const reasons: string[] = []
  if (options.maxAgeSeconds > 0) {
    const age = ageSeconds(marker, now)
    if (age > options.maxAgeSeconds) {
      reasons.push(
        `the marker is ${formatAge(age)} old (${age} s, written ${inline(marker.createdAt)}), more than max-age-seconds ${options.maxAgeSeconds}: it was not written by a fetch step just before`
      )
    } else if (age < -FUTURE_TOLERANCE_SECONDS) {
      reasons.push(
        `the marker was written ${formatAge(-age)} in the future (${inline(marker.createdAt)}), so its age cannot be checked (max-age-seconds): check the clocks of the runner hosts`
      )
    }
  }
  return reasons
}

/** The run that wrote the marker, against this one. */
function runReasons(marker: CheckedMarker, current: CurrentRun): string[] {
  const reasons: string[] = []
  const run = marker.run
  if (run === null) {
    reasons.push("the marker has no run block: it was not written by this action's fetch step, or by an old version")
  } else {
    const idDiffers = run.runId !== null && current.runId !== null && run.runId !== current.runId
    const attemptDiffers =
      run.runAttempt !== null && current.runAttempt !== null && run.runAttempt !== current.runAttempt
    if (idDiffers || attemptDiffers) {
      reasons.push(
        `the marker was written by ${describeRun(run.runId, run.runAttempt)}, this is ${describeRun(current.runId, current.runAttempt)}: a marker left by an earlier ${idDiffers ? 'run' : 'attempt'}, so the fetch step of this run did not write to this marker-path`
      )
    }
  }
  return reasons
}

/**
 * Every expectation the marker does not meet, in a fixed order, each phrased for an operator.
 * Empty: the marker shows what the workflow expects.
 *
 * A failed fetch (status failed) has no source: the source is then not judged on its own, the
 * status reason says why there is none.
 */
export function unmetExpectations(
  options: VerifyOptions,
  marker: CheckedMarker,
  current: CurrentRun,
  now: Date
): string[] {
  return [
    ...statusReasons(options, marker),
    ...fallbackReasons(options, marker),
    ...secretsReasons(options, marker),
    ...modeReasons(options, marker),
    ...fieldReasons(options, marker),
    ...ageReasons(options, marker, now),
    ...runReasons(marker, current)
  ]
}

/** The one message of a failed verification: (1) …; (2) … */
export function numbered(reasons: string[]): string {
  return reasons.map((r, i) => `(${i + 1}) ${r}`).join('; ')
}

export function failureMessage(path: string, reasons: string[]): string {
  const at = inline(path, PATH_MAX)
  return `the source marker ${at} does not show what this workflow expects: ${numbered(reasons)}`
}

export function inputsMessage(problems: string[]): string {
  return `the inputs of the verify step are not valid: ${numbered(problems)} - fix them under with: of the verify step`
}

/**
 * The one line of a verification that passed. It does not repeat the fetch step's
 * `<marker-key>=<source>` line, so a log audit that counts those lines counts each run once.
 */
export function passSummary(marker: CheckedMarker, now: Date): string {
  const names = marker.secrets.map((s) => inline(s.env))
  const key = marker.markerKey !== '' ? ` (${inline(marker.markerKey)})` : ''
  const parts = [
    `${marker.source === null ? 'none' : inline(marker.source)}${key}`,
    `${plural(names.length, 'secret')}${names.length > 0 ? ` (${names.join(', ')})` : ''}`,
    marker.mode,
    `${formatAge(ageSeconds(marker, now))} old`
  ]
  if (marker.fallback !== null)
    parts.push(`${inline(marker.fallback.kind)} fallback after ${inline(marker.fallback.reason.class)} (allowed)`)
  return `verified: ${parts.join(', ')}`
}
