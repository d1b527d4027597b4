/**
 * The job's OpenID Connect ID token, asked of the CI server for `auth-method: oidc`.
 *
 * The runner hands the job two variables when the workflow asks for them: on Forgejo 15+ with a
 * runner 12.5+ and `enable-openid-connect: true` (forgejo-runner.md, "OIDC ID tokens"), on GitHub
 * with `permissions: id-token: write`. `GET $ACTIONS_ID_TOKEN_REQUEST_URL[&audience=…]` with
 * `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` answers `{ "value": "<jwt>" }`.
 *
 * The pure parts: reading the variables (plan time), what an answer means, and the claims the log
 * may name (`iss`, `sub`, `aud`, never the token). The request itself is `requestIdToken`: over the
 * run's transport (proxy and TLS rules), within the run's deadline, retried like an Infisical
 * request when the CI server is unavailable or busy.
 */
import { ActionError } from './errors.js'
import { cut, oneLine, quoted } from './log-text.js'
import { displayUrl, isLoopbackHost } from './urls.js'
import { describeForeignBody, infisicalError, retryAfterMs, type HttpAnswer } from './infisical/answer-body.js'
import { classifyTransportError } from './infisical/transport-errors.js'
import {
  FailoverPlan,
  LIMITS,
  answerFailureKind,
  attemptLimitMs,
  giveUpError,
  transportFailureKind,
  type RetryLimits,
  type Step
} from './infisical/retry-policy.js'
import { sleep, type Deadline } from './infisical/deadline.js'
import type { Transport } from './infisical/transport.js'

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

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

type IdTokenOutcome =
  | { kind: 'ok'; jwt: string }
  | { kind: 'fail'; error: ActionError; retry: 'same' | 'next' | 'never'; retryAfterMs?: number }

const REFUSED_FIX =
  "the CI server refused the job's request token: check that the job has `enable-openid-connect: true` (Forgejo) or `permissions: id-token: write` (GitHub), and that the step runs while the job does (the request token ends with the job)"

/** The CI server's answer to the ID-token request. Pure. `endpoint` names it in errors. */
export function interpretIdTokenAnswer(
  answer: HttpAnswer,
  endpoint: string,
  redact: (t: string) => string = (t) => t
): IdTokenOutcome {
  const { status } = answer
  const e = infisicalError(answer.body)
  const said = e ? cut(redact(e.message), 200) : describeForeignBody(answer.headers, redact(answer.body))
  const fail = (
    cls: ActionError['errorClass'],
    what: string,
    retry: 'same' | 'next' | 'never',
    fix?: string
  ): IdTokenOutcome => ({
    kind: 'fail',
    retry,
    error: new ActionError(cls, what, { endpoint, status, serverMessage: said, ...(fix ? { fix } : {}) })
  })
  if (status >= 200 && status < 300) {
    let json: unknown
    try {
      json = JSON.parse(answer.body)
    } catch {
      json = undefined
    }
    const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).value : undefined
    if (typeof value === 'string' && JWT.test(value)) return { kind: 'ok', jwt: value }
    return {
      kind: 'fail',
      retry: 'next',
      error: new ActionError(
        'proxy-blocked',
        'the CI server\'s answer to the ID-token request held no ID token (expected { "value": "<jwt>" })',
        {
          endpoint,
          status,
          fix: `check that ${REQUEST_URL_VARIABLE} reaches Forgejo (or GitHub) itself, not a proxy page`
        }
      )
    }
  }
  if (status === 429 || status >= 500) {
    const f = fail(
      status === 429 ? 'rate-limited' : 'server-error',
      `the CI server answered the ID-token request with ${status === 429 ? 'a rate limit' : 'a server error'}`,
      'same',
      'check the health of the CI server (Forgejo), then run the job again'
    )
    const after = retryAfterMs(answer.headers['retry-after'])
    return after === undefined || f.kind !== 'fail' ? f : { ...f, retryAfterMs: after }
  }
  if (status === 401 || status === 403)
    return fail('auth-invalid', "the CI server refused the request for the job's ID token", 'never', REFUSED_FIX)
  if (status === 404) {
    return fail(
      'config',
      'the CI server has no ID token for this job at this URL',
      'never',
      'on Forgejo, ID tokens need Forgejo 15 or later and a runner 12.5 or later, and `enable-openid-connect: true` on the job'
    )
  }
  return fail(
    'server-error',
    'the CI server answered the ID-token request with an unexpected status',
    'never',
    'check the CI server (Forgejo) and its logs'
  )
}

export interface IdTokenRequestOptions {
  request: IdTokenRequest
  transport: Transport
  deadline: Deadline
  retries: number
  userAgent: string
  limits?: RetryLimits
  random?: () => number
  redact?: (text: string) => string
}

/**
 * Asks the CI server for the job's ID token, within the run's deadline: refused, reset or
 * unanswered attempts and 502/503/504 again until the deadline, 429 and other 5xx up to
 * `retries` times, anything else at once. The error names the CI server, never a token.
 */
export async function requestIdToken(o: IdTokenRequestOptions): Promise<string> {
  const endpoint = idTokenEndpoint(o.request.url)
  const limits = o.limits ?? LIMITS
  const plan = new FailoverPlan([endpoint], o.retries, o.random ?? Math.random, limits)
  const timeout = (): ActionError =>
    new ActionError(
      'timeout',
      `no ID token from the CI server within timeout-seconds (${o.deadline.limitMs / 1000} s)`,
      { endpoint, fix: 'check that the CI server (Forgejo) answers, or raise timeout-seconds' }
    )
  let last: ActionError | undefined
  let step: Step = plan.first()
  for (;;) {
    if (step.kind === 'give-up')
      throw last ? giveUpError(last, step, undefined, o.deadline.limitMs, Date.now()) : timeout()
    if (step.kind === 'wait') {
      try {
        await sleep(step.ms, o.deadline.signal)
      } catch {
        throw timeout()
      }
    }
    if (o.deadline.passed) throw timeout()
    const attemptSignal = AbortSignal.timeout(attemptLimitMs(o.deadline.remainingMs(), limits))
    let answer: HttpAnswer
    try {
      answer = await o.transport.send({
        method: 'GET',
        url: o.request.url,
        headers: { accept: 'application/json', 'user-agent': o.userAgent, authorization: `Bearer ${o.request.token}` },
        signal: AbortSignal.any([o.deadline.signal, attemptSignal])
      })
    } catch (e) {
      if (o.deadline.passed) throw timeout()
      const failure = attemptSignal.aborted
        ? { cls: 'timeout' as const, what: 'no answer within the attempt limit' }
        : classifyTransportError(e)
      const via = o.transport.proxyOf(o.request.url)
      last = new ActionError(
        failure.cls,
        `the job's ID token could not be requested from the CI server: ${failure.what}${via ? `, through proxy ${oneLine(displayUrl(via))}` : ''}`,
        {
          endpoint,
          fix:
            failure.cls === 'tls'
              ? "the CI server's certificate was not accepted: give its CA with ca-certificate (or install it in the system bundle)"
              : 'check that the CI server (Forgejo) is reachable from the runner host'
        }
      )
      const kind = transportFailureKind(failure.cls)
      step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, o.deadline.remainingMs())
      continue
    }
    const out = interpretIdTokenAnswer(answer, endpoint, o.redact)
    if (out.kind === 'ok') return out.jwt
    const kind = answerFailureKind(answer.status, out.retry)
    if (kind === 'final') throw out.error
    last = out.error
    step = plan.after(endpoint, kind, o.deadline.remainingMs(), out.retryAfterMs)
  }
}
