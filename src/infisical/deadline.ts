/** The time and the pauses, from one source: the real clock, or a test's fake one. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

const REAL_CLOCK: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) }

/**
 * The run's deadline (`timeout-seconds`): one abort signal for everything the run waits on.
 * Its timer never keeps the process alive.
 */
export class Deadline {
  readonly signal: AbortSignal
  readonly endsAt: number
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout

  /**
   * `clock` tells the time and makes the pauses (a test gives a fake one, to run the policy
   * without waiting); the abort timer runs on real time.
   */
  constructor(
    readonly limitMs: number,
    private readonly clock: Clock = REAL_CLOCK
  ) {
    this.endsAt = clock.now() + limitMs
    this.signal = this.controller.signal
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(limitMs)), limitMs)
    this.timer.unref()
  }

  /** The time now, by the deadline's clock. */
  now(): number {
    return this.clock.now()
  }

  /** A pause of `ms` by the deadline's clock; rejects as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return this.clock.sleep(ms, signal)
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now())
  }

  get passed(): boolean {
    return this.signal.aborted
  }

  dispose(): void {
    clearTimeout(this.timer)
  }
}

export class DeadlineExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`the run deadline of ${limitMs / 1000} s passed`)
    this.name = 'DeadlineExceeded'
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
