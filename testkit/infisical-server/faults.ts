/**
 * Injected faults (consumed in order by the requests they match) and the fixed-window rate limiter.
 */
export type Route =
  'v4-get-secret' | 'v3-get-secret' | 'v4-list-secrets' | 'v3-list-secrets' | 'universal-login' | 'oidc-login' | 'other'

export type Fault = { route?: Route; name?: string; times?: number } & (
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; retryAfter?: number }
  | { kind: 'html'; status: number }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
)

interface Pending {
  fault: Fault
  left: number
}

export class FaultQueue {
  private queue: Pending[] = []

  push(fault: Fault): void {
    const times = fault.times ?? 1
    if (!(times >= 1)) throw new Error(`fault.times must be at least 1, got ${times}`)
    this.queue.push({ fault, left: times })
  }

  /** The first queued fault matching this request, with one use consumed. */
  take(route: Route, name: string | undefined): Fault | undefined {
    const index = this.queue.findIndex(
      (p) =>
        (p.fault.route === undefined || p.fault.route === route) &&
        (p.fault.name === undefined || p.fault.name === name)
    )
    if (index < 0) return undefined
    const pending = this.queue[index]!
    pending.left -= 1
    if (pending.left <= 0) this.queue.splice(index, 1)
    return pending.fault
  }

  get size(): number {
    return this.queue.length
  }

  clear(): void {
    this.queue = []
  }
}

/**
 * Infisical's rate limiter (@fastify/rate-limit with a Redis store, `server/config/rateLimiter.ts`):
 * a fixed window per key (the client IP) that starts with the key's first request in it; beyond
 * `limit` requests in the window, 429 with the seconds left in it (at most the window, at least 1).
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000
  ) {
    if (!(limit >= 0) || !(windowMs > 0)) throw new Error('WindowLimiter: limit >= 0 and windowMs > 0')
  }

  hit(key: string, now: number): { allowed: boolean; remaining: number; resetSeconds: number } {
    let w = this.windows.get(key)
    if (!w || now >= w.start + this.windowMs) {
      w = { start: now, count: 0 }
      this.windows.set(key, w)
    }
    w.count += 1
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000))
    return { allowed: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), resetSeconds }
  }
}
