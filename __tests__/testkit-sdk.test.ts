/**
 * The official SDK (@infisical/sdk 5.0.2) against the test server: the server must accept exactly
 * what the SDK sends (v3 raw route, its query keys, its JSON login body) and answer it as Infisical
 * would, errors included. No test here provokes a 429 or a network error: the SDK would retry them
 * for seconds.
 */
import { InfisicalSDK } from '@infisical/sdk'

import { HtmlProxy } from '../testkit/html-proxy.js'
import { InfisicalTestServer, MSG } from '../testkit/infisical-server.js'

const PROJECT = '24324af9-0b4c-4a54-b9a4-1f7e3c1b2d00'
const NAME = 'deploy+bot@example.org'
const PATH = '/home-platform/forgejo_accounts'

let server: InfisicalTestServer
let identityId: string
let clientId: string
let clientSecret: string

beforeAll(async () => {
  server = await InfisicalTestServer.start()
  server.addProject(PROJECT)
  server.setSecret({ projectId: PROJECT, environment: 'prod', path: PATH, name: NAME, value: 'tok-${SUFFIX}' })
  server.setSecret({ projectId: PROJECT, environment: 'prod', path: PATH, name: 'SUFFIX', value: '42' })
  server.setSecret({
    projectId: PROJECT,
    environment: 'prod',
    path: '/restricted',
    name: 'DB_PASSWORD',
    value: 'hunter2'
  })
  const identity = server.createIdentity({ projects: [PROJECT] })
  server.grantRead(identity.id, { projectId: PROJECT, environment: 'prod', path: PATH })
  identityId = identity.id
  clientId = identity.clientId
  clientSecret = identity.clientSecret
})

afterAll(async () => {
  await server.close()
})

beforeEach(() => server.clearRequests())

function sdk(url = server.url): InfisicalSDK {
  return new InfisicalSDK({ siteUrl: url })
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a rejection')
}

test('Token Auth: accessToken() then getSecret() reads through v3 raw, references expanded', async () => {
  const token = server.issueToken(identityId)
  const client = sdk().auth().accessToken(token)
  const secret = await client
    .secrets()
    .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: NAME })
  expect(secret).toMatchObject({
    secretKey: NAME,
    secretValue: 'tok-42',
    secretPath: PATH,
    version: 1,
    type: 'shared',
    workspace: PROJECT
  })

  expect(server.requests).toHaveLength(1)
  const r = server.requests[0]!
  expect(r).toMatchObject({ method: 'GET', route: 'v3-get-secret', name: NAME, authorization: `Bearer ${token}` })
  expect(r.path).toBe('/api/v3/secrets/raw/deploy%2Bbot%40example.org')
  // what the SDK sends, unknown keys (secretName, includeImports) included: the server drops them as Infisical does
  expect(r.query).toEqual({
    secretName: NAME,
    workspaceId: PROJECT,
    environment: 'prod',
    expandSecretReferences: 'true',
    includeImports: 'false',
    secretPath: PATH,
    viewSecretValue: 'true'
  })
  expect(server.tokenUses(token)).toBe(1)
})

test('Universal Auth: login() with client id and secret, then a read with the token it got', async () => {
  const client = await sdk().auth().universalAuth.login({ clientId, clientSecret })
  const token = client.auth().getAccessToken()
  expect(typeof token).toBe('string')
  const secret = await client
    .secrets()
    .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: 'SUFFIX' })
  expect(secret.secretValue).toBe('42')
  const login = server.requests[0]!
  expect(login).toMatchObject({ method: 'POST', route: 'universal-login', path: '/api/v1/auth/universal-auth/login' })
  expect(login.headers['content-type']).toBe('application/json')
  expect(server.count({ route: 'v3-get-secret' })).toBe(1)
})

test('Universal Auth with a wrong secret: the SDK error carries 401 and the server message', async () => {
  const err = await rejection(sdk().auth().universalAuth.login({ clientId, clientSecret: 'wrong' }))
  expect(err.message).toContain('[StatusCode=401]')
  expect(err.message).toContain(MSG.invalidCredentials)
})

test('no permission on the path: 403 and the server message', async () => {
  const client = sdk().auth().accessToken(server.issueToken(identityId))
  const err = await rejection(
    client
      .secrets()
      .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: '/restricted', secretName: 'DB_PASSWORD' })
  )
  expect(err.message).toContain('[StatusCode=403]')
  expect(err.message).toContain('You are not allowed to read on secrets')
  expect(err.message).toContain('[Method=GET]')
})

test('a missing secret: 404 and the server message', async () => {
  const client = sdk().auth().accessToken(server.issueToken(identityId))
  const err = await rejection(
    client.secrets().getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: 'NOPE' })
  )
  expect(err.message).toContain('[StatusCode=404]')
  expect(err.message).toContain("Secret with name 'NOPE' not found")
})

test('an expired JWT: 403 TokenError message; a revoked token: 401', async () => {
  const expired = sdk()
    .auth()
    .accessToken(server.issueToken(identityId, { expInPast: true }))
  const e1 = await rejection(
    expired.secrets().getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: NAME })
  )
  expect(e1.message).toContain('[StatusCode=403]')
  expect(e1.message).toContain(MSG.jwtExpired)
  const token = server.issueToken(identityId)
  server.revokeToken(token)
  const e2 = await rejection(
    sdk()
      .auth()
      .accessToken(token)
      .secrets()
      .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: NAME })
  )
  expect(e2.message).toContain('[StatusCode=401]')
  expect(e2.message).toContain(MSG.noToken)
})

test('an HTML 403 from a proxy: the SDK only says "Request failed with status 403"', async () => {
  const proxy = await HtmlProxy.start({ target: server.url })
  try {
    const client = sdk(proxy.url).auth().accessToken(server.issueToken(identityId))
    const err = await rejection(
      client.secrets().getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: NAME })
    )
    expect(err.message).toBe('Request failed with status 403')
    expect(proxy.count).toBe(1)
  } finally {
    await proxy.close()
  }
})

test('listSecrets() and listSecretsWithImports() read a folder through the v3 list route in one request', async () => {
  const token = server.issueToken(identityId)
  const client = sdk().auth().accessToken(token)
  const res = await client.secrets().listSecrets({ projectId: PROJECT, environment: 'prod', secretPath: PATH })
  expect(res.secrets.map((s) => [s.secretKey, s.secretValue]).sort()).toEqual([
    ['SUFFIX', '42'],
    [NAME, 'tok-42']
  ])
  expect(res.imports).toEqual([])
  expect(server.requests).toHaveLength(1)
  expect(server.requests[0]).toMatchObject({ method: 'GET', route: 'v3-list-secrets', path: '/api/v3/secrets/raw' })
  expect(server.requests[0]!.query).toMatchObject({
    workspaceId: PROJECT,
    environment: 'prod',
    secretPath: PATH,
    expandSecretReferences: 'true',
    viewSecretValue: 'true'
  })
  const withImports = await client
    .secrets()
    .listSecretsWithImports({ projectId: PROJECT, environment: 'prod', secretPath: PATH })
  expect(withImports.map((s) => s.secretKey).sort()).toEqual(['SUFFIX', NAME])
  expect(server.tokenUses(token)).toBe(2)
})

describe.each(['2024', '2025', '2026', 'cloud-free'] as const)('profile %s', (profile) => {
  let s: InfisicalTestServer
  let id: { id: string; clientId: string; clientSecret: string }
  beforeAll(async () => {
    s = await InfisicalTestServer.start({ profile })
    s.addProject(PROJECT)
    s.setSecret({ projectId: PROJECT, environment: 'prod', path: PATH, name: NAME, value: 'tok-${SUFFIX}' })
    s.setSecret({ projectId: PROJECT, environment: 'prod', path: PATH, name: 'SUFFIX', value: '42' })
    id = s.createIdentity({ projects: [PROJECT] })
    s.grantRead(id.id, { projectId: PROJECT, environment: 'prod', path: PATH })
  })
  afterAll(async () => {
    await s.close()
  })

  test('Universal Auth login, getSecret() and listSecrets() work as against a real server of that period', async () => {
    const client = await sdk(s.url).auth().universalAuth.login({ clientId: id.clientId, clientSecret: id.clientSecret })
    const secret = await client
      .secrets()
      .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: PATH, secretName: NAME })
    expect(secret.secretValue).toBe('tok-42')
    const list = await client.secrets().listSecrets({ projectId: PROJECT, environment: 'prod', secretPath: PATH })
    expect(list.secrets).toHaveLength(2)
  })
})
