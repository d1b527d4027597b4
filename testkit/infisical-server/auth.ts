/**
 * Authentication of machine-identity access tokens and the Universal Auth login.
 *
 * Where a token use is spent, read in Infisical's backend (2025-2026):
 * - backend/src/server/plugins/auth/inject-identity.ts registers a global Fastify `onRequest` hook.
 *   It runs before routing decisions of the handler, before query validation, before permission
 *   checks, and also for requests that end in the framework 404 (a root-level hook). It verifies the
 *   JWT (jsonwebtoken errors → 403 TokenError) and calls identityAccessTokenService
 *   .fnValidateIdentityAccessToken(token, req.realIp).
 * - fnValidateIdentityAccessToken (services/identity-access-token/identity-access-token-service.ts):
 *   1. the token row (not revoked) is looked up → 401 "No identity access token found";
 *   2. the trusted IPs are checked → 403 ForbiddenError (no use spent);
 *   3. validateAccessTokenExp: use limit reached (uses > 0 && uses >= limit) → the row is deleted, 401;
 *      TTL passed → the row is deleted, 401 "Failed to renew MI access token due to TTL expiration";
 *   4. the use counter is incremented (accessTokenQueue.updateIdentityAccessTokenStatus(id, uses + 1)).
 *   So the use is spent at authentication: every request that passes it costs one use, whatever
 *   its later fate (422, 403 PermissionDenied, 404, even a 404 for an unknown route).
 * - Only afterwards does the route-level verifyAuth hook answer 401 "Token missing" when no
 *   identity was attached (no Authorization header, or a JWT of another type).
 * Newer servers (2026, Go sidecar and the Redis "uses remaining" counter) keep the same place:
 * the counter is decremented during authentication.
 */
import { InfisicalError, MSG, requireStrings } from './errors.js'
import { isTrusted } from './ip.js'
import { JwtError, signJwt, verifyJwt } from './jwt.js'
import { MAX_TOKEN_AGE_SECONDS, MSG_PROFILES, type TokenStyle } from './profiles.js'
import type { Identity, ServerState, TokenRow } from './state.js'

export interface AuthOptions {
  authSecret: string
  /** message of the 401 for the request after the last allowed use */
  useLimitMessage: string
  /** the period's token rules (profiles.ts); default '2025' */
  tokens?: TokenStyle
  /** message of the 401 for a revoked token; default 'No identity access token found' */
  revokedMessage?: string
}

export interface Authenticated {
  identity: Identity
  row: TokenRow
}

/** jsonwebtoken's messages as Infisical's error handler rewrites them (403 TokenError). */
export function tokenError(err: JwtError): InfisicalError {
  const message =
    err.message === 'jwt expired'
      ? MSG.jwtExpired
      : err.message === 'jwt malformed'
        ? MSG.jwtMalformed
        : err.message === 'invalid algorithm'
          ? MSG.jwtInvalidAlgorithm
          : err.message
  return new InfisicalError(403, 'TokenError', message)
}

/**
 * The global onRequest hook: null when no identity is attached (the route then answers 401 Token missing),
 * the identity and its token row otherwise; throws the Infisical error to answer.
 */
export function authenticate(
  state: ServerState,
  opts: AuthOptions,
  headers: Record<string, string | string[] | undefined>,
  remoteAddress: string
): Authenticated | null {
  if (headers['x-api-key']) throw new InfisicalError(400, 'BadRequest', MSG.apiKey)
  const authorization = headers.authorization
  if (typeof authorization !== 'string' || authorization.length === 0) return null
  const value = authorization.slice(7) // Infisical slices "Bearer " off without looking at it
  let payload: Record<string, unknown>
  try {
    payload = verifyJwt(value, opts.authSecret)
  } catch (err) {
    if (err instanceof JwtError) throw tokenError(err)
    throw err
  }
  if (payload.authTokenType !== 'identityAccessToken') return null

  const row =
    typeof payload.identityAccessTokenId === 'string' ? state.tokens.get(payload.identityAccessTokenId) : undefined
  if (row?.revoked && !row.deleted)
    throw new InfisicalError(401, 'UnauthorizedError', opts.revokedMessage ?? MSG.noToken)
  if (!row || row.deleted) throw new InfisicalError(401, 'UnauthorizedError', MSG.noToken)
  const identity = state.identities.get(row.identityId)
  if (!identity) throw new InfisicalError(401, 'UnauthorizedError', MSG.noToken)
  if (opts.tokens === '2026') {
    // 2026 (identity-access-token-fns.ts / -service.ts): a token without `exp` has exceeded the max
    // age (enforced after ≈ 2026-08-02); the use is counted atomically, before the trusted-IP check.
    if (payload.exp === undefined) throw new InfisicalError(401, 'UnauthorizedError', MSG_PROFILES.maxAge)
    if (row.numUsesLimit > 0 && row.numUses >= row.numUsesLimit)
      throw new InfisicalError(401, 'UnauthorizedError', opts.useLimitMessage)
    row.numUses += 1
    if (!isTrusted(remoteAddress, row.trustedIps ?? identity.trustedIps))
      throw new InfisicalError(403, 'ForbiddenError', MSG.ipNotAllowed)
    return { identity, row }
  }
  if (!isTrusted(remoteAddress, row.trustedIps ?? identity.trustedIps))
    throw new InfisicalError(403, 'ForbiddenError', MSG.ipNotAllowed)

  if (row.numUsesLimit > 0 && row.numUses > 0 && row.numUses >= row.numUsesLimit) {
    row.deleted = true
    throw new InfisicalError(401, 'UnauthorizedError', opts.useLimitMessage)
  }
  const ttlPassed = row.ttlPassed || (row.accessTokenTTL > 0 && Date.now() > row.createdAt + row.accessTokenTTL * 1000)
  if (ttlPassed) {
    row.deleted = true
    throw new InfisicalError(401, 'UnauthorizedError', MSG.ttlExpired)
  }
  row.numUses += 1
  return { identity, row }
}

export interface IssueOptions {
  ttlSeconds?: number
  numUsesLimit?: number
  expInPast?: boolean
  signWith?: string
  /** a token as servers before 2026 issued it with a TTL of 0: no `exp` (refused by '2026' profiles) */
  legacyNoExp?: boolean
}

/**
 * The `exp` of a new token, by period (docs/infisical-api.md §2): 2024 iat + MaxTTL (none if 0; the TTL
 * is enforced server-side); 2025 iat + TTL, only when TTL > 0; 2026 always, iat + min(TTL,
 * remaining MaxTTL, 90 d) (`computeIssuedTtl`).
 */
export function expFor(style: TokenStyle, iat: number, ttl: number, maxTtl: number): number | undefined {
  if (style === '2024') return maxTtl > 0 ? iat + maxTtl : undefined
  if (style === '2025') return ttl > 0 ? iat + ttl : undefined
  return iat + Math.min(ttl > 0 ? ttl : Infinity, maxTtl > 0 ? maxTtl : Infinity, MAX_TOKEN_AGE_SECONDS)
}

/** The 2026 claims beyond the older ones. */
export function claims2026(identity: Identity, row: TokenRow): Record<string, unknown> {
  return { jti: row.id, orgId: identity.orgId, authMethod: row.authMethod, numUsesLimit: row.numUsesLimit }
}

/** A Token Auth access token (and its row), as POST /api/v1/auth/token-auth/identities/:id/tokens makes it. */
export function issueTokenAuthToken(
  state: ServerState,
  authSecret: string,
  identity: Identity,
  o: IssueOptions = {},
  style: TokenStyle = '2025'
): { token: string; row: TokenRow } {
  const ttl = o.ttlSeconds ?? identity.accessTokenTTL
  const row = state.newToken(identity, {
    ttl,
    numUsesLimit: o.numUsesLimit ?? identity.accessTokenNumUsesLimit,
    authMethod: 'token-auth'
  })
  const now = Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = {
    identityId: identity.id,
    identityAccessTokenId: row.id,
    authTokenType: 'identityAccessToken'
  }
  if (style === '2026' && !o.legacyNoExp) Object.assign(payload, claims2026(identity, row))
  if (o.expInPast) {
    const exp = now - 3600
    payload.iat = exp - (ttl > 0 ? ttl : 3600)
    payload.exp = exp
  } else {
    payload.iat = now
    const exp = o.legacyNoExp ? undefined : expFor(style, now, ttl, identity.accessTokenMaxTTL)
    if (exp !== undefined) payload.exp = exp
  }
  return { token: signJwt(payload, o.signWith ?? authSecret), row }
}

/** Body of POST /api/v1/auth/universal-auth/login, already parsed from JSON or form encoding. */
export function universalAuthLogin(
  state: ServerState,
  authSecret: string,
  body: Record<string, unknown>,
  remoteAddress: string,
  style: TokenStyle = '2025'
): Record<string, unknown> {
  const { clientId, clientSecret } = requireStrings(body, ['clientId', 'clientSecret'])

  const identity = state.identityByClientId(clientId)
  if (!identity) throw new InfisicalError(401, 'UnauthorizedError', MSG.invalidCredentials)
  if (!isTrusted(remoteAddress, identity.trustedIps)) throw new InfisicalError(403, 'ForbiddenError', MSG.ipNotAllowed)
  if (identity.clientSecret !== clientSecret) throw new InfisicalError(401, 'UnauthorizedError', MSG.invalidCredentials)
  if (identity.clientSecretExpired) throw new InfisicalError(401, 'UnauthorizedError', MSG_PROFILES.expiredClientSecret)

  const row = state.newToken(identity, {
    ttl: identity.accessTokenTTL,
    numUsesLimit: identity.accessTokenNumUsesLimit,
    authMethod: 'universal-auth'
  })
  const now = Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = {
    identityId: identity.id,
    clientSecretId: `cs-${identity.id}`,
    identityAccessTokenId: row.id,
    authTokenType: 'identityAccessToken',
    iat: now
  }
  if (style === '2026') Object.assign(payload, claims2026(identity, row))
  const exp = expFor(style, now, identity.accessTokenTTL, identity.accessTokenMaxTTL)
  if (exp !== undefined) payload.exp = exp
  return {
    accessToken: signJwt(payload, authSecret),
    expiresIn: style === '2026' && exp !== undefined ? exp - now : identity.accessTokenTTL,
    accessTokenMaxTTL: identity.accessTokenMaxTTL,
    tokenType: 'Bearer'
  }
}
