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
import type { Marker, MarkerRun } from '../marker.js'
import { runOf } from '../marker.js'
import { ENV_NAME, FIELD_EXPECTATIONS, MODES, type ExpectedField, type VerifyOptions } from './inputs.js'
import { plural } from '../words.js'
import { inline, shown } from './text.js'
import { describeFileProblem, type FileProblem } from '../regular-file.js'
import { MARKER_KEY, isObject, kindOfJson } from '../rules.js'

/** The fields of a schema-1 marker that verify reads, after checking their shape. */
export type CheckedMarker = Pick<
  Marker,
  'schema' | 'status' | 'mode' | 'secrets' | 'fallback' | 'error' | 'createdAt'
> & {
  /** a source this version may not know (a later schema-1 writer), but always a plain word */
  source: string | null
  /** '' when the marker has none that can be shown */
  markerKey: string
  /** null: the marker has no run block (or one that is not an object) */
  run: Pick<MarkerRun, 'runId' | 'runAttempt'> | null
  /** the fields an expect- input can pin; null when the marker has none (a 1.1 marker has no label) */
  fields: Record<ExpectedField, string | null>
}

/** The run verify runs in (GITHUB_*, else FORGEJO_*); null when the runner did not say. */
export interface CurrentRun {
  runId: string | null
  runAttempt: string | null
}

export function currentRunOf(env: NodeJS.ProcessEnv): CurrentRun {
  const { runId, runAttempt } = runOf(env)
  return { runId, runAttempt }
}

/** A source, class, kind, mode or key: safe to print and to set as an output. */
const WORD = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,99}$/
const RUN_NUMBER = /^[0-9]{1,20}$/

function isWord(v: unknown): v is string {
  return typeof v === 'string' && WORD.test(v)
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

/** marker-path is an input: shown by the rule of text.ts, and cut beyond this. */
const PATH_MAX = 500

const CHECK_PATH = 'check that marker-path names the file the fetch step wrote (its marker-path output)'

/**
 * Why the marker file could not be read: it cannot be opened (by the error code), or it is not a
 * regular file of at most 1 MiB (a folder, a FIFO, a device, a file too large to be a marker).
 */
export function fileProblemMessage(path: string, problem: FileProblem): string {
  const at = inline(path, PATH_MAX)
  if (problem.kind === 'open') {
    switch (problem.code) {
      case 'ENOENT':
        return `there is no source marker at ${at}: check that the fetch step (the root action) ran before this step and wrote to the same marker-path; the default $RUNNER_TEMP/infisical-source-marker.json lasts only for the job, so a later job needs the marker passed on another way`
      case 'ENOTDIR':
        return `there is no source marker at ${at} (a part of that path is a file, not a folder): ${CHECK_PATH}`
      case 'EACCES':
      case 'EPERM':
        return `the source marker ${at} cannot be read (permission denied): the fetch step writes it with mode 0600, so this step must run as the same user`
    }
  }
  if (problem.kind === 'too-large')
    return `the file ${at} ${describeFileProblem(problem)}, too large to be a source marker: ${CHECK_PATH}`
  return `the source marker path ${at} ${describeFileProblem(problem)}: ${CHECK_PATH}`
}

/** The marker's text → the marker, or one message saying what is wrong with the file. */
export function parseMarkerText(path: string, text: string): { marker: CheckedMarker } | { problem: string } {
  const at = inline(path, PATH_MAX)
  if (text.trim() === '')
    return { problem: `the source marker ${at} is empty: ${CHECK_PATH}, and that the fetch step finished` }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // The parser's message quotes the file; it is not repeated.
    return { problem: `the file ${at} is not valid JSON, so not a source marker: ${CHECK_PATH}` }
  }
  if (!isObject(json))
    return { problem: `the file ${at} holds ${kindOfJson(json)}, not a source marker: ${CHECK_PATH}` }
  if (json.schema !== 1) {
    if (typeof json.schema === 'number' && Number.isInteger(json.schema)) {
      return {
        problem: `the source marker ${at} has schema ${json.schema}; this verify action reads schema 1: use the verify action of the same release as the fetch step`
      }
    }
    return { problem: `the file ${at} is not a source marker (no "schema": 1): ${CHECK_PATH}` }
  }

  const problems: string[] = []
  const status = json.status
  if (status !== 'ok' && status !== 'failed') problems.push('status is not ok or failed')
  const mode = json.mode
  if (!(MODES as readonly unknown[]).includes(mode)) problems.push('mode is not fetch or check')
  const source = json.source
  if (source !== null && !isWord(source)) problems.push('source is not a source name or null')

  const secrets: Marker['secrets'] = []
  if (!Array.isArray(json.secrets)) problems.push('secrets is not a list')
  else {
    json.secrets.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.env !== 'string' || !ENV_NAME.test(s.env))
        problems.push(`secrets[${i}] has no ENV_NAME in env`)
      else secrets.push(s as unknown as Marker['secrets'][number])
    })
  }

  let fallback: Marker['fallback'] = null
  if (json.fallback !== null) {
    const f = json.fallback
    if (isObject(f) && isWord(f.kind) && isObject(f.reason) && isWord(f.reason.class))
      fallback = f as unknown as NonNullable<Marker['fallback']>
    else problems.push('fallback is not null nor { kind, reason: { class } }')
  }

  let error: Marker['error'] = null
  if (json.error !== null && json.error !== undefined) {
    const e = json.error
    if (isObject(e) && isWord(e.class) && (e.message === undefined || typeof e.message === 'string'))
      error = e as unknown as Marker['error']
    else problems.push('error is not null nor { class, message }')
  }

  // No run block is not a malformed file but an unmet expectation (see unmetExpectations).
  let run: CheckedMarker['run'] = null
  if (isObject(json.run)) {
    run = { runId: null, runAttempt: null }
    for (const key of ['runId', 'runAttempt'] as const) {
      const v = json.run[key]
      if (v === null || v === undefined) continue
      if (typeof v === 'string' && RUN_NUMBER.test(v)) run[key] = v
      else problems.push(`run.${key} is not a number in a string, nor null`)
    }
  }

  const fields = {} as CheckedMarker['fields']
  for (const { field } of FIELD_EXPECTATIONS) {
    const v = json[field]
    if (typeof v === 'string') fields[field] = v
    else if (v === null || v === undefined) fields[field] = null
    else problems.push(`${field} is not a text or null`)
  }

  const createdAt = json.createdAt
  if (typeof createdAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    problems.push('createdAt is not an ISO 8601 date-time')
  }

  if (problems.length > 0) {
    return {
      problem: `the file ${at} is not a valid schema-1 source marker (${problems.join('; ')}): ${CHECK_PATH}, and that nothing else writes to it`
    }
  }
  return {
    marker: {
      schema: 1,
      status: status as Marker['status'],
      mode: mode as Marker['mode'],
      source: source as string | null,
      markerKey:
        typeof json.markerKey === 'string' && MARKER_KEY.test(json.markerKey) && json.markerKey.length <= 100
          ? json.markerKey
          : '',
      secrets,
      fallback,
      error,
      run,
      fields,
      createdAt: createdAt as string
    }
  }
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

  if (marker.fallback !== null && !options.allowFallback) {
    const f = marker.fallback
    reasons.push(
      `the secrets came from the ${inline(f.kind)} fallback because Infisical failed with ${inline(f.reason.class)}, and allow-fallback is false: fix that Infisical failure (see the fetch step's warning); allow a fallback only for a soak`
    )
  }

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

  if (marker.mode !== options.expectMode) {
    const hint = marker.mode === 'check' ? ': a check run proves access and exports nothing' : ''
    reasons.push(`the mode is ${marker.mode}, not ${options.expectMode} (expect-mode)${hint}`)
  }

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
