/**
 * Failure behaviour through the harness running dist/: failover between URLs, retries, the run
 * deadline, TLS, proxies. Outcomes and counts are asserted, never durations (the benchmark
 * measures time). The retry policy's timing (the list tried until the deadline, 5xx and 429
 * retries, a reset connection) is in unit/failover-timing.test.ts, on a fake clock.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HtmlProxy } from '../../testkit/html-proxy.js'
import { ConnectProxy } from '../../testkit/connect-proxy.js'
import { testCertificates, WRONG_HOST_NAME } from '../../testkit/certs.js'
import { startRefusingUrl } from '../../testkit/infisical-server.js'
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step
} from './platform.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await cleanup()
})
const platform = startPlatform
/** Small limits of the retry policy (read only under NODE_ENV=test): pauses of milliseconds, attempts of 0.5 s. */
const TEST_LIMITS = {
  NODE_ENV: 'test',
  INFISICAL_ACTION_TEST_LIMITS: JSON.stringify({ attemptMs: 500, roundBaseMs: 20, roundMaxMs: 100 })
}
const permissionDenied = {
  reqId: 'r',
  statusCode: 403,
  error: 'PermissionDenied',
  message: 'You are not allowed to read on secrets',
  details: []
}

/** A failed fetch: its class, message and marker; and nothing of it exported. */
function outcome(result: Awaited<ReturnType<typeof job>>) {
  const s = step(result, 'infisical')
  expect(s.outcome).toBe('failure')
  expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN', 'T', 'A', 'B'])).toEqual([])
  expect(markerOf(result)).toMatchObject({ status: 'failed', source: null })
  return {
    cls: s.outputs['error-class'],
    message: s.annotations.find((a) => a.level === 'error')?.message ?? '',
    marker: markerOf(result)
  }
}

describe('failover between URLs', () => {
  test('a refused first URL fails over to the second', async () => {
    const p = await platform()
    const refused = await startRefusingUrl()
    const result = await job({
      steps: [fetchStep(p, { 'infisical-url': `${refused}\n${p.server.url}` }), { name: 'next', run: 'true' }]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerOf(result)).toMatchObject({ source: 'infisical-token-auth', endpoint: p.server.url, requests: 1 })
    expect(step(result, 'infisical').outputs.endpoint).toBe(p.server.url)
  })

  test("a proxy's HTML 403 on the first URL fails over to the second (the local endpoint)", async () => {
    const p = await platform()
    const proxy = await HtmlProxy.start({ target: p.server.url })
    closers.push(() => proxy.close())
    const result = await job({ steps: [fetchStep(p, { 'infisical-url': `${proxy.url}, ${p.server.url}` })] })
    expect(result.success).toBe(true)
    expect(markerOf(result)).toMatchObject({ source: 'infisical-token-auth', endpoint: p.server.url, requests: 2 })
    expect(proxy.count).toBe(1)
  })

  test("Infisical's own JSON 403 does not fail over: the second URL is never asked", async () => {
    const first = await platform()
    const second = await platform()
    first.server.inject({ kind: 'status', status: 403, body: permissionDenied })
    const result = await job({
      steps: [fetchStep(first, { 'infisical-url': `${first.server.url}\n${second.server.url}` })]
    })
    expect(outcome(result).cls).toBe('permission-denied')
    expect(first.server.count()).toBe(1)
    expect(second.server.count()).toBe(0)
  })
})

describe('an attempt that takes too long', () => {
  test("after the attempt's own limit (10 s; 0.5 s under the test limits) without an answer, the next URL is tried at once", async () => {
    const slow = await platform()
    const p = await platform()
    slow.server.inject({ kind: 'hang', times: 10 })
    const result = await job({
      hostEnv: TEST_LIMITS,
      steps: [fetchStep(p, { 'infisical-url': `${slow.server.url}\n${p.server.url}` })]
    })
    expect(result.success).toBe(true)
    expect(markerOf(result)).toMatchObject({
      endpoint: p.server.url,
      requests: 2,
      attempts: [
        { endpoint: slow.server.url, outcome: 'timeout', count: 1 },
        { endpoint: p.server.url, outcome: 'ok', count: 1 }
      ]
    })
    expect(slow.server.count()).toBe(1)
  })
})

describe('retries of the same URL', () => {
  test.each([
    [
      '401',
      {
        kind: 'status' as const,
        status: 401,
        body: { reqId: 'r', statusCode: 401, error: 'UnauthorizedError', message: 'No identity access token found' }
      }
    ],
    ['403', { kind: 'status' as const, status: 403, body: permissionDenied }],
    [
      '404',
      {
        kind: 'status' as const,
        status: 404,
        body: { reqId: 'r', statusCode: 404, error: 'NotFound', message: "Secret with name 'x' not found" }
      }
    ]
  ])('%s is sent exactly once', async (_s, fault) => {
    const p = await platform()
    p.server.inject(fault)
    await job({ steps: [fetchStep(p)] })
    expect(p.server.count()).toBe(1)
  })
})

describe('the deadline', () => {
  test('a server that never answers: timeout, and the process ends by itself', async () => {
    const p = await platform()
    p.server.inject({ kind: 'hang', times: 100 })
    const result = await job({ steps: [fetchStep(p, { 'timeout-seconds': '2' })], timeoutMs: 20_000 })
    const s = step(result, 'infisical')
    expect(s.exitCode).toBe(1)
    expect(outcome(result).cls).toBe('timeout')
    expect(outcome(result).message).toContain('timeout-seconds (2 s)')
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
  })
})

describe('TLS', () => {
  test('a certificate the runner does not trust: tls', async () => {
    const p = await platform({ tls: 'untrusted' })
    const result = await job({ steps: [fetchStep(p, { retries: '0' })] })
    expect(outcome(result).cls).toBe('tls')
    expect(outcome(result).message).toContain('ca-certificate')
    expect(p.server.count()).toBe(0)
  })

  test('ca-certificate as PEM text, and as a path: trusted', async () => {
    const p = await platform({ tls: 'trusted' })
    const certs = await testCertificates()
    const asText = await job({ steps: [fetchStep(p, { 'ca-certificate': certs.caPem })] })
    expect(asText.success).toBe(true)
    expect(markerOf(asText).endpoint).toMatch(/^https:\/\/127\.0\.0\.1:/)
    const asPath = await job({ steps: [fetchStep(p, { 'ca-certificate': certs.caPath })] })
    expect(asPath.success).toBe(true)
    const without = await job({ steps: [fetchStep(p, { retries: '0' })] })
    expect(outcome(without).cls).toBe('tls')
  })

  test('a certificate for another host name: tls, even with the right CA', async () => {
    const p = await platform({ tls: 'wrong-host' })
    const certs = await testCertificates()
    const result = await job({ steps: [fetchStep(p, { 'ca-certificate': certs.caPem, retries: '0' })] })
    expect(outcome(result).cls).toBe('tls')
    expect(outcome(result).message).toContain('does not name this host')
  })

  test("a CA in the operating system's bundle is trusted without ca-certificate", async () => {
    const p = await platform({ tls: 'trusted' })
    const certs = await testCertificates()
    const bundle = join(p.dir, 'ca-certificates.crt')
    writeFileSync(bundle, certs.caPem)
    const result = await job({ hostEnv: { SSL_CERT_FILE: bundle }, steps: [fetchStep(p)] })
    expect(result.success).toBe(true)
  })

  test('NODE_EXTRA_CA_CERTS is honoured', async () => {
    const p = await platform({ tls: 'trusted' })
    const certs = await testCertificates()
    const result = await job({ hostEnv: { NODE_EXTRA_CA_CERTS: certs.caPath }, steps: [fetchStep(p)] })
    expect(result.success).toBe(true)
  })

  test('a ca-certificate that holds no certificate is a config error before any request', async () => {
    const p = await platform({ tls: 'trusted' })
    const result = await job({ steps: [fetchStep(p, { 'ca-certificate': '/nonexistent/ca.pem' })] })
    expect(outcome(result).cls).toBe('config')
    expect(p.server.count()).toBe(0)
  })
})

describe('proxies', () => {
  test('HTTPS_PROXY: the request goes through the proxy; NO_PROXY naming the host: it does not', async () => {
    const p = await platform({ tls: 'wrong-host' })
    const certs = await testCertificates()
    const proxy = await ConnectProxy.start()
    closers.push(() => proxy.close())
    const url = `https://${WRONG_HOST_NAME}:${p.server.port}`
    const via = await job({
      hostEnv: { HTTPS_PROXY: proxy.url },
      steps: [fetchStep(p, { 'infisical-url': url, 'ca-certificate': certs.caPem })]
    })
    expect(via.success).toBe(true)
    expect(proxy.connects).toEqual([`${WRONG_HOST_NAME}:${p.server.port}`])
    expect(markerOf(via).endpoint).toBe(url)

    const direct = await job({
      hostEnv: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.test' },
      steps: [
        fetchStep(p, { 'infisical-url': url, 'ca-certificate': certs.caPem, retries: '0', 'timeout-seconds': '2' })
      ]
    })
    // Not proxied, the name must resolve here, and it does not: a network failure, not the proxy.
    expect(outcome(direct).cls).toBe('network')
    expect(proxy.connects).toHaveLength(1)
  })

  test('a proxy that refuses the tunnel: proxy-blocked, nothing sent to Infisical', async () => {
    const p = await platform({ tls: 'wrong-host' })
    const proxy = await ConnectProxy.start()
    closers.push(() => proxy.close())
    proxy.refuseWith = 403
    const result = await job({
      hostEnv: { HTTPS_PROXY: proxy.url },
      steps: [fetchStep(p, { 'infisical-url': `https://${WRONG_HOST_NAME}:${p.server.port}`, retries: '0' })]
    })
    expect(outcome(result).cls).toBe('proxy-blocked')
    expect(outcome(result).message).toContain('HTTP 403')
    expect(outcome(result).message).toContain(`through proxy ${proxy.url}`)
    expect(p.server.count()).toBe(0)
    expect(outcome(result).marker.requests).toBe(0)
  })

  test('loopback is never proxied', async () => {
    const p = await platform()
    const proxy = await ConnectProxy.start()
    closers.push(() => proxy.close())
    const result = await job({ hostEnv: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, steps: [fetchStep(p)] })
    expect(result.success).toBe(true)
    expect(proxy.connects).toEqual([])
  })
})

describe('plain http and credentials in URLs', () => {
  test('http:// to a host that is not loopback: config, unless allow-insecure-http', async () => {
    const p = await platform()
    const refused = await job({ steps: [fetchStep(p, { 'infisical-url': 'http://infisical.example.test' })] })
    expect(outcome(refused).cls).toBe('config')
    expect(outcome(refused).message).toContain('allow-insecure-http')
    const proxy = await ConnectProxy.start()
    closers.push(() => proxy.close())
    const allowed = await job({
      hostEnv: { HTTP_PROXY: proxy.url },
      steps: [
        fetchStep(p, {
          'infisical-url': `http://infisical.example.test:${p.server.port}`,
          'allow-insecure-http': 'true'
        })
      ]
    })
    expect(allowed.success).toBe(true)
    expect(proxy.connects).toEqual([`infisical.example.test:${p.server.port}`])
  })
})

describe('token checks and use limits', () => {
  test('a token expiring in 3 days: a warning with the date, and success', async () => {
    const p = await platform()
    const token = p.server.issueToken(p.identity.id, { ttlSeconds: 3 * 86400 + 3600 })
    const file = join(p.dir, 'soon')
    writeFileSync(file, token, { mode: 0o600 })
    const result = await job({ steps: [fetchStep(p, { 'token-file': file })] })
    expect(result.success).toBe(true)
    const s = step(result, 'infisical')
    const expiresAt = s.outputs['token-expires-at'] as string
    expect(expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(
      s.annotations.some(
        (a) => a.level === 'warning' && a.message.includes(`expires on ${expiresAt.slice(0, 10)} (in 3 days)`)
      )
    ).toBe(true)
    expect(markerOf(result).tokenExpiresAt).toBe(expiresAt)
  })

  test('a token with a use limit of 3 and 3 mapped secrets in 3 folders: succeeds, spending exactly 3 uses', async () => {
    const p = await platform()
    for (const n of ['a', 'b'])
      p.server.setSecret({
        projectId: PROJECT_ID,
        environment: 'prod',
        path: `/home-platform/${n}`,
        name: 'S',
        value: `value-${n}-1234`
      })
    const token = p.server.issueToken(p.identity.id, { numUsesLimit: 3 })
    const result = await job({
      steps: [
        fetchStep(p, {
          'token-file': '',
          token,
          secrets: `T=${BOT_FOLDER}/${BOT_NAME}\nA=/home-platform/a/S\nB=/home-platform/b/S`
        })
      ]
    })
    expect(result.success).toBe(true)
    expect(p.server.tokenUses(token)).toBe(3)
    expect(markerOf(result).requests).toBe(3)
    expectNoLeak(result, [token, BOT_TOKEN])
  })

  test('3 mapped secrets of one folder: one list request, one use', async () => {
    const p = await platform()
    for (const n of ['A', 'B'])
      p.server.setSecret({
        projectId: PROJECT_ID,
        environment: 'prod',
        path: BOT_FOLDER,
        name: n,
        value: `value-${n}-1234`
      })
    const token = p.server.issueToken(p.identity.id, { numUsesLimit: 1 })
    const result = await job({
      steps: [fetchStep(p, { 'token-file': '', token, secrets: `T=${BOT_NAME}\nA=A\nB=B`, 'secret-path': BOT_FOLDER })]
    })
    expect(result.success).toBe(true)
    expect(p.server.tokenUses(token)).toBe(1)
    expect(markerOf(result).requests).toBe(1)
    expectNoLeak(result, [token, BOT_TOKEN])
  })
})
