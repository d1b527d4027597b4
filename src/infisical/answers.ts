/**
 * What an answer means. Pure: from an HTTP status and body to a secret, a login, or an
 * ActionError with the retry rule that applies to it. A 403 is told apart by Infisical's
 * `error` field and message, not by the status alone, and an answer that is not Infisical's
 * JSON (a proxy's HTML page, say) is recognised as such.
 */
import { ActionError, FIXES, type ErrorClass } from '../errors.js'
import { cut } from '../log-text.js'
import { isObject } from '../rules.js'

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
  /** A folder's list: `path` without a name, and not the login. */
  folder?: boolean
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

/** Infisical's error body: `{ reqId, statusCode, message, error }` (message may be an array for 422). */
export function infisicalError(body: string): InfisicalError | undefined {
  const json = parseJson(body)
  if (!isObject(json)) return undefined
  const { message, error, statusCode } = json
  const text = typeof message === 'string' ? message : Array.isArray(message) ? JSON.stringify(message) : undefined
  if (text === undefined || (typeof error !== 'string' && typeof statusCode !== 'number')) return undefined
  return {
    message: text,
    error: typeof error === 'string' ? error : '',
    ...(typeof statusCode === 'number' ? { statusCode } : {})
  }
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
export function describeForeignBody(
  headers: HttpAnswer['headers'],
  body: string,
  ctx: AnswerContext = { endpoint: '', environment: '' }
): string {
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
    ? `a JSON object with ${
        keys.length === 0
          ? 'no keys'
          : `the keys ${keys
              .slice(0, 6)
              .map((k) => said(ctx, k, 40))
              .join(', ')}${keys.length > 6 ? ', …' : ''}`
      }`
    : json === undefined
      ? `${Buffer.byteLength(body)} bytes that are not JSON`
      : `JSON that is not an object`
  return `${contentType(headers)}: ${shape}`
}

function fail(
  cls: ErrorClass,
  what: string,
  ctx: AnswerContext,
  status: number,
  serverMessage: string,
  retry: RetryRule,
  fix?: string
): Failure {
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

/** Added to the fix of a 404 or 403 that a wrong `environment` slug would also give. */
export function environmentHint(environment: string): string {
  return `check that environment ${environment} exists in the project (environment slugs are short, e.g. prod)`
}

/**
 * Infisical's wordings, by meaning (infisical-api.md §2 and §5). Matched on `error` and message
 * together, whatever the status: servers before about 2024-10 answered `UnauthorizedError` and
 * `TokenError` with 403 and `PermissionDenied` with 401.
 */
export const WORDING = {
  /** 2026: a token without `exp` after the enforcement date: "Identity access token exceeded max age, please re-authenticate". */
  maxAge: /exceeded max age/i,
  /** 2024–25 "Failed to renew MI access token due to TTL expiration"; TokenError "Your token has expired" (late 2024+), "jwt expired" (mid-2024). */
  tokenExpired: /TTL expir|token has expired|jwt expired/i,
  /** Universal Auth (all): "Access denied due to expired client secret". */
  clientSecretExpired: /expired client secret/i,
  /** Universal Auth (all): "Access denied due to client secret usage limit reached". */
  clientSecretUses: /client secret usage limit/i,
  /** Universal Auth (all): "This identity auth method is temporarily locked, please try again later". */
  locked: /temporarily locked/i,
  /** The trusted-IP check (all): "…from the current IP address". */
  ip: /IP address/i,
  /**
   * Not in the project: `Identity not in project` (early 2024), `Identity is not a member of the
   * specified project with ID '<id>'` (late 2024 – ~2025-10), `You are not member of this project`
   * (~2025-10+); the message is then "You are not allowed to access this resource".
   */
  notInProject: /identity not in project|not (a )?member of (this|the|the specified) project/i,
  /**
   * Outside the project's organization: 2026 401 "Failed to authorize: Identity is not a member of
   * the organization"; 2025 400 "Identity does not belong to this organization"; 2025+ 403 "This
   * project does not belong to your selected organization."
   */
  notInOrganization: /not a member of the organization|does not belong to (this|your selected) organization/i,
  /** Value-level refusals (2025+): the secret exists in that environment, so the slug is right. */
  valueLevel: /secret values?\b|view secret|referenced by/i
} as const

const PERMISSION_ERRORS = new Set(['PermissionDenied', 'ForbiddenError', 'ForbiddenReadSecretError'])

function notInProject(ctx: AnswerContext, status: number, msg: string, organization: boolean): Failure {
  return organization
    ? fail(
        'not-in-project',
        'the machine identity is not a member of the organization that holds this project',
        ctx,
        status,
        msg,
        'never',
        'add the machine identity to the organization of the project and to the project (or correct project-id: this project belongs to another organization)'
      )
    : fail('not-in-project', 'the machine identity is not a member of this project', ctx, status, msg, 'never')
}

/** A refused Universal Auth login, with the reason Infisical gave. */
function loginRefused(e: InfisicalError, ctx: AnswerContext, status: number, msg: string): Failure {
  if (WORDING.clientSecretExpired.test(e.message)) {
    return fail(
      'auth-invalid',
      'Universal Auth login was refused: the client secret has expired',
      ctx,
      status,
      msg,
      'never',
      'create a new client secret for the Universal Auth method of the machine identity and update client-secret (the access token is not the problem)'
    )
  }
  if (WORDING.clientSecretUses.test(e.message)) {
    return fail(
      'auth-invalid',
      'Universal Auth login was refused: the client secret reached its usage limit',
      ctx,
      status,
      msg,
      'never',
      'create a new client secret (or one without a usage limit) for the Universal Auth method and update client-secret'
    )
  }
  if (WORDING.locked.test(e.message)) {
    return fail(
      'auth-invalid',
      'Universal Auth login was refused: the method is locked after failed logins',
      ctx,
      status,
      msg,
      'never',
      'check client-id and client-secret, then run again after about 5 minutes (Infisical locks the method after 3 failed logins)'
    )
  }
  return fail(
    'auth-invalid',
    'Universal Auth login was refused (client-id or client-secret)',
    ctx,
    status,
    msg,
    'never',
    'check client-id and client-secret of the Universal Auth method, whether the client secret expired, and whether the method is locked'
  )
}

/** Infisical's own answer, told apart by `error` and message first and by the status second. */
function classifyInfisical(e: InfisicalError, ctx: AnswerContext, status: number): Failure {
  const login = ctx.name === undefined && ctx.folder !== true
  const msg = said(ctx, `${e.error ? `${e.error}: ` : ''}${e.message}`, 300)
  const words = `${e.error} ${e.message}`
  if (WORDING.ip.test(e.message) && (status === 401 || status === 403)) {
    return fail(
      'ip-not-allowed',
      "the runner's IP address is not among the identity's trusted IPs",
      ctx,
      status,
      msg,
      'never'
    )
  }
  if (WORDING.notInProject.test(words)) return notInProject(ctx, status, msg, false)
  if (WORDING.notInOrganization.test(e.message)) return notInProject(ctx, status, msg, true)
  if (login && (status === 401 || status === 403 || e.error === 'UnauthorizedError'))
    return loginRefused(e, ctx, status, msg)
  if (WORDING.maxAge.test(e.message)) {
    return fail(
      'token-expired',
      "the access token is older than the server's maximum token age (Infisical refuses tokens without an expiry date after its cut-off)",
      ctx,
      status,
      msg,
      'never',
      'install a new Token Auth access token, which carries its expiry: scripts/install-token-file --force on the runner host (or update the token secret); watch token-expires-at'
    )
  }
  if (e.error === 'TokenError' || (e.error === 'UnauthorizedError' && status === 403)) {
    if (WORDING.tokenExpired.test(e.message))
      return fail('token-expired', 'the access token has expired', ctx, status, msg, 'never')
    if (e.error === 'TokenError') {
      return fail(
        'auth-invalid',
        'the access token is malformed or its signature is invalid (a token of another Infisical instance?)',
        ctx,
        status,
        msg,
        'never',
        'install a Token Auth access token issued by this Infisical instance'
      )
    }
  }
  if (PERMISSION_ERRORS.has(e.error) && (status === 401 || status === 403)) return permissionDenied(e, ctx, status, msg)
  if (status === 401 || e.error === 'UnauthorizedError') {
    if (WORDING.tokenExpired.test(e.message))
      return fail('token-expired', 'the access token has expired on the server', ctx, status, msg, 'never')
    return fail(
      'auth-invalid',
      'the access token was refused: missing, revoked, unknown, or out of uses',
      ctx,
      status,
      msg,
      'never'
    )
  }
  if (status === 403) return permissionDenied(e, ctx, status, msg)
  if (status === 404) {
    if (login) return fail('not-found', 'Universal Auth login route not found', ctx, status, msg, 'never')
    // The secret or the project named: the environment is not what is missing.
    const envHint = !/^(Secret|Project) with /i.test(e.message)
    return fail(
      'not-found',
      'Infisical has no such secret, folder, environment or project',
      ctx,
      status,
      msg,
      'never',
      envHint ? `check project-id, the folder path and the secret name; ${environmentHint(ctx.environment)}` : undefined
    )
  }
  if (status === 400 || status === 422)
    return fail('bad-request', 'Infisical rejected the request', ctx, status, msg, 'never')
  return fail('bad-request', `Infisical answered with an unexpected status`, ctx, status, msg, 'never')
}

function permissionDenied(e: InfisicalError, ctx: AnswerContext, status: number, msg: string): Failure {
  // A refusal about a value names a secret that exists, so the environment slug is right.
  const envHint = e.error !== 'ForbiddenReadSecretError' && !WORDING.valueLevel.test(e.message)
  return fail(
    'permission-denied',
    'the machine identity may not read this secret',
    ctx,
    status,
    msg,
    'never',
    envHint ? `${permissionFix(ctx)}; ${environmentHint(ctx.environment)}` : permissionFix(ctx)
  )
}

/** A non-2xx answer, or a 2xx that is not Infisical's, as a failure with its retry rule. */
export function classifyFailure(answer: HttpAnswer, ctx: AnswerContext): Failure {
  const { status } = answer
  const e = infisicalError(answer.body)
  if (status === 429 || status >= 500) {
    const cls: ErrorClass = status === 429 ? 'rate-limited' : 'server-error'
    const text = e
      ? said(ctx, e.message)
      : `not Infisical's answer: ${describeForeignBody(answer.headers, answer.body, ctx)}`
    const after = retryAfterMs(answer.headers['retry-after'])
    const f = fail(
      cls,
      status === 429 ? 'Infisical is rate limiting this client' : 'Infisical answered with a server error',
      ctx,
      status,
      text,
      'same'
    )
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
  return classifyInfisical(e, ctx, status)
}

/** The answer to `GET /api/v4/secrets/{name}` (or v3 raw). */
export function interpretSecretAnswer(answer: HttpAnswer, ctx: AnswerContext): SecretOutcome {
  if (isMissingRoute(answer.status, answer.body, answer.headers)) return { kind: 'route-missing' }
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  const secret = isObject(json) ? json.secret : undefined
  if (!isObject(secret) || typeof secret.secretValue !== 'string') {
    return fail(
      'proxy-blocked',
      'the answer was not a secret from Infisical',
      ctx,
      answer.status,
      describeUnknownShape(answer.headers, answer.body, ctx),
      'next'
    )
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
  return {
    kind: 'ok',
    secret: { value: secret.secretValue, version: typeof secret.version === 'number' ? secret.version : null }
  }
}

export type FolderOutcome = { kind: 'ok'; found: Map<string, SecretRead> } | { kind: 'route-missing' } | Failure

function secretsOf(list: unknown): Record<string, unknown>[] | undefined {
  return Array.isArray(list) && list.every(isObject) ? (list as Record<string, unknown>[]) : undefined
}

/**
 * The answer to a folder's list (`GET /api/v4/secrets`, v3 `GET /api/v3/secrets/raw`):
 * `{ secrets: [...], imports: [{ secretPath, secrets: [...] }] }` (infisical-api.md, "A folder").
 * Only the `wanted` names are kept; every other value is dropped here, never stored. A name of
 * the folder itself wins over the imports, then the imports from the last to the first, as
 * Infisical does for a single read. A name missing (not describable, or hidden) is not in
 * `found`: the caller reads it alone, so that the error names it and its exact class.
 */
export function interpretFolderAnswer(
  answer: HttpAnswer,
  ctx: AnswerContext,
  wanted: string[],
  includeImports: boolean
): FolderOutcome {
  if (isMissingRoute(answer.status, answer.body, answer.headers)) return { kind: 'route-missing' }
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, { ...ctx, folder: true })
  const json = parseJson(answer.body)
  const own = isObject(json) ? secretsOf(json.secrets) : undefined
  const imports = isObject(json)
    ? json.imports === undefined
      ? []
      : Array.isArray(json.imports)
        ? json.imports
        : undefined
    : undefined
  if (!own || !imports) {
    return fail(
      'proxy-blocked',
      "the answer was not a folder's secrets from Infisical",
      { ...ctx, folder: true },
      answer.status,
      describeUnknownShape(answer.headers, answer.body, ctx),
      'next'
    )
  }
  const names = new Set(wanted)
  const found = new Map<string, SecretRead>()
  const take = (list: Record<string, unknown>[]) => {
    for (const s of list) {
      const key = s.secretKey
      if (typeof key !== 'string' || !names.has(key) || found.has(key)) continue
      if (typeof s.secretValue !== 'string' || s.secretValueHidden === true) continue
      found.set(key, { value: s.secretValue, version: typeof s.version === 'number' ? s.version : null })
    }
  }
  take(own)
  if (includeImports) {
    for (const imp of [...imports].reverse()) {
      const list = isObject(imp) ? secretsOf(imp.secrets) : undefined
      if (list) take(list)
    }
  }
  return { kind: 'ok', found }
}

/** The answer to `POST /api/v1/auth/universal-auth/login`. */
export function interpretLoginAnswer(answer: HttpAnswer, ctx: AnswerContext): LoginOutcome {
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  if (!isObject(json) || typeof json.accessToken !== 'string' || json.accessToken === '') {
    return fail(
      'proxy-blocked',
      "the login answer was not Infisical's",
      ctx,
      answer.status,
      describeUnknownShape(answer.headers, answer.body, ctx),
      'next'
    )
  }
  return { kind: 'ok', accessToken: json.accessToken }
}
