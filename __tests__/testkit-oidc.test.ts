/**
 * OpenID Connect in the test kit (issue 10): the Forgejo-like ID-token issuer (testkit/oidc-issuer.ts),
 * the Infisical test server's OIDC Auth login by period (testkit/infisical-server/oidc-auth.ts), and
 * the runner harness giving a job its token request variables (testkit/runner/job.ts, workflow.ts).
 * (@infisical/sdk 5.0.2 has no OIDC login: only universal-auth and aws-auth.)
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { call, serversClosedAfterEach, type Answer } from './http-call.js'
import {
  InfisicalTestServer,
  MSG,
  jwtPayload,
  type OidcAuthConfig,
  type ProfileName
} from '../testkit/infisical-server.js'
import {
  FORGEJO_CUSTOM_CLAIMS,
  FORGEJO_ID_TOKEN_ERRORS,
  ForgejoIdTokenIssuer,
  type IdTokenJob
} from '../testkit/oidc-issuer.js'
import { type JobResult, cleanupJob, loadWorkflow, runJob } from '../testkit/runner/index.js'

const PROJECT = 'p-oidc'
const JOB: IdTokenJob = {
  repository: 'platform/deploy',
  ref: 'refs/heads/main',
  runId: '4711',
  runNumber: '12',
  workflow: 'deploy.yml',
  sha: 'a'.repeat(40),
  actor: 'alice'
}
const AUDIENCE = 'https://infisical.example.org'

const start = serversClosedAfterEach()
const issuers: ForgejoIdTokenIssuer[] = []
afterEach(async () => {
  await Promise.all(issuers.splice(0).map((i) => i.close()))
})
async function issuer(opts?: Parameters<typeof ForgejoIdTokenIssuer.start>[0]): Promise<ForgejoIdTokenIssuer> {
  const i = await ForgejoIdTokenIssuer.start(opts)
  issuers.push(i)
  return i
}

function decodePart(token: string, i: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[i] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
}

function requestIdToken(
  requestUrl: string,
  requestToken: string,
  audience?: string,
  scheme = 'bearer'
): Promise<Answer> {
  return call(audience === undefined ? requestUrl : `${requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `${scheme} ${requestToken}` }
  })
}

function expectInfisicalError(a: Answer, status: number, error: string, message?: string | RegExp): void {
  expect({ status: a.status, error: a.body?.error }).toEqual({ status, error })
  expect(a.body.reqId).toMatch(/^req-[A-Za-z0-9]{14}$/)
  if (typeof message === 'string') expect(a.body.message).toBe(message)
  else if (message) expect(a.body.message).toMatch(message)
}

describe('ForgejoIdTokenIssuer', () => {
  test('discovery document and JWKS as Forgejo serves them; the JWKS key verifies the tokens', async () => {
    const i = await issuer()
    expect(i.issuer).toBe(`${i.url}/api/actions`)
    expect(i.discoveryUrl).toBe(`${i.url}/api/actions`)
    const d = await call(`${i.discoveryUrl}/.well-known/openid-configuration`)
    expect(d.status).toBe(200)
    expect(d.headers.get('content-type')).toBe('application/json;charset=utf-8')
    expect(Object.keys(d.body)).toEqual([
      'issuer',
      'jwks_uri',
      'subject_types_supported',
      'response_types_supported',
      'claims_supported',
      'id_token_signing_alg_values_supported',
      'scopes_supported'
    ])
    expect(d.body).toEqual({
      issuer: i.issuer,
      jwks_uri: `${i.url}/api/actions/.well-known/keys`,
      subject_types_supported: ['public'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'nbf', ...FORGEJO_CUSTOM_CLAIMS],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid']
    })
    const k = await call(d.body.jwks_uri)
    expect(k.status).toBe(200)
    expect(k.body.keys).toHaveLength(1)
    const jwk = k.body.keys[0]
    expect(Object.keys(jwk)).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
    expect(jwk).toMatchObject({ alg: 'RS256', e: 'AQAB', kid: i.kid, kty: 'RSA', use: 'sig' })
    expect(i.kid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const key = createPublicKey({ key: jwk, format: 'jwk' })
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048)
    const token = i.mint(JOB)
    const [h, p, sig] = token.split('.') as [string, string, string]
    expect(cryptoVerify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))).toBe(true)
  })

  test('the token request without audience: Forgejo v15 claims, default audience ROOT_URL + owner, 3600 s', async () => {
    const i = await issuer()
    const { requestUrl, requestToken } = i.jobRequest(JOB)
    expect(requestUrl).toBe(`${i.url}/api/actions/_apis/pipelines/workflows/4711/idtoken?placeholder=true`)
    // a runtime JWT (HS256), not the ID token
    expect(decodePart(requestToken, 0)).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(jwtPayload(requestToken)).toMatchObject({
      RunID: 4711,
      oidc_sub: 'repo:platform/deploy:ref:refs/heads/main',
      scp: expect.stringContaining('generate_id_token:4711:')
    })
    const a = await requestIdToken(requestUrl, requestToken)
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toBe('application/json;charset=utf-8')
    expect(Object.keys(a.body)).toEqual(['value'])
    const jwt = a.body.value as string
    expect(decodePart(jwt, 0)).toEqual({ alg: 'RS256', kid: i.kid, typ: 'JWT' })
    const claims = jwtPayload(jwt)
    expect(claims).toEqual({
      actor: 'alice',
      aud: `${i.url}/platform`,
      base_ref: '',
      event_name: 'push',
      exp: expect.any(Number),
      head_ref: '',
      iat: expect.any(Number),
      iss: i.issuer,
      nbf: expect.any(Number),
      ref: 'refs/heads/main',
      ref_protected: 'false',
      ref_type: 'branch',
      repository: 'platform/deploy',
      repository_owner: 'platform',
      run_attempt: '1',
      run_id: '4711',
      run_number: '12',
      sha: 'a'.repeat(40),
      sub: 'repo:platform/deploy:ref:refs/heads/main',
      workflow: 'deploy.yml',
      workflow_ref: 'platform/deploy/.forgejo/workflows/deploy.yml@refs/heads/main'
    })
    expect(Object.keys(claims)).toEqual(Object.keys(claims).sort())
    expect(claims.exp).toBe((claims.iat as number) + 3600)
    expect(claims.nbf).toBe(claims.iat)
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5)
    expect(i.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['GET', '/api/actions/_apis/pipelines/workflows/4711/idtoken', `bearer ${requestToken}`]
    ])
  })

  test('the token request with an audience, any case of "Bearer"; pull_request and pull_request_target subjects; a tag', async () => {
    const i = await issuer({ lifetimeSeconds: 600 })
    const { requestUrl, requestToken } = i.jobRequest(JOB)
    const a = await requestIdToken(requestUrl, requestToken, AUDIENCE, 'BEARER')
    expect(a.status).toBe(200)
    const claims = jwtPayload(a.body.value)
    expect(claims.aud).toBe(AUDIENCE)
    expect((claims.exp as number) - (claims.iat as number)).toBe(600)
    const pr = i.jobRequest({
      ...JOB,
      eventName: 'pull_request',
      ref: 'refs/pull/7/head',
      headRef: 'feature',
      baseRef: 'main'
    })
    const prClaims = jwtPayload((await requestIdToken(pr.requestUrl, pr.requestToken)).body.value)
    expect(prClaims).toMatchObject({
      sub: 'repo:platform/deploy:pull_request',
      event_name: 'pull_request',
      head_ref: 'feature',
      base_ref: 'main',
      ref_type: ''
    })
    const target = i.jobRequest({ ...JOB, eventName: 'pull_request_target' })
    expect(jwtPayload((await requestIdToken(target.requestUrl, target.requestToken)).body.value).sub).toBe(
      'repo:platform/deploy:ref:refs/heads/main'
    )
    const tag = i.jobRequest({ ...JOB, ref: 'refs/tags/v1.2.0' })
    expect(jwtPayload((await requestIdToken(tag.requestUrl, tag.requestToken)).body.value)).toMatchObject({
      ref_type: 'tag',
      sub: 'repo:platform/deploy:ref:refs/tags/v1.2.0'
    })
  })

  test("a bad request token, another run, an ended job, a refusal: Forgejo's plain-text errors", async () => {
    const i = await issuer()
    const { requestUrl, requestToken } = i.jobRequest(JOB)
    const expectGoError = (a: Answer, status: number, message: string) => {
      expect({ status: a.status, text: a.text }).toEqual({ status, text: `${message}\n` })
      expect(a.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(a.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expectGoError(await call(requestUrl), 401, FORGEJO_ID_TOKEN_ERRORS.badHeader)
    expectGoError(
      await requestIdToken(requestUrl, requestToken, undefined, 'token'),
      401,
      FORGEJO_ID_TOKEN_ERRORS.badHeader
    )
    expectGoError(await requestIdToken(requestUrl, 'not-a-runtime-token'), 500, FORGEJO_ID_TOKEN_ERRORS.parseToken)
    // a token of another issuer (another server secret)
    const other = await issuer()
    expectGoError(
      await requestIdToken(requestUrl, other.jobRequest(JOB).requestToken),
      500,
      FORGEJO_ID_TOKEN_ERRORS.parseToken
    )
    expectGoError(
      await requestIdToken(requestUrl.replace('/4711/', '/4712/'), requestToken),
      400,
      FORGEJO_ID_TOKEN_ERRORS.runIdMismatch
    )
    expectGoError(
      await requestIdToken(requestUrl.replace('/4711/', '/abc/'), requestToken),
      400,
      FORGEJO_ID_TOKEN_ERRORS.runIdMismatch
    )
    i.refuseRequests(403)
    expectGoError(await requestIdToken(requestUrl, requestToken), 403, FORGEJO_ID_TOKEN_ERRORS.missingScope)
    i.refuseRequests(502, 'Bad Gateway')
    expectGoError(await requestIdToken(requestUrl, requestToken), 502, 'Bad Gateway')
    i.acceptRequests()
    expect((await requestIdToken(requestUrl, requestToken)).status).toBe(200)
    i.endJob(requestToken)
    expectGoError(await requestIdToken(requestUrl, requestToken), 500, FORGEJO_ID_TOKEN_ERRORS.notRunning)
    expect((await call(`${i.url}/api/actions/nothing`)).status).toBe(404)
  })

  test('stopServingKeys(): discovery and JWKS unreachable, the token endpoint still answers; serveKeys() restores them', async () => {
    const i = await issuer()
    const { requestUrl, requestToken } = i.jobRequest(JOB)
    i.stopServingKeys()
    await expect(fetch(`${i.discoveryUrl}/.well-known/openid-configuration`)).rejects.toThrow()
    await expect(fetch(`${i.url}/api/actions/.well-known/keys`)).rejects.toThrow()
    expect((await requestIdToken(requestUrl, requestToken)).status).toBe(200)
    i.stopServingKeys('not-found')
    expect((await call(`${i.discoveryUrl}/.well-known/openid-configuration`)).status).toBe(404)
    i.stopServingKeys('unavailable')
    const page = await call(`${i.url}/api/actions/.well-known/keys`)
    expect(page.status).toBe(503)
    expect(page.headers.get('content-type')).toBe('text/html')
    i.serveKeys()
    expect((await call(`${i.discoveryUrl}/.well-known/openid-configuration`)).status).toBe(200)
  })

  test('mint(): audience, expiry, foreign key, issuer and claim overrides', async () => {
    const i = await issuer()
    const expired = jwtPayload(i.mint(JOB, { expiresInSeconds: -60 }))
    expect((expired.exp as number) - Date.now() / 1000).toBeLessThan(-55)
    expect((expired.exp as number) - (expired.iat as number)).toBe(3600)
    expect(jwtPayload(i.mint(JOB, { audience: 'x', issuer: 'https://elsewhere/api/actions' }))).toMatchObject({
      aud: 'x',
      iss: 'https://elsewhere/api/actions'
    })
    expect(jwtPayload(i.mint(JOB, { claims: { repository_owner: undefined, extra: 'y' } }))).not.toHaveProperty(
      'repository_owner'
    )
    const foreign = i.mint(JOB, { foreignKey: true })
    expect(decodePart(foreign, 0).kid).not.toBe(i.kid)
    expect(decodePart(i.mint(JOB, { foreignKey: 'same-kid' }), 0).kid).toBe(i.kid)
    expect(decodePart(i.mint(JOB, { noKid: true }), 0)).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(() => i.jobRequest({ ...JOB, runId: 'run-1' })).toThrow(/decimal/)
  })
})

// ------------------------------------------------------------------ Infisical OIDC Auth

interface World {
  s: InfisicalTestServer
  i: ForgejoIdTokenIssuer
  identityId: string
}

/** A server of `profile` with one project, a secret, an identity with OIDC Auth bound to the issuer. */
async function world(
  profile: ProfileName | undefined,
  config: Partial<OidcAuthConfig> = {},
  issuerOpts?: Parameters<typeof ForgejoIdTokenIssuer.start>[0]
): Promise<World> {
  const i = await issuer(issuerOpts)
  const s = await start(profile === undefined ? {} : { profile })
  s.addProject(PROJECT)
  s.setSecret({ projectId: PROJECT, environment: 'prod', name: 'DEPLOY_KEY', value: 'k-123' })
  const identity = s.createIdentity({ projects: [PROJECT] })
  s.grantRead(identity.id, { projectId: PROJECT, environment: 'prod', path: '/' })
  await s.configureOidcAuth(identity.id, {
    oidcDiscoveryUrl: i.discoveryUrl,
    boundIssuer: i.issuer,
    boundAudiences: AUDIENCE,
    boundSubject: 'repo:platform/deploy:ref:refs/heads/main',
    ...config
  })
  return { s, i, identityId: identity.id }
}

function login(s: InfisicalTestServer, identityId: string, jwt: string): Promise<Answer> {
  return call(`${s.url}/api/v1/auth/oidc-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identityId, jwt })
  })
}

function readSecret(s: InfisicalTestServer, accessToken: string): Promise<Answer> {
  const v4 = s.profile.v4
  const q = new URLSearchParams(
    v4 ? { projectId: PROJECT, environment: 'prod' } : { workspaceId: PROJECT, environment: 'prod' }
  )
  return call(`${s.url}${v4 ? '/api/v4/secrets/DEPLOY_KEY' : '/api/v3/secrets/raw/DEPLOY_KEY'}?${q}`, {
    headers: { authorization: `Bearer ${accessToken}` }
  })
}

describe('OIDC Auth login on the Infisical test server', () => {
  test.each(['2024', '2025', '2026', 'cloud-free', undefined] as const)(
    'profile %s: a requested ID token logs in; the access token reads a secret',
    async (profile) => {
      const { s, i, identityId } = await world(profile)
      const { requestUrl, requestToken } = i.jobRequest(JOB)
      const jwt = (await requestIdToken(requestUrl, requestToken, AUDIENCE)).body.value as string
      const a = await login(s, identityId, jwt)
      expect(a.status).toBe(200)
      expect(Object.keys(a.body)).toEqual(['accessToken', 'expiresIn', 'accessTokenMaxTTL', 'tokenType'])
      expect(a.body).toMatchObject({ expiresIn: 2592000, accessTokenMaxTTL: 2592000, tokenType: 'Bearer' })
      const claims = jwtPayload(a.body.accessToken)
      expect(claims).toMatchObject({ identityId, authTokenType: 'identityAccessToken' })
      if (s.profile.tokens === '2026')
        expect(claims).toMatchObject({ authMethod: 'oidc-auth', exp: expect.any(Number) })
      const read = await readSecret(s, a.body.accessToken)
      expect(read.status).toBe(200)
      expect(read.body.secret.secretValue).toBe('k-123')
      expect(s.tokenInfo(a.body.accessToken)).toMatchObject({ authMethod: 'oidc-auth', numUses: 1 })
      // the issuer saw the discovery document and the JWKS requested by the server
      expect(i.requests.map((r) => r.path)).toEqual([
        '/api/actions/_apis/pipelines/workflows/4711/idtoken',
        '/api/actions/.well-known/openid-configuration',
        '/api/actions/.well-known/keys'
      ])
      // the login is recorded without its body: the ID token is nowhere in the record
      const rec = s.requests.find((r) => r.route === 'oidc-login')!
      expect(rec).toMatchObject({ method: 'POST', path: '/api/v1/auth/oidc-auth/login' })
      expect(JSON.stringify(rec)).not.toContain(jwt.split('.')[2])
      expect(s.count({ route: 'oidc-login' })).toBe(1)
    }
  )

  test('a form-encoded body works; a missing jwt is 422 ValidationFailure', async () => {
    const { s, i, identityId } = await world('2026')
    const form = await call(`${s.url}/api/v1/auth/oidc-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identityId, jwt: i.mint(JOB, { audience: AUDIENCE }) }).toString()
    })
    expect(form.status).toBe(200)
    const bad = await call(`${s.url}/api/v1/auth/oidc-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identityId })
    })
    expectInfisicalError(bad, 422, 'ValidationFailure')
    expect(bad.body.message).toEqual([
      { code: 'invalid_type', expected: 'string', received: 'undefined', path: ['jwt'], message: 'Required' }
    ])
  })

  type Case = { status: number; error: string; message: string | RegExp } | 'ok'
  interface Row {
    name: string
    config?: Partial<OidcAuthConfig>
    token: (w: World) => string | Promise<string>
    before?: (w: World) => void
    expected: (w: World) => Record<'2024' | '2025' | '2026', Case>
  }
  const same = (c: Case): Record<'2024' | '2025' | '2026', Case> => ({ '2024': c, '2025': c, '2026': c })
  const mint = (w: World, o: Parameters<ForgejoIdTokenIssuer['mint']>[1] = {}) =>
    w.i.mint(JOB, { audience: AUDIENCE, ...o })
  const ROWS: Row[] = [
    {
      name: 'wrong subject',
      token: (w) => mint(w, {}),
      config: { boundSubject: 'repo:platform/deploy:ref:refs/heads/release' },
      expected: () => same({ status: 403, error: 'ForbiddenError', message: MSG.oidcSubjectNotAllowed })
    },
    {
      name: 'wrong audience',
      token: (w) => mint(w, { audience: 'https://other.example' }),
      expected: () => ({
        '2024': { status: 403, error: 'ForbiddenError', message: MSG.oidcAudienceNotAllowed },
        '2025': { status: 401, error: 'UnauthorizedError', message: MSG.oidcAudienceNotAllowed },
        '2026': { status: 401, error: 'UnauthorizedError', message: MSG.oidcAudienceNotAllowed }
      })
    },
    {
      name: 'wrong issuer',
      token: (w) => mint(w, { issuer: 'https://forgejo.example.org/api/actions' }),
      expected: (w) => ({
        '2024': { status: 403, error: 'TokenError', message: `jwt issuer invalid. expected: ${w.i.issuer}` },
        '2025': {
          status: 401,
          error: 'UnauthorizedError',
          message: `Access denied: jwt issuer invalid. expected: ${w.i.issuer}`
        },
        '2026': {
          status: 401,
          error: 'UnauthorizedError',
          message: `Access denied: jwt issuer invalid. expected: ${w.i.issuer}`
        }
      })
    },
    {
      name: 'expired token',
      token: (w) => mint(w, { expiresInSeconds: -10 }),
      expected: () => ({
        '2024': { status: 403, error: 'TokenError', message: MSG.jwtExpired },
        '2025': { status: 401, error: 'UnauthorizedError', message: 'Access denied: jwt expired' },
        '2026': { status: 401, error: 'UnauthorizedError', message: 'Access denied: jwt expired' }
      })
    },
    {
      name: 'foreign key (its own kid)',
      token: (w) => mint(w, { foreignKey: true }),
      expected: (w) => ({
        '2024': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2025': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2026': {
          status: 401,
          error: 'UnauthorizedError',
          message: MSG.oidcSigningKeyNotFound(decodePart(mint(w, { foreignKey: true }), 0).kid as string)
        }
      })
    },
    {
      name: 'foreign key (the JWKS kid)',
      token: (w) => mint(w, { foreignKey: 'same-kid' }),
      expected: () => ({
        '2024': { status: 403, error: 'TokenError', message: MSG.invalidSignature },
        '2025': { status: 401, error: 'UnauthorizedError', message: 'Access denied: invalid signature' },
        '2026': { status: 401, error: 'UnauthorizedError', message: 'Access denied: invalid signature' }
      })
    },
    {
      name: 'claim mismatch',
      token: (w) => mint(w),
      config: { boundClaims: { repository_owner: 'infra, security' } },
      expected: () => ({
        '2024': { status: 403, error: 'ForbiddenError', message: MSG.oidcClaimNotAllowed },
        '2025': { status: 401, error: 'UnauthorizedError', message: MSG.oidcClaimNotAllowed },
        '2026': { status: 401, error: 'UnauthorizedError', message: MSG.oidcClaimNotAllowed }
      })
    },
    {
      name: 'claim absent',
      token: (w) => mint(w, { claims: { environment: undefined } }),
      config: { boundClaims: { environment: 'production' } },
      expected: () => ({
        '2024': { status: 403, error: 'ForbiddenError', message: MSG.oidcClaimNotAllowed },
        '2025': { status: 401, error: 'UnauthorizedError', message: MSG.oidcClaimMissing('environment') },
        '2026': { status: 401, error: 'UnauthorizedError', message: MSG.oidcClaimMissing('environment') }
      })
    },
    {
      name: 'claims matching (several allowed values, one of them)',
      token: (w) => mint(w),
      config: { boundClaims: { repository_owner: 'infra, platform', workflow: 'deploy.yml' } },
      expected: () => same('ok')
    },
    {
      name: 'glob subject repo:platform/*:ref:refs/heads/main',
      token: (w) => mint(w),
      config: { boundSubject: 'repo:platform/*:ref:refs/heads/main' },
      expected: () => ({
        '2024': { status: 403, error: 'ForbiddenError', message: MSG.oidcSubjectNotAllowed },
        '2025': 'ok',
        '2026': 'ok'
      })
    },
    {
      name: 'glob `*` does not cross a slash',
      token: (w) => mint(w),
      config: { boundSubject: 'repo:*:ref:refs/heads/main' },
      expected: () => same({ status: 403, error: 'ForbiddenError', message: MSG.oidcSubjectNotAllowed })
    },
    {
      name: 'glob audience and several audiences',
      token: (w) => mint(w),
      config: { boundAudiences: 'sts.example, https://infisical.example.*' },
      expected: () => ({
        '2024': { status: 403, error: 'ForbiddenError', message: MSG.oidcAudienceNotAllowed },
        '2025': 'ok',
        '2026': 'ok'
      })
    },
    {
      name: 'not a JWT',
      token: () => 'not-a-jwt',
      expected: () => ({
        '2024': { status: 400, error: 'BadRequest', message: MSG.oidcInvalidJwt },
        '2025': { status: 401, error: 'UnauthorizedError', message: MSG.oidcInvalidJwt },
        '2026': { status: 401, error: 'UnauthorizedError', message: MSG.oidcInvalidJwt }
      })
    },
    {
      name: 'issuer unreachable (discovery and JWKS), the ID token itself obtained',
      token: async (w) => {
        const { requestUrl, requestToken } = w.i.jobRequest(JOB)
        const jwt = (await requestIdToken(requestUrl, requestToken, AUDIENCE)).body.value as string
        w.i.stopServingKeys()
        return jwt
      },
      expected: (w) => ({
        '2024': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2025': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2026': {
          status: 401,
          error: 'UnauthorizedError',
          message: MSG.oidcDiscoveryFailed(w.i.discoveryUrl, 'socket hang up')
        }
      })
    },
    {
      name: 'discovery document answered 404',
      token: (w) => {
        w.i.stopServingKeys('not-found')
        return mint(w)
      },
      expected: (w) => ({
        '2024': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2025': { status: 500, error: 'InternalServerError', message: 'Something went wrong' },
        '2026': {
          status: 401,
          error: 'UnauthorizedError',
          message: MSG.oidcDiscoveryFailed(w.i.discoveryUrl, 'Request failed with status code 404')
        }
      })
    }
  ]

  describe.each(['2024', '2025', '2026'] as const)(
    'profile %s: the failure table of docs/infisical-api.md',
    (profile) => {
      test.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
        const w = await world(profile, row.config ?? {})
        const jwt = await row.token(w)
        const expected = row.expected(w)[profile]
        const a = await login(w.s, w.identityId, jwt)
        if (expected === 'ok') {
          expect({ status: a.status, body: a.body?.message }).toEqual({ status: 200, body: undefined })
          expect(a.body.tokenType).toBe('Bearer')
        } else {
          expectInfisicalError(a, expected.status, expected.error, expected.message)
        }
      })

      test('an identity without OIDC auth: 404', async () => {
        const w = await world(profile)
        const other = w.s.createIdentity({ projects: [PROJECT] })
        expectInfisicalError(
          await login(w.s, other.id, w.i.mint(JOB, { audience: AUDIENCE })),
          404,
          'NotFound',
          MSG.oidcNotConfigured
        )
        w.s.removeOidcAuth(w.identityId)
        expectInfisicalError(
          await login(w.s, w.identityId, w.i.mint(JOB, { audience: AUDIENCE })),
          404,
          'NotFound',
          MSG.oidcNotConfigured
        )
      })
    }
  )

  test('2026: a token without kid is tried against the keys; 2025 takes the only key', async () => {
    for (const profile of ['2025', '2026'] as const) {
      const w = await world(profile)
      expect((await login(w.s, w.identityId, w.i.mint(JOB, { audience: AUDIENCE, noKid: true }))).status).toBe(200)
      const a = await login(w.s, w.identityId, w.i.mint(JOB, { audience: AUDIENCE, noKid: true, foreignKey: true }))
      if (profile === '2026')
        expectInfisicalError(a, 401, 'UnauthorizedError', MSG.oidcNoKeyVerifies('invalid signature'))
      else expectInfisicalError(a, 401, 'UnauthorizedError', 'Access denied: invalid signature')
    }
  })

  test("the OIDC config's trusted IPs bind the access token, not the login", async () => {
    const w = await world(undefined, {
      accessTokenTrustedIps: ['10.0.0.0/8'],
      accessTokenTTL: 600,
      accessTokenNumUsesLimit: 3
    })
    const a = await login(w.s, w.identityId, w.i.mint(JOB, { audience: AUDIENCE }))
    expect(a.status).toBe(200)
    expect(a.body).toMatchObject({ expiresIn: 600 })
    expectInfisicalError(await readSecret(w.s, a.body.accessToken), 403, 'ForbiddenError', MSG.ipNotAllowed)
    expect(w.s.tokenInfo(a.body.accessToken)).toMatchObject({ numUsesLimit: 3, accessTokenTTL: 600 })
  })

  test('an https issuer: trusted through caCert; without it 2025 does not verify TLS, 2026 uses the default trust store', async () => {
    const i = await issuer({ tls: 'trusted' })
    expect(i.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    for (const [profile, caCert, ok] of [
      ['2026', true, true],
      ['2026', false, false],
      ['2025', false, true]
    ] as const) {
      const s = await start({ profile })
      const id = s.createIdentity()
      await s.configureOidcAuth(id.id, {
        oidcDiscoveryUrl: i.discoveryUrl,
        boundIssuer: i.issuer,
        ...(caCert ? { caCert: i.ca! } : {})
      })
      const a = await login(s, id.id, i.mint(JOB))
      if (ok) expect(a.status).toBe(200)
      else
        expectInfisicalError(
          a,
          401,
          'UnauthorizedError',
          new RegExp(
            `^Access denied: Failed to fetch OIDC discovery document from ${i.discoveryUrl.replace(/[.]/g, '\\.')}\\. .*certificate`
          )
        )
    }
  })

  test('ALLOW_INTERNAL_IP_CONNECTIONS off: a loopback issuer cannot be saved; a 2026 login refuses it with 400', async () => {
    const i = await issuer()
    const s = await start({ profile: '2026', allowInternalIpConnections: false })
    const id = s.createIdentity()
    await expect(
      s.configureOidcAuth(id.id, { oidcDiscoveryUrl: i.discoveryUrl, boundIssuer: i.issuer })
    ).rejects.toThrow(/400 Local IPs not allowed as URL/)
    s.allowInternalIpConnections = true
    await s.configureOidcAuth(id.id, { oidcDiscoveryUrl: i.discoveryUrl, boundIssuer: i.issuer })
    s.allowInternalIpConnections = false
    expectInfisicalError(await login(s, id.id, i.mint(JOB)), 400, 'BadRequest', MSG.localIpsNotAllowed)
    expect(i.requests).toHaveLength(0)
    const s25 = await start({ profile: '2025', allowInternalIpConnections: true })
    const id25 = s25.createIdentity()
    await s25.configureOidcAuth(id25.id, { oidcDiscoveryUrl: i.discoveryUrl, boundIssuer: i.issuer })
    s25.allowInternalIpConnections = false
    expect((await login(s25, id25.id, i.mint(JOB))).status).toBe(200)
  })

  test("the login spends the 'write' rate limit ('2024': 200 a minute)", async () => {
    const i = await issuer()
    const s = await start({ profile: '2024', rateLimits: { write: 1 } })
    const id = s.createIdentity()
    await s.configureOidcAuth(id.id, { oidcDiscoveryUrl: i.discoveryUrl, boundIssuer: i.issuer })
    expect((await login(s, id.id, i.mint(JOB))).status).toBe(200)
    const a = await login(s, id.id, i.mint(JOB))
    expectInfisicalError(a, 429, 'RateLimitExceeded')
    expect(a.headers.get('x-ratelimit-limit')).toBe('1')
  })
})

// ------------------------------------------------------------------ the runner harness

describe('the runner harness with OpenID Connect', () => {
  const results: JobResult[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const r of results.splice(0)) cleanupJob(r, { workspace: true })
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  async function run(spec: Parameters<typeof runJob>[0]): Promise<JobResult> {
    const r = await runJob(spec)
    results.push(r)
    return r
  }

  /** A run step that echoes both variables and fetches an ID token, printing some of its claims. */
  const ECHO_AND_FETCH = [
    'echo "url=$ACTIONS_ID_TOKEN_REQUEST_URL"',
    'echo "token=$ACTIONS_ID_TOKEN_REQUEST_TOKEN"',
    `node -e 'fetch(process.env.ACTIONS_ID_TOKEN_REQUEST_URL + "&audience=infisical", { headers: { authorization: "bearer " + process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN } }).then(r => r.json()).then(b => { const c = JSON.parse(Buffer.from(b.value.split(".")[1], "base64url")); console.log("claims", c.sub, c.aud, c.workflow, c.run_id) })'`
  ].join('\n')

  test('a job with enableOpenIdConnect: both variables in every step; the request token masked in the daemon view', async () => {
    const i = await issuer()
    const r = await run({
      github: { repository: 'platform/deploy', runId: '90', workflow: 'Deploy', workflowFile: 'deploy.yml' },
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'set by the job env: overridden' },
      idTokens: i,
      enableOpenIdConnect: true,
      steps: [
        { id: 'oidc', run: ECHO_AND_FETCH },
        { id: 'second', run: 'true' }
      ]
    })
    expect(r.success).toBe(true)
    const req = r.idTokenRequest!
    expect(req.requestUrl).toBe(`${i.url}/api/actions/_apis/pipelines/workflows/90/idtoken?placeholder=true`)
    expect(r.steps.map((s) => s.id)).toEqual(['oidc', 'second'])
    for (const s of r.steps) {
      expect(s.stepEnv['ACTIONS_ID_TOKEN_REQUEST_URL']).toBe(req.requestUrl)
      expect(s.stepEnv['ACTIONS_ID_TOKEN_REQUEST_TOKEN']).toBe(req.requestToken)
    }
    expect(r.steps[0]!.raw).toContain(`url=${req.requestUrl}`)
    expect(r.steps[0]!.raw).toContain(`claims repo:platform/deploy:ref:refs/heads/main infisical deploy.yml 90`)
    // the daemon (web UI) masks the request token from the start
    expect(r.log.daemon.join('\n')).not.toContain(req.requestToken)
    expect(r.log.daemon).toContain('token=***')
    expect(r.masks.daemon).toContain(req.requestToken)
    // the exec rule (the runner's debug journal) masks only Config.Secrets and add-mask values
    expect(r.log.exec.join('\n')).toContain(`token=${req.requestToken}`)
  })

  test('a pull_request from a fork gets both variables empty; pull_request_target from a fork keeps OIDC', async () => {
    const i = await issuer()
    const fork = await run({
      github: { eventName: 'pull_request' },
      idTokens: i,
      enableOpenIdConnect: true,
      pullRequestFromFork: true,
      steps: [{ run: 'echo "[$ACTIONS_ID_TOKEN_REQUEST_URL][$ACTIONS_ID_TOKEN_REQUEST_TOKEN]"' }]
    })
    expect(fork.idTokenRequest).toBeUndefined()
    expect(fork.steps[0]!.stepEnv).toMatchObject({
      ACTIONS_ID_TOKEN_REQUEST_URL: '',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ''
    })
    expect(fork.steps[0]!.raw).toEqual(['[][]'])
    const target = await run({
      github: { eventName: 'pull_request_target' },
      idTokens: i,
      enableOpenIdConnect: true,
      pullRequestFromFork: true,
      steps: [{ run: 'true' }]
    })
    expect(target.steps[0]!.stepEnv['ACTIONS_ID_TOKEN_REQUEST_TOKEN']).toBe(target.idTokenRequest!.requestToken)
    const off = await run({ idTokens: i, steps: [{ run: 'true' }] })
    expect(off.steps[0]!.stepEnv).toMatchObject({
      ACTIONS_ID_TOKEN_REQUEST_URL: '',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ''
    })
    const older = await run({ steps: [{ run: 'true' }] })
    expect(older.steps[0]!.stepEnv).not.toHaveProperty('ACTIONS_ID_TOKEN_REQUEST_URL')
    await expect(runJob({ enableOpenIdConnect: true, steps: [{ run: 'true' }] })).rejects.toThrow(/needs idTokens/)
  })

  test('loadWorkflow: enable-openid-connect at workflow or job level (the job wins); the workflow file name feeds the claims', async () => {
    const i = await issuer()
    const dir = mkdtempSync(join(tmpdir(), 'oidc-workflow-'))
    dirs.push(dir)
    const file = (name: string, top: string, jobLevel: string) => {
      const path = join(dir, name)
      writeFileSync(
        path,
        `name: Deploy\n${top}on: push\njobs:\n  apply:\n    runs-on: platform-deploy\n${jobLevel}    steps:\n      - run: echo "token=$ACTIONS_ID_TOKEN_REQUEST_TOKEN"\n`
      )
      return path
    }
    const wf = file('deploy.yml', 'enable-openid-connect: true\n', '')
    const spec = loadWorkflow(wf, { idTokens: i, github: { repository: 'platform/deploy', runId: '5' } })
    expect(spec).toMatchObject({
      enableOpenIdConnect: true,
      github: { workflow: 'Deploy', workflowFile: 'deploy.yml' }
    })
    const r = await run(spec)
    expect(r.success).toBe(true)
    expect(jwtPayload(r.idTokenRequest!.requestToken).oidc_extra).toContain('"workflow":"deploy.yml"')
    expect(r.log.daemon).toContain('token=***')
    expect(
      loadWorkflow(file('off.yml', 'enable-openid-connect: true\n', '    enable-openid-connect: false\n'), {
        idTokens: i
      }).enableOpenIdConnect
    ).toBe(false)
    expect(
      loadWorkflow(file('job.yml', '', '    enable-openid-connect: true\n'), { idTokens: i }).enableOpenIdConnect
    ).toBe(true)
    expect(loadWorkflow(file('none.yml', '', ''), { idTokens: i }).enableOpenIdConnect).toBeUndefined()
    expect(() => loadWorkflow(wf)).toThrow(/enable-openid-connect is on but no idTokens/)
    expect(() => loadWorkflow(file('bad.yml', "enable-openid-connect: 'yes'\n", ''), { idTokens: i })).toThrow(
      /must be true or false/
    )
  })

  test('end to end: a job logs in to Infisical with its own ID token', async () => {
    const w = await world('2026', {
      boundSubject: 'repo:platform/*:ref:refs/heads/main',
      boundAudiences: 'infisical',
      boundClaims: { workflow: 'deploy.yml' }
    })
    const script = [
      `node -e '`,
      `(async () => {`,
      `  const r = await fetch(process.env.ACTIONS_ID_TOKEN_REQUEST_URL + "&audience=infisical", { headers: { authorization: "Bearer " + process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN } });`,
      `  const jwt = (await r.json()).value;`,
      `  const l = await fetch(process.env.INFISICAL_URL + "/api/v1/auth/oidc-auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ identityId: process.env.IDENTITY_ID, jwt }) });`,
      `  const { accessToken } = await l.json();`,
      `  const s = await fetch(process.env.INFISICAL_URL + "/api/v4/secrets/DEPLOY_KEY?projectId=${PROJECT}&environment=prod", { headers: { authorization: "Bearer " + accessToken } });`,
      `  console.log("status", l.status, s.status, (await s.json()).secret.secretValue.length);`,
      `})()'`
    ].join('\n')
    const r = await run({
      github: { repository: 'platform/deploy', workflowFile: 'deploy.yml' },
      idTokens: w.i,
      enableOpenIdConnect: true,
      env: { INFISICAL_URL: w.s.url, IDENTITY_ID: w.identityId },
      steps: [{ run: script }]
    })
    expect(r.steps[0]!.raw).toEqual(['status 200 200 5'])
    expect(w.s.count({ route: 'oidc-login' })).toBe(1)
  })
})
