/**
 * Reading the marker file's text: is it a schema-1 source marker, with every field verify reads
 * in the shape it expects; else one message for an operator saying what is wrong with the file.
 * Pure. A value that does not look like a name, class, source, mode, number or date is never
 * taken into a message (see expectations.ts).
 */
import type { Marker, MarkerRun } from '../marker.js'
import { ENV_NAME, FIELD_EXPECTATIONS, MODES, type ExpectedField } from './inputs.js'
import { inline } from './text.js'
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

/** A source, class, kind, mode or key: safe to print and to set as an output. */
const WORD = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,99}$/
const RUN_NUMBER = /^[0-9]{1,20}$/

function isWord(v: unknown): v is string {
  return typeof v === 'string' && WORD.test(v)
}

/** marker-path is an input: shown by the rule of text.ts, and cut beyond this. */
export const PATH_MAX = 500

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

type Json = Record<string, unknown>

/** Not empty, JSON, an object, and schema 1: the marker's JSON, or the problem. */
function markerJson(at: string, text: string): { json: Json } | { problem: string } {
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
  return { json }
}

function checkSecrets(json: Json, problems: string[]): Marker['secrets'] {
  const secrets: Marker['secrets'] = []
  if (!Array.isArray(json.secrets)) problems.push('secrets is not a list')
  else {
    json.secrets.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.env !== 'string' || !ENV_NAME.test(s.env))
        problems.push(`secrets[${i}] has no ENV_NAME in env`)
      else secrets.push(s as unknown as Marker['secrets'][number])
    })
  }
  return secrets
}

function checkFallback(json: Json, problems: string[]): Marker['fallback'] {
  let fallback: Marker['fallback'] = null
  if (json.fallback !== null) {
    const f = json.fallback
    if (isObject(f) && isWord(f.kind) && isObject(f.reason) && isWord(f.reason.class))
      fallback = f as unknown as NonNullable<Marker['fallback']>
    else problems.push('fallback is not null nor { kind, reason: { class } }')
  }
  return fallback
}

function checkError(json: Json, problems: string[]): Marker['error'] {
  let error: Marker['error'] = null
  if (json.error !== null && json.error !== undefined) {
    const e = json.error
    if (isObject(e) && isWord(e.class) && (e.message === undefined || typeof e.message === 'string'))
      error = e as unknown as Marker['error']
    else problems.push('error is not null nor { class, message }')
  }
  return error
}

/** No run block is not a malformed file but an unmet expectation (see unmetExpectations). */
function checkRun(json: Json, problems: string[]): CheckedMarker['run'] {
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
  return run
}

function checkFields(json: Json, problems: string[]): CheckedMarker['fields'] {
  const fields = {} as CheckedMarker['fields']
  for (const { field } of FIELD_EXPECTATIONS) {
    const v = json[field]
    if (typeof v === 'string') fields[field] = v
    else if (v === null || v === undefined) fields[field] = null
    else problems.push(`${field} is not a text or null`)
  }
  return fields
}

/** The marker's text → the marker, or one message saying what is wrong with the file. */
export function parseMarkerText(path: string, text: string): { marker: CheckedMarker } | { problem: string } {
  const at = inline(path, PATH_MAX)
  const envelope = markerJson(at, text)
  if ('problem' in envelope) return envelope
  const { json } = envelope
  const problems: string[] = []
  const status = json.status
  if (status !== 'ok' && status !== 'failed') problems.push('status is not ok or failed')
  const mode = json.mode
  if (!(MODES as readonly unknown[]).includes(mode)) problems.push('mode is not fetch or check')
  const source = json.source
  if (source !== null && !isWord(source)) problems.push('source is not a source name or null')
  const secrets = checkSecrets(json, problems)
  const fallback = checkFallback(json, problems)
  const error = checkError(json, problems)
  const run = checkRun(json, problems)
  const fields = checkFields(json, problems)
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
