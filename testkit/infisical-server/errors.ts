/**
 * Infisical's error answers: the body `{ reqId, statusCode, message, error }` (+ `details`) that its
 * Fastify error handler (backend/src/server/plugins/error-handler.ts) sends, the framework's own 404,
 * zod's 422 issues (and the check of a body's required strings that both logins make), and the
 * messages of the error table in docs/infisical-api.md.
 */
import { randomBytes } from 'node:crypto'

/** An answer to send: status, JSON (or text) body, extra headers. */
export interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** a text body sent as it is (with contentType) instead of JSON */
  text?: string
  contentType?: string
}

/** Thrown inside the request pipeline; caught by the server and sent as an Infisical error body. */
export class InfisicalError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly body: string | unknown[],
    readonly details?: unknown,
    readonly headers?: Record<string, string>
  ) {
    super(typeof body === 'string' ? body : error)
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** Infisical's request ids look like `req-` followed by 14 alphanumerics. */
export function newReqId(): string {
  const bytes = randomBytes(14)
  let id = 'req-'
  for (const b of bytes) id += ALNUM[b % ALNUM.length]
  return id
}

export function errorBody(
  reqId: string,
  status: number,
  error: string,
  message: unknown,
  details?: unknown
): Record<string, unknown> {
  const body: Record<string, unknown> = { reqId, statusCode: status, message, error }
  if (details !== undefined) body.details = details
  return body
}

/** Fastify's default 404 (`reply.callNotFound()`): the URL is the raw request URL, query string included. */
export function frameworkNotFound(method: string, rawUrl: string): Reply {
  return { status: 404, body: { message: `Route ${method}:${rawUrl} not found`, error: 'Not Found', statusCode: 404 } }
}

export const MSG = {
  apiKey: 'API key authentication is not supported anymore. Please switch to identity authentication.',
  tokenMissing: 'Token missing',
  noToken: 'No identity access token found',
  ttlExpired: 'Failed to renew MI access token due to TTL expiration',
  jwtExpired: 'Your token has expired. Please re-authenticate.',
  jwtMalformed: 'The provided access token is malformed. Please use a valid token or generate a new one and try again.',
  jwtInvalidAlgorithm:
    'The access token is signed with an invalid algorithm. Please provide a valid token and try again.',
  invalidSignature: 'invalid signature',
  ipNotAllowed: 'You are not allowed to access this resource from the current IP address',
  permissionDenied: 'You are not allowed to read on secrets',
  readValueForbidden: (name: string) => `You do not have permission to view secret value on secret with name '${name}'`,
  readImportValueForbidden: (name: string) =>
    `You do not have permission to view secret import value on secret with name '${name}'`,
  readValueForbiddenNew: 'You do not have permission to read secret values',
  notMember: 'You are not allowed to access this resource',
  notMemberError: 'You are not member of this project',
  secretNotFound: (name: string) => `Secret with name '${name}' not found`,
  folderNotFound: (path: string, env: string) =>
    `Folder with path '${path}' in environment with slug '${env}' not found`,
  projectNotFound: (id: string) => `Project with ID '${id}' not found`,
  projectSlugNotFound: (slug: string) => `Project with slug '${slug}' not found`,
  missingEnvironment: 'Missing environment',
  missingProjectV4: 'You must provide  workspaceId',
  missingProjectV3: 'You must provide workspaceSlug or workspaceId',
  invalidSecretPath: 'Invalid secret path. Only alphanumeric characters, dashes, and underscores are allowed.',
  invalidCredentials: 'Invalid credentials',
  rateLimit: (seconds: number) => `Rate limit exceeded. Please try again in ${seconds} seconds`,
  /** Older servers (2024-2025) answered the request after the last use with this; the table's reading is `noToken`. */
  useLimitReachedLegacy: 'Unable to renew because access token number of uses limit reached',
  /** Servers from 2026 on (Redis counter) answer the request after the last use with this. */
  useLimitReachedCurrent: 'Failed to authorize: token usage limit reached',
  // OIDC Auth login (services/identity-oidc-auth/identity-oidc-auth-service.ts; periods in oidc-auth.ts)
  oidcNotConfigured: 'OIDC auth method not found for identity, did you configure OIDC auth?',
  oidcSubjectNotAllowed: 'Access denied: OIDC subject not allowed.',
  oidcAudienceNotAllowed: 'Access denied: OIDC audience not allowed.',
  oidcClaimNotAllowed: 'Access denied: OIDC claim not allowed.',
  oidcClaimMissing: (claim: string) => `Access denied: token has no ${claim} field`,
  /** 2025+: a jsonwebtoken error of the ID token's verification, e.g. `Access denied: jwt expired` */
  oidcAccessDenied: (jwtMessage: string) => `Access denied: ${jwtMessage}`,
  oidcInvalidJwt: 'Invalid JWT',
  /** 2026 */
  oidcDiscoveryFailed: (url: string, cause: string) =>
    `Access denied: Failed to fetch OIDC discovery document from ${url}. ${cause}`,
  /** 2026 */
  oidcNoJwksUri:
    'Access denied: OIDC discovery document does not contain a jwks_uri. The identity provider may be misconfigured.',
  /** 2026 */
  oidcSigningKeyNotFound: (kid: string) =>
    `Access denied: Unable to verify JWT signature. The signing key '${kid}' was not found in the OIDC provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.`,
  /** 2026 */
  oidcSigningKeyFailed: (cause: string) => `Access denied: Failed to retrieve signing key from OIDC provider: ${cause}`,
  /** 2026, a token without `kid` */
  oidcSigningKeysFailed: (cause: string) =>
    `Access denied: Failed to retrieve signing keys from OIDC provider: ${cause}`,
  /** 2026, a token without `kid` that no key verifies */
  oidcNoKeyVerifies: (cause: string) =>
    `Access denied: Unable to verify JWT signature with any available signing key. ${cause}`,
  /** lib/validator/validate-url.ts (ALLOW_INTERNAL_IP_CONNECTIONS not set) */
  localIpsNotAllowed: 'Local IPs not allowed as URL',
  internalError: 'Something went wrong'
} as const

/** A zod issue as Infisical's 422 `message` array carries it. */
export type ZodIssue = { code: string; path: (string | number)[]; message: string; [k: string]: unknown }

export const issues = {
  required: (key: string, expected = 'string'): ZodIssue => ({
    code: 'invalid_type',
    expected,
    received: 'undefined',
    path: [key],
    message: 'Required'
  }),
  wrongType: (key: string, expected: string, received: string): ZodIssue => ({
    code: 'invalid_type',
    expected,
    received,
    path: [key],
    message: `Expected ${expected}, received ${received}`
  }),
  enumValue: (key: string, options: string[], received: string): ZodIssue => ({
    received,
    code: 'invalid_enum_value',
    options,
    path: [key],
    message: `Invalid enum value. Expected ${options.map((o) => `'${o}'`).join(' | ')}, received '${received}'`
  })
}

/**
 * Fastify + zod validation of a body whose `keys` are required strings: one issue per key missing
 * or not a string, in the order of `keys` (422 ValidationFailure), else the values trimmed.
 */
export function requireStrings<K extends string>(body: Record<string, unknown>, keys: readonly K[]): Record<K, string> {
  const problems: ZodIssue[] = []
  for (const key of keys) {
    const v = body[key]
    if (v === undefined) problems.push(issues.required(key))
    else if (typeof v !== 'string')
      problems.push(issues.wrongType(key, 'string', Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v))
  }
  if (problems.length) throw new InfisicalError(422, 'ValidationFailure', problems)
  return Object.fromEntries(keys.map((key) => [key, (body[key] as string).trim()])) as Record<K, string>
}

export type TableCaseId =
  | 'token-missing'
  | 'token-unknown'
  | 'ttl-expired'
  | 'jwt-expired'
  | 'jwt-malformed'
  | 'jwt-bad-signature'
  | 'ip-not-allowed'
  | 'permission-denied'
  | 'read-value-forbidden'
  | 'read-value-forbidden-new'
  | 'not-member'
  | 'secret-missing'
  | 'folder-missing'
  | 'project-missing'
  | 'validation'
  | 'bad-request'
  | 'rate-limit'
  | 'x-api-key'

export interface TableCase {
  id: TableCaseId
  /** the row of the table, in its words */
  case: string
  status: number
  error: string
  /** exact message, or a pattern, or 'issues' for the 422 array */
  message: string | RegExp | 'issues'
}

/** The error table of docs/infisical-api.md, one entry per row (plus the x-api-key 400). */
export const TABLE_CASES: readonly TableCase[] = [
  {
    id: 'token-missing',
    case: 'no Authorization header',
    status: 401,
    error: 'UnauthorizedError',
    message: MSG.tokenMissing
  },
  {
    id: 'token-unknown',
    case: 'token revoked, deleted or use limit spent',
    status: 401,
    error: 'UnauthorizedError',
    message: MSG.noToken
  },
  {
    id: 'ttl-expired',
    case: 'TTL expired (server side)',
    status: 401,
    error: 'UnauthorizedError',
    message: MSG.ttlExpired
  },
  { id: 'jwt-expired', case: 'JWT exp passed', status: 403, error: 'TokenError', message: MSG.jwtExpired },
  { id: 'jwt-malformed', case: 'malformed token', status: 403, error: 'TokenError', message: MSG.jwtMalformed },
  { id: 'jwt-bad-signature', case: 'bad signature', status: 403, error: 'TokenError', message: MSG.invalidSignature },
  {
    id: 'ip-not-allowed',
    case: 'address outside trusted IPs',
    status: 403,
    error: 'ForbiddenError',
    message: MSG.ipNotAllowed
  },
  {
    id: 'permission-denied',
    case: 'no read permission on the path',
    status: 403,
    error: 'PermissionDenied',
    message: MSG.permissionDenied
  },
  {
    id: 'read-value-forbidden',
    case: 'may not view the value',
    status: 403,
    error: 'ForbiddenReadSecretError',
    message: /^You do not have permission to view secret value on secret with name '.+'$/
  },
  {
    id: 'read-value-forbidden-new',
    case: 'newer permission wording',
    status: 403,
    error: 'ForbiddenError',
    message: MSG.readValueForbiddenNew
  },
  {
    id: 'not-member',
    case: 'identity not in the project',
    status: 403,
    error: MSG.notMemberError,
    message: MSG.notMember
  },
  {
    id: 'secret-missing',
    case: 'secret missing',
    status: 404,
    error: 'NotFound',
    message: /^Secret with name '.+' not found$/
  },
  {
    id: 'folder-missing',
    case: 'folder or environment missing',
    status: 404,
    error: 'NotFound',
    message: /^Folder with path '.+' in environment with slug '.+' not found$/
  },
  {
    id: 'project-missing',
    case: 'project missing',
    status: 404,
    error: 'NotFound',
    message: /^Project with ID '.+' not found$/
  },
  { id: 'validation', case: 'validation', status: 422, error: 'ValidationFailure', message: 'issues' },
  { id: 'bad-request', case: 'bad request', status: 400, error: 'BadRequest', message: /.+/ },
  {
    id: 'rate-limit',
    case: 'rate limit',
    status: 429,
    error: 'RateLimitExceeded',
    message: /^Rate limit exceeded\. Please try again in \d+ seconds$/
  },
  { id: 'x-api-key', case: 'x-api-key header sent', status: 400, error: 'BadRequest', message: MSG.apiKey }
]
