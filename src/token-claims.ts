/**
 * What the token says about itself. A Token Auth access token is a JWT whose payload carries
 * `identityId` and, when its TTL is above 0, `exp`. No request is needed to read it (and none is
 * spent). A token that is not a JWT is sent as it is and has no claims.
 */
import { ActionError } from './errors.js'

export interface TokenClaims {
  identityId?: string
  /** Expiry, when the token has an `exp` claim. */
  expiresAt?: Date
}

export function readTokenClaims(token: string): TokenClaims {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[1] === undefined) return {}
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    return {}
  }
  if (typeof payload !== 'object' || payload === null) return {}
  const p = payload as Record<string, unknown>
  const claims: TokenClaims = {}
  if (typeof p.identityId === 'string' && p.identityId !== '') claims.identityId = p.identityId
  if (typeof p.exp === 'number' && Number.isFinite(p.exp)) claims.expiresAt = new Date(p.exp * 1000)
  return claims
}

export interface TokenCheck {
  identityId?: string
  expiresAt?: Date
  /** A warning for the log when the token expires soon. */
  warning?: string
}

const DAY_MS = 86_400_000

/**
 * The checks made before any request: an `exp` in the past, an `exp` within the warning window,
 * an `identityId` that is not the one the workflow expects.
 */
export function checkToken(
  claims: TokenClaims,
  expected: { identityId?: string; warningDays: number },
  now: Date
): TokenCheck {
  if (expected.identityId && claims.identityId && claims.identityId !== expected.identityId) {
    throw new ActionError(
      'config',
      `the token belongs to machine identity ${claims.identityId}, not to identity-id ${expected.identityId}`,
      { fix: 'install the token of the expected identity, or correct identity-id' }
    )
  }
  const result: TokenCheck = {}
  const identityId = expected.identityId ?? claims.identityId
  if (identityId) result.identityId = identityId
  if (claims.expiresAt) {
    result.expiresAt = claims.expiresAt
    const day = claims.expiresAt.toISOString().slice(0, 10)
    if (claims.expiresAt.getTime() <= now.getTime()) {
      throw new ActionError('token-expired', `the access token expired on ${day} (${claims.expiresAt.toISOString()}); no request was sent`)
    }
    const left = claims.expiresAt.getTime() - now.getTime()
    if (left <= expected.warningDays * DAY_MS) {
      const days = Math.floor(left / DAY_MS)
      result.warning = `The Infisical access token expires on ${day} (in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}): issue a new one and install it before then`
    }
  }
  return result
}
