/**
 * OIDC Auth: `POST /api/v1/auth/oidc-auth/login` `{ identityId, jwt }`, as Infisical's
 * services/identity-oidc-auth/identity-oidc-auth-service.ts `login` (and -fns.ts) does it, by period
 * (the profile's `oidc` style; see profiles.ts for the periods):
 *
 *   1. the identity's OIDC config (identityOidcAuthDAL.findOne) → 404 NotFound "OIDC auth method not
 *      found for identity, did you configure OIDC auth?" (all periods covered here; the very first
 *      release said 401 "Unauthorized");
 *   2. (2026) the discovery URL must not resolve to a local/private address
 *      (lib/validator/validate-url.ts blockLocalAndPrivateIpAddresses, unless self-hosted sets
 *      ALLOW_INTERNAL_IP_CONNECTIONS=true) → 400 "Local IPs not allowed as URL";
 *   3. GET `<oidcDiscoveryUrl>/.well-known/openid-configuration` (axios; https with the config's CA:
 *      2024-25 `new https.Agent({ ca, rejectUnauthorized: !!caCert })`, i.e. no verification
 *      without a CA; 2026 the default trust store without a CA) → failure: 2026 401 "Access denied:
 *      Failed to fetch OIDC discovery document from <url>. <axios message>", earlier an uncaught
 *      axios error, 500 "Something went wrong";
 *   4. (2026) no `jwks_uri` → 401; the jwks_uri passes the check of step 2;
 *   5. jsonwebtoken `decode(jwt, { complete: true })` → null: 2024 400 BadRequest "Invalid JWT",
 *      later 401 "Invalid JWT";
 *   6. jwks-rsa JwksClient(jwks_uri).getSigningKey(kid) (a fresh client per login: nothing cached):
 *      kid unknown → SigningKeyNotFoundError; JWKS unreachable → its error; both uncaught before
 *      2026 (500), in 2026 401 "…signing key '<kid>' was not found…" / "…Failed to retrieve signing
 *      key from OIDC provider: <message>"; (2026) without `kid` every key is tried (at most 10);
 *   7. jsonwebtoken `verify(jwt, key, { issuer: boundIssuer })`: algorithm, signature, nbf, exp,
 *      then iss (exact) → 2024 uncaught (TokenError, see auth.ts tokenError), later 401
 *      "Access denied: <message>" (`jwt expired`, `jwt issuer invalid. expected: <iss>`,
 *      `invalid signature`, …);
 *   8. boundSubject → 403 ForbiddenError "Access denied: OIDC subject not allowed.";
 *   9. boundAudiences split on ", ", any matching `aud` (a string or an array) → else 2024 403
 *      ForbiddenError, later 401 "Access denied: OIDC audience not allowed.";
 *  10. boundClaims, each value split on ", ": 2024 `tokenData[name] === entry` (403 "…OIDC claim not
 *      allowed."), later the claim by dot path (getValueByDot), absent or empty → 401 "Access
 *      denied: token has no <name> field", no entry matching → 401 "…OIDC claim not allowed.";
 *  11. a new access token (authMethod oidc-auth) with the config's TTL, max TTL, use limit and
 *      trusted IPs (checked when the token is used, not at login).
 * Matching (steps 8-10): 2024 exact; from PR #2389 (2024-09-09) `value === policy ||
 * picomatch.isMatch(value, policy)` (`*` stops at `/`, `**` does not), booleans compared with
 * `policy === "true"`, numbers with parseInt, arrays by any entry (identity-oidc-auth-fns.ts).
 * The answer has the Universal Auth shape: `{ accessToken, expiresIn, accessTokenMaxTTL, tokenType }`.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import picomatch from 'picomatch'

import { claims2026, expFor, tokenError } from './auth.js'
import { InfisicalError, MSG, requireStrings } from './errors.js'
import { JwtError, checkTimes, signJwt } from './jwt.js'
import type { OidcStyle, TokenStyle } from './profiles.js'
import type { Identity, ServerState } from './state.js'

export interface OidcAuthConfig {
  /** the issuer's base URL: Infisical GETs `<this>/.well-known/openid-configuration` */
  oidcDiscoveryUrl: string
  /** compared exactly with the token's `iss` */
  boundIssuer: string
  /** comma+space separated; empty: any audience */
  boundAudiences?: string
  boundSubject?: string
  /** claim (dot path) → allowed values, comma+space separated */
  boundClaims?: Record<string, string>
  /** PEM of the CA the discovery and JWKS requests trust */
  caCert?: string
  /** default 2592000 (30 d) */
  accessTokenTTL?: number
  /** default 2592000 */
  accessTokenMaxTTL?: number
  /** default 0 (no limit) */
  accessTokenNumUsesLimit?: number
  /** default 0.0.0.0/0 and ::/0 */
  accessTokenTrustedIps?: string[]
}

export interface OidcLoginContext {
  state: ServerState
  configs: Map<string, OidcAuthConfig>
  authSecret: string
  tokens: TokenStyle
  oidc: OidcStyle
  /** ALLOW_INTERNAL_IP_CONNECTIONS=true */
  allowInternalIpConnections: boolean
}

/** The test server's own bound on one outgoing request (axios has none by default; jwks-rsa 30 s). */
const FETCH_TIMEOUT_MS = 10_000

const unauthorized = (message: string) => new InfisicalError(401, 'UnauthorizedError', message)
const forbidden = (message: string) => new InfisicalError(403, 'ForbiddenError', message)
const internal = () => new InfisicalError(500, 'InternalServerError', MSG.internalError)

// ------------------------------------------------------------------ outgoing requests

interface Fetched {
  status: number
  statusMessage: string
  text: string
}

/** One GET, as axios or jwks-rsa sends it: no pooled socket, the config's CA when https. */
function get(url: string, tls: { ca?: string; rejectUnauthorized: boolean }): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      reject(new Error(`Invalid URL: ${url}`))
      return
    }
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          text: Buffer.concat(chunks).toString('utf8')
        })
      )
      res.on('error', reject)
    }
    const opts = {
      method: 'GET',
      agent: false as const,
      headers: { accept: 'application/json, text/plain, */*' },
      timeout: FETCH_TIMEOUT_MS
    }
    const req =
      target.protocol === 'https:'
        ? httpsRequest(
            target,
            { ...opts, ...(tls.ca ? { ca: tls.ca } : {}), rejectUnauthorized: tls.rejectUnauthorized },
            onResponse
          )
        : httpRequest(target, opts, onResponse)
    req.on('timeout', () => req.destroy(new Error(`timeout of ${FETCH_TIMEOUT_MS}ms exceeded`)))
    req.on('error', reject)
    req.end()
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** axios: rejects non-2xx with "Request failed with status code N"; a body that is not JSON stays a string. */
async function axiosGet(url: string, tls: { ca?: string; rejectUnauthorized: boolean }): Promise<unknown> {
  const res = await get(url, tls)
  if (res.status < 200 || res.status >= 300) throw new Error(`Request failed with status code ${res.status}`)
  return parseJson(res.text)
}

class SigningKeyNotFoundError extends Error {
  override name = 'SigningKeyNotFoundError'
}

interface SigningKey {
  kid?: string
  key: KeyObject
}

/** jwks-rsa getSigningKeys: the `use: sig` (or no `use`) RSA/EC/OKP keys that import. */
async function fetchSigningKeys(
  jwksUri: string,
  tls: { ca?: string; rejectUnauthorized: boolean }
): Promise<SigningKey[]> {
  const res = await get(jwksUri, tls)
  if (res.status < 200 || res.status >= 300) {
    const body = parseJson(res.text) as { message?: unknown } | string
    const message =
      (typeof body === 'object' && body && typeof body.message === 'string' && body.message) ||
      (typeof body === 'string' && body) ||
      res.statusMessage ||
      `Http Error ${res.status}`
    throw new Error(message)
  }
  const jwks = parseJson(res.text) as { keys?: unknown }
  const keys = Array.isArray(jwks?.keys) ? (jwks.keys as Record<string, unknown>[]) : []
  const out: SigningKey[] = []
  for (const jwk of keys) {
    if (!(jwk.use === 'sig' || jwk.use === undefined) || !['RSA', 'EC', 'OKP'].includes(String(jwk.kty))) continue
    try {
      const key = createPublicKey({ key: jwk as never, format: 'jwk' })
      out.push(typeof jwk.kid === 'string' ? { kid: jwk.kid, key } : { key })
    } catch {
      // a key that does not import is skipped
    }
  }
  if (out.length === 0) throw new Error('The JWKS endpoint did not contain any signing keys')
  return out
}

/** jwks-rsa getSigningKey(kid). */
function pickKey(keys: SigningKey[], kid: string | undefined): SigningKey {
  if (kid === undefined && keys.length > 1)
    throw new SigningKeyNotFoundError('No KID specified and JWKS endpoint returned more than 1 key')
  const key = keys.find((k) => kid === undefined || k.kid === kid)
  if (!key) throw new SigningKeyNotFoundError(`Unable to find a signing key that matches '${kid}'`)
  return key
}

// ------------------------------------------------------------------ the ID token

interface Decoded {
  header: Record<string, unknown>
  payload: unknown
}

/** jsonwebtoken decode(…, { complete: true }): null unless a JWS with a JSON header. */
function decode(token: string): Decoded | null {
  if (!/^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/.test(token)) return null
  const [h, p] = token.split('.') as [string, string]
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown
    if (!header || typeof header !== 'object' || Array.isArray(header)) return null
    const text = Buffer.from(p, 'base64url').toString('utf8')
    let payload: unknown = text
    try {
      payload = JSON.parse(text)
    } catch {
      // a payload that is not JSON stays a string, as in jws.decode
    }
    return { header: header as Record<string, unknown>, payload }
  } catch {
    return null
  }
}

const RSA_ALGS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' }

/**
 * jsonwebtoken 9 `verify(token, publicKey, { issuer })` for RSA keys, its checks in its order and
 * its messages: invalid algorithm, invalid signature, jwt not active, jwt expired, jwt issuer invalid.
 */
function verify(
  token: string,
  key: KeyObject,
  issuer: string,
  now = Math.floor(Date.now() / 1000)
): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new JwtError('jwt malformed')
  const decoded = decode(token)
  if (!decoded) throw new JwtError('invalid token')
  if (!parts[2]) throw new JwtError('jwt signature is required')
  const alg = decoded.header.alg
  const hash = typeof alg === 'string' ? RSA_ALGS[alg] : undefined
  if (key.asymmetricKeyType !== 'rsa' || !hash) throw new JwtError('invalid algorithm')
  const ok = cryptoVerify(hash, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))
  if (!ok) throw new JwtError('invalid signature')
  const claims = (decoded.payload && typeof decoded.payload === 'object' ? decoded.payload : {}) as Record<
    string,
    unknown
  >
  checkTimes(claims, now)
  if (claims.iss !== issuer) throw new JwtError(`jwt issuer invalid. expected: ${issuer}`)
  return claims
}

// ------------------------------------------------------------------ matching

/** identity-oidc-auth-fns.ts doesFieldValueMatchOidcPolicy (2024-09+). */
function matches(value: unknown, policy: string): boolean {
  if (typeof value === 'boolean') return value === (policy === 'true')
  if (typeof value === 'number') return value === Number.parseInt(policy, 10)
  if (Array.isArray(value))
    return value.some((v) => typeof v === 'string' && (v === policy || picomatch.isMatch(v, policy)))
  if (typeof value !== 'string') return false
  return policy === value || picomatch.isMatch(value, policy)
}

/** lib/template/dot-access.ts getValueByDot. */
function valueByDot(obj: Record<string, unknown>, path: string): unknown {
  let current: unknown = obj
  for (const part of path.split('.')) {
    if (current && typeof current === 'object' && part in (current as Record<string, unknown>))
      current = (current as Record<string, unknown>)[part]
    else return undefined
  }
  return current
}

// ------------------------------------------------------------------ local addresses

function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 6) {
    const v = ip.toLowerCase()
    if (v === '::1' || v === '::') return true
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v)
    if (mapped) return isPrivateAddress(mapped[1]!)
    return /^f[cd]/.test(v) || /^fe[89ab]/.test(v)
  }
  const [a, b] = ip.split('.').map(Number) as [number, number]
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  )
}

/**
 * lib/validator/validate-url.ts blockLocalAndPrivateIpAddresses, approximately: the URL's host (an
 * address, or what it resolves to) must not be a loopback, private or link-local address.
 */
export async function assertNotLocalUrl(url: string): Promise<void> {
  let host: string
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    throw new InfisicalError(400, 'BadRequest', 'Invalid URL')
  }
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address)
    } catch {
      addresses = []
    }
  }
  if (host === 'localhost' || addresses.some(isPrivateAddress))
    throw new InfisicalError(400, 'BadRequest', MSG.localIpsNotAllowed)
}

// ------------------------------------------------------------------ the login

/** error.message (node's own errors come from another realm under jest: no instanceof Error) */
const errorMessage = (err: unknown) =>
  err && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err)

type Tls = { ca?: string; rejectUnauthorized: boolean }

/** 2024-25: rejectUnauthorized only with a CA; 2026: the default agent (system trust) without one */
function tlsFor(style: OidcStyle, caCert: string): Tls {
  return style === '2026'
    ? { ...(caCert ? { ca: caCert } : {}), rejectUnauthorized: true }
    : { ...(caCert ? { ca: caCert } : {}), rejectUnauthorized: !!caCert }
}

/** Steps 2-4: the discovery document's jwks_uri. */
async function discoverJwksUri(ctx: OidcLoginContext, config: OidcAuthConfig, tls: Tls): Promise<string> {
  const style = ctx.oidc
  if (style === '2026' && !ctx.allowInternalIpConnections) await assertNotLocalUrl(config.oidcDiscoveryUrl)
  let discovery: unknown
  try {
    discovery = await axiosGet(`${config.oidcDiscoveryUrl}/.well-known/openid-configuration`, tls)
  } catch (err) {
    if (style === '2026') throw unauthorized(MSG.oidcDiscoveryFailed(config.oidcDiscoveryUrl, errorMessage(err)))
    throw internal()
  }
  const jwksUri =
    discovery && typeof discovery === 'object' ? (discovery as { jwks_uri?: unknown }).jwks_uri : undefined
  if (typeof jwksUri !== 'string' || !jwksUri) {
    if (style === '2026') throw unauthorized(MSG.oidcNoJwksUri)
    throw internal() // JwksClient without a URI fails, uncaught
  }
  if (style === '2026' && !ctx.allowInternalIpConnections) await assertNotLocalUrl(jwksUri)
  return jwksUri
}

interface Verification {
  style: OidcStyle
  jwt: string
  config: OidcAuthConfig
  jwksUri: string
  tls: Tls
}

function verifyWith(v: Verification, key: KeyObject): Record<string, unknown> {
  try {
    return verify(v.jwt, key, v.config.boundIssuer)
  } catch (err) {
    if (!(err instanceof JwtError)) throw err
    if (v.style === '2024') throw tokenError(err)
    throw unauthorized(MSG.oidcAccessDenied(err.message))
  }
}

/** Step 6-7, 2026 without `kid`: every key is tried (at most 10). */
async function verifyWithAnyKey(v: Verification): Promise<Record<string, unknown>> {
  let keys: SigningKey[]
  try {
    keys = await fetchSigningKeys(v.jwksUri, v.tls)
  } catch (err) {
    throw unauthorized(MSG.oidcSigningKeysFailed(errorMessage(err)))
  }
  if (keys.length > 10) {
    throw unauthorized(
      `Access denied: OIDC provider has ${keys.length} signing keys. Tokens must include 'kid' header when provider has more than 10 keys.`
    )
  }
  let lastError: JwtError | undefined
  for (const k of keys) {
    try {
      return verify(v.jwt, k.key, v.config.boundIssuer)
    } catch (err) {
      if (!(err instanceof JwtError)) throw err
      lastError = err
    }
  }
  throw unauthorized(MSG.oidcNoKeyVerifies(lastError ? lastError.message : 'Invalid token'))
}

/** Steps 5-7: the token decoded, its signing key found, the token verified: its claims. */
async function verifyToken(v: Verification): Promise<Record<string, unknown>> {
  const { style } = v
  const decoded = decode(v.jwt)
  if (!decoded) {
    if (style === '2024') throw new InfisicalError(400, 'BadRequest', MSG.oidcInvalidJwt)
    throw unauthorized(MSG.oidcInvalidJwt)
  }
  const kid = typeof decoded.header.kid === 'string' && decoded.header.kid ? decoded.header.kid : undefined
  if (style === '2026' && kid === undefined) return verifyWithAnyKey(v)
  let key: SigningKey
  try {
    key = pickKey(await fetchSigningKeys(v.jwksUri, v.tls), kid)
  } catch (err) {
    if (style !== '2026') throw internal()
    if (err instanceof SigningKeyNotFoundError) throw unauthorized(MSG.oidcSigningKeyNotFound(kid as string))
    throw unauthorized(MSG.oidcSigningKeyFailed(errorMessage(err)))
  }
  return verifyWith(v, key.key)
}

/** Steps 8-10: boundSubject, boundAudiences, boundClaims. */
function checkBounds(style: OidcStyle, config: OidcAuthConfig, tokenData: Record<string, unknown>): void {
  const exact = style === '2024'
  if (config.boundSubject) {
    const ok = exact ? tokenData.sub === config.boundSubject : matches(tokenData.sub, config.boundSubject)
    if (!ok) throw forbidden(MSG.oidcSubjectNotAllowed)
  }
  if (config.boundAudiences) {
    const policies = config.boundAudiences.split(', ')
    const aud = tokenData.aud
    if (exact) {
      if (!policies.includes(aud as string)) throw forbidden(MSG.oidcAudienceNotAllowed)
    } else if (
      !policies.some((p) =>
        Array.isArray(aud)
          ? aud.some((a) => a === p || (typeof a === 'string' && picomatch.isMatch(a, p)))
          : typeof aud === 'string' && (aud === p || picomatch.isMatch(aud, p))
      )
    ) {
      throw unauthorized(MSG.oidcAudienceNotAllowed)
    }
  }
  for (const [claim, allowed] of Object.entries(config.boundClaims ?? {})) {
    const entries = allowed.split(', ')
    if (exact) {
      if (!entries.some((e) => tokenData[claim] === e)) throw forbidden(MSG.oidcClaimNotAllowed)
      continue
    }
    const value = valueByDot(tokenData, claim)
    if (!value) throw unauthorized(MSG.oidcClaimMissing(claim))
    if (!entries.some((e) => matches(value, e))) throw unauthorized(MSG.oidcClaimNotAllowed)
  }
}

/** Step 11: a new access token with the config's TTL, max TTL, use limit and trusted IPs. */
function issueToken(ctx: OidcLoginContext, identity: Identity, config: OidcAuthConfig): Record<string, unknown> {
  const ttl = config.accessTokenTTL ?? 2592000
  const maxTtl = config.accessTokenMaxTTL ?? 2592000
  const row = ctx.state.newToken(identity, {
    ttl,
    numUsesLimit: config.accessTokenNumUsesLimit ?? 0,
    authMethod: 'oidc-auth'
  })
  row.accessTokenMaxTTL = maxTtl
  row.trustedIps = [...(config.accessTokenTrustedIps ?? ['0.0.0.0/0', '::/0'])]
  const now = Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = {
    identityId: identity.id,
    identityAccessTokenId: row.id,
    authTokenType: 'identityAccessToken'
  }
  // 2025+: the claims of claimMetadataMapping (none configured here) ride along
  if (ctx.oidc !== '2024') payload.identityAuth = { oidc: { claims: {} } }
  payload.iat = now
  if (ctx.tokens === '2026') Object.assign(payload, claims2026(identity, row))
  const exp = expFor(ctx.tokens, now, ttl, maxTtl)
  if (exp !== undefined) payload.exp = exp
  return {
    accessToken: signJwt(payload, ctx.authSecret),
    expiresIn: ctx.tokens === '2026' && exp !== undefined ? exp - now : ttl,
    accessTokenMaxTTL: maxTtl,
    tokenType: 'Bearer'
  }
}

/** POST /api/v1/auth/oidc-auth/login: the login answer, or throws the Infisical error to answer. */
export async function oidcAuthLogin(
  ctx: OidcLoginContext,
  body: Record<string, unknown>
): Promise<Record<string, unknown>> {
  // Fastify + zod validation of the body (identityId, jwt: trimmed strings)
  const { identityId, jwt } = requireStrings(body, ['identityId', 'jwt'])
  const config = ctx.configs.get(identityId)
  if (!config) throw new InfisicalError(404, 'NotFound', MSG.oidcNotConfigured)
  const identity = ctx.state.identities.get(identityId)
  if (!identity) throw unauthorized('Identity not found')
  const tls = tlsFor(ctx.oidc, config.caCert ?? '')
  const jwksUri = await discoverJwksUri(ctx, config, tls)
  const tokenData = await verifyToken({ style: ctx.oidc, jwt, config, jwksUri, tls })
  checkBounds(ctx.oidc, config, tokenData)
  return issueToken(ctx, identity, config)
}
