/**
 * The outage, retry and failover rules (contract 1.2) as pure code, and the client following them
 * over a fake transport with small limits: no real waiting, no network.
 */
import { ActionError } from '../../src/errors.js'
import {
  FailoverPlan,
  LIMITS,
  answerFailureKind,
  giveUpError,
  roundPauseMs,
  testLimits,
  transportFailureKind,
  utcTime,
  type RetryLimits,
  type Step
} from '../../src/infisical/retry-policy.js'
import { InfisicalClient } from '../../src/infisical/client.js'
import { Deadline } from '../../src/infisical/deadline.js'
import type { HttpAnswer } from '../../src/infisical/answer-body.js'
import type { HttpRequest, Transport } from '../../src/infisical/transport.js'
import { CLIENT_BASE, SECRET_ANSWER as SECRET, jsonAnswer as json } from './http-answers.js'

const A = 'https://a.example'
const B = 'https://b.example'
const half = (): number => 0.5

describe('what a failure means', () => {
  test.each([
    ['network', 'unavailable'],
    ['timeout', 'unavailable'],
    ['tls', 'broken'],
    ['proxy-blocked', 'broken']
  ] as const)('a %s failure without an answer is %s', (cls, kind) => {
    expect(transportFailureKind(cls)).toBe(kind)
  })
  test.each([
    [502, 'same', 'unavailable'],
    [503, 'same', 'unavailable'],
    [504, 'next', 'unavailable'],
    [500, 'same', 'busy'],
    [429, 'same', 'busy'],
    [403, 'next', 'broken'],
    [401, 'never', 'final'],
    [403, 'never', 'final'],
    [404, 'never', 'final'],
    [400, 'never', 'final'],
    [422, 'never', 'final']
  ] as const)('HTTP %i (%s) is %s', (status, retry, kind) => {
    expect(answerFailureKind(status, retry)).toBe(kind)
  })
})

describe('pauses', () => {
  test('the list again after 0.5 s × 2ⁿ ± 20 %, at most 5 s', () => {
    expect([0, 1, 2, 3, 4, 10, 100].map((n) => roundPauseMs(n, 0.5))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000])
    expect(roundPauseMs(0, 0)).toBe(400)
    expect(roundPauseMs(0, 0.9999)).toBe(600)
    expect(roundPauseMs(3, 0.9999)).toBe(4800)
    expect(roundPauseMs(4, 0)).toBe(5000)
  })
  test('limits are injected', () => {
    const small: RetryLimits = { attemptMs: 50, retryBaseMs: 2, roundBaseMs: 5, roundMaxMs: 20 }
    expect([0, 1, 2, 3].map((n) => roundPauseMs(n, 0.5, small))).toEqual([5, 10, 20, 20])
  })
})

/** Steps of a plan as short text, to compare sequences. */
function show(s: Step): string {
  if (s.kind === 'try') return `try ${s.endpoint}`
  if (s.kind === 'wait') return `wait ${s.ms} ${s.why} ${s.endpoint}`
  return `give-up ${s.reason}${s.ms !== undefined ? ` ${s.ms}` : ''}`
}

describe('the failover plan', () => {
  test('unavailable: the next URL at once; every URL unavailable: the list again after a growing pause, whatever retries says', () => {
    const plan = new FailoverPlan([A, B], 0, half)
    const steps = [show(plan.first())]
    for (let i = 0; i < 6; i++) {
      steps.push(show(plan.after(A, 'unavailable', 60_000)))
      steps.push(show(plan.after(B, 'unavailable', 60_000)))
    }
    expect(steps).toEqual([
      `try ${A}`,
      `try ${B}`,
      `wait 500 round ${A}`,
      `try ${B}`,
      `wait 1000 round ${A}`,
      `try ${B}`,
      `wait 2000 round ${A}`,
      `try ${B}`,
      `wait 4000 round ${A}`,
      `try ${B}`,
      `wait 5000 round ${A}`,
      `try ${B}`,
      `wait 5000 round ${A}`
    ])
  })

  test('until the deadline: a pause that would leave the next attempt less than 1 s gives up', () => {
    const plan = new FailoverPlan([A], 2, half)
    expect(show(plan.after(A, 'unavailable', 1_500))).toBe(`wait 500 round ${A}`)
    expect(show(plan.after(A, 'unavailable', 1_999))).toBe('give-up deadline 1000')
    const retry = new FailoverPlan([A], 2, half)
    expect(show(retry.after(A, 'busy', 1_200))).toBe('give-up deadline 250')
  })

  test('busy: the same URL up to retries times after 250 ms × 2ⁿ, then the next URL', () => {
    const plan = new FailoverPlan([A, B], 2, half)
    expect([A, A, A, B, B, B].map((u) => show(plan.after(u, 'busy', 60_000)))).toEqual([
      `wait 250 retry ${A}`,
      `wait 500 retry ${A}`,
      `try ${B}`,
      `wait 250 retry ${B}`,
      `wait 500 retry ${B}`,
      'give-up exhausted'
    ])
  })

  test('busy with Retry-After: waits what the server named; one ending after the deadline gives up at once', () => {
    const plan = new FailoverPlan([A, B], 2, half)
    expect(show(plan.after(A, 'busy', 60_000, 3000))).toBe(`wait 3000 retry ${A}`)
    expect(show(plan.after(A, 'busy', 20_000, 45_000))).toBe('give-up retry-after 45000')
    // Even with retries spent.
    const spent = new FailoverPlan([A, B], 0, half)
    expect(show(spent.after(A, 'busy', 20_000, 45_000))).toBe('give-up retry-after 45000')
  })

  test('broken: the next URL at once, and never that URL again', () => {
    const plan = new FailoverPlan([A, B], 2, half)
    expect(show(plan.after(A, 'broken', 60_000))).toBe(`try ${B}`)
    expect(show(plan.after(B, 'unavailable', 60_000))).toBe(`wait 500 round ${B}`)
    expect(show(plan.after(B, 'unavailable', 60_000))).toBe(`wait 1000 round ${B}`)
    const both = new FailoverPlan([A, B], 2, half)
    both.after(A, 'broken', 60_000)
    expect(show(both.after(B, 'broken', 60_000))).toBe('give-up exhausted')
  })

  test('a URL out of retries is not tried again; the others still are after a pause', () => {
    const plan = new FailoverPlan([A, B], 0, half)
    expect(show(plan.after(A, 'busy', 60_000))).toBe(`try ${B}`)
    expect(show(plan.after(B, 'unavailable', 60_000))).toBe(`wait 500 round ${B}`)
  })
})

describe('giving up', () => {
  const last = new ActionError('rate-limited', 'Infisical is rate limiting this client', { endpoint: A, status: 429 })
  const now = Date.parse('2026-05-14T07:44:00.000Z')
  test('Retry-After past the deadline: rate-limited, saying when Infisical accepts requests again (UTC)', () => {
    const e = giveUpError(last, { kind: 'give-up', reason: 'retry-after', ms: 45_000 }, undefined, 30_000, now)
    expect(e.errorClass).toBe('rate-limited')
    expect(e.message).toContain(
      'Infisical accepts requests again at 2026-05-14 07:44:45 UTC (in 45 s), after timeout-seconds (30 s) ends'
    )
    expect(e.message).toContain('run the job again after 2026-05-14 07:44:45 UTC')
    expect(utcTime(now)).toBe('2026-05-14 07:44:00 UTC')
  })
  test('a retry that would pass the deadline, and every URL out: the last failure, its class kept', () => {
    const e500 = new ActionError('server-error', 'Infisical answered with a server error', { endpoint: A, status: 500 })
    expect(
      giveUpError(e500, { kind: 'give-up', reason: 'deadline', ms: 500, why: 'retry' }, undefined, 1_000, now).message
    ).toContain('Infisical answered with a server error; the next retry, in 0.5 s, would pass timeout-seconds (1 s)')
    expect(giveUpError(e500, { kind: 'give-up', reason: 'exhausted' }, undefined, 1_000, now)).toBe(e500)
    const summed = giveUpError(e500, { kind: 'give-up', reason: 'exhausted' }, '3 attempts', 1_000, now)
    expect(summed.errorClass).toBe('server-error')
    expect(summed.message).toContain('Infisical answered with a server error (3 attempts)')
  })
  test('every URL unavailable until the deadline: the last failure, its class kept', () => {
    const refused = new ActionError('network', 'connection refused', { endpoint: B })
    const e = giveUpError(
      refused,
      { kind: 'give-up', reason: 'deadline', ms: 4000, why: 'round' },
      '7 attempts',
      10_000,
      now
    )
    expect(e.errorClass).toBe('network')
    expect(e.message).toContain(
      'connection refused (7 attempts); every URL unavailable; the next try of the list, in 4 s, would pass timeout-seconds (10 s)'
    )
  })
})

describe('test limits', () => {
  const text = JSON.stringify({ attemptMs: 300, roundBaseMs: 20 })
  test('read only under NODE_ENV=test', () => {
    expect(testLimits({ INFISICAL_ACTION_TEST_LIMITS: text })).toBeUndefined()
    expect(testLimits({ NODE_ENV: 'production', INFISICAL_ACTION_TEST_LIMITS: text })).toBeUndefined()
    expect(testLimits({ NODE_ENV: 'test' })).toBeUndefined()
    expect(testLimits({ NODE_ENV: 'test', INFISICAL_ACTION_TEST_LIMITS: text })).toEqual({
      ...LIMITS,
      attemptMs: 300,
      roundBaseMs: 20
    })
  })
  test.each(['[1]', '{"attempts":1}', '{"attemptMs":0}', '{"attemptMs":"5"}', 'x'])('%s is refused', (bad) => {
    expect(() => testLimits({ NODE_ENV: 'test', INFISICAL_ACTION_TEST_LIMITS: bad })).toThrow(
      'INFISICAL_ACTION_TEST_LIMITS'
    )
  })
})

/** A transport answering from a script per URL: an answer, an error to throw, or 'hang'. */
type Scripted = HttpAnswer | { throw: string } | 'hang'
function fakeTransport(script: Record<string, Scripted[]>): Transport & { sent: string[] } {
  const sent: string[] = []
  return {
    sent,
    proxyOf: () => undefined,
    destroy: () => undefined,
    async send(req: HttpRequest): Promise<HttpAnswer> {
      const base = new URL(req.url).origin
      sent.push(base)
      const queue = script[base] ?? []
      const next = queue.length > 1 ? queue.shift() : queue[0]
      if (next === undefined) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      if (next === 'hang') {
        return new Promise((_resolve, reject) =>
          req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true })
        )
      }
      if ('throw' in next) throw Object.assign(new Error(next.throw), { code: next.throw })
      return next
    }
  }
}
const UNAVAILABLE = json(503, { statusCode: 503, error: 'Service Unavailable', message: 'restarting' })
const SMALL: RetryLimits = { attemptMs: 40, retryBaseMs: 1, roundBaseMs: 2, roundMaxMs: 8 }

function client(transport: Transport, opts: { urls?: string[]; retries?: number; timeoutMs?: number } = {}) {
  const warnings: string[] = []
  const deadline = new Deadline(opts.timeoutMs ?? 5_000)
  const c = new InfisicalClient({
    urls: opts.urls ?? [A, B],
    retries: opts.retries ?? 2,
    deadline,
    transport,
    ...CLIENT_BASE,
    limits: SMALL,
    onFailover: (t) => warnings.push(t)
  })
  return { c, warnings, deadline }
}

describe('the client follows the plan', () => {
  test('refused for a while, then answering: read, with no warning (the same URL answered)', async () => {
    const t = fakeTransport({
      [A]: [{ throw: 'ECONNREFUSED' }, { throw: 'ECONNREFUSED' }, { throw: 'ECONNRESET' }, SECRET]
    })
    const { c, warnings, deadline } = client(t, { urls: [A], retries: 0 })
    await expect(c.readSecret('tok', '/', 'X')).resolves.toEqual({ value: 'v', version: 2 })
    deadline.dispose()
    expect(t.sent).toEqual([A, A, A, A])
    expect(warnings).toEqual([])
    expect(c.attempts()).toEqual([{ endpoint: A, outcome: 'ok', count: 4 }])
  })

  test('a URL that failed before another answered: one warning naming it and how; attempts per endpoint', async () => {
    const t = fakeTransport({ [A]: [UNAVAILABLE, { throw: 'ECONNREFUSED' }], [B]: [{ throw: 'ECONNREFUSED' }, SECRET] })
    const { c, warnings, deadline } = client(t)
    await c.readSecret('tok', '/', 'X')
    await c.readSecret('tok', '/', 'Y')
    deadline.dispose()
    expect(t.sent).toEqual([A, B, A, B, B])
    expect(warnings).toEqual([
      `Infisical at ${A} failed (HTTP 503; connection refused); ${B} answered instead. Check ${A}, or remove it from infisical-url: every run spends time on it`
    ])
    expect(c.attempts()).toEqual([
      { endpoint: A, outcome: 'network', count: 2 },
      { endpoint: B, outcome: 'ok', count: 3 }
    ])
    expect(c.endpoint).toBe(B)
  })

  test('an attempt that hits its own limit is unavailable: the next URL at once', async () => {
    const t = fakeTransport({ [A]: ['hang'], [B]: [SECRET] })
    const { c, warnings, deadline } = client(t)
    await c.readSecret('tok', '/', 'X')
    deadline.dispose()
    expect(c.attempts()).toEqual([
      { endpoint: A, outcome: 'timeout', count: 1 },
      { endpoint: B, outcome: 'ok', count: 1 }
    ])
    expect(warnings[0]).toContain(`Infisical at ${A} failed (no answer within 0 s)`)
  })

  test('unavailable everywhere until the deadline: the last failure, never more than the deadline allows', async () => {
    const t = fakeTransport({})
    const { c, deadline } = client(t, { retries: 0, timeoutMs: 300 })
    const e = await c.readSecret('tok', '/', 'X').catch((x: unknown) => x)
    deadline.dispose()
    expect(e).toBeInstanceOf(ActionError)
    expect((e as ActionError).errorClass).toMatch(/^(network|timeout)$/)
    expect(t.sent.length).toBeGreaterThan(4)
  })

  test('429 with a Retry-After past the deadline: rate-limited at once, one request', async () => {
    const t = fakeTransport({
      [A]: [
        json(
          429,
          {
            statusCode: 429,
            error: 'RateLimitExceeded',
            message: 'Rate limit exceeded. Please try again in 50 seconds'
          },
          { 'retry-after': '50' }
        )
      ]
    })
    const { c, deadline } = client(t, { timeoutMs: 5_000 })
    const e = (await c.readSecret('tok', '/', 'X').catch((x: unknown) => x)) as ActionError
    deadline.dispose()
    expect(e.errorClass).toBe('rate-limited')
    expect(e.message).toMatch(/Infisical accepts requests again at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 50 s\)/)
    expect(t.sent).toEqual([A])
  })

  test('500: the same URL up to retries times, then the next URL; 403 from Infisical: never retried, never failed over', async () => {
    const err500 = json(500, { statusCode: 500, error: 'InternalServerError', message: 'boom' })
    const t = fakeTransport({
      [A]: [err500],
      [B]: [
        json(403, { statusCode: 403, error: 'PermissionDenied', message: 'You are not allowed to read on secrets' })
      ]
    })
    const { c, deadline, warnings } = client(t, { retries: 1 })
    const e = (await c.readSecret('tok', '/', 'X').catch((x: unknown) => x)) as ActionError
    deadline.dispose()
    expect(e.errorClass).toBe('permission-denied')
    expect(t.sent).toEqual([A, A, B])
    expect(warnings).toHaveLength(1)
    expect(c.attempts()).toEqual([
      { endpoint: A, outcome: 'server-error', count: 2 },
      { endpoint: B, outcome: 'permission-denied', count: 1 }
    ])
  })

  test('503 from a proxy while Infisical restarts, retries: 0: tried again until it answers', async () => {
    const t = fakeTransport({ [A]: [UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, SECRET] })
    const { c, deadline } = client(t, { urls: [A], retries: 0 })
    await expect(c.readSecret('tok', '/', 'X')).resolves.toEqual({ value: 'v', version: 2 })
    deadline.dispose()
    expect(t.sent).toEqual([A, A, A, A])
    expect(c.requests).toBe(4)
    expect(c.attempts()).toEqual([{ endpoint: A, outcome: 'ok', count: 4 }])
  })

  test('TLS on one URL: never tried again in this run', async () => {
    const t = fakeTransport({
      [A]: [{ throw: 'CERT_HAS_EXPIRED' }],
      [B]: [{ throw: 'ECONNREFUSED' }, SECRET, { throw: 'ECONNREFUSED' }, SECRET]
    })
    const { c, deadline } = client(t)
    await c.readSecret('tok', '/', 'X')
    await c.readSecret('tok', '/', 'Y')
    deadline.dispose()
    expect(t.sent).toEqual([A, B, B, B, B])
  })
})
