/**
 * Every row of the error table of docs/infisical-api.md, provoked on the test server and read by the
 * committed bundle through the runner harness: the class, the error-class output, the failed
 * marker, nothing exported, the words of the message, and nothing leaked.
 */
import { join } from 'node:path'
import { HtmlProxy } from '../../testkit/html-proxy.js'
import { MSG, startRefusingUrl } from '../../testkit/infisical-server.js'
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
  markerLines,
  markerOf,
  startPlatform,
  step,
  writeTokenFile,
  type Platform
} from './platform.js'
import { testAsRoot } from '../needs-root.js'

let p: Platform
beforeEach(async () => {
  p = await startPlatform()
})
afterEach(cleanup)

const infisicalBody = (status: number, error: string, message: unknown) => ({
  reqId: 'req-test',
  statusCode: status,
  message,
  error
})

interface Row {
  row: string
  cls: string
  status: number | null
  words: string[]
  /** Changes the platform so that the row happens; may return inputs to use. */
  provoke: (p: Platform) => Promise<Record<string, string> | void> | Record<string, string> | void
  requests?: number
}

const ROWS: Row[] = [
  {
    row: 'no Authorization header (401 Token missing)',
    cls: 'auth-invalid',
    status: 401,
    words: ['refused', 'Token missing'],
    provoke: (p) =>
      p.server.inject({ kind: 'status', status: 401, body: infisicalBody(401, 'UnauthorizedError', MSG.tokenMissing) })
  },
  {
    row: 'token revoked (401 No identity access token found)',
    cls: 'auth-invalid',
    status: 401,
    words: ['revoked', 'No identity access token found', 'issue a new Token Auth access token'],
    provoke: (p) => p.server.revokeToken(p.token)
  },
  {
    row: 'TTL expired on the server (401)',
    cls: 'token-expired',
    status: 401,
    words: ['expired', 'TTL expiration'],
    provoke: (p) => p.server.expireServerSide(p.token)
  },
  {
    row: 'JWT exp passed, as the server sees it (403 TokenError)',
    cls: 'token-expired',
    status: 403,
    words: ['expired', 'Your token has expired'],
    provoke: (p) =>
      p.server.inject({ kind: 'status', status: 403, body: infisicalBody(403, 'TokenError', MSG.jwtExpired) })
  },
  {
    row: 'malformed token (403 TokenError)',
    cls: 'auth-invalid',
    status: 403,
    words: ['malformed', 'The provided access token is malformed'],
    provoke: (p) => ({ 'token-file': writeTokenFile(p.dir, 'not-a-jwt-at-all', 'malformed') })
  },
  {
    row: 'bad signature (403 TokenError)',
    cls: 'auth-invalid',
    status: 403,
    words: ['signature', 'invalid signature'],
    provoke: (p) => ({
      'token-file': writeTokenFile(
        p.dir,
        p.server.issueToken(p.identity.id, { signWith: 'another-instance-secret' }),
        'foreign'
      )
    })
  },
  {
    row: 'address outside the trusted IPs (403 ForbiddenError)',
    cls: 'ip-not-allowed',
    status: 403,
    words: ['trusted IPs', 'current IP address'],
    provoke: (p) => {
      const id = p.server.createIdentity({ projects: [PROJECT_ID], trustedIps: ['10.0.0.0/8'] })
      p.server.grantRead(id.id, { projectId: PROJECT_ID, environment: 'prod', path: '/' })
      return { 'token-file': writeTokenFile(p.dir, p.server.issueToken(id.id), 'ip') }
    }
  },
  {
    row: 'no read permission on the path (403 PermissionDenied)',
    cls: 'permission-denied',
    status: 403,
    words: [
      'may not read',
      'PermissionDenied',
      'grant the machine identity read access on /home-platform/forgejo_accounts in environment prod'
    ],
    provoke: (p) => {
      const id = p.server.createIdentity({ projects: [PROJECT_ID] })
      p.server.grantRead(id.id, { projectId: PROJECT_ID, environment: 'prod', path: '/other' })
      return { 'token-file': writeTokenFile(p.dir, p.server.issueToken(id.id), 'noread') }
    }
  },
  {
    row: 'may not view the value (403 ForbiddenReadSecretError)',
    cls: 'permission-denied',
    status: 403,
    words: ['ForbiddenReadSecretError', 'grant'],
    provoke: (p) =>
      p.server.grantRead(p.identity.id, {
        projectId: PROJECT_ID,
        environment: 'prod',
        path: BOT_FOLDER,
        value: 'forbidden'
      })
  },
  {
    row: 'newer permission wording (403 ForbiddenError)',
    cls: 'permission-denied',
    status: 403,
    words: ['ForbiddenError', 'You do not have permission to read secret values'],
    provoke: (p) =>
      p.server.grantRead(p.identity.id, {
        projectId: PROJECT_ID,
        environment: 'prod',
        path: BOT_FOLDER,
        value: 'forbidden-new-wording'
      })
  },
  {
    row: 'a hidden value (200, secretValueHidden)',
    cls: 'permission-denied',
    status: 200,
    words: ['hid the value', 'secretValueHidden'],
    provoke: (p) =>
      p.server.grantRead(p.identity.id, {
        projectId: PROJECT_ID,
        environment: 'prod',
        path: BOT_FOLDER,
        value: 'hidden'
      })
  },
  {
    row: 'identity not in the project (403)',
    cls: 'not-in-project',
    status: 403,
    words: ['not a member of this project', 'add the machine identity to the project'],
    provoke: (p) => ({
      'token-file': writeTokenFile(p.dir, p.server.issueToken(p.server.createIdentity({ projects: [] }).id), 'outsider')
    })
  },
  {
    row: '2026: a token without exp past the max age (401 …exceeded max age)',
    cls: 'token-expired',
    status: 401,
    words: [
      'maximum token age',
      'exceeded max age',
      'install a new Token Auth access token',
      'scripts/install-token-file --force'
    ],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 401,
        body: infisicalBody(401, 'UnauthorizedError', 'Identity access token exceeded max age, please re-authenticate')
      })
  },
  {
    row: 'before 2024-10: a revoked token answered with 403 UnauthorizedError (401/403 swapped)',
    cls: 'auth-invalid',
    status: 403,
    words: ['refused', 'No identity access token found'],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 403,
        body: infisicalBody(403, 'UnauthorizedError', 'No identity access token found')
      })
  },
  {
    row: 'before 2024-10: no read answered with 401 PermissionDenied (401/403 swapped)',
    cls: 'permission-denied',
    status: 401,
    words: [
      'may not read',
      'PermissionDenied: You are not allowed to read on secrets',
      'check that environment prod exists in the project (environment slugs are short, e.g. prod)'
    ],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 401,
        body: infisicalBody(401, 'PermissionDenied', 'You are not allowed to read on secrets')
      })
  },
  {
    row: 'early 2024: Identity not in project (answered with 401)',
    cls: 'not-in-project',
    status: 401,
    words: ['not a member of this project', 'Identity not in project', 'add the machine identity to the project'],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 401,
        body: infisicalBody(401, 'Identity not in project', 'You are not allowed to access this resource')
      })
  },
  {
    row: 'late 2024 – 2025: Identity is not a member of the specified project (403)',
    cls: 'not-in-project',
    status: 403,
    words: [
      'not a member of this project',
      "Identity is not a member of the specified project with ID '24324af9",
      'add the machine identity to the project'
    ],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 403,
        body: infisicalBody(
          403,
          `Identity is not a member of the specified project with ID '${PROJECT_ID}'`,
          'You are not allowed to access this resource'
        )
      })
  },
  {
    row: '2025+: a project of another organization (403 ForbiddenError)',
    cls: 'not-in-project',
    status: 403,
    words: ['not a member of the organization', 'This project does not belong to your selected organization.'],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 403,
        body: infisicalBody(403, 'ForbiddenError', 'This project does not belong to your selected organization.')
      })
  },
  {
    row: 'Universal Auth: an expired client secret (401 at login)',
    cls: 'auth-invalid',
    status: 401,
    words: [
      'Universal Auth login was refused: the client secret has expired',
      'Access denied due to expired client secret',
      'create a new client secret'
    ],
    provoke: (p) => {
      p.server.createIdentity({
        projects: [PROJECT_ID],
        clientId: 'ua-expired-client',
        clientSecret: 'Zq9kUa7xWp3mRt5vLc8nBd2f'
      })
      p.server.inject({
        route: 'universal-login',
        kind: 'status',
        status: 401,
        body: infisicalBody(401, 'UnauthorizedError', 'Access denied due to expired client secret')
      })
      return {
        'token-file': '',
        'auth-method': 'universal',
        'client-id': 'ua-expired-client',
        'client-secret': 'Zq9kUa7xWp3mRt5vLc8nBd2f'
      }
    }
  },
  {
    row: 'a wrong environment slug, production for prod (403 PermissionDenied)',
    cls: 'permission-denied',
    status: 403,
    words: [
      'PermissionDenied',
      'check that environment production exists in the project (environment slugs are short, e.g. prod)'
    ],
    provoke: () => ({ environment: 'production' })
  },
  {
    row: 'secret missing (404)',
    cls: 'not-found',
    status: 404,
    words: ["Secret with name 'nobody@example.org' not found", '/home-platform/forgejo_accounts/nobody@example.org'],
    provoke: () => ({ secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/nobody@example.org` })
  },
  {
    row: 'folder missing (404)',
    cls: 'not-found',
    status: 404,
    words: ["Folder with path '/home-platform/nowhere'"],
    provoke: () => ({ secrets: `PLATFORMCTL_FORGEJO_TOKEN=/home-platform/nowhere/${BOT_NAME}` })
  },
  {
    row: 'environment missing (404)',
    cls: 'not-found',
    status: 404,
    words: [
      "environment with slug 'staging'",
      'check that environment staging exists in the project (environment slugs are short, e.g. prod)'
    ],
    provoke: (p) => {
      p.server.grantRead(p.identity.id, { projectId: PROJECT_ID, environment: 'staging', path: '/' })
      return { environment: 'staging' }
    }
  },
  {
    row: 'project missing (404)',
    cls: 'not-found',
    status: 404,
    words: ["Project with ID '00000000-0000-0000-0000-000000000000' not found"],
    provoke: () => ({ 'project-id': '00000000-0000-0000-0000-000000000000' })
  },
  {
    row: 'validation (422, issues as an array)',
    cls: 'bad-request',
    status: 422,
    words: ['rejected the request', 'ValidationFailure', 'invalid_enum_value'],
    provoke: (p) =>
      p.server.inject({
        kind: 'status',
        status: 422,
        body: infisicalBody(422, 'ValidationFailure', [
          { code: 'invalid_enum_value', path: ['viewSecretValue'], message: 'Invalid enum value' }
        ])
      })
  },
  {
    row: 'bad request (400)',
    cls: 'bad-request',
    status: 400,
    words: ['BadRequest', 'Missing environment'],
    provoke: (p) =>
      p.server.inject({ kind: 'status', status: 400, body: infisicalBody(400, 'BadRequest', 'Missing environment') })
  },
  {
    row: 'rate limit (429) after the retries',
    cls: 'rate-limited',
    status: 429,
    words: ['rate limiting', 'Rate limit exceeded', '3 attempts'],
    provoke: (p) => {
      p.server.inject({ kind: 'rate-limit', retryAfter: 0, times: 3 })
    },
    requests: 3
  },
  {
    row: 'server error (500) after the retries',
    cls: 'server-error',
    status: 500,
    words: ['server error', 'check its health'],
    provoke: (p) => p.server.inject({ kind: 'status', status: 500, times: 3 }),
    requests: 3
  },
  {
    row: "a reverse proxy's HTML 403",
    cls: 'proxy-blocked',
    status: 403,
    words: ['did not come from Infisical', '"403 Forbidden"', 'use a local endpoint'],
    provoke: async (p) => {
      const proxy = await HtmlProxy.start({ target: p.server.url })
      proxies.push(proxy)
      return { 'infisical-url': proxy.url, 'allow-insecure-http': 'false', retries: '0' }
    },
    requests: 1
  },
  {
    row: 'connection refused',
    cls: 'network',
    status: null,
    words: ['connection refused', 'reachable'],
    provoke: async () => ({ 'infisical-url': await startRefusingUrl(), retries: '0', 'timeout-seconds': '2' }),
    requests: 0
  }
]

const proxies: HtmlProxy[] = []
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close()
})

describe('each row of the error table', () => {
  test.each(ROWS.map((r) => [r.row, r] as const))('%s', async (_row, r) => {
    const inputs = (await r.provoke(p)) ?? {}
    const result = await job({
      steps: [
        fetchStep(p, {
          secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nOTHER=${BOT_FOLDER}/${BOT_NAME}`,
          ...inputs
        }),
        { name: 'after a failure', if: 'always()', run: 'echo "class=${{ steps.infisical.outputs.error-class }}"' }
      ]
    })
    const s = step(result, 'infisical')
    expect(s.outcome).toBe('failure')
    expect(s.outputs['error-class']).toBe(r.cls)
    expect(s.outputs.source).toBe('')
    const errors = s.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    expect(errors).toHaveLength(1)
    const message = errors[0] as string
    expect(message.startsWith(`${r.cls}: `)).toBe(true)
    for (const w of r.words) expect(message).toContain(w)
    expect(message).toMatch(/\) - \S|[a-z] - \S/)
    if (r.status !== null && r.cls !== 'permission-denied') expect(message).toContain(`HTTP ${r.status}`)
    const marker = markerOf(result)
    expect(marker).toMatchObject({ status: 'failed', source: null, error: { class: r.cls, status: r.status } })
    expect(marker.error.message).toBe(message)
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN', 'OTHER'])).toEqual([])
    expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-token-auth')).toEqual([])
    expect(marker.requests).toBe(r.requests ?? 1)
    expectNoLeak(result, [BOT_TOKEN, p.token, 'Zq9kUa7xWp3mRt5vLc8nBd2f'], [message])
  })
})

describe('requests and the first failure', () => {
  test('5 mapped secrets and a revoked token: exactly 1 request', async () => {
    p.server.revokeToken(p.token)
    const secrets = Array.from({ length: 5 }, (_, i) => `S${i}=${BOT_FOLDER}/${BOT_NAME}-${i}`).join('\n')
    for (let i = 0; i < 5; i++)
      p.server.setSecret({
        projectId: PROJECT_ID,
        environment: 'prod',
        path: BOT_FOLDER,
        name: `${BOT_NAME}-${i}`,
        value: `value-${i}-abcdef`
      })
    const result = await job({ steps: [fetchStep(p, { secrets })] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('auth-invalid')
    expect(p.server.count()).toBe(1)
    expect(markerOf(result).requests).toBe(1)
  })

  test('the third of 5 secrets missing: the run names it and exports nothing', async () => {
    const names = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE']
    names.forEach((n, i) => {
      if (i !== 2)
        p.server.setSecret({
          projectId: PROJECT_ID,
          environment: 'prod',
          path: BOT_FOLDER,
          name: n,
          value: `value-of-${n}`
        })
    })
    const result = await job({
      steps: [fetchStep(p, { secrets: names.map((n) => `${n}=${n}`).join('\n'), 'secret-path': BOT_FOLDER })]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('not-found')
    const message = s.annotations.find((a) => a.level === 'error')?.message ?? ''
    expect(message).toContain('/home-platform/forgejo_accounts/THREE')
    expect(exported(result, names)).toEqual([])
    expectNoLeak(result, [...names.map((n) => `value-of-${n}`), p.token], [message])
  })
})

describe('failures before any request', () => {
  test.each<[string, (p: Platform) => Record<string, string>, string, string]>([
    [
      'a broken secrets line',
      () => ({ secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}\nnot a mapping` }),
      'config',
      'secrets line 2'
    ],
    ['a missing input', () => ({ 'project-id': '' }), 'config', 'project-id is required'],
    [
      'a token file with mode 0644',
      (p) => ({ 'token-file': writeTokenFile(p.dir, p.token, 'wide-open', 0o644) }),
      'token-file',
      'has mode 0644'
    ],
    ['a token file that does not exist', (p) => ({ 'token-file': `${p.dir}/missing` }), 'token-file', 'does not exist'],
    [
      'an expired JWT',
      (p) => ({ 'token-file': writeTokenFile(p.dir, p.server.issueToken(p.identity.id, { expInPast: true }), 'old') }),
      'token-expired',
      'no request was sent'
    ],
    [
      "an identity-id that is not the token's",
      () => ({ 'identity-id': 'another-identity' }),
      'config',
      'not to identity-id another-identity'
    ],
    [
      'a URL with a password',
      () => ({ 'infisical-url': 'https://admin:s3cret-pw@infisical.example.org' }),
      'config',
      'user name or password'
    ],
    [
      'an export-file whose folder does not exist',
      (p) => ({ 'export-file': join(p.dir, 'no', 'such', 'secrets.env') }),
      'config',
      '/no/such/secrets.env": its folder'
    ],
    [
      'an export-file under a file',
      (p) => ({ 'export-file': join(p.tokenFile, 'secrets.env') }),
      'config',
      'is not a folder'
    ],
    [
      'an export-file that is a folder',
      (p) => ({ 'export-file': p.dir }),
      'config',
      'is a folder: give the path of a file in it'
    ],
    [
      'a secret name over 100 characters percent-encoded',
      () => ({ secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${'é'.repeat(17)}` }),
      'config',
      "102 characters long percent-encoded, more than the 100 Infisical's route accepts"
    ]
  ])('%s fails with zero requests', async (_name, inputs, cls, words) => {
    const result = await job({ steps: [fetchStep(p, inputs(p))] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe(cls)
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(words)
    expect(p.server.count()).toBe(0)
    expect(markerOf(result)).toMatchObject({ status: 'failed', requests: 0, error: { class: cls } })
    expectNoLeak(result, [p.token, 's3cret-pw'])
  })

  testAsRoot('a token file owned by another user than the runner or root', async () => {
    const { chownSync } = await import('node:fs')
    const file = writeTokenFile(p.dir, p.token, 'foreign-owner')
    chownSync(file, 4321, 4321)
    const result = await job({ steps: [fetchStep(p, { 'token-file': file })] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('token-file')
    expect(step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message).toContain(
      'owned by uid 4321'
    )
    expect(p.server.count()).toBe(0)
  })
})

describe('input mistakes fixed before any request: no token use is spent on them', () => {
  test.each(['/api', '/api/'])(
    'infisical-url ending in %s (the CLI form) is taken without it, with a notice',
    async (suffix) => {
      const url = `${p.server.url}${suffix}`
      const result = await job({ steps: [fetchStep(p, { 'infisical-url': url }), { name: 'next', run: 'true' }] })
      expect(result.success).toBe(true)
      expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
      expect(p.server.count()).toBe(1)
      expect(
        p.server.requests.map((r) => r.path.startsWith('/api/v4/secrets/') || r.path.startsWith('/api/v3/secrets/raw/'))
      ).toEqual([true])
      expect(markerOf(result)).toMatchObject({ status: 'ok', requests: 1, endpoint: p.server.url })
      expect(
        step(result, 'infisical').raw.some(
          (l) => l.includes(`infisical-url "${url}" ends in /api`) && l.includes(`taken as "${p.server.url}"`)
        )
      ).toBe(true)
    }
  )

  test.each([
    // the prefix in any case, as Authorization schemes are case-insensitive
    ['the token input', (p: Platform) => ({ 'token-file': '', token: `bearer ${p.token}` })],
    ['the token file', (p: Platform) => ({ 'token-file': writeTokenFile(p.dir, `Bearer ${p.token}\n`, 'with-bearer') })]
  ])(
    'a " # comment" after a mapping and a "Bearer " prefix in %s: one request, for the name alone, with the token alone',
    async (_where, inputs) => {
      const result = await job({
        steps: [
          fetchStep(p, {
            secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME} # the bot's token`,
            ...inputs(p)
          }),
          { name: 'next', run: 'true' }
        ]
      })
      expect(result.success).toBe(true)
      expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
      expect(p.server.count()).toBe(1)
      expect(p.server.requests.map((r) => [r.name, r.authorization])).toEqual([[BOT_NAME, `Bearer ${p.token}`]])
      expect(markerOf(result)).toMatchObject({
        status: 'ok',
        requests: 1,
        secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: BOT_FOLDER, name: BOT_NAME, version: 3 }]
      })
      expect(step(result, 'infisical').raw.some((l) => l.includes('"Bearer " prefix') && l.includes('dropped'))).toBe(
        true
      )
    }
  )
})
