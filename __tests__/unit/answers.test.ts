import { classifyFailure, interpretLoginAnswer, interpretSecretAnswer, isMissingRoute, retryAfterMs, type HttpAnswer } from '../../src/infisical/answers.js'

const ctx = { endpoint: 'https://infisical.example.org', environment: 'prod', path: '/home-platform/forgejo_accounts', name: 'deploy+bot@example.org' }
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body)
})
const infisical = (status: number, error: string, message: unknown, extra: Record<string, unknown> = {}): HttpAnswer =>
  json(status, { reqId: 'req-1', statusCode: status, message, error, ...extra })

describe('answers from Infisical', () => {
  test('a secret', () => {
    const out = interpretSecretAnswer(json(200, { secret: { secretKey: 'K', secretValue: 'v', version: 3, secretValueHidden: false } }), ctx)
    expect(out).toEqual({ kind: 'ok', secret: { value: 'v', version: 3 } })
  })

  test('a hidden value is permission-denied, never a value', () => {
    const out = interpretSecretAnswer(json(200, { secret: { secretValue: '<hidden-by-infisical>', secretValueHidden: true, version: 1 } }), ctx)
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
    const page = '<!DOCTYPE html><html><head><title>404: This page could not be found</title></head><body></body></html>'
    expect(isMissingRoute(404, page, { 'content-type': 'text/html; charset=utf-8' })).toBe(true)
    expect(isMissingRoute(404, page)).toBe(true)
    expect(interpretSecretAnswer({ status: 404, headers: { 'content-type': 'text/html' }, body: page }, ctx)).toEqual({ kind: 'route-missing' })
    expect(isMissingRoute(403, page, { 'content-type': 'text/html' })).toBe(false)
    expect(isMissingRoute(404, 'plain words', { 'content-type': 'text/plain' })).toBe(false)
  })

  // Each row of the error table of infisical-api.md: a classifier looking only at the status fails here.
  test.each<[string, HttpAnswer, string, string]>([
    ['token missing', infisical(401, 'UnauthorizedError', 'Token missing'), 'auth-invalid', 'never'],
    ['revoked or spent', infisical(401, 'UnauthorizedError', 'No identity access token found'), 'auth-invalid', 'never'],
    ['TTL expired', infisical(401, 'UnauthorizedError', 'Failed to renew MI access token due to TTL expiration'), 'token-expired', 'never'],
    ['JWT expired', infisical(403, 'TokenError', 'Your token has expired. Please re-authenticate.'), 'token-expired', 'never'],
    ['malformed', infisical(403, 'TokenError', 'The provided access token is malformed'), 'auth-invalid', 'never'],
    ['bad signature', infisical(403, 'TokenError', 'invalid signature'), 'auth-invalid', 'never'],
    ['trusted IPs', infisical(403, 'ForbiddenError', 'You are not allowed to access this resource from the current IP address'), 'ip-not-allowed', 'never'],
    ['no read', infisical(403, 'PermissionDenied', 'You are not allowed to read on secrets', { details: [] }), 'permission-denied', 'never'],
    ['value forbidden', infisical(403, 'ForbiddenReadSecretError', "You do not have permission to view secret value on secret with name 'X'"), 'permission-denied', 'never'],
    ['newer wording', infisical(403, 'ForbiddenError', 'You do not have permission to read secret values'), 'permission-denied', 'never'],
    ['not a member', infisical(403, 'You are not member of this project', 'You are not allowed to access this resource'), 'not-in-project', 'never'],
    ['secret missing', infisical(404, 'NotFound', "Secret with name 'X' not found"), 'not-found', 'never'],
    ['folder missing', infisical(404, 'NotFound', "Folder with path '/a' in environment with slug 'dev' not found"), 'not-found', 'never'],
    ['project missing', infisical(404, 'NotFound', "Project with ID 'p' not found"), 'not-found', 'never'],
    ['validation', infisical(422, 'ValidationFailure', [{ code: 'invalid_enum_value', path: ['viewSecretValue'] }]), 'bad-request', 'never'],
    ['bad request', infisical(400, 'BadRequest', 'Missing environment'), 'bad-request', 'never'],
    ['rate limit', infisical(429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 3 seconds', {}), 'rate-limited', 'same'],
    ['server error', infisical(500, 'InternalServerError', 'Something went wrong'), 'server-error', 'same'],
    ['html 403 from a proxy', { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><head><title>403 Forbidden</title></head><body>nginx</body></html>' }, 'proxy-blocked', 'next'],
    ['html 200 from a portal', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><title>Sign in</title></html>' }, 'proxy-blocked', 'next'],
    ['html 502 from a proxy', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><title>502 Bad Gateway</title></html>' }, 'server-error', 'same']
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
    expect(out.error.message).toContain('grant the machine identity read access on /home-platform/forgejo_accounts in environment prod')
    expect(out.error.message).toContain('PermissionDenied: You are not allowed to read on secrets')
  })

  test('proxy-blocked says the answer was not from Infisical and names the page', () => {
    const out = classifyFailure({ status: 403, headers: { 'content-type': 'text/html' }, body: '<title>403 Forbidden</title>' }, ctx)
    expect(out.error.message).toContain('did not come from Infisical')
    expect(out.error.message).toContain('"403 Forbidden"')
    expect(out.error.message).toContain('local endpoint')
  })

  test('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000)
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(retryAfterMs(undefined)).toBeUndefined()
    const out = classifyFailure(infisical(429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 1 seconds'), ctx)
    expect(out.retryAfterMs).toBeUndefined()
    const withHeader = classifyFailure(json(429, { reqId: 'r', statusCode: 429, error: 'RateLimitExceeded', message: 'x' }, { 'retry-after': '1' }), ctx)
    expect(withHeader.retryAfterMs).toBe(1000)
  })

  test('Universal Auth login: token, refused credentials, foreign answer', () => {
    const login = { endpoint: 'https://i', environment: 'prod' }
    expect(interpretLoginAnswer(json(200, { accessToken: 'at', expiresIn: 7200, accessTokenMaxTTL: 7200, tokenType: 'Bearer' }), login)).toEqual({ kind: 'ok', accessToken: 'at' })
    const refused = interpretLoginAnswer(infisical(401, 'UnauthorizedError', 'Invalid credentials'), login)
    expect(refused.kind === 'fail' && refused.error.errorClass).toBe('auth-invalid')
    expect(refused.kind === 'fail' && refused.error.message).toContain('client-id')
    const html = interpretLoginAnswer({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' }, login)
    expect(html.kind === 'fail' && html.error.errorClass).toBe('proxy-blocked')
  })
})

test('a redirect is not Infisical: proxy-blocked, naming where it leads, and the next URL is tried', () => {
  const out = classifyFailure({ status: 301, headers: { location: 'https://infisical.example.org/api/v4/secrets/x?projectId=p' }, body: '' }, { endpoint: 'http://infisical.example.org', environment: 'prod', path: '/', name: 'x' })
  expect(out.error.errorClass).toBe('proxy-blocked')
  expect(out.retry).toBe('next')
  expect(out.error.message).toContain('redirect to https://infisical.example.org/api/v4/secrets/x')
  expect(out.error.message).not.toContain('projectId')
})
