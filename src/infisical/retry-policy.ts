/**
 * The timing rules of the contract, as pure functions: back-off between retries of one URL, and
 * the time an attempt may take under the run's deadline.
 */

/** Every attempt has its own limit, and never more than the run has left. */
export const ATTEMPT_LIMIT_MS = 10_000

/** 250 ms × 2ⁿ, ±20 % jitter; n = 0 for the first retry. `random` in [0, 1). */
export function backoffMs(retry: number, random: number): number {
  const base = 250 * 2 ** retry
  return Math.round(base * (0.8 + 0.4 * random))
}

/** The pause before retrying the same URL: what the server asked for, else the back-off. */
export function pauseMs(retry: number, retryAfter: number | undefined, random: number): number {
  return retryAfter !== undefined ? retryAfter : backoffMs(retry, random)
}

export function attemptLimitMs(remainingMs: number): number {
  return Math.max(1, Math.min(ATTEMPT_LIMIT_MS, remainingMs))
}
