/**
 * HS256 JWTs as Infisical makes and checks them (it uses the `jsonwebtoken` package).
 * `verifyJwt` reproduces jsonwebtoken's error messages, which Infisical's error handler turns
 * into 403 TokenError answers (see auth.ts tokenError); its time checks (`checkTimes`) also serve the OIDC
 * login's RSA verification (oidc-auth.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url')

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify(payload))
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url')
  return `${header}.${body}.${sig}`
}

/** Decodes the payload without checking anything; throws on a token that is not a JWT. */
export function jwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new Error('not a JWT: expected three dot-separated parts')
  const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown
  if (!payload || typeof payload !== 'object' || Array.isArray(payload))
    throw new Error('not a JWT: payload is not an object')
  return payload as Record<string, unknown>
}

/** jsonwebtoken's JsonWebTokenError / TokenExpiredError / NotBeforeError, by message. */
export class JwtError extends Error {
  override name = 'JsonWebTokenError'
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Same checks, in the same order, as `jwt.verify(token, secret)` of jsonwebtoken 9 with a string
 * secret (allowed algorithms HS256/384/512): returns the payload or throws a JwtError whose message
 * is jsonwebtoken's.
 */
export function verifyJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000)
): Record<string, unknown> {
  if (!token) throw new JwtError('jwt must be provided')
  const parts = token.split('.')
  if (parts.length !== 3) throw new JwtError('jwt malformed')
  const [h, p, s] = parts as [string, string, string]
  const header = decodePart(h)
  const payload = decodePart(p)
  if (!header || typeof header !== 'object' || payload === undefined) throw new JwtError('invalid token')
  if (!s) throw new JwtError('jwt signature is required')
  const alg = (header as { alg?: unknown }).alg
  const hash = typeof alg === 'string' ? HMAC[alg] : undefined
  if (!hash) throw new JwtError('invalid algorithm')
  const expected = createHmac(hash, secret).update(`${h}.${p}`).digest()
  const given = Buffer.from(s, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError('invalid signature')
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {}
  const claims = payload as Record<string, unknown>
  checkTimes(claims, nowSeconds)
  return claims
}

/**
 * jsonwebtoken 9's checks of `nbf`, then `exp` (made after the signature's, whatever the algorithm):
 * throws a JwtError with its message. Used by verifyJwt and the OIDC login's RSA verify (oidc-auth.ts).
 */
export function checkTimes(claims: Record<string, unknown>, nowSeconds: number): void {
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') throw new JwtError('invalid nbf value')
    if (claims.nbf > nowSeconds) throw new JwtError('jwt not active')
  }
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') throw new JwtError('invalid exp value')
    if (nowSeconds >= claims.exp) throw new JwtError('jwt expired')
  }
}
