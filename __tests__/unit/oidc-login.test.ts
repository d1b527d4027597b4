import { interpretOidcLoginAnswer, type OidcLoginContext } from '../../src/infisical/oidc-login.js'

const ctx: OidcLoginContext = {
  endpoint: 'https://infisical.example.org',
  environment: 'prod',
  identityId: 'id-oidc',
  claims: {
    iss: 'https://forgejo.example.org/api/actions',
    sub: 'repo:platform/platform:ref:refs/heads/main',
    aud: ['https://forgejo.example.org/platform']
  }
}
const reqId = 'req-1'
const answer = (status: number, error: string, message: string) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ reqId, statusCode: status, message, error })
})

describe('the OIDC login answer (docs/infisical-api.md, OIDC Auth, 2024-2026 wordings)', () => {
  test('success: the access token', () => {
    expect(
      interpretOidcLoginAnswer(
        { status: 200, headers: {}, body: JSON.stringify({ accessToken: 'at', expiresIn: 7200, tokenType: 'Bearer' }) },
        ctx
      )
    ).toEqual({ kind: 'ok', accessToken: 'at' })
  })

  test.each<[string, ReturnType<typeof answer>, string, string]>([
    [
      'no OIDC auth on the identity',
      answer(404, 'NotFound', 'OIDC auth method not found for identity, did you configure OIDC auth?'),
      'has no OIDC Auth method',
      'add OIDC Auth'
    ],
    [
      'subject (all periods: 403)',
      answer(403, 'ForbiddenError', 'Access denied: OIDC subject not allowed.'),
      'the subject is not allowed',
      "identity's Subject"
    ],
    [
      'audience (2025+: 401)',
      answer(401, 'UnauthorizedError', 'Access denied: OIDC audience not allowed.'),
      'the audience is not allowed',
      'oidc-audience'
    ],
    [
      'audience (mid-2024: 403)',
      answer(403, 'ForbiddenError', 'Access denied: OIDC audience not allowed.'),
      'the audience is not allowed',
      "identity's Audiences"
    ],
    [
      'a claim (2025+)',
      answer(401, 'UnauthorizedError', 'Access denied: OIDC claim not allowed.'),
      'bound claim',
      "identity's Claims"
    ],
    [
      'a missing claim',
      answer(401, 'UnauthorizedError', 'Access denied: token has no workflow field'),
      'bound claim',
      'ref_protected is always false'
    ],
    [
      'issuer',
      answer(
        401,
        'UnauthorizedError',
        'Access denied: jwt issuer invalid. expected: https://other.example.org/api/actions'
      ),
      'the issuer does not match',
      'Issuer to exactly https://forgejo.example.org/api/actions'
    ],
    ['expired (2025+)', answer(401, 'UnauthorizedError', 'Access denied: jwt expired'), 'had expired', 'clocks'],
    ['expired (mid-2024 TokenError)', answer(403, 'TokenError', 'jwt expired'), 'had expired', 'clocks'],
    [
      'signature',
      answer(401, 'UnauthorizedError', 'Access denied: invalid signature'),
      'signature could not be verified',
      'discovery URL'
    ],
    [
      'a key not in the JWKS (2026)',
      answer(
        401,
        'UnauthorizedError',
        "Access denied: Unable to verify JWT signature. The signing key 'k9' was not found in the OIDC provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider."
      ),
      'signature could not be verified',
      'not another instance'
    ],
    [
      'the keys unreachable (2026)',
      answer(
        401,
        'UnauthorizedError',
        'Access denied: Failed to retrieve signing keys from OIDC provider: socket hang up'
      ),
      'could not fetch',
      '/.well-known/openid-configuration'
    ],
    [
      'not a JWT (2025+)',
      answer(401, 'UnauthorizedError', 'Invalid JWT'),
      'signature could not be verified',
      'discovery URL'
    ],
    [
      'discovery unreachable (2026)',
      answer(
        401,
        'UnauthorizedError',
        'Access denied: Failed to fetch OIDC discovery document from https://forgejo.example.org/api/actions. connect ECONNREFUSED'
      ),
      'could not fetch',
      '/.well-known/openid-configuration'
    ],
    [
      'anything else refused',
      answer(401, 'UnauthorizedError', 'Access denied'),
      'the login was refused',
      'OIDC Auth settings'
    ]
  ])('%s: auth-invalid naming the claims', (_what, a, what, fix) => {
    const out = interpretOidcLoginAnswer(a, ctx)
    if (out.kind !== 'fail') throw new Error('expected a failure')
    expect(out.error.errorClass).toBe('auth-invalid')
    expect(out.retry).toBe('never')
    expect(out.error.message).toContain(what)
    expect(out.error.message).toContain(fix)
    expect(out.error.message).toContain('machine identity id-oidc')
    expect(out.error.message).toContain('sub "repo:platform/platform:ref:refs/heads/main"')
    expect(out.error.message).toContain('aud "https://forgejo.example.org/platform"')
    expect(out.error.message).toContain('iss "https://forgejo.example.org/api/actions"')
    expect(out.error.message).not.toContain('Universal Auth')
  })

  test('discovery unreachable before 2026 (500): server-error, retried, with the hint', () => {
    const out = interpretOidcLoginAnswer(answer(500, 'InternalServerError', 'Something went wrong'), ctx)
    if (out.kind !== 'fail') throw new Error('expected a failure')
    expect(out.error.errorClass).toBe('server-error')
    expect(out.retry).toBe('same')
    expect(out.error.message).toContain('https://forgejo.example.org/api/actions/.well-known/openid-configuration')
  })

  test('trusted IPs, a server without the route, a private issuer, a proxy page', () => {
    const ip = interpretOidcLoginAnswer(answer(403, 'ForbiddenError', 'Access denied from the current IP address'), ctx)
    expect(ip.kind === 'fail' && ip.error.errorClass).toBe('ip-not-allowed')
    const route = interpretOidcLoginAnswer(
      answer(404, 'Not Found', 'Route POST:/api/v1/auth/oidc-auth/login not found'),
      ctx
    )
    expect(route.kind === 'fail' && route.error.message).toContain('no OIDC Auth login route')
    const local = interpretOidcLoginAnswer(answer(400, 'BadRequest', 'Local IPs not allowed as URL'), ctx)
    expect(local.kind === 'fail' && local.error.message).toContain('ALLOW_INTERNAL_IP_CONNECTIONS=true')
    const page = interpretOidcLoginAnswer(
      { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><title>403 Forbidden</title></html>' },
      ctx
    )
    expect(page.kind === 'fail' && page.error.errorClass).toBe('proxy-blocked')
  })

  test('an echo of the ID token in the error body is redacted before it is cut', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.signature-part-long'
    const out = interpretOidcLoginAnswer(
      answer(401, 'UnauthorizedError', `Access denied: OIDC audience not allowed. token=${jwt}`),
      { ...ctx, redact: (t) => t.replaceAll(jwt, '***') }
    )
    if (out.kind !== 'fail') throw new Error('expected a failure')
    expect(out.error.message).not.toContain('signature-part-long')
  })
})
