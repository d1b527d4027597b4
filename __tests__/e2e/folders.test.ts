/**
 * Issue 9, point 2: reads by folder. A folder holding two or more mapped names is read with one
 * list request; a name missing from the list, and every name of a refused list, alone; values
 * read but not mapped are dropped at once and appear nowhere.
 */
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step,
  type Platform
} from './platform.js'

let p: Platform
afterEach(() => cleanup())

const UNMAPPED = 'unmapped-value-Zq81xV4kP0'

test('the 2024 profile, 40 reads a minute per IP: 50 secrets of one folder in one list request', async () => {
  p = await startPlatform({ profile: '2024' })
  const names = Array.from({ length: 50 }, (_, i) => `S${String(i).padStart(2, '0')}`)
  for (const n of names)
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: '/home-platform/bulk',
      name: n,
      value: `bulk-value-${n}-71c3`
    })
  const token = p.server.issueToken(p.identity.id, { numUsesLimit: 1 })
  const result = await job({
    steps: [
      fetchStep(p, {
        'token-file': '',
        token,
        'secret-path': '/home-platform/bulk',
        secrets: names.map((n) => `${n}=${n}`).join('\n')
      })
    ]
  })
  expect(step(result, 'infisical').outcome).toBe('success')
  expect(exported(result, names)).toEqual(names)
  // the v4 attempt meets the front end's HTML 404 (no use, no rate limit); then one v3 list
  expect(p.server.count({ route: 'v3-list-secrets' })).toBe(1)
  expect(p.server.tokenUses(token)).toBe(1)
  expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 2 })
})

test('a name missing from the list is read alone, so the error names it; unmapped values appear nowhere', async () => {
  p = await startPlatform()
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: BOT_FOLDER,
    name: 'UNMAPPED',
    value: UNMAPPED
  })
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: BOT_FOLDER,
    name: 'SECOND',
    value: 'second-value-0b7e1c'
  })
  const ok = await job({
    steps: [
      fetchStep(p, { secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nSECOND=${BOT_FOLDER}/SECOND` })
    ]
  })
  expect(step(ok, 'infisical').outcome).toBe('success')
  expect(markerOf(ok)).toMatchObject({ status: 'ok', requests: 1 })
  expect(JSON.stringify(ok.steps.map((s) => s.envSet))).not.toContain(UNMAPPED)
  expectNoLeak(ok, [UNMAPPED, BOT_TOKEN, 'second-value-0b7e1c'])

  const missing = await job({
    steps: [fetchStep(p, { secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nNOPE=${BOT_FOLDER}/NOPE` })]
  })
  const s = step(missing, 'infisical')
  expect(s.outputs['error-class']).toBe('not-found')
  expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(`${BOT_FOLDER}/NOPE`)
  expect(markerOf(missing).requests).toBe(2)
  expectNoLeak(missing, [UNMAPPED])
})

test('a list refused for one unreadable secret: each name read alone, the error names that secret', async () => {
  p = await startPlatform()
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: '/home-platform/mixed',
    name: 'READABLE',
    value: 'readable-value-4c2d9e'
  })
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: '/home-platform/mixed',
    name: 'LOCKED',
    value: 'locked-value-8a1f3b'
  })
  p.server.grantRead(p.identity.id, {
    projectId: PROJECT_ID,
    environment: 'prod',
    path: '/home-platform/mixed',
    value: 'forbidden',
    names: ['LOCKED']
  })
  const result = await job({
    steps: [
      fetchStep(p, {
        mode: 'check',
        'secret-path': '/home-platform/mixed',
        secrets: 'READABLE=READABLE\nLOCKED=LOCKED'
      })
    ]
  })
  const s = step(result, 'infisical')
  expect(s.outputs['error-class']).toBe('permission-denied')
  const message = s.annotations.find((a) => a.level === 'error')?.message ?? ''
  expect(message).toContain('1 of 2 mapped secrets could not be read: LOCKED (/home-platform/mixed/LOCKED)')
  expect(p.server.count({ route: 'v4-list-secrets' })).toBe(1)
  expect(p.server.count({ route: 'v4-get-secret' })).toBe(2)
  expectNoLeak(result, ['locked-value-8a1f3b', 'readable-value-4c2d9e'])
})
