/**
 * Outages (contract 1.2) through the harness running dist/: an Infisical restarting (refusing
 * connections, or a proxy's 502 / Infisical's 503 for a while) does not fail the run with the
 * default inputs; a Retry-After past the deadline fails at once as rate-limited, saying when; a
 * URL that failed before another answered is named in a warning and in the marker's attempts.
 * Outcomes and counts are asserted, never durations; outages last a few seconds here.
 */
import { HtmlProxy } from '../../testkit/html-proxy.js'
import { startLateEndpoint, type LateEndpoint } from '../../testkit/late-endpoint.js'
import { startRefusingUrl } from '../../testkit/infisical-server.js'
import { BOT_TOKEN, cleanup, exported, fetchStep, job, markerOf, startPlatform, step } from './platform.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await cleanup()
})

async function late(targetPort: number, afterMs: number): Promise<LateEndpoint> {
  const endpoint = await startLateEndpoint(targetPort, afterMs)
  closers.push(() => endpoint.close())
  return endpoint
}

function warnings(result: Awaited<ReturnType<typeof job>>): string[] {
  return step(result, 'infisical')
    .annotations.filter((a) => a.level === 'warning')
    .map((a) => a.message)
}

describe('Infisical restarting', () => {
  test('connections refused for 3 s, then answered: success with the default inputs, no warning (the same URL answered)', async () => {
    const p = await startPlatform()
    const restarting = await late(p.server.port, 3_000)
    const result = await job({
      steps: [fetchStep(p, { 'infisical-url': restarting.url }), { name: 'next', run: 'true' }]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    const marker = markerOf(result)
    expect(marker).toMatchObject({ status: 'ok', endpoint: restarting.url, requests: 1 })
    expect(marker.attempts).toHaveLength(1)
    expect(marker.attempts[0]).toMatchObject({ endpoint: restarting.url, outcome: 'ok' })
    expect(marker.attempts[0].count).toBeGreaterThan(1)
    expect(warnings(result)).toEqual([])
  })

  test('the test server itself restarting (2026 profile): connections refused for 20 s, then answered: success with the default inputs', async () => {
    const p = await startPlatform({ profile: '2026' })
    await p.server.restart({ mode: 'refuse', ms: 20_000 })
    const result = await job({ steps: [fetchStep(p), { name: 'next', run: 'true' }] })
    expect(result.success).toBe(true)
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 1 })
  })

  test('two URLs both refusing, the second back after 2 s: success from it, a warning naming the first, both in attempts', async () => {
    const p = await startPlatform()
    const down = await startRefusingUrl()
    const back = await late(p.server.port, 2_000)
    const result = await job({ steps: [fetchStep(p, { 'infisical-url': `${down}\n${back.url}` })] })
    expect(result.success).toBe(true)
    const marker = markerOf(result)
    expect(marker).toMatchObject({ source: 'infisical-token-auth', endpoint: back.url, requests: 1 })
    expect(marker.attempts.map((a: { endpoint: string; outcome: string }) => [a.endpoint, a.outcome])).toEqual([
      [down, 'network'],
      [back.url, 'ok']
    ])
    expect(marker.attempts[0].count).toBeGreaterThan(1)
    const [warning, ...others] = warnings(result)
    expect(others).toEqual([])
    expect(warning).toMatch(
      new RegExp(`^Infisical at ${down} failed \\(connection refused ×\\d+\\); ${back.url} answered instead`)
    )
  })

  test('503 three times, then the answer: success with the default inputs (retries: 2 does not limit an outage)', async () => {
    const p = await startPlatform()
    p.server.inject({ kind: 'status', status: 503, times: 3 })
    const result = await job({ steps: [fetchStep(p)] })
    expect(result.success).toBe(true)
    expect(p.server.count()).toBe(4)
    expect(markerOf(result)).toMatchObject({
      status: 'ok',
      requests: 4,
      attempts: [{ endpoint: p.server.url, outcome: 'ok', count: 4 }]
    })
  })

  test("a reverse proxy's HTML 502 for 2 s, then Infisical behind it: success", async () => {
    const p = await startPlatform()
    const proxy = await HtmlProxy.start({ target: p.server.url, status: 502 })
    closers.push(() => proxy.close())
    const timer = setTimeout(() => {
      proxy.blocked = false
    }, 2_000)
    closers.push(async () => clearTimeout(timer))
    const result = await job({ steps: [fetchStep(p, { 'infisical-url': proxy.url })] })
    expect(result.success).toBe(true)
    expect(proxy.requests.filter((r) => !r.forwarded).length).toBeGreaterThan(0)
    expect(p.server.count()).toBe(1)
    expect(markerOf(result)).toMatchObject({ endpoint: proxy.url, attempts: [{ endpoint: proxy.url, outcome: 'ok' }] })
  })

  test('a failover after a 502: the warning says HTTP 502', async () => {
    const p = await startPlatform()
    const proxy = await HtmlProxy.start({ target: await startRefusingUrl(), status: 502 })
    closers.push(() => proxy.close())
    const result = await job({ steps: [fetchStep(p, { 'infisical-url': `${proxy.url}\n${p.server.url}` })] })
    expect(result.success).toBe(true)
    expect(warnings(result)).toEqual([
      `Infisical at ${proxy.url} failed (HTTP 502); ${p.server.url} answered instead. Check ${proxy.url}, or remove it from infisical-url: every run spends time on it`
    ])
    expect(markerOf(result).attempts).toEqual([
      { endpoint: proxy.url, outcome: 'server-error', count: 1 },
      { endpoint: p.server.url, outcome: 'ok', count: 1 }
    ])
  })
})

describe('rate limits', () => {
  test('a Retry-After past the deadline: rate-limited at once, after one request, saying when Infisical accepts requests again (UTC)', async () => {
    const p = await startPlatform()
    p.server.inject({ kind: 'rate-limit', retryAfter: 50, times: 5 })
    const before = Date.now()
    const result = await job({ steps: [fetchStep(p, { 'timeout-seconds': '20' })] })
    const after = Date.now()
    const s = step(result, 'infisical')
    expect(s.outcome).toBe('failure')
    expect(s.outputs['error-class']).toBe('rate-limited')
    expect(p.server.count()).toBe(1)
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
    const message = s.annotations.find((a) => a.level === 'error')?.message ?? ''
    const at =
      /Infisical accepts requests again at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \(in 50 s\), after timeout-seconds \(20 s\) ends/.exec(
        message
      )
    expect(at).not.toBeNull()
    const when = Date.parse(`${at?.[1]}Z`)
    expect(when).toBeGreaterThanOrEqual(Math.floor((before + 50_000) / 1000) * 1000)
    expect(when).toBeLessThanOrEqual(after + 50_000)
    expect(markerOf(result)).toMatchObject({
      status: 'failed',
      requests: 1,
      error: { class: 'rate-limited', status: 429 },
      attempts: [{ endpoint: p.server.url, outcome: 'rate-limited', count: 1 }]
    })
  })

  test('a Retry-After that fits: waited for, then the answer', async () => {
    const p = await startPlatform()
    p.server.inject({ kind: 'rate-limit', retryAfter: 1 })
    const result = await job({ steps: [fetchStep(p)] })
    expect(result.success).toBe(true)
    expect(markerOf(result)).toMatchObject({
      requests: 2,
      attempts: [{ endpoint: p.server.url, outcome: 'ok', count: 2 }]
    })
  })
})
