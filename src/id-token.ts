/**
 * The job's OpenID Connect ID token, asked of the CI server for `auth-method: oidc`.
 *
 * The runner hands the job two variables when the workflow asks for them: on Forgejo 15+ with a
 * runner 12.5+ and `enable-openid-connect: true` (docs/forgejo-runner.md, "OIDC ID tokens"), on GitHub
 * with `permissions: id-token: write`. `GET $ACTIONS_ID_TOKEN_REQUEST_URL[&audience=…]` with
 * `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` answers `{ "value": "<jwt>" }`.
 *
 * The pure parts: reading the variables (plan time), what an answer means, and the claims the log
 * may name (`iss`, `sub`, `aud`, never the token). The request itself is `requestIdToken` (id-token-request.ts): over the
 * run's transport (proxy and TLS rules), within the run's deadline, retried like an Infisical
 * request when the CI server is unavailable or busy.
 */
import { quoted, cut, oneLine } from './log-text.js'
import { displayUrl, isLoopbackHost } from './urls.js'

export const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL'
export const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'

/** What the job needs to ask for its ID token: the URL (audience added) and the bearer token. */
export interface IdTokenRequest {
  url: string
  token: string
}

/** How to get the request variables, for the `config` error when they are missing. */
export const ENABLE_OIDC_HINT =
  'on Forgejo 15 or later with a runner 12.5 or later, add `enable-openid-connect: true` to the job (or the workflow); on GitHub, add `permissions: id-token: write`. Pull requests from forks never get an ID token'

/**
 * The request for the job's ID token, from the runner's variables, or the problem with them.
 * Plain http is accepted to loopback only, unless `allowInsecureHttp`: the request token and the
 * ID token would otherwise cross the network in clear.
 */
export function idTokenRequestOf(
  env: NodeJS.ProcessEnv,
  audience: string,
  allowInsecureHttp: boolean
): IdTokenRequest | { problem: string } {
  const url = env[REQUEST_URL_VARIABLE] ?? ''
  const token = (env[REQUEST_TOKEN_VARIABLE] ?? '').trim()
  const missing = [url === '' ? REQUEST_URL_VARIABLE : '', token === '' ? REQUEST_TOKEN_VARIABLE : ''].filter(
    (v) => v !== ''
  )
  if (missing.length > 0) {
    return {
      problem: `auth-method oidc needs the job's ID-token request variables, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: ${ENABLE_OIDC_HINT}`
    }
  }
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { problem: `${REQUEST_URL_VARIABLE} ${quoted(displayUrl(url))} is not a URL` }
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { problem: `${REQUEST_URL_VARIABLE} ${quoted(displayUrl(url))} is not an http(s) URL` }
  if (u.username !== '' || u.password !== '')
    return { problem: `${REQUEST_URL_VARIABLE} holds a user name or password` }
  if (u.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(u.hostname)) {
    return {
      problem: `${REQUEST_URL_VARIABLE} ${quoted(displayUrl(u.origin))} uses plain http:// to a host that is not loopback: the job's tokens would cross the network in clear; serve Forgejo over https://, or set allow-insecure-http: true`
    }
  }
  if (audience !== '') u.searchParams.set('audience', audience)
  if (/[\u0000-\u0020\u007f-\uffff]/.test(token))
    return { problem: `${REQUEST_TOKEN_VARIABLE} holds white space or a character an HTTP header cannot carry` }
  return { url: u.href, token }
}

/** The CI server's ID-token endpoint for messages: origin and path, no query. */
export function idTokenEndpoint(url: string): string {
  const u = new URL(url)
  return `${u.origin}${u.pathname}`
}

/** What the log and the errors may say about an ID token: its claims, never the token. */
export interface IdTokenClaims {
  iss?: string
  sub?: string
  aud?: string[]
  exp?: Date
}

function base64UrlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** The claims of a JWT, unverified (Infisical verifies it); empty when it cannot be read. */
export function idTokenClaims(jwt: string): IdTokenClaims {
  const payload = base64UrlJson(jwt.split('.')[1] ?? '')
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return {}
  const p = payload as Record<string, unknown>
  const aud =
    typeof p.aud === 'string'
      ? [p.aud]
      : Array.isArray(p.aud)
        ? p.aud.filter((a): a is string => typeof a === 'string')
        : undefined
  return {
    ...(typeof p.iss === 'string' ? { iss: p.iss } : {}),
    ...(typeof p.sub === 'string' ? { sub: p.sub } : {}),
    ...(aud ? { aud } : {}),
    ...(typeof p.exp === 'number' && Number.isFinite(p.exp) ? { exp: new Date(p.exp * 1000) } : {})
  }
}

/** `iss "…", sub "…", aud "…"`: each claim on one line, cut, quoted; `(none)` for a missing one. */
export function describeClaims(c: IdTokenClaims): string {
  const show = (v: string | undefined): string => (v === undefined ? '(none)' : quoted(cut(oneLine(v), 200)))
  const aud = c.aud === undefined || c.aud.length === 0 ? '(none)' : c.aud.map((a) => show(a)).join(', ')
  return `iss ${show(c.iss)}, sub ${show(c.sub)}, aud ${aud}`
}
