import { checkToken, cleanToken, readTokenClaims } from '../../src/token-claims.js'
import { ActionError } from '../../src/errors.js'

const jwt = (payload: object): string =>
  `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`
const now = new Date('2026-05-14T07:44:00Z')
const inDays = (d: number): number => Math.floor(now.getTime() / 1000) + d * 86400

describe('token claims', () => {
  test('identityId and exp are read from a JWT; other tokens have none', () => {
    expect(readTokenClaims(jwt({ identityId: 'id-1', exp: 1_800_000_000 }))).toEqual({
      identityId: 'id-1',
      expiresAt: new Date(1_800_000_000_000)
    })
    expect(readTokenClaims(jwt({ identityId: 'id-1' }))).toEqual({ identityId: 'id-1' })
    expect(readTokenClaims('st.not-a-jwt')).toEqual({})
    expect(readTokenClaims('a.!!!.c')).toEqual({})
  })

  test('an exp in the past is token-expired', () => {
    expect(() => checkToken(readTokenClaims(jwt({ exp: inDays(-1) })), { warningDays: 14 }, now)).toThrow(
      /^token-expired: the access token expired on 2026-05-13/
    )
  })

  test('an exp within the warning days warns with the date', () => {
    const r = checkToken(readTokenClaims(jwt({ identityId: 'i', exp: inDays(3) })), { warningDays: 14 }, now)
    expect(r.warning).toContain('expires on 2026-05-17 (in 3 days)')
    expect(r.expiresAt?.toISOString()).toBe('2026-05-17T07:44:00.000Z')
    expect(r.identityId).toBe('i')
    expect(checkToken(readTokenClaims(jwt({ exp: inDays(30) })), { warningDays: 14 }, now).warning).toBeUndefined()
  })

  test('an identityId other than identity-id is a config error', () => {
    try {
      checkToken({ identityId: 'other' }, { identityId: 'expected', warningDays: 14 }, now)
      throw new Error('no error')
    } catch (e) {
      expect((e as ActionError).errorClass).toBe('config')
      expect((e as ActionError).message).toContain('other')
    }
    expect(checkToken({}, { identityId: 'expected', warningDays: 14 }, now).identityId).toBe('expected')
    expect(() =>
      checkToken({ identityId: 'x\n::error::forged' }, { identityId: 'expected', warningDays: 14 }, now)
    ).toThrow('the token belongs to machine identity x\\n::error::forged, not to identity-id expected')
  })
})

describe('the token as given', () => {
  const token = jwt({ identityId: 'id-1' })
  function failure(given: string, origin: Parameters<typeof cleanToken>[1]): ActionError {
    try {
      cleanToken(given, origin)
    } catch (e) {
      return e as ActionError
    }
    throw new Error('no error')
  }

  test('a plain token passes as it is; surrounding white space is dropped', () => {
    expect(cleanToken(token, { input: 'token' })).toEqual({ token })
    expect(cleanToken(` \n${token}\r\n`, { input: 'token' })).toEqual({ token })
    expect(cleanToken('st.opaque-tøken', { input: 'token' })).toEqual({ token: 'st.opaque-tøken' })
  })

  test.each(['Bearer ', 'bearer ', 'BEARER\t', 'Bearer   '])('a %j prefix is dropped with a notice', (prefix) => {
    const r = cleanToken(`${prefix}${token}`, { input: 'token-file', path: '/etc/tok' })
    expect(r.token).toBe(token)
    expect(r.notice).toContain('token-file "/etc/tok" starts with a "Bearer " prefix, which was dropped')
    expect(r.notice).not.toContain(token.slice(0, 8))
  })

  test.each([
    [`${token.slice(0, 40)}\n${token.slice(40)}`, 'a line break at character 41'],
    [`${token.slice(0, 40)}\r\n${token.slice(40)}`, 'a carriage return at character 41'],
    [`${token.slice(0, 3)} ${token.slice(3)}`, 'a space at character 4'],
    [`${token}\t${token}`, `a tab at character ${token.length + 1}`],
    [`${token.slice(0, 3)}\u00a0${token.slice(3)}`, 'a no-break space at character 4'],
    [`${token.slice(0, 3)}\u2003${token.slice(3)}`, 'white space at character 4'],
    [`${token.slice(0, 3)}\u0000${token.slice(3)}`, 'a control character at character 4'],
    [`${token.slice(0, 3)}\u0085${token.slice(3)}`, 'a control character at character 4'],
    [`${token.slice(0, 3)}\u2019${token.slice(3)}`, 'a character outside Latin-1 at character 4'],
    [`${token.slice(0, 3)}😀${token.slice(3)}x y`, 'a character outside Latin-1 at character 4'],
    [`Bearer ${token.slice(0, 3)} ${token.slice(3)}`, 'a space at character 11']
  ])('%j: refused, naming %s, never the token', (given, words) => {
    const fromInput = failure(given, { input: 'token' })
    expect(fromInput.errorClass).toBe('config')
    expect(fromInput.message).toContain(`token holds ${words}`)
    const fromFile = failure(given, { input: 'token-file', path: '/var/lib/runner/token' })
    expect(fromFile.errorClass).toBe('token-file')
    expect(fromFile.message).toContain(`token-file "/var/lib/runner/token" holds ${words}`)
    for (const m of [fromInput.message, fromFile.message]) {
      for (let i = 0; i + 8 <= token.length; i += 4) expect(m).not.toContain(token.slice(i, i + 8))
    }
  })

  test('a file path is printed on one line', () => {
    expect(failure('a b', { input: 'token-file', path: '/x\n::error::y' }).message).toContain(
      'token-file "/x\\n::error::y" holds a space'
    )
  })
})
