/**
 * The outage, retry and failover policy in time, with the contract's own limits (attempts of
 * 10 s, pauses of 0.25 s and 0.5 s × 2ⁿ, timeout-seconds 60) on a fake clock: outages of seconds
 * run in milliseconds. The client follows the plan over a fake transport whose answers depend on
 * the fake time. What an operator sees (the error, the warning, the marker's attempts and
 * request count) is asserted here; the end-to-end tests keep a few cases in real time.
 */
import { ActionError } from '../../src/errors.js'
import { InfisicalClient } from '../../src/infisical/client.js'
import { Deadline, type Clock } from '../../src/infisical/deadline.js'
import type { HttpAnswer } from '../../src/infisical/answer-body.js'
import type { HttpRequest, Transport } from '../../src/infisical/transport.js'
import { CLIENT_BASE, SECRET_ANSWER as SECRET, jsonAnswer as json } from './http-answers.js'

const A = 'https://a.example'
const B = 'https://b.example'

/** A clock that moves only when told: by a pause, or by an attempt's own duration. */
class FakeClock implements Clock {
  readonly start = Date.parse('2026-05-14T07:44:05Z')
  t = this.start
  now(): number {
    return this.t
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason
    this.t += ms
  }
  get elapsed(): number {
    return this.t - this.start
  }
}

type Outcome = HttpAnswer | { throw: string }
/** What a URL does at `elapsed` ms into the run, on its `n`th request (from 0). */
type Behaviour = (elapsed: number, n: number) => Outcome

/** Each attempt takes 5 ms of fake time. */
function fakeTransport(clock: FakeClock, urls: Record<string, Behaviour>) {
  const sent: { url: string; at: number; status: number | string }[] = []
  const transport: Transport = {
    proxyOf: () => undefined,
    destroy: () => undefined,
    async send(req: HttpRequest): Promise<HttpAnswer> {
      const url = new URL(req.url).origin
      const behaviour = urls[url] ?? (() => ({ throw: 'ECONNREFUSED' }))
      const out = behaviour(clock.elapsed, sent.filter((s) => s.url === url).length)
      sent.push({ url, at: clock.t, status: 'throw' in out ? out.throw : out.status })
      clock.t += 5
      if ('throw' in out) throw Object.assign(new Error(out.throw), { code: out.throw })
      return out
    }
  }
  return { transport, sent }
}

const REFUSED = { throw: 'ECONNREFUSED' }
const status = (code: number): HttpAnswer =>
  json(code, { statusCode: code, error: code === 503 ? 'Service Unavailable' : 'InternalServerError', message: 'down' })
const HTML_502: HttpAnswer = {
  status: 502,
  headers: { 'content-type': 'text/html' },
  body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'
}

/** A client with the contract's limits and defaults (retries 2, timeout-seconds 60) on the fake clock. */
function setup(urls: Record<string, Behaviour>, opts: { retries?: number; timeoutMs?: number } = {}) {
  const clock = new FakeClock()
  const { transport, sent } = fakeTransport(clock, urls)
  const warnings: string[] = []
  const deadline = new Deadline(opts.timeoutMs ?? 60_000, clock)
  const client = new InfisicalClient({
    urls: Object.keys(urls),
    retries: opts.retries ?? 2,
    deadline,
    transport,
    ...CLIENT_BASE,
    onFailover: (t) => warnings.push(t)
  })
  const read = async (): Promise<unknown> => {
    try {
      return await client.readSecret('tok', '/', 'X')
    } catch (e) {
      return e
    } finally {
      deadline.dispose()
    }
  }
  return { clock, client, sent, warnings, read }
}

describe('Infisical restarting', () => {
  test('connections refused for 20 s, then answered: success with the default inputs, one request spent, no warning', async () => {
    const { clock, client, sent, warnings, read } = setup({ [A]: (t) => (t < 20_000 ? REFUSED : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    expect(clock.elapsed).toBeGreaterThanOrEqual(20_000)
    expect(clock.elapsed).toBeLessThan(30_000)
    expect(client.requests).toBe(1)
    expect(client.endpoint).toBe(A)
    expect(client.attempts()).toEqual([{ endpoint: A, outcome: 'ok', count: sent.length }])
    expect(sent.length).toBeGreaterThan(1)
    expect(warnings).toEqual([])
  })

  test('two URLs both refusing, the second back after 2 s: success from it, a warning naming the first, both in attempts', async () => {
    const { client, warnings, read } = setup({ [A]: () => REFUSED, [B]: (t) => (t < 2_000 ? REFUSED : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    expect(client.endpoint).toBe(B)
    expect(client.requests).toBe(1)
    const attempts = client.attempts()
    expect(attempts.map((a) => [a.endpoint, a.outcome])).toEqual([
      [A, 'network'],
      [B, 'ok']
    ])
    expect(attempts[0]?.count).toBeGreaterThan(1)
    const [warning, ...others] = warnings
    expect(others).toEqual([])
    expect(warning).toMatch(
      new RegExp(
        `^Infisical at ${A} failed \\(connection refused ×\\d+\\); ${B} answered instead\\. Check ${A}, or remove it from infisical-url: every run spends time on it$`
      )
    )
  })

  test("a reverse proxy's HTML 502 for 2 s, then Infisical behind it: success", async () => {
    const { client, sent, read } = setup({ [A]: (t) => (t < 2_000 ? HTML_502 : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    expect(sent.filter((s) => s.status === 502).length).toBeGreaterThan(0)
    expect(sent.filter((s) => s.status === 200)).toHaveLength(1)
    expect(client.attempts()).toEqual([{ endpoint: A, outcome: 'ok', count: sent.length }])
  })
})

describe('retries of the same URL', () => {
  test('503 twice, then the answer: success after 3 requests', async () => {
    const { client, sent, read } = setup({ [A]: (_t, n) => (n < 2 ? status(503) : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    expect(sent).toHaveLength(3)
    expect(client.requests).toBe(3)
  })

  test('500 three times: server-error after exactly 3 requests (1 + retries)', async () => {
    const { client, sent, read } = setup({ [A]: (_t, n) => (n < 3 ? status(500) : SECRET) })
    const e = (await read()) as ActionError
    expect(e).toBeInstanceOf(ActionError)
    expect(e.errorClass).toBe('server-error')
    expect(sent).toHaveLength(3)
    expect(client.requests).toBe(3)
    expect(client.attempts()).toEqual([{ endpoint: A, outcome: 'server-error', count: 3 }])
  })

  test('429 with retry-after: 1, then the answer: the retry waits for it', async () => {
    const limited = json(
      429,
      { statusCode: 429, error: 'RateLimitExceeded', message: 'Rate limit exceeded' },
      { 'retry-after': '1' }
    )
    const { client, sent, read } = setup({ [A]: (_t, n) => (n < 1 ? limited : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    const [first, second] = sent
    expect(sent).toHaveLength(2)
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000)
    expect(client.attempts()).toEqual([{ endpoint: A, outcome: 'ok', count: 2 }])
    expect(client.requests).toBe(2)
  })

  test('a reset connection is retried on the next round', async () => {
    const { sent, read } = setup({ [A]: (_t, n) => (n < 1 ? { throw: 'ECONNRESET' } : SECRET) })
    await expect(read()).resolves.toEqual({ value: 'v', version: 2 })
    expect(sent.map((s) => s.status)).toEqual(['ECONNRESET', 200])
  })
})

describe('the deadline', () => {
  test('every URL refused: the list is tried again and again, whatever retries says, until the deadline; then network', async () => {
    const { clock, sent, read } = setup({ [A]: () => REFUSED, [B]: () => REFUSED }, { retries: 0, timeoutMs: 2_000 })
    const e = (await read()) as ActionError
    expect(e).toBeInstanceOf(ActionError)
    expect(e.errorClass).toBe('network')
    expect(e.message).toMatch(new RegExp(`${A}: connection refused ×\\d+; ${B}: connection refused ×\\d+`))
    expect(e.message).toContain('every URL unavailable; the next try of the list')
    expect(e.message).toContain('would pass timeout-seconds (2 s)')
    expect(sent.filter((s) => s.url === A).length).toBeGreaterThan(1)
    expect(clock.elapsed).toBeLessThan(2_000)
  })

  test('an outage longer than timeout-seconds: the run gives up before the deadline, never after it', async () => {
    const { clock, sent, read } = setup({ [A]: () => REFUSED })
    const e = (await read()) as ActionError
    expect(e.errorClass).toBe('network')
    expect(e.message).toContain('would pass timeout-seconds (60 s)')
    expect(clock.elapsed).toBeLessThanOrEqual(60_000)
    // rounds of 0.5 s × 2ⁿ up to 5 s: about 15 of them in a minute
    expect(sent.length).toBeGreaterThan(10)
  })
})
