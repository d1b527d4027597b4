/**
 * Inputs and environment the action must not trust blindly (issue 8), through the harness running
 * dist/: URLs and proxies read and shown safely, TLS always verified, the token checked before
 * any request, secret names that would change the route refused, values that cannot be exported
 * faithfully refused, special files refused at once, a fallback window kept short.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { ConnectProxy } from '../../testkit/connect-proxy.js'
import { testCertificates, WRONG_HOST_NAME } from '../../testkit/certs.js'
import {
  BOT_FOLDER,
  BOT_NAME,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step,
  type Platform,
  soakUntil
} from './platform.js'

const closers: (() => Promise<void>)[] = []
const platforms: Platform[] = []
const workspaces: string[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await cleanup()
  for (const dir of [...platforms.splice(0).map((p) => p.dir), ...workspaces.splice(0)])
    rmSync(dir, { recursive: true, force: true })
})

/** A job through the harness; its workspace is removed after the test too. */
async function runJob(spec: Parameters<typeof job>[0]): Promise<Awaited<ReturnType<typeof job>>> {
  const result = await job(spec)
  workspaces.push(result.workspace)
  return result
}

async function platform(opts: Parameters<typeof startPlatform>[0] = {}): Promise<Platform> {
  const p = await startPlatform(opts)
  platforms.push(p)
  return p
}

async function connectProxy(): Promise<ConnectProxy> {
  const proxy = await ConnectProxy.start()
  closers.push(() => proxy.close())
  return proxy
}

type Result = Awaited<ReturnType<typeof job>>

/** The fetch step's class, error message and marker. */
function outcome(result: Result) {
  const s = step(result, 'infisical')
  return {
    cls: s.outputs['error-class'],
    message: s.annotations.find((a) => a.level === 'error')?.message ?? '',
    marker: markerOf(result)
  }
}

/** A run that failed before anything was sent or exported. */
function expectRefusedBeforeAnyRequest(result: Result, p: Platform, cls: string): string {
  const o = outcome(result)
  expect(o.cls).toBe(cls)
  expect(p.server.count()).toBe(0)
  expect(o.marker).toMatchObject({ status: 'failed', source: null, requests: 0, error: { class: cls } })
  expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
  return o.message
}

describe('URLs and proxies', () => {
  test('http:// to a name under .localhost is not loopback: config before any request', async () => {
    const p = await platform()
    const result = await runJob({
      steps: [fetchStep(p, { 'infisical-url': `http://infisical.localhost:${p.server.port}` })]
    })
    const message = expectRefusedBeforeAnyRequest(result, p, 'config')
    expect(message).toContain('plain http://')
    expect(message).toContain(`"http://infisical.localhost:${p.server.port}"`)
  })

  test('a proxy without a scheme is read as http://', async () => {
    const p = await platform({ tls: 'wrong-host' })
    const certs = await testCertificates()
    const proxy = await connectProxy()
    const url = `https://${WRONG_HOST_NAME}:${p.server.port}`
    const result = await runJob({
      hostEnv: { HTTPS_PROXY: proxy.url.replace(/^http:\/\/127\.0\.0\.1/, 'localhost') },
      steps: [fetchStep(p, { 'infisical-url': url, 'ca-certificate': certs.caPem, retries: '0' })]
    })
    expect(result.success).toBe(true)
    expect(proxy.connects).toEqual([`${WRONG_HOST_NAME}:${p.server.port}`])
    expect(markerOf(result)).toMatchObject({ source: 'infisical-token-auth', endpoint: url })
  })

  test('a proxy URL that cannot be used is config before any request, its password not shown', async () => {
    const p = await platform()
    const result = await runJob({
      hostEnv: { HTTPS_PROXY: 'https://deploy-user:pa/ss-hunter2@proxy.example.test:3128' },
      steps: [fetchStep(p, { 'infisical-url': `https://infisical.example.test:${p.server.port}` })]
    })
    const message = expectRefusedBeforeAnyRequest(result, p, 'config')
    expect(message).toContain('HTTPS_PROXY "https://***@proxy.example.test:3128"')
    expectNoLeak(result, ['ss-hunter2', 'deploy-user'], [message])
  })

  test("a proxy's password holding @ is never printed", async () => {
    const p = await platform({ tls: 'wrong-host' })
    const proxy = await connectProxy()
    proxy.refuseWith = 407
    const withCredentials = proxy.url.replace('http://', 'http://deploy-user:p@ss-w0rd-hunter2@')
    const result = await runJob({
      hostEnv: { HTTPS_PROXY: withCredentials },
      steps: [fetchStep(p, { 'infisical-url': `https://${WRONG_HOST_NAME}:${p.server.port}`, retries: '0' })]
    })
    const o = outcome(result)
    expect(o.cls).toBe('proxy-blocked')
    expect(o.message).toContain(`through proxy ${proxy.url.replace('http://', 'http://***@')}`)
    expectNoLeak(result, ['ss-w0rd-hunter2', 'deploy-user'], [o.message])
  })
})

describe('TLS', () => {
  test('NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored, with a warning: an untrusted certificate is still tls', async () => {
    const p = await platform({ tls: 'untrusted' })
    const result = await runJob({
      steps: [fetchStep(p, { retries: '0' }, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })]
    })
    const o = outcome(result)
    expect(o.cls).toBe('tls')
    expect(o.marker).toMatchObject({ status: 'failed', source: null, error: { class: 'tls' } })
    expect(p.server.count()).toBe(0)
    const warnings = step(result, 'infisical').annotations.filter(
      (a) => a.level === 'warning' && a.message.includes('NODE_TLS_REJECT_UNAUTHORIZED')
    )
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.message).toContain('ignored')
  })

  test('through a proxy too', async () => {
    const p = await platform({ tls: 'untrusted' })
    const proxy = await connectProxy()
    const result = await runJob({
      hostEnv: { HTTPS_PROXY: proxy.url, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      steps: [fetchStep(p, { 'infisical-url': `https://infisical.example.test:${p.server.port}`, retries: '0' })]
    })
    expect(outcome(result).cls).toBe('tls')
    expect(proxy.connects).toEqual([`infisical.example.test:${p.server.port}`])
    expect(p.server.count()).toBe(0)
  })
})

describe('the token, checked before any request', () => {
  const PLAIN = 'plain-text-copy-of-the-bot-token'

  test('a token file with a line break inside: token-file naming where, never the token; no fallback', async () => {
    const p = await platform()
    const file = join(p.dir, 'broken-token')
    writeFileSync(file, `${p.token.slice(0, 40)}\n${p.token.slice(40)}\n`, { mode: 0o600 })
    const result = await runJob({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: PLAIN },
      steps: [fetchStep(p, { 'token-file': file, fallback: 'env', 'fallback-until': soakUntil() })]
    })
    const message = expectRefusedBeforeAnyRequest(result, p, 'token-file')
    expect(message).toContain(`token-file "${file}" holds a line break at character 41`)
    expect(markerOf(result).fallback).toBeNull()
    expect(step(result, 'infisical').outputs.source).toBe('')
    expectNoLeak(result, [p.token, p.token.slice(0, 40), p.token.slice(40), PLAIN], [message])
  })

  test.each([
    ['a space', (t: string) => `${t.slice(0, 10)} ${t.slice(10)}`, 'holds a space at character 11'],
    [
      'a control character',
      (t: string) => `${t.slice(0, 5)}\u0007${t.slice(5)}`,
      'holds a control character at character 6'
    ],
    ['a character outside Latin-1', (t: string) => `${t}\u200b`, `holds a character outside Latin-1 at character`]
  ])('the token input with %s: config, before any request', async (_what, spoil, words) => {
    const p = await platform()
    const token = spoil(p.token)
    const result = await runJob({ steps: [fetchStep(p, { 'token-file': '', token })] })
    const message = expectRefusedBeforeAnyRequest(result, p, 'config')
    expect(message).toContain(`token ${words}`)
    expectNoLeak(result, [token, p.token], [message])
  })
})

describe('secret names', () => {
  test.each([
    [
      '..',
      `OTHER=${BOT_FOLDER}/${BOT_NAME}\nPLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/..`,
      'secrets line 2: secret name ".." would change the route'
    ],
    ['.', `PLATFORMCTL_FORGEJO_TOKEN=.`, 'secrets line 1: secret name "." would change the route'],
    [
      'a name with a space',
      `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/deploy bot`,
      'secrets line 1: secret name "deploy bot" holds white space'
    ]
  ])('%s: config naming the line, before any request', async (_what, secrets, words) => {
    const p = await platform()
    const result = await runJob({ steps: [fetchStep(p, { secrets })] })
    expect(expectRefusedBeforeAnyRequest(result, p, 'config')).toContain(words)
  })
})

describe('values that cannot be exported faithfully', () => {
  const LEADING = '\nline-after-an-empty-first-line'
  const WITH_NUL = 'value-before-a-nul\u0000value-after-the-nul'

  async function withValue(value: string): Promise<Platform> {
    const p = await platform()
    p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER, name: 'HARD', value })
    return p
  }

  test.each([
    ['an empty first line (the runner drops it)', LEADING, {}, 'the value starts with an empty line'],
    ['a NUL', WITH_NUL, {}, 'the value holds a NUL character'],
    [
      'a NUL, to export-file only',
      WITH_NUL,
      { 'export-env': 'false', 'export-file': 'EXPORT_FILE' },
      'the value holds a NUL character'
    ]
  ])(
    '%s: config naming the variable and the secret, nothing exported',
    async (_what, value, inputs: Record<string, string>, words) => {
      const p = await withValue(value)
      const exportFile = join(p.dir, 'secrets.env')
      const withInputs = Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, v === 'EXPORT_FILE' ? exportFile : v])
      )
      const result = await runJob({
        steps: [
          fetchStep(p, {
            secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nHARD_VALUE=${BOT_FOLDER}/HARD`,
            ...withInputs
          }),
          { name: 'next', run: 'true' }
        ]
      })
      const o = outcome(result)
      expect(o.cls).toBe('config')
      expect(o.message).toContain(`HARD_VALUE (${BOT_FOLDER}/HARD): ${words}`)
      expect(o.marker).toMatchObject({ status: 'failed', source: null, error: { class: 'config' } })
      expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN', 'HARD_VALUE'])).toEqual([])
      expect(existsSync(exportFile)).toBe(false)
      expectNoLeak(
        result,
        value.split(/[\n\u0000]/).filter((l) => l !== ''),
        [o.message]
      )
    }
  )
})

describe('special files', () => {
  function fifo(p: Platform, name: string): string {
    const path = join(p.dir, name)
    execFileSync('mkfifo', ['-m', '600', path])
    return path
  }

  test('ca-certificate naming a FIFO: config at once, never a hang', async () => {
    const p = await platform({ tls: 'trusted' })
    const path = fifo(p, 'ca.pem')
    const result = await runJob({ steps: [fetchStep(p, { 'ca-certificate': path })], timeoutMs: 20_000 })
    const message = expectRefusedBeforeAnyRequest(result, p, 'config')
    expect(message).toContain(`ca-certificate "${path}" is a FIFO (named pipe), not a regular file`)
    expect(step(result, 'infisical').error).toBe('RUN exit status 1')
  })

  test('fallback-env-file naming a FIFO: token-file at once', async () => {
    const p = await platform()
    p.server.inject({ kind: 'status', status: 500, times: 10 })
    const path = fifo(p, 'fallback.env')
    const result = await runJob({
      steps: [
        fetchStep(p, { retries: '0', fallback: 'env-file', 'fallback-env-file': path, 'fallback-until': soakUntil() })
      ],
      timeoutMs: 20_000
    })
    const o = outcome(result)
    expect(o.cls).toBe('token-file')
    expect(o.message).toContain(`fallback-env-file "${path}": is a FIFO (named pipe), not a regular file`)
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
  })
})

describe('fallback-until', () => {
  test('more than 90 days ahead: config before any request, "a soak is short"', async () => {
    const p = await platform()
    const result = await runJob({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: 'plain-copy' },
      steps: [fetchStep(p, { fallback: 'env', 'fallback-until': '9999-12-31' })]
    })
    const message = expectRefusedBeforeAnyRequest(result, p, 'config')
    expect(message).toContain('fallback-until "9999-12-31" is more than 90 days ahead')
    expect(message).toContain('a soak is short')
  })

  test('within 90 days: the fallback stands ready and Infisical answers', async () => {
    const p = await platform()
    const result = await runJob({ steps: [fetchStep(p, { fallback: 'env', 'fallback-until': soakUntil() })] })
    expect(result.success).toBe(true)
    expect(markerOf(result)).toMatchObject({ source: 'infisical-token-auth', fallback: null })
  })
})
