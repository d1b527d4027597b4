/**
 * Issue 9, point 5: `mode: check` reads every mapped secret and lists every one that could not be
 * read, so that three broken grants take one run to find, not three.
 */
import {
  BOT_FOLDER,
  BOT_NAME,
  PROJECT_ID,
  cleanup,
  exported,
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

test('three broken grants (two folders without read, one missing secret) are all named in one run', async () => {
  for (const path of ['/matrix', '/dashboard']) {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path,
      name: 'KEY',
      value: `value-of-${path.slice(1)}-0123456789`
    })
  }
  const secrets = [
    `BOT=${BOT_FOLDER}/${BOT_NAME}`,
    'MATRIX=/matrix/KEY',
    'DASHBOARD=/dashboard/KEY',
    `MISSING=${BOT_FOLDER}/NOPE`
  ].join('\n')
  const result = await job({ steps: [fetchStep(p, { mode: 'check', secrets })] })
  const s = step(result, 'infisical')
  expect(s.outcome).toBe('failure')
  expect(s.outputs['error-class']).toBe('permission-denied')
  const message = s.annotations.find((a) => a.level === 'error')?.message ?? ''
  expect(message).toContain('3 of 4 mapped secrets could not be read')
  expect(message).toContain('MATRIX (/matrix/KEY): permission-denied')
  expect(message).toContain('DASHBOARD (/dashboard/KEY): permission-denied')
  expect(message).toContain(`MISSING (${BOT_FOLDER}/NOPE): not-found`)
  const marker = markerOf(result)
  expect(marker.error.failures.map((f: { env: string; class: string }) => [f.env, f.class])).toEqual([
    ['MATRIX', 'permission-denied'],
    ['DASHBOARD', 'permission-denied'],
    ['MISSING', 'not-found']
  ])
  expect(marker.requests).toBe(4)
  expect(exported(result, ['BOT', 'MATRIX', 'DASHBOARD', 'MISSING'])).toEqual([])
})

test('in fetch mode the first failure still stops the run', async () => {
  const secrets = ['MATRIX=/matrix/KEY', 'DASHBOARD=/dashboard/KEY'].join('\n')
  const result = await job({ steps: [fetchStep(p, { secrets })] })
  const s = step(result, 'infisical')
  expect(s.outcome).toBe('failure')
  expect(s.outputs['error-class']).toBe('permission-denied')
  const errors = s.annotations.filter((a) => a.level === 'error')
  expect(errors).toHaveLength(1)
  const message = errors[0]?.message ?? ''
  expect(message).toMatch(/^permission-denied: /)
  expect(message).not.toContain('mapped secrets could not be read')
  expect(markerOf(result).error.failures).toBeUndefined()
  expect(markerOf(result).requests).toBe(1)
})
