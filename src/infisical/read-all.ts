/**
 * Reads every distinct secret of the run: the first alone (it proves the token and the route),
 * then the rest at most 8 at once. The first failure stops the run: no new request is sent, the
 * ones in flight are abandoned, and that failure is the one reported.
 */
import type { SecretRead } from './answers.js'
import { Cancelled } from './client.js'

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

export type ReadOne = (ref: SecretRef, cancel: AbortSignal) => Promise<SecretRead>

export interface ReadAllOptions {
  maxInFlight?: number
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
  const take = async (ref: SecretRef): Promise<void> => {
    try {
      const secret = await readOne(ref, cancel.signal)
      onRead(ref, secret)
      values.set(refKey(ref), secret)
    } catch (e) {
      if (!(e instanceof Cancelled) && opts.keepGoing?.(e)) failed.set(refKey(ref), e)
      else throw e
    }
  }
  const result = (): ReadAllResult => ({
    values,
    failures: distinct.filter((r) => failed.has(refKey(r))).map((ref) => ({ ref, error: failed.get(refKey(ref)) }))
  })
  const [first, ...rest] = distinct
  if (!first) return result()
  await take(first)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (!failure && next < rest.length) {
      const ref = rest[next++] as SecretRef
      try {
        await take(ref)
      } catch (e) {
        if (e instanceof Cancelled) return
        if (!failure) failure = { error: e }
        cancel.abort()
        return
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(maxInFlight, rest.length) }, worker))
  if (failure) throw failure.error
  return result()
}
