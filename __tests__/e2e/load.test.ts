/**
 * 50 runs of the bundle at once against a server limited to 20 requests a second: each run ends
 * by itself, either with its secret exported or with rate-limited and nothing exported.
 */
import { BOT_TOKEN, cleanup, fetchStep, job, markerOf, startPlatform, step } from './platform.js'

afterEach(cleanup)

test('50 concurrent runs against a rate-limited server: all or nothing, none hangs', async () => {
  const p = await startPlatform({ rateLimitPerSecond: 20 })
  const runs = await Promise.all(
    Array.from({ length: 50 }, () =>
      job({ runPost: false, timeoutMs: 60_000, steps: [fetchStep(p), { name: 'next', if: 'always()', run: 'true' }] })
    )
  )
  const outcomes = runs.map((r) => {
    const s = step(r, 'infisical')
    expect(s.exitCode === 0 || s.exitCode === 1).toBe(true)
    const got = step(r, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN
    if (s.outcome === 'success') {
      expect(got).toBe(BOT_TOKEN)
      expect(markerOf(r).status).toBe('ok')
      return 'exported'
    }
    expect(s.outputs['error-class']).toBe('rate-limited')
    expect(got).toBeUndefined()
    expect(markerOf(r)).toMatchObject({ status: 'failed', error: { class: 'rate-limited' } })
    return 'rate-limited'
  })
  expect(outcomes).toHaveLength(50)
  expect(outcomes.filter((o) => o === 'exported').length).toBeGreaterThan(0)
}, 180_000)
