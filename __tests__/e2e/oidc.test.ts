/**
 * OIDC Auth end to end: the committed bundle run through the harness in a job that enables
 * OpenID Connect, the Forgejo-like issuer giving the job its ID token, and the Infisical test
 * server checking it as Infisical does (discovery and keys fetched from the issuer).
 */
import { ForgejoIdTokenIssuer } from '../../testkit/oidc-issuer.js'
import type { JobResult, JobSpec } from '../../testkit/runner/index.js'
import type { StartOptions } from '../../testkit/infisical-server.js'
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  GITHUB,
  NEXT_STEP,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  fetchStep,
  job,
  markerLines,
  markerOf,
  startPlatform,
  step,
  type Platform
} from './platform.js'

const AUDIENCE = 'https://infisical.example.org'
const SUBJECT = 'repo:platform/platform:ref:refs/heads/main'
const GITHUB_MAIN = { ...GITHUB, ref: 'refs/heads/main', eventName: 'push' }

const issuers: ForgejoIdTokenIssuer[] = []

interface Setting {
  p: Platform
  issuer: ForgejoIdTokenIssuer
  identityId: string
}

async function setting(
  opts: {
    profile?: StartOptions['profile']
    clockOffsetSeconds?: number
    subject?: string
    audiences?: string
    claims?: Record<string, string>
    tls?: boolean
  } = {}
): Promise<Setting> {
  const p = await startPlatform(opts.profile ? { profile: opts.profile } : {})
  const issuer = await ForgejoIdTokenIssuer.start({
    ...(opts.clockOffsetSeconds !== undefined ? { clockOffsetSeconds: opts.clockOffsetSeconds } : {}),
    ...(opts.tls ? { tls: 'trusted' as const } : {})
  })
  issuers.push(issuer)
  const identity = p.server.createIdentity({ projects: [PROJECT_ID] })
  p.server.grantRead(identity.id, { projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER })
  await p.server.configureOidcAuth(identity.id, {
    oidcDiscoveryUrl: issuer.discoveryUrl,
    boundIssuer: issuer.issuer,
    boundSubject: opts.subject ?? SUBJECT,
    boundAudiences: opts.audiences ?? AUDIENCE,
    ...(opts.claims ? { boundClaims: opts.claims } : {}),
    ...(opts.tls && issuer.ca ? { caCert: issuer.ca } : {})
  })
  return { p, issuer, identityId: identity.id }
}

/** A job with OIDC enabled: the OIDC fetch step, then a step that shows the environment. */
function oidcJob(s: Setting, withInputs: Record<string, string> = {}, spec: Partial<JobSpec> = {}): JobSpec {
  return {
    github: GITHUB_MAIN,
    idTokens: s.issuer,
    enableOpenIdConnect: true,
    steps: [
      fetchStep(s.p, {
        'token-file': '',
        'auth-method': 'oidc',
        'identity-id': s.identityId,
        'oidc-audience': AUDIENCE,
        ...withInputs
      }),
      NEXT_STEP
    ],
    ...spec
  }
}

/** Every credential of the run: the request token, each ID token issued, each access token used. */
function credentials(s: Setting, result: JobResult): string[] {
  const access = s.p.server.requests.map((r) => r.authorization?.replace(/^Bearer /, '') ?? '').filter((t) => t !== '')
  return [
    BOT_TOKEN,
    ...(result.idTokenRequest ? [result.idTokenRequest.requestToken] : []),
    ...s.issuer.issued,
    ...access
  ]
}

function errorOf(result: JobResult): string {
  return step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message ?? ''
}

afterEach(async () => {
  try {
    await cleanup()
  } finally {
    for (const i of issuers.splice(0)) await i.close()
  }
})

describe('auth-method oidc', () => {
  test('success: the ID token for an access token, 1 login + 1 read, source infisical-oidc-auth, no credential anywhere', async () => {
    const s = await setting()
    const result = await job(oidcJob(s))
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    const marker = markerOf(result)
    expect(marker).toMatchObject({
      status: 'ok',
      source: 'infisical-oidc-auth',
      requests: 2,
      identityId: s.identityId,
      tokenExpiresAt: null,
      error: null
    })
    expect(s.p.server.requests.map((r) => r.route)).toEqual(['oidc-login', 'v4-get-secret'])
    expect(s.issuer.requests.filter((r) => r.path.endsWith('/idtoken'))).toHaveLength(1)
    expect(s.issuer.requests.find((r) => r.path.endsWith('/idtoken'))?.url).toContain(
      `audience=${encodeURIComponent(AUDIENCE)}`
    )
    expect(step(result, 'infisical').outputs).toMatchObject({
      source: 'infisical-oidc-auth',
      'identity-id': s.identityId,
      'token-expires-at': '',
      'error-class': ''
    })
    expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-oidc-auth')).toHaveLength(1)
    expect(markerLines(result.log.exec, 'forgejo_token_source=infisical-oidc-auth')).toHaveLength(1)
    const claimsLine = result.log.daemon.find((l) => l.includes("OIDC: the job's ID token has"))
    expect(claimsLine).toContain(`iss "${s.issuer.issuer}", sub "${SUBJECT}", aud "${AUDIENCE}"`)
    expect(s.issuer.issued).toHaveLength(1)
    expectNoLeak(result, credentials(s, result))
  })

  test('each credential echoed by a later step stays masked under both rules', async () => {
    const s = await setting()
    const spec = oidcJob(s)
    spec.steps.push({
      name: 'Echo',
      run: 'echo "request token: $ACTIONS_ID_TOKEN_REQUEST_TOKEN"; echo "secret: $PLATFORMCTL_FORGEJO_TOKEN"'
    })
    const result = await job(spec)
    expect(result.success).toBe(true)
    expectNoLeak(result, credentials(s, result))
  })

  test('the Infisical 2024 profile (exact matching, v3 reads) works the same', async () => {
    const s = await setting({ profile: '2024' })
    const result = await job(oidcJob(s))
    expect(result.success).toBe(true)
    expect(markerOf(result)).toMatchObject({ source: 'infisical-oidc-auth', requests: 3 })
    expect(s.p.server.requests.map((r) => r.route)).toEqual(['oidc-login', 'v4-get-secret', 'v3-get-secret'])
  })

  test('a subject glob matches on 2025+ (repo:platform/*:ref:refs/heads/main)', async () => {
    const s = await setting({ subject: 'repo:platform/*:ref:refs/heads/main' })
    const result = await job(oidcJob(s))
    expect(result.success).toBe(true)
  })
})

describe('auth-method oidc: the CI server over https', () => {
  test('its certificate is verified: with its CA in ca-certificate the run succeeds; without, tls naming the CI server, 0 requests to Infisical', async () => {
    const s = await setting({ tls: true })
    const ok = await job(oidcJob(s, { 'ca-certificate': s.issuer.ca! }))
    expect(ok.success).toBe(true)
    expect(markerOf(ok).source).toBe('infisical-oidc-auth')
    s.p.server.clearRequests()
    const refused = await job(oidcJob(s))
    expect(step(refused, 'infisical').outputs['error-class']).toBe('tls')
    expect(errorOf(refused)).toContain("the job's ID token could not be requested from the CI server")
    expect(errorOf(refused)).toContain(s.issuer.url)
    expect(s.p.server.requests).toHaveLength(0)
  })
})

describe('auth-method oidc: refusals an operator can act on', () => {
  test('a wrong subject (another branch): auth-invalid naming sub, nothing read or exported', async () => {
    const s = await setting()
    const result = await job(oidcJob(s, {}, { github: { ...GITHUB_MAIN, ref: 'refs/heads/feature' } }))
    expect(result.success).toBe(false)
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    const message = errorOf(result)
    expect(message).toContain('the subject is not allowed')
    expect(message).toContain('sub "repo:platform/platform:ref:refs/heads/feature"')
    expect(message).toContain("identity's Subject")
    expect(s.p.server.requests.map((r) => r.route)).toEqual(['oidc-login'])
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBeUndefined()
    expect(markerOf(result)).toMatchObject({
      status: 'failed',
      source: null,
      requests: 1,
      error: { class: 'auth-invalid', status: 403 }
    })
    expectNoLeak(result, credentials(s, result), [message])
  })

  test("a wrong audience (the CI server's default): auth-invalid naming aud and oidc-audience", async () => {
    const s = await setting()
    const result = await job(oidcJob(s, { 'oidc-audience': '' }))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    const message = errorOf(result)
    expect(message).toContain('the audience is not allowed')
    expect(message).toContain(`aud "${s.issuer.rootUrl}platform"`)
    expect(message).toContain('oidc-audience')
    expectNoLeak(result, credentials(s, result), [message])
  })

  test("an expired ID token (the CI server's clock two hours behind): auth-invalid saying to check the clocks", async () => {
    const s = await setting({ clockOffsetSeconds: -7200 })
    const result = await job(oidcJob(s))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(errorOf(result)).toContain('had expired')
    expect(errorOf(result)).toContain('clocks')
    expectNoLeak(result, credentials(s, result), [errorOf(result)])
  })

  test('a bound claim that does not match (workflow file): auth-invalid naming the Claims setting', async () => {
    const s = await setting({ claims: { workflow: 'other.yml' } })
    const result = await job(oidcJob(s))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(errorOf(result)).toContain("identity's Claims")
  })

  test('an identity without OIDC Auth: auth-invalid saying to add it', async () => {
    const s = await setting()
    const plain = s.p.server.createIdentity({ projects: [PROJECT_ID] })
    const result = await job(oidcJob(s, { 'identity-id': plain.id }))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(errorOf(result)).toContain('has no OIDC Auth method')
    expect(errorOf(result)).toContain(`discovery URL and issuer ${s.issuer.issuer}`)
  })

  test('no request variables (OIDC not enabled on the job): config naming the workflow keys, 0 requests anywhere', async () => {
    const s = await setting()
    const result = await job(oidcJob(s, {}, { enableOpenIdConnect: false }))
    expect(step(result, 'infisical').outputs['error-class']).toBe('config')
    expect(errorOf(result)).toContain('enable-openid-connect: true')
    expect(errorOf(result)).toContain('permissions: id-token: write')
    expect(s.p.server.requests).toHaveLength(0)
    expect(s.issuer.requests).toHaveLength(0)
    expect(markerOf(result)).toMatchObject({ status: 'failed', requests: 0, error: { class: 'config' } })
  })

  test('a pull request from a fork (empty variables): config, 0 requests', async () => {
    const s = await setting()
    const result = await job(
      oidcJob(s, {}, { github: { ...GITHUB_MAIN, eventName: 'pull_request' }, pullRequestFromFork: true })
    )
    expect(step(result, 'infisical').outputs['error-class']).toBe('config')
    expect(errorOf(result)).toContain('forks never get an ID token')
    expect(s.p.server.requests).toHaveLength(0)
    expect(s.issuer.requests).toHaveLength(0)
  })

  test('the CI server refusing the token request: auth-invalid naming the CI server, 0 requests to Infisical', async () => {
    const s = await setting()
    s.issuer.refuseRequests(403)
    const result = await job(oidcJob(s))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(errorOf(result)).toContain("the CI server refused the request for the job's ID token")
    expect(errorOf(result)).toContain(`${s.issuer.url}/api/actions/_apis/pipelines/workflows/`)
    expect(s.p.server.requests).toHaveLength(0)
    expectNoLeak(result, credentials(s, result), [errorOf(result)])
  })

  test('the issuer unreachable from Infisical (2026): auth-invalid, Infisical must reach the discovery document', async () => {
    const s = await setting({ profile: '2026' })
    s.issuer.stopServingKeys('reset')
    const result = await job(oidcJob(s))
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(errorOf(result)).toContain("Infisical could not fetch the issuer's discovery document")
    expect(errorOf(result)).toContain(`${s.issuer.issuer}/.well-known/openid-configuration`)
    expect(s.p.server.requests.map((r) => r.route)).toEqual(['oidc-login'])
    expectNoLeak(result, credentials(s, result), [errorOf(result)])
  })

  test('the issuer unreachable from Infisical (2025: HTTP 500): server-error after the retries, with the hint', async () => {
    const s = await setting({ profile: '2025' })
    s.issuer.stopServingKeys('reset')
    const result = await job(oidcJob(s, { retries: '1' }))
    expect(step(result, 'infisical').outputs['error-class']).toBe('server-error')
    expect(errorOf(result)).toContain('/.well-known/openid-configuration')
    expect(s.p.server.requests.map((r) => r.route)).toEqual(['oidc-login', 'oidc-login'])
  })
})

test('the platform folder name and secret name in the fetch step are the ones read', () => {
  expect(`${BOT_FOLDER}/${BOT_NAME}`).toBe('/home-platform/forgejo_accounts/deploy+bot@example.org')
})
