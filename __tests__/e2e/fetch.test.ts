/**
 * The action end to end, through the runner harness running the committed dist/ bundle against
 * the Infisical test server: what the operator of platformctl-auto-apply.yml sees.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'dotenv'
import { loadWorkflow } from '../../testkit/runner/index.js'
import { jwtPayload } from '../../testkit/infisical-server.js'
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  GITHUB,
  NEXT_STEP,
  PROJECT_ID,
  ROOT,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
  markerLines,
  markerOf,
  startPlatform,
  step,
  type Platform
} from './platform.js'
import { runJob } from '../../testkit/runner/index.js'

let p: Platform
beforeEach(async () => {
  p = await startPlatform()
})
afterEach(cleanup)

const MARKER_KEYS = [
  'schema',
  'status',
  'mode',
  'source',
  'markerKey',
  'label',
  'endpoint',
  'identityId',
  'projectId',
  'environment',
  'secrets',
  'tokenExpiresAt',
  'fallback',
  'preexisting',
  'error',
  'requests',
  'attempts',
  'command',
  'durationMs',
  'run',
  'createdAt'
]

// one module here, with the whole marker; examples.test.ts runs the example for both modules
describe('platformctl-auto-apply.yml for dashboard', () => {
  const module = 'dashboard'
  test('fetches the bot token with token-file, hands it on, proves its source', async () => {
    const spec = loadWorkflow(join(ROOT, 'examples/platformctl-auto-apply.yml'), {
      actionRoot: ROOT,
      matrix: { module },
      vars: { INFISICAL_URL: p.server.url, INFISICAL_PROJECT_ID: PROJECT_ID, INFISICAL_TOKEN_FILE: p.tokenFile },
      github: GITHUB
    })
    const result = await runRegisteredJob(spec)
    expect(result.steps.map((s) => `${s.name}: ${s.outcome}`)).toEqual(result.steps.map((s) => `${s.name}: success`))
    expect(result.success).toBe(true)

    // The next steps see the value, byte for byte.
    expect(step(result, `Plan ${module}`).stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(step(result, 'Smoke check, the token came from Infisical').outcome).toBe('success')

    // Exactly one marker line, in both renderings.
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], 'forgejo_token_source=infisical-token-auth')).toHaveLength(1)
    }

    const marker = markerOf(result)
    expect(Object.keys(marker)).toEqual(MARKER_KEYS)
    expect(marker).toMatchObject({
      schema: 1,
      status: 'ok',
      mode: 'fetch',
      source: 'infisical-token-auth',
      markerKey: 'forgejo_token_source',
      endpoint: p.server.url,
      identityId: p.identity.id,
      projectId: PROJECT_ID,
      environment: 'prod',
      secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: BOT_FOLDER, name: BOT_NAME, version: 3 }],
      tokenExpiresAt: new Date((jwtPayload(p.token).exp as number) * 1000).toISOString(),
      fallback: null,
      preexisting: [],
      error: null,
      requests: 1,
      attempts: [{ endpoint: p.server.url, outcome: 'ok', count: 1 }],
      run: {
        repository: 'platform/platform',
        runId: '869',
        runNumber: '729',
        runAttempt: '1',
        job: 'apply',
        sha: GITHUB.sha,
        serverUrl: 'https://forgejo.example.org'
      }
    })
    expect(typeof marker.durationMs).toBe('number')
    expect(Date.parse(marker.createdAt)).not.toBeNaN()
    expect(p.server.count()).toBe(1)
    expect(p.server.tokenUses(p.token)).toBe(1)
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })
})

/** loadWorkflow's JobSpec run through the harness, cleaned up with the others. */
async function runRegisteredJob(spec: Parameters<typeof runJob>[0]) {
  return job(spec)
}

describe('other ways in', () => {
  test('token input (not a secret of the runner): masked by the action itself', async () => {
    const result = await job({ steps: [fetchStep(p, { 'token-file': '', token: p.token }), NEXT_STEP] })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerOf(result)).toMatchObject({ status: 'ok', source: 'infisical-token-auth', requests: 1 })
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })

  test('Universal Auth: a login and a read, source infisical-universal-auth', async () => {
    const ua = p.server.createIdentity({
      projects: [PROJECT_ID],
      clientId: 'ua-client-id',
      clientSecret: 'ua-client-secret-0123456789'
    })
    p.server.grantRead(ua.id, { projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER })
    const result = await job({
      steps: [
        fetchStep(p, {
          'token-file': '',
          'auth-method': 'universal',
          'client-id': 'ua-client-id',
          'client-secret': 'ua-client-secret-0123456789'
        }),
        NEXT_STEP
      ]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-universal-auth')).toHaveLength(1)
    const marker = markerOf(result)
    expect(marker).toMatchObject({ status: 'ok', source: 'infisical-universal-auth', requests: 2, identityId: ua.id })
    expect(step(result, 'infisical').outputs).toMatchObject({
      source: 'infisical-universal-auth',
      'identity-id': ua.id,
      'error-class': ''
    })
    const accessTokens = p.server.requests
      .filter((r) => r.route === 'v4-get-secret')
      .map((r) => (r.authorization ?? '').replace('Bearer ', ''))
    expectNoLeak(result, [BOT_TOKEN, 'ua-client-secret-0123456789', ...accessTokens])
  })

  test('Universal Auth of another identity than identity-id: config, no secret read', async () => {
    const ua = p.server.createIdentity({
      projects: [PROJECT_ID],
      clientId: 'other-client',
      clientSecret: 'other-client-secret-0123'
    })
    const result = await job({
      steps: [
        fetchStep(p, {
          'token-file': '',
          'auth-method': 'universal',
          'client-id': 'other-client',
          'client-secret': 'other-client-secret-0123',
          'identity-id': p.identity.id
        })
      ]
    })
    expect(step(result, 'infisical').outputs['error-class']).toBe('config')
    expect(step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message).toContain(
      `client-id belongs to machine identity ${ua.id}`
    )
    expect(p.server.count({ route: 'v4-get-secret' })).toBe(0)
  })

  test('three secrets in two folders, and a secret mapped twice read once', async () => {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: '/home-platform/matrix',
      name: 'SYNAPSE_SIGNING_KEY',
      value: 'ed25519 a_bcde 0123456789abcdef',
      version: 7
    })
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: '/home-platform/matrix',
      name: 'WELL_KNOWN_TOKEN',
      value: 'wk-9f8e7d6c5b4a',
      version: 1
    })
    const secrets = [
      `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}`,
      'SIGNING_KEY=matrix/SYNAPSE_SIGNING_KEY',
      'WELL_KNOWN=/home-platform/matrix/WELL_KNOWN_TOKEN',
      `BOT_TOKEN_AGAIN=${BOT_FOLDER}/${BOT_NAME}`
    ].join('\n')
    const result = await job({ steps: [fetchStep(p, { secrets, 'secret-path': '/home-platform' }), NEXT_STEP] })
    expect(result.success).toBe(true)
    const env = step(result, 'Next step').stepEnv
    expect([env.PLATFORMCTL_FORGEJO_TOKEN, env.SIGNING_KEY, env.WELL_KNOWN, env.BOT_TOKEN_AGAIN]).toEqual([
      BOT_TOKEN,
      'ed25519 a_bcde 0123456789abcdef',
      'wk-9f8e7d6c5b4a',
      BOT_TOKEN
    ])
    const marker = markerOf(result)
    // the matrix folder holds two mapped names: one list request; the bot's folder one read
    expect(marker.requests).toBe(2)
    expect(p.server.count({ route: 'v4-list-secrets' })).toBe(1)
    expect(p.server.count({ route: 'v4-get-secret' })).toBe(1)
    expect(marker.secrets).toEqual([
      { env: 'PLATFORMCTL_FORGEJO_TOKEN', path: BOT_FOLDER, name: BOT_NAME, version: 3 },
      { env: 'SIGNING_KEY', path: '/home-platform/matrix', name: 'SYNAPSE_SIGNING_KEY', version: 7 },
      { env: 'WELL_KNOWN', path: '/home-platform/matrix', name: 'WELL_KNOWN_TOKEN', version: 1 },
      { env: 'BOT_TOKEN_AGAIN', path: BOT_FOLDER, name: BOT_NAME, version: 3 }
    ])
    expectNoLeak(result, [BOT_TOKEN, 'ed25519 a_bcde 0123456789abcdef', 'wk-9f8e7d6c5b4a', p.token])
  })

  test('a server without the v4 route: v3 for the rest of the run', async () => {
    await p.server.close()
    p = await startPlatform({ v4: false })
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: BOT_FOLDER,
      name: 'OTHER',
      value: 'other-value-123'
    })
    const secrets = `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nOTHER=${BOT_FOLDER}/OTHER`
    const result = await job({ steps: [fetchStep(p, { secrets }), NEXT_STEP] })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    // two names of one folder: its list, v4 first (missing route), then v3
    expect(p.server.count({ route: 'v4-list-secrets' })).toBe(1)
    expect(p.server.count({ route: 'v3-list-secrets' })).toBe(1)
    expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 2 })
    expectNoLeak(result, [BOT_TOKEN, 'other-value-123', p.token])
  })

  test('include-imports finds a secret imported into the folder', async () => {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: '/shared',
      name: 'SMTP_PASSWORD',
      value: 'smtp-pass-4567'
    })
    p.server.grantRead(p.identity.id, { projectId: PROJECT_ID, environment: 'prod', path: '/shared' })
    p.server.addImport({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: BOT_FOLDER,
      fromEnvironment: 'prod',
      fromPath: '/shared'
    })
    const without = await job({ steps: [fetchStep(p, { secrets: `SMTP=${BOT_FOLDER}/SMTP_PASSWORD` })] })
    expect(step(without, 'infisical').outputs['error-class']).toBe('not-found')
    const result = await job({
      steps: [fetchStep(p, { secrets: `SMTP=${BOT_FOLDER}/SMTP_PASSWORD`, 'include-imports': 'true' }), NEXT_STEP]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.SMTP).toBe('smtp-pass-4567')
  })
})

describe('values that are hard to carry', () => {
  const VALUES: Record<string, string> = {
    MULTI_LINE:
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\nAAAAC3NzaC1lZDI1NTE5AAAAIOx\n-----END OPENSSH PRIVATE KEY-----',
    PERCENT: 'pa%ss%25word%0Aliteral-text',
    QUOTES: `it's "double" and \`back\` quoted`,
    DOLLAR: 'cost $HOME ${PATH} $(id) `id`',
    UNICODE: 'pässwörd-ключ-鍵-✓-🔑',
    TRAILING_NEWLINE: 'ends-with-a-newline\n',
    LONE_CR: 'carriage\rreturn-inside',
    COLONS: 'user::pass:::word-colon'
  }

  beforeEach(() => {
    for (const [name, value] of Object.entries(VALUES))
      p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER, name, value })
  })

  test('no line of any of them leaks under either masking rule; each arrives byte for byte, in env and in export-file', async () => {
    const secrets = Object.keys(VALUES)
      .map((n) => `${n}=${n}`)
      .join('\n')
    const exportFile = join(p.dir, 'secrets.env')
    const result = await job({
      steps: [
        fetchStep(p, { secrets, 'secret-path': BOT_FOLDER, 'export-file': exportFile }),
        {
          name: 'Print around the values',
          run: 'env | sort; cat "$RUNNER_TEMP/infisical-source-marker.json"; echo "$MULTI_LINE"; printf "%s\\n" "$PERCENT" "$COLONS" "$LONE_CR"'
        },
        NEXT_STEP
      ]
    })
    expect(result.success).toBe(true)
    const env = step(result, 'Next step').stepEnv
    for (const [name, value] of Object.entries(VALUES)) expect(env[name]).toBe(value)
    const fromFile = parse(readFileSync(exportFile))
    for (const [name, value] of Object.entries(VALUES)) expect(fromFile[name]).toBe(value)
    expect(statSync(exportFile).mode & 0o777).toBe(0o600)
    for (const rule of ['exec', 'daemon'] as const)
      expect(markerLines(result.log[rule], 'forgejo_token_source=infisical-token-auth')).toHaveLength(1)
    expectNoLeak(result, [...Object.values(VALUES), p.token])
  })

  test("as the job's last step, the runner's own lines (shown by the web UI then) hold none of them either", async () => {
    const secrets = Object.keys(VALUES)
      .map((n) => `${n}=${n}`)
      .join('\n')
    const result = await job({ steps: [fetchStep(p, { secrets, 'secret-path': BOT_FOLDER })] })
    expect(result.success).toBe(true)
    expect(result.log.daemon.some((l) => l.includes('::set-env:: MULTI_LINE='))).toBe(true)
    expectNoLeak(result, [...Object.values(VALUES), p.token])
  })

  test('a line over 60 KiB fails as config with export-env, naming the secret, exporting nothing', async () => {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: BOT_FOLDER,
      name: 'HUGE',
      value: `${'x'.repeat(61 * 1024)}`
    })
    const result = await job({
      steps: [fetchStep(p, { secrets: `QUOTES=QUOTES\nHUGE=HUGE`, 'secret-path': BOT_FOLDER }), NEXT_STEP]
    })
    const out = step(result, 'infisical').outputs
    expect(out['error-class']).toBe('config')
    const message = step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message ?? ''
    expect(message).toContain('HUGE')
    expect(message).toContain('60 KiB')
    expect(exported(result, ['QUOTES', 'HUGE'])).toEqual([])
    expect(markerOf(result)).toMatchObject({ status: 'failed', error: { class: 'config' } })
  })
})

test('a secret value inside the marker line: a warning says the line will show masked; the marker file holds the source', async () => {
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: BOT_FOLDER,
    name: 'WEAK',
    value: 'token-auth'
  })
  const result = await job({ steps: [fetchStep(p, { secrets: `WEAK=${BOT_FOLDER}/WEAK` })] })
  expect(result.success).toBe(true)
  const warnings = step(result, 'infisical')
    .annotations.filter((a) => a.level === 'warning')
    .map((a) => a.message)
  expect(warnings.some((w) => w.includes('part of the marker line'))).toBe(true)
  expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-token-auth')).toEqual([])
  expect(markerOf(result).source).toBe('infisical-token-auth')
})

describe('CR LF line endings', () => {
  const CRLF = 'windows-first-line\r\nwindows-second-line\r\n'
  beforeEach(() =>
    p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER, name: 'CRLF', value: CRLF })
  )

  test("export-env would lose the CRs (the runner's env file drops them): config, nothing exported", async () => {
    const result = await job({
      steps: [
        fetchStep(p, { secrets: `CRLF=CRLF\nPLATFORMCTL_FORGEJO_TOKEN=${BOT_NAME}`, 'secret-path': BOT_FOLDER }),
        NEXT_STEP
      ]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(
      'CRLF (/home-platform/forgejo_accounts/CRLF): the value has CR LF line endings'
    )
    expect(exported(result, ['CRLF', 'PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
    expectNoLeak(result, [CRLF, BOT_TOKEN, p.token])
  })

  test('export-file carries them byte for byte', async () => {
    const exportFile = join(p.dir, 'crlf.env')
    const result = await job({
      steps: [
        fetchStep(p, {
          secrets: 'CRLF=CRLF',
          'secret-path': BOT_FOLDER,
          'export-env': 'false',
          'export-file': exportFile
        })
      ]
    })
    expect(result.success).toBe(true)
    expect(parse(readFileSync(exportFile)).CRLF).toBe(CRLF)
    expectNoLeak(result, [CRLF, p.token])
  })
})

describe('a copy already in the environment', () => {
  test("the exported value is Infisical's, a warning names the variable, the marker lists it", async () => {
    const result = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: 'plain-text-copy-from-runner-env' },
      steps: [fetchStep(p), NEXT_STEP]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    const warnings = step(result, 'infisical')
      .annotations.filter((a) => a.level === 'warning')
      .map((a) => a.message)
    expect(warnings.some((w) => w.includes('PLATFORMCTL_FORGEJO_TOKEN'))).toBe(true)
    expect(markerOf(result).preexisting).toEqual(['PLATFORMCTL_FORGEJO_TOKEN'])
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })
})

describe('mode check', () => {
  test('proves access, exports nothing', async () => {
    const result = await job({ steps: [fetchStep(p, { mode: 'check' }), NEXT_STEP] })
    expect(result.success).toBe(true)
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
    expect(markerOf(result)).toMatchObject({ status: 'ok', mode: 'check', source: 'infisical-token-auth', requests: 1 })
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })
})
