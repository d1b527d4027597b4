/**
 * Failover across the URLs of infisical-url, as pure decisions: the order to try them in, what the
 * marker and the messages say about the attempts, and which URL a warning names when another
 * answered instead. The order of attempts within one request is retry-policy.ts's FailoverPlan.
 */
import type { ErrorClass } from '../errors.js'

/** The marker's `attempts` entry: one per endpoint tried. */
export interface EndpointAttempts {
  endpoint: string
  /** `ok`, or the class of the last failed attempt of that endpoint. */
  outcome: 'ok' | ErrorClass
  count: number
}

/** The URLs in the order to try: the one that answered last first; none that broke. */
export function endpointOrder(urls: string[], preferred: string | undefined, dead: ReadonlySet<string>): string[] {
  const alive = urls.filter((u) => !dead.has(u))
  return preferred && !dead.has(preferred) ? [preferred, ...alive.filter((u) => u !== preferred)] : alive
}

/** Each distinct item with its count, in order: `a ×2; b`. */
export function counted(items: string[]): string {
  const counts = new Map<string, number>()
  for (const t of items) counts.set(t, (counts.get(t) ?? 0) + 1)
  return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join('; ')
}

/** "3 attempts" for one outcome of one URL; else each distinct outcome with its count, in order. */
export function attemptSummary(tried: string[]): string {
  if (new Set(tried).size === 1) return `${tried.length} attempts`
  return `${tried.length} attempts: ${counted(tried)}`
}

/** The attempt record after one more attempt of `endpoint`; `outcome` is `ok` or the class it failed with. */
export function noteAttempt(
  record: ReadonlyMap<string, EndpointAttempts>,
  endpoint: string,
  outcome: 'ok' | ErrorClass
): EndpointAttempts {
  const entry = record.get(endpoint)
  return { endpoint, outcome, count: (entry?.count ?? 0) + 1 }
}

/**
 * `answered` answered after the URLs of `failed` (each with what went wrong) failed in the same
 * request: one warning for each failed URL not yet `warned` about.
 */
export function failoverWarnings(
  failed: ReadonlyMap<string, string[]>,
  answered: string,
  warned: ReadonlySet<string>
): { endpoint: string; text: string }[] {
  return [...failed]
    .filter(([endpoint]) => endpoint !== answered && !warned.has(endpoint))
    .map(([endpoint, whats]) => ({
      endpoint,
      text: `Infisical at ${endpoint} failed (${counted(whats)}); ${answered} answered instead. Check ${endpoint}, or remove it from infisical-url: every run spends time on it`
    }))
}
