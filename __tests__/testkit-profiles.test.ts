/**
 * The test server's profiles ('2024', '2025', '2026', 'cloud-free'): each behaviour as
 * /work/shared/reference/infisical-api.md gives it for that period (see testkit/infisical-server/profiles.ts).
 */
import {
  InfisicalTestServer,
  MSG,
  MSG_PROFILES,
  PROFILE_NAMES,
  type ProfileName,
  type StartOptions
} from '../testkit/infisical-server.js'

const PROJECT = 'p-9a7e'

const closables: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(closables.splice(0).map((c) => c.close()))
})

async function start(opts?: StartOptions): Promise<InfisicalTestServer> {
  const s = await InfisicalTestServer.start(opts)
  closables.push(s)
  return s
}

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

interface Answer {
  status: number
  headers: Headers
  text: string
  body: any
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init)
  const text = await res.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: res.status, headers: res.headers, text, body }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function readUrl(s: InfisicalTestServer, api: 'v4' | 'v3', name: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(api === 'v4' ? { projectId: PROJECT, environment: 'dev', ...query } : { workspaceId: PROJECT, environment: 'dev', ...query })
  return `${s.url}${api === 'v4' ? `/api/v4/secrets/${name}` : `/api/v3/secrets/raw/${name}`}?${q}`
}

function read(s: InfisicalTestServer, token: string, api: 'v4' | 'v3', name: string, query: Record<string, string> = {}) {
  return call(readUrl(s, api, name, query), { headers: bearer(token) })
}

describe('profile option', () => {
  test('the four profiles exist; an unknown one is refused', async () => {
    expect(PROFILE_NAMES).toEqual(['2024', '2025', '2026', 'cloud-free'])
    for (const p of PROFILE_NAMES) expect((await start({ profile: p })).profile.name).toBe(p)
    expect((await start()).profile.name).toBe('default')
    await expect(InfisicalTestServer.start({ profile: '2023' as ProfileName })).rejects.toThrow(/unknown server profile/)
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
    expect(a.body).toEqual({ message: 'Route POST:/api/v1/auth/token/renew not found', error: 'Not Found', statusCode: 404 })
    expect(s.tokenUses(token)).toBe(0)
    expect((await read(s, token, 'v4', 'ROOT_KEY')).body.secret).toMatchObject({ secretValue: 'root-value', secretValueHidden: false })
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
    expect((await read(s, token, 'v4', encodeURIComponent('é'.repeat(16)))).body.message).toBe(MSG.secretNotFound('é'.repeat(16)))
  })
})
