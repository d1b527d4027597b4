/**
 * 20 runs of the bundle at once against a server whose rate limit is the real one: a 60-second
 * window per client IP over the secret routes (docs/infisical-api.md §6; testkit WindowLimiter),
 * here 12 reads a window. Exactly 12 runs export their secret; the other 8 get the 429, whose
 * Retry-After (the rest of the window) lies past their timeout-seconds, so each ends at once as
 * rate-limited after its one request, exporting nothing. No run hangs or waits out the window.
 */
import { BOT_TOKEN, cleanup, expectNoLeak, fetchStep, job, markerOf, startPlatform, step } from './platform.js'

afterEach(cleanup)

const RUNS = 20
const LIMIT = 12

test(`${RUNS} concurrent runs against a limit of ${LIMIT} reads a minute: ${LIMIT} export, the rest are rate-limited at once`, async () => {
  const p = await startPlatform({ rateLimits: { secret: LIMIT } })
  const runs = await Promise.all(
    Array.from({ length: RUNS }, () =>
      job({
        runPost: false,
        timeoutMs: 60_000,
        // shorter than what is left of the window when a run is refused (over 40 s), so the 429
        // ends the run at once rather than after a wait
        steps: [fetchStep(p, { 'timeout-seconds': '20' }), { name: 'next', if: 'always()', run: 'true' }]
      })
    )
  )
  const outcomes = runs.map((r) => {
    const s = step(r, 'infisical')
    const got = step(r, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN
    expectNoLeak(r, [BOT_TOKEN, p.token])
    if (s.outcome === 'success') {
      expect(got).toBe(BOT_TOKEN)
      expect(markerOf(r)).toMatchObject({ status: 'ok', requests: 1 })
      return 'exported'
    }
    expect(s.exitCode).toBe(1)
    expect(s.outputs['error-class']).toBe('rate-limited')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('Infisical accepts requests again at')
    expect(got).toBeUndefined()
    expect(markerOf(r)).toMatchObject({ status: 'failed', requests: 1, error: { class: 'rate-limited', status: 429 } })
    return 'rate-limited'
  })
  expect(outcomes.filter((o) => o === 'exported')).toHaveLength(LIMIT)
  expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(RUNS - LIMIT)
  expect(p.server.count()).toBe(RUNS)
}, 180_000)
