/**
 * The test server's profiles ('2024', '2025', '2026', 'cloud-free'): each behaviour as
 * docs/infisical-api.md gives it for that period (see testkit/infisical-server/profiles.ts).
 */
import { call, serversClosedAfterEach, type Answer } from './http-call.js'
import {
  InfisicalTestServer,
  MSG,
  MSG_PROFILES,
  PROFILE_NAMES,
  jwtPayload,
  MAX_TOKEN_AGE_SECONDS,
  type ProfileName,
  type StartOptions
} from '../testkit/infisical-server.js'

const PROJECT = 'p-9a7e'

const start = serversClosedAfterEach()

/** A server with one project, a few secrets in dev, and a member identity allowed to read all of dev. */
async function world(opts?: StartOptions) {
  const s = await start(opts)
  s.addProject(PROJECT)
  s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'ROOT_KEY', value: 'root-value' })
  s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/app', name: 'A', value: 'a-value' })
  s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/app', name: 'B', value: 'b-value' })
  const identity = s.createIdentity({ projects: [PROJECT] })
  s.grantRead(identity.id, { projectId: PROJECT, environment: 'dev', path: '/' })
  const token = s.issueToken(identity.id)
  return { s, identity, token }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function readUrl(s: InfisicalTestServer, api: 'v4' | 'v3', name: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(
    api === 'v4'
      ? { projectId: PROJECT, environment: 'dev', ...query }
      : { workspaceId: PROJECT, environment: 'dev', ...query }
  )
  return `${s.url}${api === 'v4' ? `/api/v4/secrets/${name}` : `/api/v3/secrets/raw/${name}`}?${q}`
}

function read(
  s: InfisicalTestServer,
  token: string,
  api: 'v4' | 'v3',
  name: string,
  query: Record<string, string> = {}
) {
  return call(readUrl(s, api, name, query), { headers: bearer(token) })
}

describe('profile option', () => {
  test('the four profiles exist; an unknown one is refused', async () => {
    expect(PROFILE_NAMES).toEqual(['2024', '2025', '2026', 'cloud-free'])
    for (const p of PROFILE_NAMES) expect((await start({ profile: p })).profile.name).toBe(p)
    expect((await start()).profile.name).toBe('default')
    await expect(InfisicalTestServer.start({ profile: '2023' as ProfileName })).rejects.toThrow(
      /unknown server profile/
    )
  })
})

describe('2024 standalone: unknown routes answer the front end HTML 404', () => {
  test('/api/v4/secrets/... is an HTML 404, not JSON, and spends no use; v3 reads work', async () => {
    const { s, token } = await world({ profile: '2024' })
    const a = await read(s, token, 'v4', 'ROOT_KEY')
    expect(a.status).toBe(404)
    expect(a.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(a.text).toMatch(/^<!DOCTYPE html>/)
    expect(a.text).toContain(`<title>${MSG_PROFILES.notFoundHtmlTitle}</title>`)
    expect(a.body).toBeUndefined()
    expect(s.requests[0]).toMatchObject({ route: 'v4-get-secret', name: 'ROOT_KEY' })
    expect(s.tokenUses(token)).toBe(0)

    const v3 = await read(s, token, 'v3', 'ROOT_KEY')
    expect(v3.status).toBe(200)
    expect(v3.body.secret).toMatchObject({ secretKey: 'ROOT_KEY', secretValue: 'root-value' })
    expect(v3.body.secret).not.toHaveProperty('secretValueHidden') // no secretValueHidden on 2024 servers
    expect(s.tokenUses(token)).toBe(1)
  })

  test('every other unknown URL, /api or not, and the v4 list route too', async () => {
    const { s, token } = await world({ profile: '2024' })
    for (const path of ['/api/v4/secrets?projectId=x&environment=dev', '/api/v1/auth/token/renew', '/nothing']) {
      const a = await call(`${s.url}${path}`, { headers: bearer(token) })
      expect(a.status).toBe(404)
      expect(a.headers.get('content-type')).toMatch(/^text\/html/)
    }
    expect(s.tokenUses(token)).toBe(0)
  })

  test('v4: true on a 2024 server is still possible (an explicit option wins)', async () => {
    const { s, token } = await world({ profile: '2024', v4: true })
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200)
  })
})

describe('2025, 2026, cloud-free: unknown routes answer Fastify JSON 404 and spend no use', () => {
  test.each(['2025', '2026', 'cloud-free'] as const)('%s', async (profile) => {
    const { s, token } = await world({ profile })
    const a = await call(`${s.url}/api/v1/auth/token/renew`, { method: 'POST', headers: bearer(token) })
    expect(a.status).toBe(404)
    expect(a.body).toEqual({
      message: 'Route POST:/api/v1/auth/token/renew not found',
      error: 'Not Found',
      statusCode: 404
    })
    expect(s.tokenUses(token)).toBe(0)
    expect((await read(s, token, 'v4', 'ROOT_KEY')).body.secret).toMatchObject({
      secretValue: 'root-value',
      secretValueHidden: false
    })
    expect(s.tokenUses(token)).toBe(1)
  })

  test('a name over 100 encoded characters matches no route (Fastify maxParamLength), v4 and v3 alike', async () => {
    const { s, token } = await world({ profile: '2025' })
    const long = encodeURIComponent('é'.repeat(17)) // 102 encoded characters
    for (const api of ['v4', 'v3'] as const) {
      const a = await read(s, token, api, long)
      expect(a.status).toBe(404)
      expect(a.body.message).toMatch(/^Route GET:.+ not found$/)
    }
    expect(s.tokenUses(token)).toBe(0)
    expect((await read(s, token, 'v4', encodeURIComponent('é'.repeat(16)))).body.message).toBe(
      MSG.secretNotFound('é'.repeat(16))
    )
  })
})

function listUrl(s: InfisicalTestServer, api: 'v4' | 'v3', query: Record<string, string> = {}): string {
  const q = new URLSearchParams(
    api === 'v4'
      ? { projectId: PROJECT, environment: 'dev', ...query }
      : { workspaceId: PROJECT, environment: 'dev', ...query }
  )
  return `${s.url}${api === 'v4' ? '/api/v4/secrets' : '/api/v3/secrets/raw'}?${q}`
}

function list(s: InfisicalTestServer, token: string, api: 'v4' | 'v3', query: Record<string, string> = {}) {
  return call(listUrl(s, api, query), { headers: bearer(token) })
}

const keys = (a: Answer) => (a.body.secrets as { secretKey: string }[]).map((x) => x.secretKey).sort()

describe('list routes: GET /api/v4/secrets and GET /api/v3/secrets/raw', () => {
  test.each(['v4', 'v3'] as const)('%s: a folder in one request and one use, shaped as single reads', async (api) => {
    const { s, token } = await world({ profile: '2025' })
    const a = await list(s, token, api, {
      secretPath: '/app',
      viewSecretValue: 'true',
      expandSecretReferences: 'true',
      include_imports: 'false',
      recursive: 'false'
    })
    expect(a.status).toBe(200)
    expect(Object.keys(a.body)).toEqual(['secrets', 'imports'])
    expect(keys(a)).toEqual(['A', 'B'])
    expect(a.body.imports).toEqual([])
    const single = (await read(s, token, api, 'A', { secretPath: '/app' })).body.secret
    expect(a.body.secrets.find((x: { secretKey: string }) => x.secretKey === 'A')).toEqual(single)
    expect(s.tokenUses(token)).toBe(2)
    expect(s.requests[0]).toMatchObject({ route: `${api}-list-secrets` })
    expect(s.requests[0]!.name).toBeUndefined()
  })

  test('secrets the identity may not describe are left out', async () => {
    const { s } = await world({ profile: '2025' })
    const id = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/app' })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/app', names: ['B'], value: 'none' })
    const token = s.issueToken(id.id)
    const a = await list(s, token, 'v4', { secretPath: '/app' })
    expect(a.status).toBe(200)
    expect(keys(a)).toEqual(['A'])
    // a single read of that secret: 403 PermissionDenied, in the profile's wording
    const b = await read(s, token, 'v4', 'B', { secretPath: '/app' })
    expect(b.body).toMatchObject({
      statusCode: 403,
      error: 'PermissionDenied',
      message: MSG_PROFILES.permissionDeniedDescribe
    })
  })

  test('one describable but unreadable secret makes the whole list 403; viewSecretValue=false lists it hidden', async () => {
    const { s } = await world({ profile: '2025' })
    const id = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/app' })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/app', names: ['B'], value: 'forbidden' })
    const token = s.issueToken(id.id)
    const a = await list(s, token, 'v4', { secretPath: '/app' })
    expect(a.status).toBe(403)
    expect(a.body).toMatchObject({ error: 'ForbiddenReadSecretError', message: MSG.readValueForbidden('B') })
    expect(a.body.secrets).toBeUndefined()
    const hidden = await list(s, token, 'v4', { secretPath: '/app', viewSecretValue: 'false' })
    expect(hidden.status).toBe(200)
    expect(hidden.body.secrets.map((x: { secretValue: string }) => x.secretValue)).toEqual([
      '<hidden-by-infisical>',
      '<hidden-by-infisical>'
    ])
    // the readable one still reads alone
    expect((await read(s, token, 'v4', 'A', { secretPath: '/app' })).body.secret.secretValue).toBe('a-value')
    expect(s.tokenUses(token)).toBe(3)
  })

  test('errors: no permission on the folder, a missing folder, not a member, a forbidden reference', async () => {
    const { s, identity, token } = await world({ profile: '2025' })
    s.setSecret({ projectId: PROJECT, environment: 'prod', name: 'P', value: 'p' })
    expect((await list(s, token, 'v4', { environment: 'prod' })).body).toMatchObject({
      statusCode: 403,
      error: 'PermissionDenied'
    })
    const missing = await list(s, token, 'v4', { secretPath: '/nowhere' })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({
      error: 'SecretPathNotFound',
      message:
        "Folder with path '/nowhere' in environment 'dev' was not found. Please ensure the environment slug and secret path is correct."
    })
    const outsider = s.issueToken(s.createIdentity().id)
    expect((await list(s, outsider, 'v4')).body).toMatchObject({
      statusCode: 403,
      error: MSG_PROFILES.notMemberLegacy(PROJECT),
      message: MSG.notMember
    })
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/refs', name: 'R', value: 'x-${prod.P}' })
    const refused = await list(s, token, 'v4', { secretPath: '/refs', expandSecretReferences: 'true' })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({
      error: 'ForbiddenError',
      message: 'Failed to expand one or more secret references'
    })
    s.grantRead(identity.id, { projectId: PROJECT, environment: 'prod', path: '/' })
    expect(
      (await list(s, token, 'v4', { secretPath: '/refs', expandSecretReferences: 'true' })).body.secrets[0].secretValue
    ).toBe('x-p')
    expect((await list(s, token, 'v4', { recursive: 'maybe' })).status).toBe(422)
    expect((await call(listUrl(s, 'v4'))).body).toMatchObject({ statusCode: 401, message: MSG.tokenMissing })
  })

  test('include_imports: each imported folder with its readable secrets, nested imports before their importer', async () => {
    const { s, identity, token } = await world({ profile: '2026' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/shared', name: 'S', value: 'shared' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/deep', name: 'D', value: 'deep' })
    s.setSecret({ projectId: PROJECT, environment: 'prod', path: '/other', name: 'O', value: 'other' })
    s.addImport({ projectId: PROJECT, environment: 'dev', path: '/app', fromEnvironment: 'dev', fromPath: '/shared' })
    s.addImport({ projectId: PROJECT, environment: 'dev', path: '/app', fromEnvironment: 'prod', fromPath: '/other' })
    s.addImport({ projectId: PROJECT, environment: 'dev', path: '/shared', fromEnvironment: 'dev', fromPath: '/deep' })
    void identity
    const a = await list(s, token, 'v3', { secretPath: '/app', include_imports: 'true' })
    expect(a.status).toBe(200)
    expect(keys(a)).toEqual(['A', 'B'])
    expect(
      a.body.imports.map((i: { secretPath: string; environment: string; secrets: { secretKey: string }[] }) => [
        i.environment,
        i.secretPath,
        i.secrets.map((x) => x.secretKey)
      ])
    ).toEqual([
      ['dev', '/deep', ['D']],
      ['dev', '/shared', ['S']],
      ['prod', '/other', []] // not readable by this identity: left out
    ])
    expect(a.body.imports[1]).toMatchObject({ folderId: expect.any(String) })
    expect(a.body.imports[1].secrets[0]).toMatchObject({
      secretValue: 'shared',
      secretPath: '/shared',
      environment: 'dev'
    })
  })

  test('recursive=true gives the subtree, each secret with its own path', async () => {
    const { s, token } = await world({ profile: '2026' })
    const a = await list(s, token, 'v4', { recursive: 'true' })
    expect(
      a.body.secrets.map((x: { secretKey: string; secretPath: string }) => `${x.secretPath}:${x.secretKey}`).sort()
    ).toEqual(['/:ROOT_KEY', '/app:A', '/app:B'])
  })

  test('the server without a profile has the list routes too; without v4 only the v3 one', async () => {
    const { s, token } = await world()
    expect(keys(await list(s, token, 'v4', { secretPath: '/app' }))).toEqual(['A', 'B'])
    const { s: old, token: t2 } = await world({ v4: false })
    expect((await list(old, t2, 'v4')).body.message).toMatch(/^Route GET:\/api\/v4\/secrets\?.+ not found$/)
    expect(keys(await list(old, t2, 'v3'))).toEqual(['ROOT_KEY'])
  })
})

describe('rate limits: a fixed 60 s window per client IP, after authentication', () => {
  async function burst(
    s: InfisicalTestServer,
    token: string,
    n: number,
    headers: Record<string, string> = {}
  ): Promise<number[]> {
    const statuses: number[] = []
    for (let i = 0; i < n; i += 1) {
      const url = i % 2 ? listUrl(s, 'v3', { secretPath: '/app' }) : readUrl(s, 'v3', 'ROOT_KEY')
      statuses.push((await call(url, { headers: { ...bearer(token), ...headers } })).status)
    }
    return statuses
  }

  test('2024 (self-hosted 2024-08 … 2025-04, unlicensed): 40 secret-route requests a minute; the 41st is 429 and spent a use', async () => {
    let now = 1_000_000
    const { s, token } = await world({ profile: '2024', rateLimitClock: () => now })
    expect(new Set(await burst(s, token, 40))).toEqual(new Set([200]))
    now += 30_000
    const a = await read(s, token, 'v3', 'ROOT_KEY')
    expect(a.status).toBe(429)
    expect(a.body).toMatchObject({ statusCode: 429, error: 'RateLimitExceeded', message: MSG.rateLimit(30) })
    expect(a.headers.get('retry-after')).toBe('30')
    expect(a.headers.get('x-ratelimit-limit')).toBe('40')
    expect(a.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(s.tokenUses(token)).toBe(41)
    // another client IP (req.realIp: x-forwarded-for) has its own window
    expect(await burst(s, token, 1, { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' })).toEqual([200])
    expect(s.requests[s.requests.length - 1]!.clientIp).toBe('203.0.113.9')
    // a token refused at authentication (403 TokenError) never reaches the limiter; a login is a write, with its own limit
    expect((await read(s, 'not-a-jwt', 'v3', 'ROOT_KEY')).status).toBe(403)
    const login = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'x', clientSecret: 'y' })
    })
    expect(login.status).toBe(401)
    expect(login.headers.get('x-ratelimit-limit')).toBe('200') // the write limit, on error answers too
    expect(login.headers.get('x-ratelimit-remaining')).toBe('199')
    // the next window
    now += 30_000
    const next = await read(s, token, 'v3', 'ROOT_KEY')
    expect(next.status).toBe(200)
    expect(next.headers.get('x-ratelimit-remaining')).toBe('39')
    expect(next.headers.get('x-ratelimit-reset')).toBe('60')
  })

  test('the first request of a window retries after at most 60 s', async () => {
    const now = 5_000
    const { s, token } = await world({ profile: 'cloud-free', rateLimits: { secret: 1 }, rateLimitClock: () => now })
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200)
    const a = await read(s, token, 'v4', 'ROOT_KEY')
    expect(a.status).toBe(429)
    expect(a.headers.get('retry-after')).toBe('60')
  })

  test('cloud-free: 120 a minute on secret routes', async () => {
    const now = 0
    const { s, token } = await world({ profile: 'cloud-free', rateLimitClock: () => now })
    const statuses = await burst(s, token, 121)
    expect(statuses.slice(0, 120).every((x) => x === 200)).toBe(true)
    expect(statuses[120]).toBe(429)
    expect(s.tokenUses(token)).toBe(121)
  })

  test("2025 and 2026 self-hosted (~2025-04+): no limit; rateLimits adds one (a licensed server's 60), false removes it", async () => {
    for (const profile of ['2025', '2026'] as const) {
      const { s, token } = await world({ profile })
      expect(new Set(await burst(s, token, 130))).toEqual(new Set([200]))
    }
    const { s, token } = await world({ profile: '2026', rateLimits: { secret: 60 } })
    const statuses = await burst(s, token, 61)
    expect(statuses[59]).toBe(200)
    expect(statuses[60]).toBe(429)
    const off = await world({ profile: '2024', rateLimits: false })
    expect(new Set(await burst(off.s, off.token, 41))).toEqual(new Set([200]))
  })

  test('rateLimitWindowMs shortens the window for fast tests', async () => {
    let now = 0
    const { s, token } = await world({
      profile: '2024',
      rateLimits: { secret: 2 },
      rateLimitWindowMs: 1000,
      rateLimitClock: () => now
    })
    expect(await burst(s, token, 3)).toEqual([200, 200, 429])
    now += 1000
    expect(await burst(s, token, 1)).toEqual([200])
  })
})

describe('tokens by period', () => {
  test('2026: every token has exp = min(TTL, MaxTTL, 90 d) and the 2026 claims', async () => {
    const { s } = await world({ profile: '2026' })
    const a = s.createIdentity({ projects: [PROJECT], accessTokenTTL: 0, accessTokenMaxTTL: 0 })
    const pa = jwtPayload(s.issueToken(a.id))
    expect((pa.exp as number) - (pa.iat as number)).toBe(MAX_TOKEN_AGE_SECONDS)
    expect(MAX_TOKEN_AGE_SECONDS).toBe(90 * 24 * 3600)
    expect(pa).toMatchObject({
      identityId: a.id,
      authTokenType: 'identityAccessToken',
      jti: expect.any(String),
      orgId: expect.any(String),
      authMethod: 'token-auth',
      numUsesLimit: 0
    })
    const b = s.createIdentity({ accessTokenTTL: 0, accessTokenMaxTTL: 7200 })
    const pb = jwtPayload(s.issueToken(b.id))
    expect((pb.exp as number) - (pb.iat as number)).toBe(7200)
    const c = s.createIdentity({
      accessTokenTTL: 600,
      accessTokenMaxTTL: 7200,
      clientId: 'c-2026',
      clientSecret: 's-2026'
    })
    const pc = jwtPayload(s.issueToken(c.id))
    expect((pc.exp as number) - (pc.iat as number)).toBe(600)
    const login = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'c-2026', clientSecret: 's-2026' })
    })
    expect(login.body).toMatchObject({ expiresIn: 600, tokenType: 'Bearer' })
    expect(jwtPayload(login.body.accessToken)).toMatchObject({ authMethod: 'universal-auth', exp: expect.any(Number) })
  })

  test('2026 refuses a legacy token without exp: 401 "exceeded max age", no use spent', async () => {
    const { s, identity } = await world({ profile: '2026' })
    const legacy = s.issueToken(identity.id, { legacyNoExp: true })
    expect(jwtPayload(legacy).exp).toBeUndefined()
    const a = await read(s, legacy, 'v4', 'ROOT_KEY')
    expect(a.status).toBe(401)
    expect(a.body).toMatchObject({ error: 'UnauthorizedError', message: MSG_PROFILES.maxAge })
    expect(MSG_PROFILES.maxAge).toBe('Identity access token exceeded max age, please re-authenticate')
    expect(s.tokenUses(legacy)).toBe(0)
    // the same token is still fine on a 2025 server
    const old = await world({ profile: '2025' })
    expect((await read(old.s, old.s.issueToken(old.identity.id, { legacyNoExp: true }), 'v4', 'ROOT_KEY')).status).toBe(
      200
    )
  })

  test('2026 wordings: revoked, use limit (every time); the use is spent before the trusted-IP check', async () => {
    const { s, identity } = await world({ profile: '2026' })
    const revoked = s.issueToken(identity.id)
    s.revokeToken(revoked)
    expect((await read(s, revoked, 'v4', 'ROOT_KEY')).body).toMatchObject({
      statusCode: 401,
      message: MSG_PROFILES.revoked2026
    })
    const limited = s.issueToken(identity.id, { numUsesLimit: 1 })
    expect((await read(s, limited, 'v4', 'ROOT_KEY')).status).toBe(200)
    for (let i = 0; i < 2; i += 1)
      expect((await read(s, limited, 'v4', 'ROOT_KEY')).body).toMatchObject({
        statusCode: 401,
        message: MSG.useLimitReachedCurrent
      })
    const far = s.createIdentity({ projects: [PROJECT], trustedIps: ['192.0.2.0/24'] })
    const t = s.issueToken(far.id)
    expect((await read(s, t, 'v4', 'ROOT_KEY')).body).toMatchObject({ statusCode: 403, message: MSG.ipNotAllowed })
    expect(s.tokenUses(t)).toBe(1)
  })

  test('2024: exp = iat + MaxTTL, yet the server refuses the token once the TTL has passed', async () => {
    const { s } = await world({ profile: '2024' })
    const id = s.createIdentity({ projects: [PROJECT], accessTokenTTL: 600, accessTokenMaxTTL: 7200 })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/' })
    const token = s.issueToken(id.id)
    const p = jwtPayload(token)
    expect((p.exp as number) - (p.iat as number)).toBe(7200)
    expect(p.jti).toBeUndefined()
    s.expireServerSide(token)
    expect((await read(s, token, 'v3', 'ROOT_KEY')).body).toMatchObject({ statusCode: 401, message: MSG.ttlExpired })
  })

  test('2025: exp = iat + TTL only when TTL > 0; the first refusal after the last use has the 2024–25 wording', async () => {
    const { s, identity } = await world({ profile: '2025' })
    expect(jwtPayload(s.issueToken(identity.id, { ttlSeconds: 0 })).exp).toBeUndefined()
    const limited = s.issueToken(identity.id, { numUsesLimit: 1 })
    expect((await read(s, limited, 'v4', 'ROOT_KEY')).status).toBe(200)
    expect((await read(s, limited, 'v4', 'ROOT_KEY')).body.message).toBe(MSG.useLimitReachedLegacy)
    expect((await read(s, limited, 'v4', 'ROOT_KEY')).body.message).toBe(MSG.noToken)
  })

  test.each(PROFILE_NAMES.map((p) => [p]))(
    '%s: an expired client secret: 401 "Access denied due to expired client secret"',
    async (profile) => {
      const { s } = await world({ profile })
      const id = s.createIdentity({ clientId: 'cid', clientSecret: 'csecret' })
      s.expireClientSecret(id.id)
      const a = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'cid', clientSecret: 'csecret' })
      })
      expect(a.status).toBe(401)
      expect(a.body).toMatchObject({
        error: 'UnauthorizedError',
        message: 'Access denied due to expired client secret'
      })
    }
  )
})

describe('wordings by period', () => {
  test.each([
    [
      '2024',
      "Identity is not a member of the specified project with ID 'p-9a7e'",
      MSG.permissionDenied,
      "Project with ID 'nope' not found"
    ],
    [
      '2025',
      "Identity is not a member of the specified project with ID 'p-9a7e'",
      'You are not allowed to describeSecret on secrets',
      "Project with ID 'nope' not found"
    ],
    [
      '2026',
      'You are not member of this project',
      'You are not allowed to describeSecret on secrets',
      'Project with nope not found'
    ],
    [
      'cloud-free',
      'You are not member of this project',
      'You are not allowed to describeSecret on secrets',
      'Project with nope not found'
    ]
  ] as const)('%s', async (profile, notMember, denied, projectMissing) => {
    const { s, token } = await world({ profile })
    const outsider = s.issueToken(s.createIdentity().id)
    expect((await read(s, outsider, 'v3', 'ROOT_KEY')).body).toMatchObject({
      statusCode: 403,
      error: notMember,
      message: 'You are not allowed to access this resource'
    })
    expect((await read(s, token, 'v3', 'ROOT_KEY', { environment: 'prod' })).body).toMatchObject({
      statusCode: 403,
      error: 'PermissionDenied',
      message: denied
    })
    expect((await read(s, token, 'v3', 'ROOT_KEY', { workspaceId: 'nope' })).body).toMatchObject({
      statusCode: 404,
      message: projectMissing
    })
  })
})

describe('restarts', () => {
  test("'refuse': connections are refused until up(), then the same URL answers with the same state", async () => {
    const { s, token } = await world({ profile: '2026' })
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200) // leaves a keep-alive connection
    await s.restart()
    expect(s.down).toBe(true)
    await expect(fetch(readUrl(s, 'v4', 'ROOT_KEY'), { headers: bearer(token) })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' }
    })
    await s.up()
    expect(s.down).toBe(false)
    expect((await read(s, token, 'v4', 'ROOT_KEY')).body.secret.secretValue).toBe('root-value')
    expect(s.tokenUses(token)).toBe(2)
  })

  test("'unavailable': an HTML 503 (or 502, 504) for every request, no use spent", async () => {
    const { s, token } = await world({ profile: '2025' })
    await s.restart({ mode: 'unavailable' })
    const a = await read(s, token, 'v4', 'ROOT_KEY')
    expect(a.status).toBe(503)
    expect(a.headers.get('content-type')).toBe('text/html')
    expect(a.text).toContain('<title>503 Service Unavailable</title>')
    expect(s.tokenUses(token)).toBe(0)
    expect(s.count({ route: 'v4-get-secret' })).toBe(1)
    await s.up()
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200)
    await s.restart({ mode: 'unavailable', status: 502 })
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(502)
  })

  test('with ms the server comes back by itself; whenUp() tells when', async () => {
    const { s, token } = await world()
    await s.restart({ ms: 250 })
    await expect(fetch(readUrl(s, 'v4', 'ROOT_KEY'), { headers: bearer(token) })).rejects.toThrow()
    await s.whenUp()
    expect(s.down).toBe(false)
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200)
    await s.restart({ mode: 'unavailable', ms: 30 })
    await s.whenUp()
    expect((await read(s, token, 'v4', 'ROOT_KEY')).status).toBe(200)
  })

  test('close() during an outage ends it; restart() twice is refused', async () => {
    const s = await InfisicalTestServer.start({ profile: '2024' })
    await s.restart({ ms: 60_000 })
    await expect(s.restart()).rejects.toThrow(/down already/)
    await s.close()
    await s.whenUp()
    await expect(s.restart()).rejects.toThrow(/closed/)
  })
})
