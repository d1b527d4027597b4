import { checkModeError, keepsGoing } from '../../src/check-mode.js'
import { ActionError } from '../../src/errors.js'

const m = (env: string, path: string, name: string) => ({ env, path, name, line: 1 })

test('only failures about one secret keep the check going', () => {
  expect(keepsGoing(new ActionError('permission-denied', 'x'))).toBe(true)
  expect(keepsGoing(new ActionError('not-found', 'x'))).toBe(true)
  for (const c of [
    'auth-invalid',
    'token-expired',
    'ip-not-allowed',
    'not-in-project',
    'network',
    'rate-limited'
  ] as const) {
    expect(keepsGoing(new ActionError(c, 'x'))).toBe(false)
  }
  expect(keepsGoing(new Error('x'))).toBe(false)
})

test('one error listing every secret that could not be read, with the class of the first', () => {
  const mappings = [m('A', '/a', 'ONE'), m('B', '/b', 'TWO'), m('C', '/a', 'THREE'), m('D', '/a', 'ONE')]
  const denied = new ActionError('permission-denied', 'the machine identity may not read this secret', {
    endpoint: 'https://i',
    path: '/a',
    name: 'ONE',
    status: 403
  })
  const missing = new ActionError('not-found', 'Infisical has no such secret', {
    endpoint: 'https://i',
    path: '/a',
    name: 'THREE',
    status: 404
  })
  const e = checkModeError(mappings, [
    { ref: { path: '/a', name: 'ONE' }, error: denied },
    { ref: { path: '/a', name: 'THREE' }, error: missing }
  ])
  expect(e.errorClass).toBe('permission-denied')
  expect(e.what).toBe(
    '3 of 4 mapped secrets could not be read: A (/a/ONE): permission-denied, the machine identity may not read this secret (HTTP 403); C (/a/THREE): not-found, Infisical has no such secret (HTTP 404); D (/a/ONE): permission-denied, the machine identity may not read this secret (HTTP 403)'
  )
  expect(e.details.failures?.map((f) => [f.env, f.class])).toEqual([
    ['A', 'permission-denied'],
    ['C', 'not-found'],
    ['D', 'permission-denied']
  ])
  expect(e.details.fix).toContain('see the class of each')
})
