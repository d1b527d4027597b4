import { isMissingRoute, retryAfterMs, type HttpAnswer } from '../../src/infisical/answer-body.js'
import { classifyFailure } from '../../src/infisical/error-answers.js'
import { interpretLoginAnswer } from '../../src/infisical/login-answer.js'
import { interpretFolderAnswer, interpretSecretAnswer } from '../../src/infisical/secret-answers.js'
import { jsonAnswer } from './http-answers.js'

const ctx = {
  endpoint: 'https://infisical.example.org',
  environment: 'prod',
  path: '/home-platform/forgejo_accounts',
  name: 'deploy+bot@example.org'
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body)
})
const infisical = (status: number, error: string, message: unknown, extra: Record<string, unknown> = {}): HttpAnswer =>
  json(status, { reqId: 'req-1', statusCode: status, message, error, ...extra })

describe('answers from Infisical', () => {
  test('a secret', () => {
    const out = interpretSecretAnswer(
      json(200, { secret: { secretKey: 'K', secretValue: 'v', version: 3, secretValueHidden: false } }),
      ctx
    )
    expect(out).toEqual({ kind: 'ok', secret: { value: 'v', version: 3 } })
  })

  test('a hidden value is permission-denied, never a value', () => {
    const out = interpretSecretAnswer(
      json(200, { secret: { secretValue: '<hidden-by-infisical>', secretValueHidden: true, version: 1 } }),
      ctx
    )
    expect(out.kind).toBe('fail')
    if (out.kind === 'fail') {
      expect(out.error.errorClass).toBe('permission-denied')
      expect(out.error.message).not.toContain('<hidden-by-infisical>')
    }
  })

  test("the framework's 404 for a missing route is told apart from Infisical's NotFound", () => {
    const route = json(404, { message: 'Route GET:/api/v4/secrets/x not found', error: 'Not Found', statusCode: 404 })
    expect(isMissingRoute(route.status, route.body)).toBe(true)
    expect(interpretSecretAnswer(route, ctx)).toEqual({ kind: 'route-missing' })
    const missing = infisical(404, 'NotFound', "Secret with name 'deploy+bot@example.org' not found")
    expect(isMissingRoute(missing.status, missing.body)).toBe(false)
  })

  test('the 2024 standalone image: an HTML 404 page for a route it lacks (Next.js front end) is a missing route too', () => {
    const page =
      '<!DOCTYPE html><html><head><title>404: This page could not be found</title></head><body></body></html>'
    expect(isMissingRoute(404, page, { 'content-type': 'text/html; charset=utf-8' })).toBe(true)
    expect(isMissingRoute(404, page)).toBe(true)
    expect(interpretSecretAnswer({ status: 404, headers: { 'content-type': 'text/html' }, body: page }, ctx)).toEqual({
      kind: 'route-missing'
    })
    expect(isMissingRoute(403, page, { 'content-type': 'text/html' })).toBe(false)
    expect(isMissingRoute(404, 'plain words', { 'content-type': 'text/plain' })).toBe(false)
  })

  // Each row of the error table of docs/infisical-api.md: a classifier looking only at the status fails here.
  test.each<[string, HttpAnswer, string, string]>([
    ['token missing', infisical(401, 'UnauthorizedError', 'Token missing'), 'auth-invalid', 'never'],
    [
      'revoked or spent',
      infisical(401, 'UnauthorizedError', 'No identity access token found'),
      'auth-invalid',
      'never'
    ],
    [
      'TTL expired',
      infisical(401, 'UnauthorizedError', 'Failed to renew MI access token due to TTL expiration'),
      'token-expired',
      'never'
    ],
    [
      'JWT expired',
      infisical(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
      'token-expired',
      'never'
    ],
    ['malformed', infisical(403, 'TokenError', 'The provided access token is malformed'), 'auth-invalid', 'never'],
    ['bad signature', infisical(403, 'TokenError', 'invalid signature'), 'auth-invalid', 'never'],
    [
      'trusted IPs',
      infisical(403, 'ForbiddenError', 'You are not allowed to access this resource from the current IP address'),
      'ip-not-allowed',
      'never'
    ],
    [
      'no read',
      infisical(403, 'PermissionDenied', 'You are not allowed to read on secrets', { details: [] }),
      'permission-denied',
      'never'
    ],
    [
      'value forbidden',
      infisical(
        403,
        'ForbiddenReadSecretError',
        "You do not have permission to view secret value on secret with name 'X'"
      ),
      'permission-denied',
      'never'
    ],
    [
      'newer wording',
      infisical(403, 'ForbiddenError', 'You do not have permission to read secret values'),
      'permission-denied',
      'never'
    ],
    [
      'not a member',
      infisical(403, 'You are not member of this project', 'You are not allowed to access this resource'),
      'not-in-project',
      'never'
    ],
    ['secret missing', infisical(404, 'NotFound', "Secret with name 'X' not found"), 'not-found', 'never'],
    [
      'folder missing',
      infisical(404, 'NotFound', "Folder with path '/a' in environment with slug 'dev' not found"),
      'not-found',
      'never'
    ],
    ['project missing', infisical(404, 'NotFound', "Project with ID 'p' not found"), 'not-found', 'never'],
    [
      'validation',
      infisical(422, 'ValidationFailure', [{ code: 'invalid_enum_value', path: ['viewSecretValue'] }]),
      'bad-request',
      'never'
    ],
    ['bad request', infisical(400, 'BadRequest', 'Missing environment'), 'bad-request', 'never'],
    [
      'rate limit',
      infisical(429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 3 seconds', {}),
      'rate-limited',
      'same'
    ],
    ['server error', infisical(500, 'InternalServerError', 'Something went wrong'), 'server-error', 'same'],
    [
      'html 403 from a proxy',
      {
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>403 Forbidden</title></head><body>nginx</body></html>'
      },
      'proxy-blocked',
      'next'
    ],
    [
      'html 200 from a portal',
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><title>Sign in</title></html>' },
      'proxy-blocked',
      'next'
    ],
    [
      'html 502 from a proxy',
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><title>502 Bad Gateway</title></html>' },
      'server-error',
      'same'
    ]
  ])('%s → %s (%s)', (_case, answer, cls, retry) => {
    const out = interpretSecretAnswer(answer, ctx)
    expect(out.kind).toBe('fail')
    if (out.kind !== 'fail') return
    expect(out.error.errorClass).toBe(cls)
    expect(out.retry).toBe(retry)
    expect(out.error.message.startsWith(`${cls}: `)).toBe(true)
    expect(out.error.message).toContain('https://infisical.example.org')
    expect(out.error.message).toContain('/home-platform/forgejo_accounts/deploy+bot@example.org')
    expect(out.error.message).toContain(`HTTP ${answer.status}`)
    expect(out.error.message).toMatch(/ - \S/)
  })

  test('permission-denied says which folder and environment to grant', () => {
    const out = classifyFailure(infisical(403, 'PermissionDenied', 'You are not allowed to read on secrets'), ctx)
    expect(out.error.message).toContain(
      'grant the machine identity read access on /home-platform/forgejo_accounts in environment prod'
    )
    expect(out.error.message).toContain('PermissionDenied: You are not allowed to read on secrets')
  })

  test('proxy-blocked says the answer was not from Infisical and names the page', () => {
    const out = classifyFailure(
      { status: 403, headers: { 'content-type': 'text/html' }, body: '<title>403 Forbidden</title>' },
      ctx
    )
    expect(out.error.message).toContain('did not come from Infisical')
    expect(out.error.message).toContain('"403 Forbidden"')
    expect(out.error.message).toContain('local endpoint')
  })

  test('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000)
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(retryAfterMs(undefined)).toBeUndefined()
    const out = classifyFailure(
      infisical(429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 1 seconds'),
      ctx
    )
    expect(out.retryAfterMs).toBeUndefined()
    const withHeader = classifyFailure(
      json(429, { reqId: 'r', statusCode: 429, error: 'RateLimitExceeded', message: 'x' }, { 'retry-after': '1' }),
      ctx
    )
    expect(withHeader.retryAfterMs).toBe(1000)
  })

  test('Universal Auth login: token, refused credentials, foreign answer', () => {
    const login = { endpoint: 'https://i', environment: 'prod' }
    expect(
      interpretLoginAnswer(
        json(200, { accessToken: 'at', expiresIn: 7200, accessTokenMaxTTL: 7200, tokenType: 'Bearer' }),
        login
      )
    ).toEqual({ kind: 'ok', accessToken: 'at' })
    const refused = interpretLoginAnswer(infisical(401, 'UnauthorizedError', 'Invalid credentials'), login)
    expect(refused.kind === 'fail' && refused.error.errorClass).toBe('auth-invalid')
    expect(refused.kind === 'fail' && refused.error.message).toContain('client-id')
    const html = interpretLoginAnswer(
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' },
      login
    )
    expect(html.kind === 'fail' && html.error.errorClass).toBe('proxy-blocked')
  })
})

test('a redirect is not Infisical: proxy-blocked, naming where it leads, and the next URL is tried', () => {
  const out = classifyFailure(
    { status: 301, headers: { location: 'https://infisical.example.org/api/v4/secrets/x?projectId=p' }, body: '' },
    { endpoint: 'http://infisical.example.org', environment: 'prod', path: '/', name: 'x' }
  )
  expect(out.error.errorClass).toBe('proxy-blocked')
  expect(out.retry).toBe('next')
  expect(out.error.message).toContain('redirect to https://infisical.example.org/api/v4/secrets/x')
  expect(out.error.message).not.toContain('projectId')
})

/**
 * Every wording of docs/infisical-api.md §2 and §5, with its server period: classified by `error` and
 * message first, status second (before about 2024-10, 401 and 403 were swapped).
 */
describe('wordings of 2024–2026 servers', () => {
  const login = { endpoint: 'https://infisical.example.org', environment: 'prod' }
  test.each<[string, string, HttpAnswer]>([
    [
      '2026: 401 token without exp past the max age',
      'token-expired',
      infisical(401, 'UnauthorizedError', 'Identity access token exceeded max age, please re-authenticate')
    ],
    [
      '2026: 401 token usage limit',
      'auth-invalid',
      infisical(401, 'UnauthorizedError', 'Failed to authorize: token usage limit reached')
    ],
    [
      '2026: 401 token revoked',
      'auth-invalid',
      infisical(401, 'UnauthorizedError', 'Failed to authorize: token has been revoked')
    ],
    [
      '2026: 401 identity not in the organization',
      'not-in-project',
      infisical(401, 'UnauthorizedError', 'Failed to authorize: Identity is not a member of the organization')
    ],
    [
      '2024–25: 401 use limit on renew',
      'auth-invalid',
      infisical(401, 'UnauthorizedError', 'Unable to renew because access token number of uses limit reached')
    ],
    [
      '2024–25: 401 TTL expiry',
      'token-expired',
      infisical(401, 'UnauthorizedError', 'Failed to renew MI access token due to TTL expiration')
    ],
    [
      'before 2024-10: 403 UnauthorizedError (swapped) revoked',
      'auth-invalid',
      infisical(403, 'UnauthorizedError', 'No identity access token found')
    ],
    [
      'before 2024-10: 403 UnauthorizedError (swapped) TTL expiry',
      'token-expired',
      infisical(403, 'UnauthorizedError', 'Failed to renew MI access token due to TTL expiration')
    ],
    [
      'before 2024-10: 401 TokenError (swapped) expired',
      'token-expired',
      infisical(401, 'TokenError', 'Your token has expired. Please re-authenticate.')
    ],
    ['mid-2024: 401 TokenError jwt expired', 'token-expired', infisical(401, 'TokenError', 'jwt expired')],
    [
      'before 2024-10: 401 TokenError (swapped) bad signature',
      'auth-invalid',
      infisical(401, 'TokenError', 'invalid signature')
    ],
    [
      'before 2024-10: 401 PermissionDenied (swapped)',
      'permission-denied',
      infisical(401, 'PermissionDenied', 'You are not allowed to read on secrets')
    ],
    [
      '2025: 403 PermissionDenied describeSecret',
      'permission-denied',
      infisical(403, 'PermissionDenied', 'You are not allowed to describeSecret on secrets')
    ],
    [
      '2025+: 403 a forbidden reference',
      'permission-denied',
      infisical(
        403,
        'ForbiddenError',
        "You do not have permission to read secret 'K' in environment prod which is referenced by X"
      )
    ],
    [
      '2025+: 403 an import value',
      'permission-denied',
      infisical(
        403,
        'ForbiddenReadSecretError',
        "You do not have permission to view secret import value on secret with name 'X'"
      )
    ],
    [
      'early 2024: 403 Identity not in project',
      'not-in-project',
      infisical(403, 'Identity not in project', 'You are not allowed to access this resource')
    ],
    [
      'early 2024: 401 Identity not in project (swapped)',
      'not-in-project',
      infisical(401, 'Identity not in project', 'You are not allowed to access this resource')
    ],
    [
      'late 2024 – ~2025-10: 403 Identity is not a member of the specified project',
      'not-in-project',
      infisical(
        403,
        "Identity is not a member of the specified project with ID '24324af9'",
        'You are not allowed to access this resource'
      )
    ],
    [
      '~2025-10+: 403 You are not member of this project',
      'not-in-project',
      infisical(403, 'You are not member of this project', 'You are not allowed to access this resource')
    ],
    [
      '2025+: 403 project of another organization',
      'not-in-project',
      infisical(403, 'ForbiddenError', 'This project does not belong to your selected organization.')
    ],
    [
      '2025: 400 identity outside the organization',
      'not-in-project',
      infisical(400, 'BadRequest', 'Identity does not belong to this organization')
    ],
    ['2026: 404 project missing', 'not-found', infisical(404, 'NotFound', 'Project with 24324af9 not found')],
    [
      '2025+: 404 folder missing (GetSecretByName)',
      'not-found',
      infisical(404, 'GetSecretByName', "Folder with path '/a' in environment with slug 'dev' not found")
    ],
    [
      'all: 400 API keys',
      'bad-request',
      infisical(400, 'BadRequest', 'API key authentication is not supported anymore')
    ],
    [
      'all: 403 trusted IPs',
      'ip-not-allowed',
      infisical(403, 'ForbiddenError', 'You are not allowed to access this resource from the current IP address')
    ]
  ])('%s → %s', (_case, cls, answer) => {
    const out = classifyFailure(answer, ctx)
    expect(out.error.errorClass).toBe(cls)
    expect(out.retry).toBe('never')
    expect(out.error.message).toContain(`HTTP ${answer.status}`)
  })

  test('2026: the max-age refusal tells to install a new token with the installer', () => {
    const out = classifyFailure(
      infisical(401, 'UnauthorizedError', 'Identity access token exceeded max age, please re-authenticate'),
      ctx
    )
    expect(out.error.message).toContain("older than the server's maximum token age")
    expect(out.error.message).toContain('install a new Token Auth access token')
    expect(out.error.message).toContain('scripts/install-token-file --force')
  })

  test.each<[string, HttpAnswer, string]>([
    [
      'all: 401 expired client secret',
      infisical(401, 'UnauthorizedError', 'Access denied due to expired client secret'),
      'the client secret has expired'
    ],
    [
      'all: 401 client secret usage limit',
      infisical(401, 'UnauthorizedError', 'Access denied due to client secret usage limit reached'),
      'usage limit'
    ],
    [
      'all: 401 locked after failed logins',
      infisical(401, 'UnauthorizedError', 'This identity auth method is temporarily locked, please try again later'),
      'locked'
    ],
    [
      'all: 401 invalid credentials',
      infisical(401, 'UnauthorizedError', 'Invalid credentials'),
      'client-id or client-secret'
    ],
    [
      'before 2024-10: 403 UnauthorizedError (swapped) expired client secret',
      infisical(403, 'UnauthorizedError', 'Access denied due to expired client secret'),
      'the client secret has expired'
    ]
  ])('Universal Auth login, %s → auth-invalid with the reason', (_case, answer, reason) => {
    const out = interpretLoginAnswer(answer, login)
    expect(out.kind).toBe('fail')
    if (out.kind !== 'fail') return
    expect(out.error.errorClass).toBe('auth-invalid')
    expect(out.error.message).toContain(reason)
  })

  test('all: 403 trusted IPs of the client secret at login → ip-not-allowed', () => {
    const out = interpretLoginAnswer(
      infisical(403, 'ForbiddenError', 'You are not allowed to access this resource from the current IP address'),
      login
    )
    expect(out.kind === 'fail' && out.error.errorClass).toBe('ip-not-allowed')
  })
})

describe('a wrong environment slug', () => {
  const wrong = { ...ctx, environment: 'production' }
  const hint = 'check that environment production exists in the project (environment slugs are short, e.g. prod)'
  test.each<[string, HttpAnswer]>([
    [
      '2025+: 404 folder missing in the environment',
      infisical(404, 'NotFound', "Folder with path '/' in environment with slug 'production' not found")
    ],
    [
      '2024: 403 no read (permissions are per environment)',
      infisical(403, 'PermissionDenied', 'You are not allowed to read on secrets')
    ],
    [
      '2025: 403 no describeSecret',
      infisical(403, 'PermissionDenied', 'You are not allowed to describeSecret on secrets')
    ],
    [
      'before 2024-10: 401 PermissionDenied (swapped)',
      infisical(401, 'PermissionDenied', 'You are not allowed to read on secrets')
    ]
  ])('%s: the fix names the slug', (_case, answer) => {
    expect(classifyFailure(answer, wrong).error.message).toContain(hint)
  })

  test.each<[string, HttpAnswer]>([
    ['all: 404 the secret (its folder was found)', infisical(404, 'NotFound', "Secret with name 'X' not found")],
    ['2026: 404 the project', infisical(404, 'NotFound', 'Project with 24324af9 not found')],
    [
      '2025+: 403 the value of an existing secret',
      infisical(
        403,
        'ForbiddenReadSecretError',
        "You do not have permission to view secret value on secret with name 'X'"
      )
    ],
    ['2026: 403 secret values', infisical(403, 'ForbiddenError', 'You do not have permission to read secret values')],
    [
      '~2025-10+: 403 not a member',
      infisical(403, 'You are not member of this project', 'You are not allowed to access this resource')
    ]
  ])('%s: no environment hint', (_case, answer) => {
    expect(classifyFailure(answer, wrong).error.message).not.toContain('check that environment')
  })
})

describe("a folder's list (docs/infisical-api.md, A folder)", () => {
  const s = (secretKey: string, secretValue: string, extra: Record<string, unknown> = {}) => ({
    secretKey,
    secretValue,
    version: 4,
    ...extra
  })
  const folderCtx = { endpoint: 'https://i', environment: 'prod', path: '/a', folder: true }

  test('only the wanted names are kept; the folder wins over imports, then the last import first', () => {
    const answer = jsonAnswer(200, {
      secrets: [s('A', 'own-A'), s('UNMAPPED', 'never-kept')],
      imports: [
        { secretPath: '/first', environment: 'prod', secrets: [s('B', 'first-B'), s('C', 'first-C')] },
        { secretPath: '/last', environment: 'prod', secrets: [s('A', 'last-A'), s('B', 'last-B')] }
      ]
    })
    const out = interpretFolderAnswer(answer, folderCtx, ['A', 'B', 'C', 'D'], true)
    expect(out.kind).toBe('ok')
    if (out.kind !== 'ok') return
    expect(Object.fromEntries([...out.found].map(([k, v]) => [k, v.value]))).toEqual({
      A: 'own-A',
      B: 'last-B',
      C: 'first-C'
    })
    expect(JSON.stringify([...out.found])).not.toContain('never-kept')
    const noImports = interpretFolderAnswer(answer, folderCtx, ['A', 'B'], false)
    expect(noImports.kind === 'ok' && [...noImports.found.keys()]).toEqual(['A'])
  })

  test('a hidden value is not taken from the list (its single read names the refusal)', () => {
    const out = interpretFolderAnswer(
      jsonAnswer(200, { secrets: [s('A', '<hidden-by-infisical>', { secretValueHidden: true })], imports: [] }),
      folderCtx,
      ['A'],
      false
    )
    expect(out.kind === 'ok' && out.found.size).toBe(0)
  })

  test('a refused list is permission-denied (not a login refusal); an unknown shape is proxy-blocked by its keys', () => {
    const refused = infisical(
      403,
      'ForbiddenReadSecretError',
      "You do not have permission to view secret value on secret with name 'X'"
    )
    const out = interpretFolderAnswer(refused, folderCtx, ['A'], false)
    expect(out.kind === 'fail' && out.error.errorClass).toBe('permission-denied')
    const odd = interpretFolderAnswer(jsonAnswer(200, { items: [] }), folderCtx, ['A'], false)
    expect(odd.kind === 'fail' && [odd.error.errorClass, odd.error.message.includes('the keys items')]).toEqual([
      'proxy-blocked',
      true
    ])
  })
})
