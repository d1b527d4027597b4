/**
 * Outages (contract 1.2) through the harness running dist/: an Infisical restarting (refusing
 * connections, or a proxy's 502 / Infisical's 503 for a while) does not fail the run with the
 * default inputs; a Retry-After past the deadline fails at once as rate-limited, saying when; a
 * URL that failed before another answered is named in a warning and in the marker's attempts.
 * Outcomes and counts are asserted, never durations; outages last a few seconds here. Only the
 * cases that need a real server in real time are here; the policy's timing (a 20 s restart, 503s
 * and 502s for a while, a second URL coming back, a Retry-After that fits) is in
 * unit/failover-timing.test.ts, on a fake clock.
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
})
