/**
 * What an answer means. Pure: from an HTTP status and body to a secret, a login, or an
 * ActionError with the retry rule that applies to it. A 403 is told apart by Infisical's
 * `error` field and message, not by the status alone, and an answer that is not Infisical's
 * JSON (a proxy's HTML page, say) is recognised as such.
 */
import { ActionError, FIXES, type ErrorClass } from '../errors.js'
import { cut } from '../log-text.js'

export interface HttpAnswer {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** How a failed attempt continues: the same URL after a pause, the next URL at once, or not at all. */
export type RetryRule = 'same' | 'next' | 'never'

export interface Failure {
  kind: 'fail'
  error: ActionError
  retry: RetryRule
  /** From Retry-After, when the server named a pause. */
  retryAfterMs?: number
}

export interface SecretRead {
  value: string
  version: number | null
}

export type SecretOutcome = { kind: 'ok'; secret: SecretRead } | { kind: 'route-missing' } | Failure
export type LoginOutcome = { kind: 'ok'; accessToken: string } | Failure

export interface AnswerContext {
  endpoint: string
  environment: string
  /** Folder and name, for a secret read; absent for the login. */
  path?: string
  name?: string
  /**
   * Removes credentials and values from server text. Applied to the whole text before it is
   * cut to length, so that a cut echo cannot leave a fragment of one.
   */
  redact?: (text: string) => string
}

interface InfisicalError {
  statusCode?: number
  error: string
  message: string
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Infisical's error body: `{ reqId, statusCode, message, error }` (message may be an array for 422). */
export function infisicalError(body: string): InfisicalError | undefined {
  const json = parseJson(body)
  if (!isObject(json)) return undefined
  const { message, error, statusCode } = json
  const text = typeof message === 'string' ? message : Array.isArray(message) ? JSON.stringify(message) : undefined
  if (text === undefined || (typeof error !== 'string' && typeof statusCode !== 'number')) return undefined
  return { message: text, error: typeof error === 'string' ? error : '', ...(typeof statusCode === 'number' ? { statusCode } : {}) }
}

/**
 * A 404 for a route the server does not have: the web framework's own (`Route GET:/api/v4/...
 * not found`), or an HTML page: the standalone image until about 2025-01 hands every unmatched
 * URL, `/api/...` too, to its Next.js front end (infisical-api.md, `server/plugins/external-nextjs.ts`).
 * A proxy's HTML 404 looks the same; the v3 request that follows tells them apart.
 */
export function isMissingRoute(status: number, body: string, headers: HttpAnswer['headers'] = {}): boolean {
  if (status !== 404) return false
  const e = infisicalError(body)
  if (e !== undefined) return /^Route [A-Z]+:\S+ not found/.test(e.message)
  return /html/i.test(contentType(headers)) || /^\s*<(!doctype html|html)/i.test(body)
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (v === undefined || v.trim() === '') return undefined
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** Server text for a message: credentials and values removed first, then cut. */
function said(ctx: AnswerContext, text: string, max = 200): string {
  return cut((ctx.redact ?? ((t: string) => t))(text), max)
}

function contentType(headers: HttpAnswer['headers']): string {
  return String(headers['content-type'] ?? 'no content-type').split(';')[0] ?? ''
}

/** A few words describing a body that is not Infisical's: the HTML title, or its start. */
export function describeForeignBody(headers: HttpAnswer['headers'], body: string, ctx: AnswerContext = { endpoint: '', environment: '' }): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]
  const what = title ? `"${said(ctx, title, 80)}"` : body.trim() === '' ? 'empty body' : `"${said(ctx, body, 80)}"`
  return `${contentType(headers)} ${what}`
}

/**
 * A successful answer in a shape the action does not know: never its text, which may hold a
 * credential or values the action cannot recognise (a login's access token under another key,
 * say); only its type, size and top-level keys.
 */
export function describeUnknownShape(headers: HttpAnswer['headers'], body: string, ctx: AnswerContext): string {
  const json = parseJson(body)
  const keys = isObject(json) ? Object.keys(json) : undefined
  const shape = keys
    ? `a JSON object with ${keys.length === 0 ? 'no keys' : `the keys ${keys.slice(0, 6).map((k) => said(ctx, k, 40)).join(', ')}${keys.length > 6 ? ', …' : ''}`}`
    : json === undefined
      ? `${Buffer.byteLength(body)} bytes that are not JSON`
      : `JSON that is not an object`
  return `${contentType(headers)}: ${shape}`
}

function fail(cls: ErrorClass, what: string, ctx: AnswerContext, status: number, serverMessage: string, retry: RetryRule, fix?: string): Failure {
  return {
    kind: 'fail',
    retry,
    error: new ActionError(cls, what, {
      endpoint: ctx.endpoint,
      ...(ctx.name !== undefined ? { path: ctx.path ?? '/', name: ctx.name } : {}),
      status,
      serverMessage,
      ...(fix ? { fix } : {})
    })
  }
}

function permissionFix(ctx: AnswerContext): string {
  return `grant the machine identity read access on ${ctx.path ?? '/'} in environment ${ctx.environment} (a project role or additional privilege with read on secrets for that path)`
}

/** A non-2xx answer, or a 2xx that is not Infisical's, as a failure with its retry rule. */
export function classifyFailure(answer: HttpAnswer, ctx: AnswerContext): Failure {
  const { status } = answer
  const e = infisicalError(answer.body)
  const login = ctx.name === undefined
  if (status === 429 || status >= 500) {
    const cls: ErrorClass = status === 429 ? 'rate-limited' : 'server-error'
    const text = e ? said(ctx, e.message) : `not Infisical's answer: ${describeForeignBody(answer.headers, answer.body, ctx)}`
    const after = retryAfterMs(answer.headers['retry-after'])
    const f = fail(cls, status === 429 ? 'Infisical is rate limiting this client' : 'Infisical answered with a server error', ctx, status, text, 'same')
    return after === undefined ? f : { ...f, retryAfterMs: after }
  }
  if (status >= 300 && status < 400) {
    const location = String(answer.headers.location ?? '')
    return fail(
      'proxy-blocked',
      `the URL answered with a redirect${location ? ` to ${said(ctx, location.split('?')[0] ?? '', 120)}` : ''}, not with Infisical's API`,
      ctx,
      status,
      '',
      'next',
      'give the base URL Infisical itself answers on as infisical-url (the https:// one, without a path the proxy rewrites)'
    )
  }
  if (!e) {
    return fail(
      'proxy-blocked',
      `the answer did not come from Infisical (${describeForeignBody(answer.headers, answer.body, ctx)}): something in front of it answered`,
      ctx,
      status,
      '',
      'next',
      FIXES['proxy-blocked']
    )
  }
  const msg = said(ctx, `${e.error ? `${e.error}: ` : ''}${e.message}`, 300)
  if (status === 401) {
    if (/TTL expir|expired/i.test(e.message)) return fail('token-expired', 'the access token has expired on the server', ctx, status, msg, 'never')
    if (login) return fail('auth-invalid', 'Universal Auth login was refused (client-id or client-secret)', ctx, status, msg, 'never', 'check client-id and client-secret of the Universal Auth method, whether the client secret expired, and whether the method is locked')
    return fail('auth-invalid', 'the access token was refused: missing, revoked, unknown, or out of uses', ctx, status, msg, 'never')
  }
  if (status === 403) {
    if (e.error === 'TokenError') {
      if (/expired/i.test(e.message)) return fail('token-expired', 'the access token has expired', ctx, status, msg, 'never')
      return fail('auth-invalid', 'the access token is malformed or its signature is invalid (a token of another Infisical instance?)', ctx, status, msg, 'never', 'install a Token Auth access token issued by this Infisical instance')
    }
    if (/IP address/i.test(e.message)) return fail('ip-not-allowed', "the runner's IP address is not among the identity's trusted IPs", ctx, status, msg, 'never')
    if (/not (a )?member of (this|the) project/i.test(`${e.error} ${e.message}`)) {
      return fail('not-in-project', 'the machine identity is not a member of this project', ctx, status, msg, 'never')
    }
    if (login) return fail('auth-invalid', 'Universal Auth login was refused', ctx, status, msg, 'never')
    return fail('permission-denied', 'the machine identity may not read this secret', ctx, status, msg, 'never', permissionFix(ctx))
  }
  if (status === 404) {
    return fail('not-found', login ? 'Universal Auth login route not found' : 'Infisical has no such secret, folder, environment or project', ctx, status, msg, 'never')
  }
  if (status === 400 || status === 422) return fail('bad-request', 'Infisical rejected the request', ctx, status, msg, 'never')
  return fail('bad-request', `Infisical answered with an unexpected status`, ctx, status, msg, 'never')
}

/** The answer to `GET /api/v4/secrets/{name}` (or v3 raw). */
export function interpretSecretAnswer(answer: HttpAnswer, ctx: AnswerContext): SecretOutcome {
  if (isMissingRoute(answer.status, answer.body, answer.headers)) return { kind: 'route-missing' }
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  const secret = isObject(json) ? json.secret : undefined
  if (!isObject(secret) || typeof secret.secretValue !== 'string') {
    return fail('proxy-blocked', 'the answer was not a secret from Infisical', ctx, answer.status, describeUnknownShape(answer.headers, answer.body, ctx), 'next')
  }
  if (secret.secretValueHidden === true) {
    return fail(
      'permission-denied',
      'Infisical hid the value (secretValueHidden): the machine identity may see the secret but not its value',
      ctx,
      answer.status,
      'secretValueHidden: true',
      'never',
      permissionFix(ctx).replace('read access', 'read access to secret values')
    )
  }
  return { kind: 'ok', secret: { value: secret.secretValue, version: typeof secret.version === 'number' ? secret.version : null } }
}

/** The answer to `POST /api/v1/auth/universal-auth/login`. */
export function interpretLoginAnswer(answer: HttpAnswer, ctx: AnswerContext): LoginOutcome {
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  if (!isObject(json) || typeof json.accessToken !== 'string' || json.accessToken === '') {
    return fail('proxy-blocked', 'the login answer was not Infisical\'s', ctx, answer.status, describeUnknownShape(answer.headers, answer.body, ctx), 'next')
  }
  return { kind: 'ok', accessToken: json.accessToken }
}
