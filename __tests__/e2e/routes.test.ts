/**
 * Issue 9, point 1: a 2024 standalone server answers `/api/v4/...` with its front end's HTML 404
 * page (docs/infisical-api.md: until about 2025-01); the action then reads with v3 for the rest of the
 * run. An HTML 404 on v3 too is not Infisical: proxy-blocked.
 */
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  PROJECT_ID,
  cleanup,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step,
  type Platform
} from './platform.js'

let p: Platform
beforeEach(async () => {
  p = await startPlatform()
})
afterEach(() => cleanup())

test('the 2024 standalone profile (HTML 404 for /api/v4): v3 for every read of the run, lists included', async () => {
  await p.server.close()
  p = await startPlatform({ profile: '2024' })
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: BOT_FOLDER,
    name: 'SECOND',
    value: 'second-value-7f3a9c'
  })
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: '/home-platform/matrix',
    name: 'KEY',
    value: 'matrix-key-value-5e1d'
  })
  const secrets = `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nSECOND=${BOT_FOLDER}/SECOND\nMATRIX=/home-platform/matrix/KEY`
  const result = await job({
    steps: [
      fetchStep(p, { secrets }),
      { name: 'Use', run: 'test "$PLATFORMCTL_FORGEJO_TOKEN" = "$EXPECTED"', env: { EXPECTED: BOT_TOKEN } }
    ]
  })
  expect(step(result, 'infisical').outcome).toBe('success')
  expect(step(result, 'Use').outcome).toBe('success')
  // the bot's folder: v4 list (HTML 404), then v3 list; the matrix folder: v3 at once
  expect(p.server.count({ route: 'v3-list-secrets' })).toBe(1)
  expect(p.server.count({ route: 'v3-get-secret' })).toBe(1)
  expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 3 })
})

test('an HTML 404 on the single-secret v4 route: v3 for it', async () => {
  p.server.inject({ route: 'v4-get-secret', kind: 'html', status: 404 })
  const result = await job({ steps: [fetchStep(p)] })
  expect(step(result, 'infisical').outcome).toBe('success')
  expect(p.server.count({ route: 'v3-get-secret' })).toBe(1)
  expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 2 })
})

test('an HTML 404 on both routes is not Infisical: proxy-blocked, nothing read', async () => {
  p.server.inject({ kind: 'html', status: 404, times: 20 })
  const result = await job({ steps: [fetchStep(p, { retries: '0', 'timeout-seconds': '5' })] })
  expect(step(result, 'infisical').outputs['error-class']).toBe('proxy-blocked')
})
