/**
 * The contract's Outages, Retries, Failover and Time rules as pure code: what a failed attempt
 * means, which URL to try next and after what pause, and when to give up. No clock, no I/O: the
 * client tells the plan what happened and how much time is left, and does what it answers.
 * The limits and the random source are injected, so that tests run the same rules in milliseconds.
 */
import { ActionError, type ErrorClass } from '../errors.js'

export interface RetryLimits {
  /** Each attempt's own limit (never more than the run has left). */
  attemptMs: number
  /** Pause before the first retry of the same URL after 429 or 5xx: base × 2ⁿ, ±20 %. */
  retryBaseMs: number
  /** Pause before the list is tried again when every URL was unavailable: base × 2ⁿ, ±20 %, at most `roundMaxMs`. */
  roundBaseMs: number
  roundMaxMs: number
}

export const LIMITS: Readonly<RetryLimits> = {
  attemptMs: 10_000,
  retryBaseMs: 250,
  roundBaseMs: 500,
  roundMaxMs: 5_000
}

/** Every attempt has its own limit, and never more than the run has left. */
export const ATTEMPT_LIMIT_MS = LIMITS.attemptMs

/** ±20 % around `base`; `random` in [0, 1). */
function jitter(base: number, random: number): number {
  return Math.round(base * (0.8 + 0.4 * random))
}

/** 250 ms × 2ⁿ, ±20 % jitter; n = 0 for the first retry. `random` in [0, 1). */
export function backoffMs(retry: number, random: number, limits: RetryLimits = LIMITS): number {
  return jitter(limits.retryBaseMs * 2 ** retry, random)
}

/** The pause before retrying the same URL: what the server asked for, else the back-off. */
export function pauseMs(
  retry: number,
  retryAfter: number | undefined,
  random: number,
  limits: RetryLimits = LIMITS
): number {
  return retryAfter !== undefined ? retryAfter : backoffMs(retry, random, limits)
}

/** 0.5 s × 2ⁿ, ±20 %, at most 5 s; n = 0 before the second round. */
export function roundPauseMs(round: number, random: number, limits: RetryLimits = LIMITS): number {
  return Math.min(limits.roundMaxMs, jitter(limits.roundBaseMs * 2 ** Math.min(round, 30), random))
}

export function attemptLimitMs(remainingMs: number, limits: RetryLimits = LIMITS): number {
  return Math.max(1, Math.min(limits.attemptMs, remainingMs))
}

/**
 * What a failed attempt means for the next one:
 * - `unavailable`: it never reached Infisical (refused, reset, DNS, the attempt's own limit) or
 *   something in front of it answered 502, 503 or 504: the next URL at once, the list again later,
 *   until the deadline, whatever `retries` says;
 * - `busy`: 429 or another 5xx from Infisical (a token use spent): the same URL after a pause, up
 *   to `retries` times, then the next URL;
 * - `broken`: TLS, or not Infisical's answer (a proxy): the next URL at once, never this one again;
 * - `final`: an answer about the identity or the secret: the same everywhere, the run ends.
 */
export type FailureKind = 'unavailable' | 'busy' | 'broken' | 'final'

/** A thrown transport failure (no answer): by its class. */
export function transportFailureKind(cls: ErrorClass): FailureKind {
  return cls === 'tls' || cls === 'proxy-blocked' ? 'broken' : 'unavailable'
}

/** An answer that was not a success: by its status and the retry rule its interpretation gave. */
export function answerFailureKind(status: number, retry: 'same' | 'next' | 'never'): FailureKind {
  if (status === 502 || status === 503 || status === 504) return 'unavailable'
  if (retry === 'same') return 'busy'
  if (retry === 'next') return 'broken'
  return 'final'
}

export type Step =
  | { kind: 'try'; endpoint: string }
  /** Pause `ms`, then try `endpoint`. */
  | { kind: 'wait'; ms: number; endpoint: string; why: 'retry' | 'round' }
  /**
   * - `exhausted`: every URL is broken or out of retries;
   * - `deadline`: the next pause (`ms`) would end after the deadline;
   * - `retry-after`: the server asked for a pause (`ms`) that ends after the deadline.
   */
  | { kind: 'give-up'; reason: 'exhausted' | 'deadline' | 'retry-after'; ms?: number; why?: 'retry' | 'round' }

/** A pause must leave the attempt after it this much of the run (1 s, or the attempt limit if less). */
export function roomAfterPause(limits: RetryLimits = LIMITS): number {
  return Math.min(limits.attemptMs, 1_000)
}

/**
 * The order of attempts for one request. `urls` in the order to try (the one that answered last
 * first); `random` in [0, 1).
 */
export class FailoverPlan {
  private index = 0
  private round = 0
  private readonly out = new Set<string>()
  private readonly retried = new Map<string, number>()

  constructor(
    private readonly urls: string[],
    private readonly retries: number,
    private readonly random: () => number = Math.random,
    private readonly limits: RetryLimits = LIMITS
  ) {
    if (urls.length === 0) throw new Error('FailoverPlan: no URL')
  }

  first(): Step {
    return { kind: 'try', endpoint: this.urls[0] as string }
  }

  /** After `endpoint` failed as `kind` (not `final`), with `remainingMs` left of the run. */
  after(endpoint: string, kind: Exclude<FailureKind, 'final'>, remainingMs: number, retryAfterMs?: number): Step {
    if (kind === 'busy') {
      if (retryAfterMs !== undefined && retryAfterMs >= remainingMs)
        return { kind: 'give-up', reason: 'retry-after', ms: retryAfterMs }
      const retry = this.retried.get(endpoint) ?? 0
      if (retry < this.retries) {
        const ms = pauseMs(retry, retryAfterMs, this.random(), this.limits)
        if (ms + roomAfterPause(this.limits) > remainingMs)
          return { kind: 'give-up', reason: 'deadline', ms, why: 'retry' }
        this.retried.set(endpoint, retry + 1)
        return { kind: 'wait', ms, endpoint, why: 'retry' }
      }
      this.out.add(endpoint)
    } else if (kind === 'broken') {
      this.out.add(endpoint)
    }
    return this.moveOn(remainingMs)
  }

  /** The next URL of this round at once; else the list again after a pause, while one is left. */
  private moveOn(remainingMs: number): Step {
    for (let i = this.index + 1; i < this.urls.length; i++) {
      const url = this.urls[i] as string
      if (!this.out.has(url)) {
        this.index = i
        return { kind: 'try', endpoint: url }
      }
    }
    const left = this.urls.findIndex((u) => !this.out.has(u))
    if (left < 0) return { kind: 'give-up', reason: 'exhausted' }
    const ms = roundPauseMs(this.round, this.random(), this.limits)
    if (ms + roomAfterPause(this.limits) > remainingMs) return { kind: 'give-up', reason: 'deadline', ms, why: 'round' }
    this.round++
    this.index = left
    return { kind: 'wait', ms, endpoint: this.urls[left] as string, why: 'round' }
  }
}

/** `2026-05-14 07:44:05 UTC` */
export function utcTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** Seconds, at most one decimal: `2`, `0.5`. */
function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}

/**
 * The error a plan's give-up ends the request with: the last failure, its class kept, told why no
 * further attempt is made. `now` is the clock when it gave up.
 */
export function giveUpError(
  last: ActionError,
  step: Extract<Step, { kind: 'give-up' }>,
  summary: string | undefined,
  timeoutMs: number,
  now: number
): ActionError {
  const tried = summary ? ` (${summary})` : ''
  if (step.reason === 'retry-after') {
    const at = now + (step.ms ?? 0)
    return new ActionError(
      last.errorClass,
      `${last.what}${tried}; Infisical accepts requests again at ${utcTime(at)} (in ${seconds(step.ms ?? 0)} s), after timeout-seconds (${seconds(timeoutMs)} s) ends`,
      {
        ...last.details,
        fix: `run the job again after ${utcTime(at)}; if this happens often, fewer jobs at once behind one address, or a higher rate limit on the Infisical server`
      }
    )
  }
  if (step.reason === 'deadline') {
    const next = step.why === 'round' ? 'every URL unavailable; the next try of the list' : 'the next retry'
    return new ActionError(
      last.errorClass,
      `${last.what}${tried}; ${next}, in ${seconds(step.ms ?? 0)} s, would pass timeout-seconds (${seconds(timeoutMs)} s)`,
      last.details
    )
  }
  return summary ? new ActionError(last.errorClass, `${last.what}${tried}`, last.details) : last
}

/** Limits for tests, from the environment: only under NODE_ENV=test (see README of the tests). */
export const TEST_LIMITS_VARIABLE = 'INFISICAL_ACTION_TEST_LIMITS'

/**
 * `INFISICAL_ACTION_TEST_LIMITS` (JSON, e.g. `{"attemptMs":300}`), read only when `NODE_ENV` is
 * `test`: the end-to-end tests run the bundle in a child process and cannot inject options.
 * Both keys are needed, so no runner applies it by accident; undefined otherwise.
 */
export function testLimits(env: NodeJS.ProcessEnv): RetryLimits | undefined {
  const text = env[TEST_LIMITS_VARIABLE]
  if (env.NODE_ENV !== 'test' || text === undefined || text === '') return undefined
  let given: unknown
  try {
    given = JSON.parse(text)
  } catch {
    given = undefined
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error(`${TEST_LIMITS_VARIABLE} is not a JSON object`)
  const limits: RetryLimits = { ...LIMITS }
  for (const [key, value] of Object.entries(given)) {
    if (!(key in LIMITS)) throw new Error(`${TEST_LIMITS_VARIABLE}: unknown key ${key}`)
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw new Error(`${TEST_LIMITS_VARIABLE}: ${key} must be a positive integer`)
    limits[key as keyof RetryLimits] = value
  }
  return limits
}
