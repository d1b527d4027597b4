import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeClaims, idTokenClaims } from '../../src/id-token.js'
import { interpretIdTokenAnswer } from '../../src/id-token-answer.js'
import { requestIdToken } from '../../src/id-token-request.js'
import { Deadline } from '../../src/infisical/deadline.js'
import { createTransport } from '../../src/infisical/transport.js'
import { ActionError } from '../../src/errors.js'

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
const jwtOf = (payload: unknown): string =>
  `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}.c2lnbmF0dXJl`
const ENDPOINT = 'https://forgejo.example.org/api/actions/_apis/pipelines/workflows/869/idtoken'
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body)
})

describe('the ID token claims', () => {
  test('iss, sub, aud (string or list) and exp are read without verifying; the token itself is never described', () => {
    const jwt = jwtOf({
      iss: 'https://forgejo.example.org/api/actions',
      sub: 'repo:platform/platform:ref:refs/heads/main',
      aud: 'https://forgejo.example.org/platform',
      exp: 1_800_000_000
    })
    const claims = idTokenClaims(jwt)
    expect(claims).toEqual({
      iss: 'https://forgejo.example.org/api/actions',
      sub: 'repo:platform/platform:ref:refs/heads/main',
      aud: ['https://forgejo.example.org/platform'],
      exp: new Date(1_800_000_000_000)
    })
    expect(describeClaims(claims)).toBe(
      'iss "https://forgejo.example.org/api/actions", sub "repo:platform/platform:ref:refs/heads/main", aud "https://forgejo.example.org/platform"'
    )
    expect(idTokenClaims(jwtOf({ aud: ['a', 'b', 3] })).aud).toEqual(['a', 'b'])
    expect(idTokenClaims('not-a-jwt')).toEqual({})
    expect(describeClaims({})).toBe('iss (none), sub (none), aud (none)')
  })

  test('a claim holding a line break or a workflow command is shown on one line', () => {
    const text = describeClaims(idTokenClaims(jwtOf({ sub: 'repo:a/b\n::set-env name=X::1' })))
    expect(text).not.toContain('\n')
  })
})

describe("the CI server's answer", () => {
  test('{ value } with a JWT is the ID token', () => {
    const jwt = jwtOf({ sub: 's' })
    expect(interpretIdTokenAnswer(json(200, { value: jwt }), ENDPOINT)).toEqual({ kind: 'ok', jwt })
  })

  test.each<[string, ReturnType<typeof json>, string, string, string]>([
    [
      'a refused request token',
      json(401, { message: 'Unauthorized', error: 'Unauthorized' }),
      'auth-invalid',
      'never',
      'enable-openid-connect'
    ],
    [
      'a forbidden request',
      json(403, { message: 'Forbidden', error: 'Forbidden' }),
      'auth-invalid',
      'never',
      'id-token: write'
    ],
    [
      'no such route (older Forgejo)',
      json(404, { message: 'Not Found', error: 'Not Found' }),
      'config',
      'never',
      'Forgejo 15'
    ],
    ['a busy server', json(500, { message: 'oops', error: 'x' }), 'server-error', 'same', 'CI server'],
    [
      'a rate limit',
      json(429, { message: 'slow down', error: 'x' }, { 'retry-after': '2' }),
      'rate-limited',
      'same',
      'CI server'
    ],
    ['a 200 without a token', json(200, { token: 'x' }), 'proxy-blocked', 'next', 'not a proxy page'],
    [
      'a 200 HTML page',
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><title>Login</title></html>' },
      'proxy-blocked',
      'next',
      'proxy'
    ],
    ['a value that is not a JWT', json(200, { value: 'plain words' }), 'proxy-blocked', 'next', 'proxy']
  ])('%s', (_what, answer, cls, retry, fix) => {
    const out = interpretIdTokenAnswer(answer, ENDPOINT)
    if (out.kind !== 'fail') throw new Error('expected a failure')
    expect(out.error.errorClass).toBe(cls)
    expect(out.retry).toBe(retry)
    expect(out.error.message).toContain(fix)
    expect(out.error.message).toContain(ENDPOINT)
  })

  test('the retry-after of a 429 is kept', () => {
    const out = interpretIdTokenAnswer(json(429, { message: 'slow', error: 'x' }, { 'retry-after': '2' }), ENDPOINT)
    expect(out).toMatchObject({ kind: 'fail', retryAfterMs: 2000 })
  })

  test('an echo of the request token in an error body is redacted', () => {
    const out = interpretIdTokenAnswer(
      json(401, { message: 'bad token runtime-token-abcdef', error: 'Unauthorized' }),
      ENDPOINT,
      (t) => t.replaceAll('runtime-token-abcdef', '***')
    )
    if (out.kind !== 'fail') throw new Error('expected a failure')
    expect(out.error.message).not.toContain('runtime-token-abcdef')
  })
})

describe('requestIdToken over HTTP', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server?.closeAllConnections()
    server = undefined
  })

  async function serve(
    answers: ((req: IncomingMessage) => { status: number; body: string })[]
  ): Promise<{ url: string; seen: IncomingMessage[] }> {
    const seen: IncomingMessage[] = []
    server = createServer((req, res) => {
      seen.push(req)
      const a = (answers[seen.length - 1] ?? answers[answers.length - 1])!(req)
      res.writeHead(a.status, { 'content-type': 'application/json' })
      res.end(a.body)
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
    return {
      url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/actions/_apis/pipelines/workflows/7/idtoken?placeholder=true&audience=aud1`,
      seen
    }
  }

  test('sends the bearer request token, keeps the query, retries a 500 and returns the token', async () => {
    const jwt = jwtOf({ sub: 's' })
    const { url, seen } = await serve([
      () => ({ status: 500, body: '{"message":"x","error":"y"}' }),
      () => ({ status: 200, body: JSON.stringify({ value: jwt }) })
    ])
    const deadline = new Deadline(5000)
    const transport = createTransport({ env: {} })
    try {
      const got = await requestIdToken({
        request: { url, token: 'req-token' },
        transport,
        deadline,
        retries: 2,
        userAgent: 'ua',
        limits: { attemptMs: 1000, retryBaseMs: 5, roundBaseMs: 5, roundMaxMs: 10 },
        random: () => 0.5
      })
      expect(got).toBe(jwt)
      expect(seen).toHaveLength(2)
      expect(seen[0]!.headers.authorization).toBe('Bearer req-token')
      expect(seen[0]!.url).toBe('/api/actions/_apis/pipelines/workflows/7/idtoken?placeholder=true&audience=aud1')
    } finally {
      deadline.dispose()
      transport.destroy()
    }
  })

  test('a refusal ends at once, as auth-invalid naming the CI server', async () => {
    const { url, seen } = await serve([
      () => ({ status: 401, body: '{"message":"invalid token","error":"Unauthorized"}' })
    ])
    const deadline = new Deadline(5000)
    const transport = createTransport({ env: {} })
    try {
      const e = await requestIdToken({
        request: { url, token: 'req-token' },
        transport,
        deadline,
        retries: 2,
        userAgent: 'ua'
      }).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ActionError)
      expect((e as ActionError).errorClass).toBe('auth-invalid')
      expect((e as ActionError).message).toContain('the CI server refused the request')
      expect((e as ActionError).message).not.toContain('req-token')
      expect(seen).toHaveLength(1)
    } finally {
      deadline.dispose()
      transport.destroy()
    }
  })
})
