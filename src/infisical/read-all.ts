/**
 * Reads every distinct secret of the run with as few requests as the answers allow: a folder
 * that holds two or more mapped names is read with one list request, every other name alone;
 * a name missing from its folder's list, and every name of a folder whose list was refused
 * (Infisical refuses a whole list when one secret in it is visible but not readable), is then
 * read alone, so that the error names that secret and its exact class. The first request is sent
 * alone (it proves the token and the route); the rest follow at most 8 at once. The first failure
 * stops the run: no new request is sent, the ones in flight are abandoned, and that failure is
 * the one reported (in `mode: check`, failures about one secret are collected instead).
 */
import { isActionError } from '../errors.js'
import type { SecretRead } from './secret-answers.js'
import { Cancelled } from './exchange.js'

export interface SecretRef {
  path: string
  name: string
}

export const MAX_IN_FLIGHT = 8

export function refKey(ref: SecretRef): string {
  return `${ref.path}\u0000${ref.name}`
}

/** The distinct secrets to read, in first-mention order (two variables may map one secret). */
export function distinctRefs(refs: SecretRef[]): SecretRef[] {
  const seen = new Set<string>()
  return refs.filter((r) => {
    const k = refKey(r)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** One request's worth of work: a folder's list, or one secret. */
export type ReadUnit = { kind: 'folder'; path: string; refs: SecretRef[] } | { kind: 'one'; ref: SecretRef }

/**
 * The requests to send, in first-mention order: a folder with two or more names is one list
 * (when lists can be read), every other name one read. Pure.
 */
export function planReads(refs: SecretRef[], lists: boolean): ReadUnit[] {
  const byFolder = new Map<string, SecretRef[]>()
  for (const r of distinctRefs(refs)) byFolder.set(r.path, [...(byFolder.get(r.path) ?? []), r])
  const units: ReadUnit[] = []
  for (const [path, folderRefs] of byFolder) {
    if (lists && folderRefs.length >= 2) units.push({ kind: 'folder', path, refs: folderRefs })
    else units.push(...folderRefs.map((ref) => ({ kind: 'one' as const, ref })))
  }
  return units
}

/** A list refused because of one secret in it: its names are then read alone. */
export function listRefused(error: unknown): boolean {
  return isActionError(error) && error.errorClass === 'permission-denied'
}

export type ReadOne = (ref: SecretRef, cancel: AbortSignal) => Promise<SecretRead>
/** Reads a folder's list, keeping the names asked for; a name not in the map was not in the list. */
export type ReadFolder = (path: string, names: string[], cancel: AbortSignal) => Promise<Map<string, SecretRead>>

export interface ReadAllOptions {
  maxInFlight?: number
  /** Folders with two or more names are read with one list request. */
  readFolder?: ReadFolder
  /**
   * A failure for which the others are still read (`mode: check`: a missing grant is about one
   * secret); it is collected in `failures`. Any other failure stops the run as in `fetch`.
   */
  keepGoing?: (error: unknown) => boolean
}

export interface ReadAllResult {
  values: Map<string, SecretRead>
  /** The refs that could not be read, in the order of `refs`, with keepGoing's failures. */
  failures: { ref: SecretRef; error: unknown }[]
}

/**
 * Runs the units of `queue`, at most `maxInFlight` at once (a unit may add units to it), until it
 * is empty or one fails: then no other starts, `stop` is called (to cancel those under way), and
 * the first failure is the result once they have ended. A Cancelled unit is not a failure.
 */
export function drain<U>(
  queue: U[],
  maxInFlight: number,
  run: (unit: U) => Promise<void>,
  stop: () => void
): Promise<{ error: unknown } | undefined> {
  let failure: { error: unknown } | undefined
  return new Promise((done) => {
    let active = 0
    const pump = (): void => {
      while (!failure && active < maxInFlight && queue.length > 0) {
        const u = queue.shift() as U
        active++
        run(u)
          .catch((e: unknown) => {
            if (e instanceof Cancelled || failure) return
            failure = { error: e }
            stop()
          })
          .finally(() => {
            active--
            pump()
          })
      }
      if (active === 0 && (failure || queue.length === 0)) done(failure)
    }
    pump()
  })
}

/**
 * `onRead` is called as each value arrives, before anything else happens with it (the caller
 * hands it to the printer's redactor there).
 */
export async function readAll(
  refs: SecretRef[],
  readOne: ReadOne,
  onRead: (ref: SecretRef, secret: SecretRead) => void,
  opts: ReadAllOptions = {}
): Promise<ReadAllResult> {
  const maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT
  const values = new Map<string, SecretRead>()
  const failed = new Map<string, unknown>()
  const distinct = distinctRefs(refs)
  const cancel = new AbortController()
  const queue = planReads(distinct, opts.readFolder !== undefined)

  const keep = (ref: SecretRef, e: unknown): boolean => {
    if (e instanceof Cancelled || !opts.keepGoing?.(e)) return false
    failed.set(refKey(ref), e)
    return true
  }
  const one = async (ref: SecretRef): Promise<void> => {
    try {
      const secret = await readOne(ref, cancel.signal)
      onRead(ref, secret)
      values.set(refKey(ref), secret)
    } catch (e) {
      if (!keep(ref, e)) throw e
    }
  }
  const folder = async (path: string, folderRefs: SecretRef[]): Promise<void> => {
    let found: Map<string, SecretRead>
    try {
      found = await (opts.readFolder as ReadFolder)(
        path,
        folderRefs.map((r) => r.name),
        cancel.signal
      )
    } catch (e) {
      if (listRefused(e)) {
        queue.push(...folderRefs.map((ref) => ({ kind: 'one' as const, ref })))
        return
      }
      if (folderRefs.every((ref) => keep(ref, e))) return
      throw e
    }
    for (const ref of folderRefs) {
      const secret = found.get(ref.name)
      if (secret === undefined) {
        queue.push({ kind: 'one', ref })
        continue
      }
      onRead(ref, secret)
      values.set(refKey(ref), secret)
    }
  }
  const runUnit = (u: ReadUnit): Promise<void> => (u.kind === 'one' ? one(u.ref) : folder(u.path, u.refs))

  const first = queue.shift()
  if (first) await runUnit(first)
  const failure = await drain(queue, maxInFlight, runUnit, () => cancel.abort())
  if (failure) throw failure.error
  return {
    values,
    failures: distinct.filter((r) => failed.has(refKey(r))).map((ref) => ({ ref, error: failed.get(refKey(ref)) }))
  }
}
