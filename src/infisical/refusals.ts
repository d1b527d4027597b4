/**
 * Infisical's own refusals (its error JSON), told apart by `error` and message first and by the
 * status second: a 403 is not one thing. Pure.
 */
import { saidError, type AnswerContext, type InfisicalError } from './answer-body.js'
import { environmentHint, fail, permissionFix, type Failure } from './failure.js'

/**
 * Infisical's wordings, by meaning (docs/infisical-api.md §2 and §5). Matched on `error` and message
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

/** A refused Universal Auth login: the reasons Infisical gives, each with what to do; the first that matches. */
const LOGIN_REFUSALS: readonly { wording: RegExp; reason: string; fix: string }[] = [
  {
    wording: WORDING.clientSecretExpired,
    reason: 'the client secret has expired',
    fix: 'create a new client secret for the Universal Auth method of the machine identity and update client-secret (the access token is not the problem)'
  },
  {
    wording: WORDING.clientSecretUses,
    reason: 'the client secret reached its usage limit',
    fix: 'create a new client secret (or one without a usage limit) for the Universal Auth method and update client-secret'
  },
  {
    wording: WORDING.locked,
    reason: 'the method is locked after failed logins',
    fix: 'check client-id and client-secret, then run again after about 5 minutes (Infisical locks the method after 3 failed logins)'
  }
]

/** A refused Universal Auth login, with the reason Infisical gave. */
function loginRefused(e: InfisicalError, ctx: AnswerContext, status: number, msg: string): Failure {
  const known = LOGIN_REFUSALS.find((r) => r.wording.test(e.message))
  if (known) {
    return fail(
      'auth-invalid',
      `Universal Auth login was refused: ${known.reason}`,
      ctx,
      status,
      msg,
      'never',
      known.fix
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
export function classifyInfisical(e: InfisicalError, ctx: AnswerContext, status: number): Failure {
  const login = ctx.name === undefined && ctx.folder !== true
  const msg = saidError(ctx, e)
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
