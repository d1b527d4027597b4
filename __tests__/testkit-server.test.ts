/**
 * The Infisical test server's own tests: every row of the error table of docs/infisical-api.md, token
 * uses, Universal Auth, v3/v4, imports, hidden values, references, rate limits, faults, TLS, the HTML proxy.
 */
import { request as httpsRequest } from 'node:https'

import { testCertificates } from '../testkit/certs.js'
import { HtmlProxy } from '../testkit/html-proxy.js'
import { call, type Answer } from './http-call.js'
import {
  HIDDEN_VALUE,
  InfisicalTestServer,
  MSG,
  TABLE_CASES,
  jwtPayload,
  startRefusingUrl,
  type StartOptions,
  type TableCaseId
} from '../testkit/infisical-server.js'

const PROJECT = 'p-3f1c'
const NAME = 'deploy+bot@example.org'
const ENCODED = 'deploy%2Bbot%40example.org'

const closables: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(closables.splice(0).map((c) => c.close()))
})

async function start(opts?: StartOptions): Promise<InfisicalTestServer> {
  const s = await InfisicalTestServer.start(opts)
  closables.push(s)
  return s
}

/** A server with one project, a few secrets and a member identity allowed to read everything in dev. */
async function world(opts?: StartOptions) {
  const s = await start(opts)
  s.addProject(PROJECT)
  s.setSecret({
    projectId: PROJECT,
    environment: 'dev',
    path: '/home-platform/forgejo_accounts',
    name: NAME,
    value: 'tok-123'
  })
  s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'ROOT_KEY', value: 'root-value', comment: 'at the root' })
  s.setSecret({ projectId: PROJECT, environment: 'prod', path: '/restricted', name: 'DB_PASSWORD', value: 'hunter2' })
  const identity = s.createIdentity({ projects: [PROJECT] })
  s.grantRead(identity.id, { projectId: PROJECT, environment: 'dev', path: '/' })
  const token = s.issueToken(identity.id)
  return { s, identity, token }
}

function secretUrl(
  s: InfisicalTestServer,
  name: string,
  query: Record<string, string> = {},
  api: 'v4' | 'v3' = 'v4'
): string {
  const q = new URLSearchParams(
    api === 'v4'
      ? { projectId: PROJECT, environment: 'dev', ...query }
      : { workspaceId: PROJECT, environment: 'dev', ...query }
  )
  const path = api === 'v4' ? `/api/v4/secrets/${name}` : `/api/v3/secrets/raw/${name}`
  return `${s.url}${path}?${q}`
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function getSecret(
  s: InfisicalTestServer,
  token: string | undefined,
  name: string,
  query: Record<string, string> = {},
  api: 'v4' | 'v3' = 'v4'
) {
  return call(secretUrl(s, name, query, api), { headers: token ? bearer(token) : {} })
}

function expectInfisicalError(a: Answer, status: number, error: string, message?: string | RegExp) {
  expect(a.status).toBe(status)
  expect(a.headers.get('content-type')).toMatch(/^application\/json/)
  expect(Object.keys(a.body).slice(0, 4)).toEqual(['reqId', 'statusCode', 'message', 'error'])
  expect(a.body.reqId).toMatch(/^req-[A-Za-z0-9]{14}$/)
  expect(a.body.statusCode).toBe(status)
  expect(a.body.error).toBe(error)
  if (typeof message === 'string') expect(a.body.message).toBe(message)
  else if (message) expect(a.body.message).toMatch(message)
}

describe('error table of docs/infisical-api.md', () => {
  const provoke: Record<TableCaseId, () => Promise<Answer>> = {
    'token-missing': async () => {
      const { s } = await world()
      return getSecret(s, undefined, 'ROOT_KEY')
    },
    'token-unknown': async () => {
      const { s, token } = await world()
      s.revokeToken(token)
      return getSecret(s, token, 'ROOT_KEY')
    },
    'ttl-expired': async () => {
      const { s, token } = await world()
      s.expireServerSide(token)
      return getSecret(s, token, 'ROOT_KEY')
    },
    'jwt-expired': async () => {
      const { s, identity } = await world()
      return getSecret(s, s.issueToken(identity.id, { expInPast: true }), 'ROOT_KEY')
    },
    'jwt-malformed': async () => {
      const { s } = await world()
      return getSecret(s, 'not-a-jwt', 'ROOT_KEY')
    },
    'jwt-bad-signature': async () => {
      const { s, identity } = await world()
      return getSecret(s, s.issueToken(identity.id, { signWith: 'not the server secret' }), 'ROOT_KEY')
    },
    'ip-not-allowed': async () => {
      const { s } = await world()
      const far = s.createIdentity({ projects: [PROJECT], trustedIps: ['10.0.0.0/8', '192.0.2.7'] })
      s.grantRead(far.id, { projectId: PROJECT, environment: 'dev', path: '/' })
      return getSecret(s, s.issueToken(far.id), 'ROOT_KEY')
    },
    'permission-denied': async () => {
      const { s, token } = await world()
      return getSecret(s, token, 'DB_PASSWORD', { environment: 'prod', secretPath: '/restricted' })
    },
    'read-value-forbidden': async () => {
      const { s } = await world()
      const id = s.createIdentity({ projects: [PROJECT] })
      s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/', value: 'forbidden' })
      return getSecret(s, s.issueToken(id.id), 'ROOT_KEY')
    },
    'read-value-forbidden-new': async () => {
      const { s } = await world()
      const id = s.createIdentity({ projects: [PROJECT] })
      s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/', value: 'forbidden-new-wording' })
      return getSecret(s, s.issueToken(id.id), 'ROOT_KEY')
    },
    'not-member': async () => {
      const { s } = await world()
      const outsider = s.createIdentity()
      return getSecret(s, s.issueToken(outsider.id), 'ROOT_KEY')
    },
    'secret-missing': async () => {
      const { s, token } = await world()
      return getSecret(s, token, 'NOPE')
    },
    'folder-missing': async () => {
      const { s, token } = await world()
      return getSecret(s, token, 'ROOT_KEY', { secretPath: '/a' })
    },
    'project-missing': async () => {
      const { s, token } = await world()
      return getSecret(s, token, 'ROOT_KEY', { projectId: 'no-such-project' })
    },
    validation: async () => {
      const { s, token } = await world()
      return getSecret(s, token, 'ROOT_KEY', { viewSecretValue: 'yes' })
    },
    'bad-request': async () => {
      const { s, token } = await world()
      return call(`${s.url}/api/v4/secrets/ROOT_KEY?projectId=${PROJECT}`, { headers: bearer(token) })
    },
    'rate-limit': async () => {
      const { s, token } = await world()
      s.inject({ kind: 'rate-limit', retryAfter: 3 })
      return getSecret(s, token, 'ROOT_KEY')
    },
    'x-api-key': async () => {
      const { s, token } = await world()
      return call(secretUrl(s, 'ROOT_KEY'), { headers: { ...bearer(token), 'x-api-key': 'legacy' } })
    }
  }

  test.each(TABLE_CASES.map((c) => [c.id, c] as const))('%s', async (id, c) => {
    const a = await provoke[id]()
    expectInfisicalError(a, c.status, c.error)
    if (c.message === 'issues') {
      expect(Array.isArray(a.body.message)).toBe(true)
      expect(a.body.message.length).toBeGreaterThan(0)
    } else if (typeof c.message === 'string') {
      expect(a.body.message).toBe(c.message)
    } else {
      expect(a.body.message).toMatch(c.message)
    }
  })

  test('the exact wordings', async () => {
    const { s, token, identity } = await world()
    expect((await getSecret(s, token, 'NOPE')).body.message).toBe("Secret with name 'NOPE' not found")
    expect((await getSecret(s, token, 'X', { secretPath: '/a' })).body.message).toBe(
      "Folder with path '/a' in environment with slug 'dev' not found"
    )
    expect((await getSecret(s, token, 'X', { environment: 'qa' })).body).toMatchObject({
      statusCode: 403,
      error: 'PermissionDenied'
    })
    s.grantRead(identity.id, { projectId: PROJECT, environment: 'qa', path: '/' })
    expect((await getSecret(s, token, 'X', { environment: 'qa' })).body.message).toBe(
      "Folder with path '/' in environment with slug 'qa' not found"
    )
    expect((await getSecret(s, token, 'X', { projectId: 'nope' })).body.message).toBe(
      "Project with ID 'nope' not found"
    )
    const forbidden = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(forbidden.id, { projectId: PROJECT, environment: 'dev', path: '/', value: 'forbidden' })
    expect((await getSecret(s, s.issueToken(forbidden.id), 'ROOT_KEY')).body.message).toBe(
      "You do not have permission to view secret value on secret with name 'ROOT_KEY'"
    )
    expect((await getSecret(s, 'a.b', 'ROOT_KEY')).body.message).toBe(MSG.jwtMalformed)
    expect((await getSecret(s, token, 'ROOT_KEY', { secretPath: '/a b' })).body).toMatchObject({
      statusCode: 400,
      error: 'BadRequest',
      message: MSG.invalidSecretPath
    })
    expect((await getSecret(s, token, 'ROOT_KEY', { environment: '' })).body).toMatchObject({
      statusCode: 400,
      message: 'Missing environment'
    })
  })

  test('PermissionDenied carries details; the not-member answer has no details', async () => {
    const perm = await provoke['permission-denied']()
    expect(perm.body.details).toEqual([
      {
        action: 'read',
        inverted: false,
        subject: 'secrets',
        conditions: { environment: 'dev', secretPath: { $glob: '/**' } }
      }
    ])
    const notMember = await provoke['not-member']()
    expect(notMember.body).toEqual({
      reqId: expect.any(String),
      statusCode: 403,
      message: MSG.notMember,
      error: 'You are not member of this project'
    })
  })

  test('422 lists every issue, as zod does', async () => {
    const { s, token } = await world()
    const a = await call(
      `${s.url}/api/v4/secrets/X?environment=dev&expandSecretReferences=1&include_imports=TRUE&version=x`,
      { headers: bearer(token) }
    )
    expectInfisicalError(a, 422, 'ValidationFailure')
    expect(a.body.message.map((i: { path: string[] }) => i.path[0])).toEqual([
      'projectId',
      'version',
      'expandSecretReferences',
      'include_imports'
    ])
    expect(a.body.message[0]).toEqual({
      code: 'invalid_type',
      expected: 'string',
      received: 'undefined',
      path: ['projectId'],
      message: 'Required'
    })
    expect(a.body.message[2]).toMatchObject({ code: 'invalid_enum_value', options: ['true', 'false'], received: '1' })
  })

  test('permission is checked before existence', async () => {
    const { s, token } = await world()
    const a = await getSecret(s, token, 'NOT_THERE', { environment: 'prod', secretPath: '/nowhere' })
    expectInfisicalError(a, 403, 'PermissionDenied')
  })
})

describe('tokens', () => {
  test('a use limit of N lets N requests through, then 401 and the token is gone', async () => {
    const { s, identity } = await world()
    const token = s.issueToken(identity.id, { numUsesLimit: 2 })
    expect((await getSecret(s, token, 'ROOT_KEY')).status).toBe(200)
    expect((await getSecret(s, token, 'NOPE')).status).toBe(404) // a 404 spends a use too
    expect(s.tokenUses(token)).toBe(2)
    expectInfisicalError(await getSecret(s, token, 'ROOT_KEY'), 401, 'UnauthorizedError', MSG.noToken)
    expectInfisicalError(await getSecret(s, token, 'ROOT_KEY'), 401, 'UnauthorizedError', MSG.noToken)
    expect(s.tokenUses(token)).toBe(2)
    expect(s.tokenInfo(token)?.deleted).toBe(true)
  })

  test('the identity default use limit applies; useLimitMessage changes the wording of the first refusal', async () => {
    const s = await start({ useLimitMessage: MSG.useLimitReachedLegacy })
    s.addProject(PROJECT)
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'A', value: '1' })
    const id = s.createIdentity({ projects: [PROJECT], accessTokenNumUsesLimit: 1 })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/' })
    const token = s.issueToken(id.id)
    expect((await getSecret(s, token, 'A')).status).toBe(200)
    expect((await getSecret(s, token, 'A')).body.message).toBe(MSG.useLimitReachedLegacy)
    expect((await getSecret(s, token, 'A')).body.message).toBe(MSG.noToken)
  })

  test('every authenticated request spends a use, whatever its answer; refused ones do not', async () => {
    const { s, token } = await world()
    await getSecret(s, token, 'ROOT_KEY') // 200
    await getSecret(s, token, 'X', { environment: 'prod' }) // 403 PermissionDenied
    await getSecret(s, token, 'X', { viewSecretValue: 'maybe' }) // 422
    await call(`${s.url}/api/v9/unknown`, { headers: bearer(token) }) // framework 404
    expect(s.tokenUses(token)).toBe(4)
    await getSecret(s, undefined, 'ROOT_KEY') // no token: nothing spent
    expect(s.tokenUses(token)).toBe(4)
  })

  test('an address outside the trusted IPs spends no use; single addresses and CIDR blocks both work', async () => {
    const { s } = await world()
    const a = s.createIdentity({ projects: [PROJECT], trustedIps: ['192.0.2.0/24'] })
    const b = s.createIdentity({ projects: [PROJECT], trustedIps: ['127.0.0.1'] })
    const c = s.createIdentity({ projects: [PROJECT], trustedIps: ['127.0.0.0/8'] })
    for (const id of [a, b, c]) s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/' })
    const ta = s.issueToken(a.id)
    expectInfisicalError(await getSecret(s, ta, 'ROOT_KEY'), 403, 'ForbiddenError', MSG.ipNotAllowed)
    expect(s.tokenUses(ta)).toBe(0)
    expect((await getSecret(s, s.issueToken(b.id), 'ROOT_KEY')).status).toBe(200)
    expect((await getSecret(s, s.issueToken(c.id), 'ROOT_KEY')).status).toBe(200)
  })

  test('token payloads: exp only with a TTL above 0; server-side expiry then deletion', async () => {
    const { s, identity } = await world()
    const t = jwtPayload(s.issueToken(identity.id))
    expect(t).toMatchObject({ identityId: identity.id, authTokenType: 'identityAccessToken' })
    expect(typeof t.identityAccessTokenId).toBe('string')
    expect(t.exp).toBe((t.iat as number) + 2592000)
    const noExp = s.issueToken(identity.id, { ttlSeconds: 0 })
    expect(jwtPayload(noExp).exp).toBeUndefined()
    expect((await getSecret(s, noExp, 'ROOT_KEY')).status).toBe(200)
    s.expireServerSide(noExp)
    expectInfisicalError(await getSecret(s, noExp, 'ROOT_KEY'), 401, 'UnauthorizedError', MSG.ttlExpired)
    expectInfisicalError(await getSecret(s, noExp, 'ROOT_KEY'), 401, 'UnauthorizedError', MSG.noToken)
    const past = jwtPayload(s.issueToken(identity.id, { expInPast: true }))
    expect(past.exp as number).toBeLessThan(Date.now() / 1000 - 3000)
  })

  test('a JWT of another type counts as no token; the Authorization scheme is not looked at', async () => {
    const { s, token } = await world()
    const { signJwt } = await import('../testkit/infisical-server.js')
    const userJwt = signJwt({ authTokenType: 'accessToken', userId: 'u' }, s.authSecret)
    expectInfisicalError(await getSecret(s, userJwt, 'ROOT_KEY'), 401, 'UnauthorizedError', MSG.tokenMissing)
    const odd = await call(secretUrl(s, 'ROOT_KEY'), { headers: { authorization: `Token: ${token}` } })
    expect(odd.status).toBe(200)
  })
})

describe('Universal Auth', () => {
  test('JSON and form logins answer a token that reads secrets', async () => {
    const { s } = await world()
    const id = s.createIdentity({
      projects: [PROJECT],
      clientId: 'cid-1',
      clientSecret: 'csecret-1',
      accessTokenTTL: 600,
      accessTokenMaxTTL: 7200
    })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/' })
    const json = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'cid-1', clientSecret: 'csecret-1' })
    })
    expect(json.status).toBe(200)
    expect(json.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 600,
      accessTokenMaxTTL: 7200,
      tokenType: 'Bearer'
    })
    const claims = jwtPayload(json.body.accessToken)
    expect(claims).toMatchObject({ identityId: id.id, authTokenType: 'identityAccessToken' })
    expect((claims.exp as number) - (claims.iat as number)).toBe(600)
    expect((await getSecret(s, json.body.accessToken, 'ROOT_KEY')).body.secret.secretValue).toBe('root-value')

    const form = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ clientId: 'cid-1', clientSecret: 'csecret-1' }).toString()
    })
    expect(form.status).toBe(200)
    expect(s.count({ route: 'universal-login' })).toBe(2)
  })

  test('wrong secret or unknown client id: 401 Invalid credentials; missing fields: 422', async () => {
    const { s, identity } = await world()
    const post = (body: unknown) =>
      call(`${s.url}/api/v1/auth/universal-auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    expectInfisicalError(
      await post({ clientId: identity.clientId, clientSecret: 'wrong' }),
      401,
      'UnauthorizedError',
      MSG.invalidCredentials
    )
    expectInfisicalError(
      await post({ clientId: 'nobody', clientSecret: 'x' }),
      401,
      'UnauthorizedError',
      MSG.invalidCredentials
    )
    const missing = await post({ clientId: identity.clientId })
    expectInfisicalError(missing, 422, 'ValidationFailure')
    expect(missing.body.message[0].path).toEqual(['clientSecret'])
  })

  test('login from outside the trusted IPs is 403', async () => {
    const { s } = await world()
    const id = s.createIdentity({ trustedIps: ['198.51.100.0/24'] })
    const a = await call(`${s.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: id.clientId, clientSecret: id.clientSecret })
    })
    expectInfisicalError(a, 403, 'ForbiddenError', MSG.ipNotAllowed)
  })
})

describe('reading secrets', () => {
  test('v4 answers the whole secret; the name is percent-decoded; trailing slashes are stripped', async () => {
    const { s, token } = await world()
    const a = await getSecret(s, token, ENCODED, { secretPath: '/home-platform/forgejo_accounts/' })
    expect(a.status).toBe(200)
    expect(a.body.secret).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        _id: expect.any(String),
        workspace: PROJECT,
        environment: 'dev',
        version: 1,
        type: 'shared',
        secretKey: NAME,
        secretValue: 'tok-123',
        secretComment: '',
        secretValueHidden: false,
        secretPath: '/home-platform/forgejo_accounts',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        tags: [],
        secretMetadata: []
      })
    )
    expect(s.requests[0]).toMatchObject({
      route: 'v4-get-secret',
      name: NAME,
      path: `/api/v4/secrets/${ENCODED}`,
      authorization: `Bearer ${token}`
    })
    expect(s.requests[0]!.query).toMatchObject({
      projectId: PROJECT,
      environment: 'dev',
      secretPath: '/home-platform/forgejo_accounts/'
    })
  })

  test('v3 raw with workspaceId or workspaceSlug', async () => {
    const { s, token } = await world()
    s.addProject('p-2', ['dev'], { slug: 'platform' })
    s.setSecret({ projectId: 'p-2', environment: 'dev', name: 'K', value: 'v' })
    s.addMembership(jwtPayload(token).identityId as string, 'p-2')
    s.grantRead(jwtPayload(token).identityId as string, { projectId: 'p-2', environment: 'dev', path: '/' })
    const a = await getSecret(s, token, 'ROOT_KEY', {}, 'v3')
    expect(a.body.secret).toMatchObject({
      secretKey: 'ROOT_KEY',
      secretValue: 'root-value',
      secretComment: 'at the root',
      workspace: PROJECT
    })
    const bySlug = await call(`${s.url}/api/v3/secrets/raw/K?workspaceSlug=platform&environment=dev`, {
      headers: bearer(token)
    })
    expect(bySlug.body.secret).toMatchObject({ secretValue: 'v', workspace: 'p-2' })
    expect(s.count({ route: 'v3-get-secret' })).toBe(2)
    const none = await call(`${s.url}/api/v3/secrets/raw/K?environment=dev`, { headers: bearer(token) })
    expectInfisicalError(none, 400, 'BadRequest', MSG.missingProjectV3)
  })

  test('a server without v4 answers the framework 404, and v3 still works', async () => {
    const { s, token } = await world({ v4: false })
    const a = await call(`${s.url}/api/v4/secrets/x`, { headers: bearer(token) })
    expect(a.status).toBe(404)
    expect(a.body).toEqual({ message: 'Route GET:/api/v4/secrets/x not found', error: 'Not Found', statusCode: 404 })
    const withQuery = await getSecret(s, token, 'ROOT_KEY')
    expect(withQuery.body.message).toBe(
      `Route GET:/api/v4/secrets/ROOT_KEY?projectId=${PROJECT}&environment=dev not found`
    )
    expect((await getSecret(s, token, 'ROOT_KEY', {}, 'v3')).status).toBe(200)
    expect(s.count({ route: 'v4-get-secret' })).toBe(2)
  })

  test('other routes answer the framework 404', async () => {
    const { s } = await world()
    const a = await call(`${s.url}/api/v1/auth/token/renew`, { method: 'POST' })
    expect(a.body).toEqual({
      message: 'Route POST:/api/v1/auth/token/renew not found',
      error: 'Not Found',
      statusCode: 404
    })
    expect(s.requests[0]!.route).toBe('other')
  })

  test('include_imports looks the name up in the imports, last import first, nested ones too', async () => {
    const { s, token } = await world()
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/shared-a', name: 'IMPORTED', value: 'from-a' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/shared-b', name: 'IMPORTED', value: 'from-b' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', path: '/deep', name: 'DEEP', value: 'deep-value' })
    s.addFolder(PROJECT, 'dev', '/app')
    s.addImport({ projectId: PROJECT, environment: 'dev', path: '/app', fromEnvironment: 'dev', fromPath: '/shared-a' })
    s.addImport({ projectId: PROJECT, environment: 'dev', path: '/app', fromEnvironment: 'dev', fromPath: '/shared-b' })
    s.addImport({
      projectId: PROJECT,
      environment: 'dev',
      path: '/shared-a',
      fromEnvironment: 'dev',
      fromPath: '/deep'
    })
    const a = await getSecret(s, token, 'IMPORTED', { secretPath: '/app', include_imports: 'true' })
    expect(a.body.secret).toMatchObject({ secretValue: 'from-b', secretPath: '/shared-b', environment: 'dev' })
    expect(
      (await getSecret(s, token, 'DEEP', { secretPath: '/app', include_imports: 'true' })).body.secret.secretValue
    ).toBe('deep-value')
    expect((await getSecret(s, token, 'IMPORTED', { secretPath: '/app' })).status).toBe(404)
    expect((await getSecret(s, token, 'IMPORTED', { secretPath: '/app', include_imports: 'false' })).status).toBe(404)
  })

  test('hidden values: a hidden grant, and viewSecretValue=false', async () => {
    const { s, token } = await world()
    const id = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/', value: 'hidden' })
    const a = await getSecret(s, s.issueToken(id.id), 'ROOT_KEY')
    expect(a.status).toBe(200)
    expect(a.body.secret).toMatchObject({ secretValue: HIDDEN_VALUE, secretValueHidden: true })
    expect(HIDDEN_VALUE).toBe('<hidden-by-infisical>')
    const b = await getSecret(s, token, 'ROOT_KEY', { viewSecretValue: 'false' })
    expect(b.body.secret).toMatchObject({ secretValue: HIDDEN_VALUE, secretValueHidden: true })
  })

  test('the most specific grant decides', async () => {
    const { s } = await world()
    const id = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/' })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'dev', path: '/home-platform', value: 'forbidden' })
    const t = s.issueToken(id.id)
    expect((await getSecret(s, t, 'ROOT_KEY')).status).toBe(200)
    expect((await getSecret(s, t, ENCODED, { secretPath: '/home-platform/forgejo_accounts' })).body.error).toBe(
      'ForbiddenReadSecretError'
    )
  })

  test('expandSecretReferences=true expands ${KEY} and ${env.a.b.KEY}; a missing reference stays as written', async () => {
    const { s, identity, token } = await world()
    s.grantRead(identity.id, { projectId: PROJECT, environment: 'prod', path: '/db' })
    s.setSecret({ projectId: PROJECT, environment: 'prod', path: '/db', name: 'HOST', value: 'db.internal' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'USER', value: 'app-${SUFFIX}' })
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'SUFFIX', value: 'x' })
    s.setSecret({
      projectId: PROJECT,
      environment: 'dev',
      name: 'URL',
      value: 'postgres://${USER}@${prod.db.HOST}/${MISSING}'
    })
    const a = await getSecret(s, token, 'URL', { expandSecretReferences: 'true' })
    expect(a.body.secret.secretValue).toBe('postgres://app-x@db.internal/${MISSING}')
    expect((await getSecret(s, token, 'URL')).body.secret.secretValue).toBe(
      'postgres://${USER}@${prod.db.HOST}/${MISSING}'
    )
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'SECRET_REF', value: '${prod.restricted.DB_PASSWORD}' })
    expectInfisicalError(
      await getSecret(s, token, 'SECRET_REF', { expandSecretReferences: 'true' }),
      403,
      'ForbiddenError'
    )
  })

  test('versions: re-setting bumps, a given version is kept, version= reads an old one', async () => {
    const { s, token } = await world()
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'ROOT_KEY', value: 'second' })
    expect((await getSecret(s, token, 'ROOT_KEY')).body.secret).toMatchObject({ version: 2, secretValue: 'second' })
    expect((await getSecret(s, token, 'ROOT_KEY', { version: '1' })).body.secret).toMatchObject({
      version: 1,
      secretValue: 'root-value'
    })
    s.setSecret({ projectId: PROJECT, environment: 'dev', name: 'V', value: 'x', version: 7 })
    expect((await getSecret(s, token, 'V')).body.secret.version).toBe(7)
    expect((await getSecret(s, token, 'V', { version: '3' })).status).toBe(404)
    expect((await getSecret(s, token, 'V', { type: 'personal' })).status).toBe(404)
  })
})

describe('rate limits and faults', () => {
  test('a rate-limit fault names its retry-after', async () => {
    const { s, token } = await world()
    s.inject({ kind: 'rate-limit', retryAfter: 7, times: 2 })
    for (let i = 0; i < 2; i += 1) {
      const a = await getSecret(s, token, 'ROOT_KEY')
      expect(a.status).toBe(429)
      expect(a.headers.get('retry-after')).toBe('7')
      expect(a.body.message).toBe('Rate limit exceeded. Please try again in 7 seconds')
    }
    expect((await getSecret(s, token, 'ROOT_KEY')).status).toBe(200)
  })

  test('status faults: Infisical JSON by default, a given body, narrowed by route and name, consumed in order', async () => {
    const { s, token } = await world()
    s.inject({ kind: 'status', status: 503, name: 'OTHER' })
    s.inject({ kind: 'status', status: 500, route: 'v4-get-secret' })
    s.inject({ kind: 'status', status: 502, body: { custom: true }, headers: { 'x-fault': 'yes' } })
    const first = await getSecret(s, token, 'ROOT_KEY')
    expectInfisicalError(first, 500, 'InternalServerError', 'Something went wrong')
    const second = await getSecret(s, token, 'ROOT_KEY')
    expect(second.status).toBe(502)
    expect(second.body).toEqual({ custom: true })
    expect(second.headers.get('x-fault')).toBe('yes')
    const third = await getSecret(s, token, 'OTHER')
    expectInfisicalError(third, 503, 'ServiceUnavailable', 'Service Unavailable')
    expect(s.pendingFaults).toBe(0)
    expect(s.count()).toBe(3)
    expect(s.tokenUses(token)).toBe(0)
  })

  test('an html fault answers a proxy page', async () => {
    const { s, token } = await world()
    s.inject({ kind: 'html', status: 403 })
    const a = await getSecret(s, token, 'ROOT_KEY')
    expect(a.status).toBe(403)
    expect(a.headers.get('content-type')).toMatch(/^text\/html/)
    expect(a.text).toContain('<title>403 Forbidden</title>')
  })

  test('reset destroys the socket; delay answers late; hang never answers', async () => {
    const { s, token } = await world()
    s.inject({ kind: 'reset' })
    await expect(fetch(secretUrl(s, 'ROOT_KEY'), { headers: bearer(token) })).rejects.toThrow()

    s.inject({ kind: 'delay', ms: 150 })
    const t0 = Date.now()
    expect((await getSecret(s, token, 'ROOT_KEY')).status).toBe(200)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)

    s.inject({ kind: 'hang' })
    const hung = fetch(secretUrl(s, 'ROOT_KEY'), { headers: bearer(token), signal: AbortSignal.timeout(200) })
    await expect(hung).rejects.toThrow()
    expect(s.count()).toBe(3)
  })

  test('close() ends hanging requests and keep-alive connections at once', async () => {
    const { s, token } = await world()
    await getSecret(s, token, 'ROOT_KEY') // leaves a keep-alive connection open
    s.inject({ kind: 'hang' })
    const hung = fetch(secretUrl(s, 'ROOT_KEY'), { headers: bearer(token) }).then(
      () => 'answered',
      () => 'failed'
    )
    await new Promise((r) => setTimeout(r, 50))
    const t0 = Date.now()
    await s.close()
    expect(Date.now() - t0).toBeLessThan(500)
    expect(await hung).toBe('failed')
    await s.close() // twice is fine
  })

  test('clearRequests and count filters', async () => {
    const { s, token } = await world()
    await getSecret(s, token, 'ROOT_KEY')
    await getSecret(s, token, 'OTHER', {}, 'v3')
    expect(s.count({ name: 'OTHER' })).toBe(1)
    expect(s.count({ route: 'v4-get-secret', name: 'ROOT_KEY' })).toBe(1)
    expect(s.requests[1]!.remoteAddress).toBe('127.0.0.1')
    s.clearRequests()
    expect(s.count()).toBe(0)
  })

  test('startRefusingUrl gives a loopback URL where the connection is refused', async () => {
    const url = await startRefusingUrl()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(fetch(url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } })
  })

  test('only loopback', async () => {
    await expect(InfisicalTestServer.start({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })
})

function httpsStatus(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('TLS', () => {
  test('trusted: succeeds with the CA, fails without it', async () => {
    const { s, token } = await world({ tls: 'trusted' })
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const certs = await testCertificates()
    expect(s.ca).toBe(certs.caPem)
    expect(await httpsStatus(`${s.url}/api/v1/x`, certs.caPem)).toBe(404)
    await expect(httpsStatus(`${s.url}/api/v1/x`)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
    void token
  })

  test('untrusted: fails even with the test CA', async () => {
    const s = await start({ tls: 'untrusted' })
    const certs = await testCertificates()
    await expect(httpsStatus(`${s.url}/`, certs.caPem)).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    })
  })

  test('wrong-host: the CA is trusted but the name does not match', async () => {
    const s = await start({ tls: 'wrong-host' })
    const certs = await testCertificates()
    await expect(httpsStatus(`${s.url}/`, certs.caPem)).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
  })

  test('certificates come with their files', async () => {
    const c = await testCertificates()
    expect(c.caPem).toContain('BEGIN CERTIFICATE')
    expect(c.serverKeyPem).toContain('PRIVATE KEY')
    expect(c.caPath.startsWith(c.dir)).toBe(true)
    expect(await testCertificates()).toBe(c)
  })
})

describe('HTML proxy', () => {
  test('blocked: an HTML 403 page and the target never sees the request; unblocked: forwarded', async () => {
    const { s, token } = await world()
    const proxy = await HtmlProxy.start({ target: s.url })
    closables.push(proxy)
    const url = secretUrl(s, ENCODED, { secretPath: '/home-platform/forgejo_accounts' }).replace(s.url, proxy.url)
    const blocked = await call(url, { headers: bearer(token) })
    expect(blocked.status).toBe(403)
    expect(blocked.headers.get('content-type')).toBe('text/html')
    expect(blocked.text).toMatch(/^<html>\r\n<head><title>403 Forbidden<\/title>/)
    expect(s.count()).toBe(0)
    proxy.blocked = false
    const through = await call(url, { headers: bearer(token) })
    expect(through.status).toBe(200)
    expect(through.body.secret.secretValue).toBe('tok-123')
    expect(s.requests[0]).toMatchObject({ name: NAME, authorization: `Bearer ${token}` })
    expect(proxy.count).toBe(2)
    expect(proxy.forwarded).toBe(1)
  })

  test('502 mode, and a target that does not answer gives the 502 page', async () => {
    const proxy = await HtmlProxy.start({ target: await startRefusingUrl(), status: 502 })
    closables.push(proxy)
    const a = await call(`${proxy.url}/api/v4/secrets/x`)
    expect(a.status).toBe(502)
    expect(a.text).toContain('<title>502 Bad Gateway</title>')
    proxy.blocked = false
    expect((await call(`${proxy.url}/api/v4/secrets/x`)).status).toBe(502)
  })

  test('forwards POST bodies and to an https target', async () => {
    const { s } = await world({ tls: 'trusted' })
    const id = s.createIdentity({ clientId: 'c', clientSecret: 's' })
    void id
    const proxy = await HtmlProxy.start({ target: s.url, blocked: false, ca: s.ca })
    closables.push(proxy)
    const a = await call(`${proxy.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'c', clientSecret: 's' })
    })
    expect(a.status).toBe(200)
    expect(a.body.tokenType).toBe('Bearer')
  })
})
