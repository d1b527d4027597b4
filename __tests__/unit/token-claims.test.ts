import { checkToken, readTokenClaims } from '../../src/token-claims.js'
import { ActionError } from '../../src/errors.js'

const jwt = (payload: object): string =>
  `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`
const now = new Date('2026-05-14T07:44:00Z')
const inDays = (d: number): number => Math.floor(now.getTime() / 1000) + d * 86400

describe('token claims', () => {
  test('identityId and exp are read from a JWT; other tokens have none', () => {
    expect(readTokenClaims(jwt({ identityId: 'id-1', exp: 1_800_000_000 }))).toEqual({ identityId: 'id-1', expiresAt: new Date(1_800_000_000_000) })
    expect(readTokenClaims(jwt({ identityId: 'id-1' }))).toEqual({ identityId: 'id-1' })
    expect(readTokenClaims('st.not-a-jwt')).toEqual({})
    expect(readTokenClaims('a.!!!.c')).toEqual({})
  })

  test('an exp in the past is token-expired', () => {
    expect(() => checkToken(readTokenClaims(jwt({ exp: inDays(-1) })), { warningDays: 14 }, now)).toThrow(/^token-expired: the access token expired on 2026-05-13/)
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
  })
})
