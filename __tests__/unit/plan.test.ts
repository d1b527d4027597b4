import { inputVariable, readInputs, type RawInputs } from '../../src/inputs.js'
import { buildPlan, markerPathOf, parseFallbackUntil } from '../../src/plan.js'
import { ActionError } from '../../src/errors.js'
import { rawInputs as raw } from './raw-inputs.js'

const now = new Date('2026-05-14T07:44:00Z')
const ctx = { env: { GITHUB_ENV: '/tmp/env', RUNNER_TEMP: '/rt' }, tmpdir: '/tmp', now }

function problemOf(over: Partial<RawInputs>, env: NodeJS.ProcessEnv = ctx.env): string {
  try {
    buildPlan(raw(over), { env, tmpdir: '/tmp', now })
  } catch (e) {
    expect(e).toBeInstanceOf(ActionError)
    expect((e as ActionError).errorClass).toBe('config')
    return (e as ActionError).message
  }
  throw new Error('no problem found')
}

const OIDC_ENV = {
  ...ctx.env,
  ACTIONS_ID_TOKEN_REQUEST_URL:
    'https://forgejo.example.org/api/actions/_apis/pipelines/workflows/869/idtoken?placeholder=true',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime.jwt.token'
}

describe('plan: auth-method oidc', () => {
  const oidc = (over: Partial<RawInputs> = {}): Partial<RawInputs> => ({
    'auth-method': 'oidc',
    token: '',
    'identity-id': 'id-1',
    ...over
  })

  test('the request variables, with the audience added to the URL', () => {
    const plan = buildPlan(raw(oidc({ 'oidc-audience': 'https://infisical.example.org' })), { ...ctx, env: OIDC_ENV })
    expect(plan.auth).toEqual({
      method: 'oidc',
      identityId: 'id-1',
      audience: 'https://infisical.example.org',
      request: {
        url: 'https://forgejo.example.org/api/actions/_apis/pipelines/workflows/869/idtoken?placeholder=true&audience=https%3A%2F%2Finfisical.example.org',
        token: 'runtime.jwt.token'
      }
    })
    expect(plan.identityId).toBe('id-1')
    expect(buildPlan(raw(oidc()), { ...ctx, env: OIDC_ENV }).auth).toMatchObject({
      request: { url: OIDC_ENV.ACTIONS_ID_TOKEN_REQUEST_URL }
    })
  })

  test('missing request variables name both ways to get them, and which one is missing', () => {
    const both = problemOf(oidc(), ctx.env)
    expect(both).toContain('ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set')
    expect(both).toContain('enable-openid-connect: true')
    expect(both).toContain('permissions: id-token: write')
    expect(problemOf(oidc(), { ...OIDC_ENV, ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })).toContain(
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set'
    )
  })

  test('the ID-token URL follows the http rule of infisical-url, and is never shown with credentials', () => {
    const plain = {
      ...OIDC_ENV,
      ACTIONS_ID_TOKEN_REQUEST_URL:
        'http://forgejo.example.org/api/actions/_apis/pipelines/workflows/1/idtoken?placeholder=true'
    }
    expect(problemOf(oidc(), plain)).toContain('plain http://')
    expect(buildPlan(raw(oidc({ 'allow-insecure-http': 'true' })), { ...ctx, env: plain }).auth.method).toBe('oidc')
    const loopback = {
      ...OIDC_ENV,
      ACTIONS_ID_TOKEN_REQUEST_URL:
        'http://127.0.0.1:3000/api/actions/_apis/pipelines/workflows/1/idtoken?placeholder=true'
    }
    expect(buildPlan(raw(oidc()), { ...ctx, env: loopback }).auth.method).toBe('oidc')
    const creds = problemOf(oidc(), {
      ...OIDC_ENV,
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://u:pw-secret@forgejo.example.org/x'
    })
    expect(creds).toContain('user name or password')
    expect(creds).not.toContain('pw-secret')
    expect(problemOf(oidc(), { ...OIDC_ENV, ACTIONS_ID_TOKEN_REQUEST_URL: 'ftp://forgejo.example.org/x' })).toContain(
      'not an http(s) URL'
    )
  })
})

describe('plan', () => {
  test('inputs are read as the runner names them', () => {
    expect(inputVariable('token-file')).toBe('INPUT_TOKEN-FILE')
    expect(readInputs({ 'INPUT_TOKEN-FILE': ' /x \n' })['token-file']).toBe('/x')
  })

  test('defaults', () => {
    const plan = buildPlan(raw({}), ctx)
    expect(plan).toMatchObject({
      urls: ['https://infisical.example.org'],
      auth: { method: 'token', token: 'tok' },
      secretPath: '/',
      mode: 'fetch',
      exportEnv: true,
      includeImports: false,
      fallback: { kind: 'none' },
      markerKey: 'secret_source',
      timeoutMs: 60000,
      retries: 2,
      tokenExpiryWarningDays: 14
    })
  })

  test('marker path falls back to the system temp folder', () => {
    expect(markerPathOf(raw({}), ctx)).toBe('/rt/infisical-source-marker.json')
    expect(markerPathOf(raw({}), { env: { GITHUB_ENV: '/e' }, tmpdir: '/sys-tmp' })).toBe(
      '/sys-tmp/infisical-source-marker.json'
    )
    expect(markerPathOf(raw({ 'marker-path': '/m.json' }), ctx)).toBe('/m.json')
  })

  test.each<[Partial<RawInputs>, string]>([
    [{ 'infisical-url': '' }, 'infisical-url is required'],
    [{ 'project-id': '' }, 'project-id is required'],
    [{ environment: '' }, 'environment is required'],
    [{ secrets: '' }, 'secrets is required'],
    [{ token: '' }, 'needs token or token-file'],
    [{ 'token-file': '/f' }, 'exactly one of token and token-file'],
    [{ 'auth-method': 'universal' }, 'remove token and token-file'],
    [{ 'auth-method': 'kerberos' }, 'auth-method must be one of token, universal, oidc'],
    [{ 'auth-method': 'oidc', token: '', 'identity-id': 'id-1' }, 'enable-openid-connect: true'],
    [
      { 'auth-method': 'oidc', 'identity-id': 'id-1' },
      "auth-method oidc logs in with the job's own ID token: remove token"
    ],
    [{ 'auth-method': 'oidc', token: '' }, 'auth-method oidc needs identity-id'],
    [{ 'oidc-audience': 'x' }, 'oidc-audience is only used with auth-method oidc'],
    [{ 'client-id': 'x' }, 'client-id and client-secret are for auth-method universal'],
    [{ mode: 'check', 'export-file': '/x' }, 'mode check exports nothing'],
    [{ mode: 'check', fallback: 'env', 'fallback-until': '2030-01-01' }, 'cannot use a fallback'],
    [{ fallback: 'env' }, 'needs fallback-until'],
    [{ fallback: 'env', 'fallback-until': 'next week' }, 'is not an ISO 8601 date'],
    [{ fallback: 'env-file', 'fallback-until': '2030-01-01' }, 'needs fallback-env-file'],
    [{ 'fallback-until': '2030-01-01' }, 'need fallback: env or env-file'],
    [{ 'timeout-seconds': '0' }, 'timeout-seconds must be a whole number'],
    [{ retries: 'two' }, 'retries must be a whole number'],
    [{ 'export-env': 'yes' }, 'export-env must be auto, true or false'],
    [{ 'marker-key': 'a b' }, 'marker-key'],
    [{ 'secret-path': '/a b' }, 'secret-path'],
    [{ 'infisical-url': 'http://infisical.example.org' }, 'plain http://'],
    [{ 'infisical-url': 'ftp://x' }, 'must start with https://'],
    [{ secrets: 'A=X\nB' }, 'secrets line 2'],
    [
      { fallback: 'env', 'fallback-until': '9999-12-31' },
      'fallback-until "9999-12-31" is more than 90 days ahead (after 2026-08-12): a soak is short'
    ],
    [{ fallback: 'env', 'fallback-until': '2026-08-13' }, 'a soak is short'],
    [{ fallback: 'env', 'fallback-until': '2026-08-13T00:00:00Z' }, 'a soak is short'],
    [
      { fallback: 'env', 'fallback-until': 'soon\n::error::x' },
      'fallback-until "soon\\n::error::x" is not an ISO 8601 date'
    ],
    [{ 'marker-key': 'a\nb' }, 'marker-key "a\\nb"'],
    [{ environment: 'pr od' }, 'environment "pr od" is not an environment slug']
  ])('%j is a config error: %s', (over, words) => {
    expect(problemOf(over)).toContain(words)
  })

  test('GITHUB_ENV is needed to export to later steps, not for check or export-env false', () => {
    expect(problemOf({}, {} as never)).toContain('GITHUB_ENV is not set')
    expect(buildPlan(raw({ mode: 'check' }), { env: {}, tmpdir: '/t', now }).exportEnv).toBe(false)
    expect(buildPlan(raw({ 'export-env': 'false' }), { env: {}, tmpdir: '/t', now }).exportEnv).toBe(false)
  })

  test('every problem is reported at once', () => {
    const message = problemOf({ 'project-id': '', environment: '', retries: 'x' })
    expect(message).toContain('project-id')
    expect(message).toContain('environment')
    expect(message).toContain('retries')
  })

  test('problems of every step, in the order of the steps, in one config error', () => {
    const message = problemOf(
      { 'project-id': '', 'export-format': 'json', retries: '99', label: 'a\nb' },
      { GITHUB_ENV: '/e', GITHUB_WORKSPACE: '/w' }
    )
    const order = [
      'project-id is required',
      'export-format is the format of export-file',
      'label must be one line',
      'retries'
    ]
    const at = order.map((p) => message.indexOf(p))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((x, y) => x - y)).toEqual(at)
  })

  test('a URL with credentials is refused and the password never shown', () => {
    const message = problemOf({ 'infisical-url': 'https://admin:hunter2secret@infisical.example.org' })
    expect(message).toContain('user name or password')
    expect(message).not.toContain('hunter2secret')
    expect(message).not.toContain('admin')
  })

  test.each([
    'https://admin:hunter2/secret@infisical.example.org',
    'https://admin:p@ss-hunter2@infisical.example.org',
    'http://admin:8/hunter2@infisical.example.org'
  ])('a URL with a password holding / or @ (%s): refused, the password never shown', (url) => {
    const message = problemOf({ 'infisical-url': url })
    expect(message).toContain('***@infisical.example.org')
    expect(message).not.toContain('hunter2')
    expect(message).not.toContain('admin')
  })

  test('http:// to a name under .localhost is not loopback', () => {
    expect(problemOf({ 'infisical-url': 'http://infisical.localhost:8080' })).toContain('plain http://')
    expect(
      buildPlan(raw({ 'infisical-url': 'http://localhost:8080, http://127.0.0.2:8080, http://[::1]:8080' }), ctx).urls
    ).toHaveLength(3)
  })

  test('several URLs, newline or comma separated, duplicates once; loopback http allowed', () => {
    const plan = buildPlan(
      raw({ 'infisical-url': 'https://a.example.org/, http://127.0.0.1:8080\nhttps://a.example.org' }),
      ctx
    )
    expect(plan.urls).toEqual(['https://a.example.org', 'http://127.0.0.1:8080'])
    expect(
      buildPlan(raw({ 'infisical-url': 'http://infisical.lan', 'allow-insecure-http': 'true' }), ctx).urls
    ).toEqual(['http://infisical.lan'])
  })

  test.each<[string, string]>([
    ['https://infisical.example.org/api', 'https://infisical.example.org'],
    ['https://infisical.example.org/api/', 'https://infisical.example.org'],
    ['https://example.org/infisical/api', 'https://example.org/infisical'],
    ['http://127.0.0.1:8080/api/', 'http://127.0.0.1:8080']
  ])('a URL ending in /api (the CLI form), %s, is taken as %s, with a notice', (url, base) => {
    const plan = buildPlan(raw({ 'infisical-url': url }), ctx)
    expect(plan.urls).toEqual([base])
    expect(plan.notices).toHaveLength(1)
    expect(plan.notices[0]).toContain(`infisical-url "${url}" ends in /api`)
    expect(plan.notices[0]).toContain(`taken as "${base}"`)
  })

  test.each([
    'https://example.org/infisical',
    'https://example.org/apis',
    'https://example.org/api/v1',
    'https://example.org/my-api'
  ])('any other path is kept: %s', (url) => {
    const plan = buildPlan(raw({ 'infisical-url': url }), ctx)
    expect(plan.urls).toEqual([url])
    expect(plan.notices).toEqual([])
  })

  test('the same URL with and without /api is tried once', () => {
    expect(buildPlan(raw({ 'infisical-url': 'https://a.example.org/api\nhttps://a.example.org' }), ctx).urls).toEqual([
      'https://a.example.org'
    ])
  })

  test('fallback-until up to the end of the 90th day ahead (UTC) is a soak; a date in the past is left to the run', () => {
    for (const until of ['2026-08-12', '2026-08-12T23:59:59Z', '2026-05-15', '2020-01-01']) {
      expect(buildPlan(raw({ fallback: 'env', 'fallback-until': until }), ctx).fallback).toMatchObject({ kind: 'env' })
    }
  })

  test('fallback-until: a date is the end of that day UTC; a date-time needs a zone', () => {
    expect(parseFallbackUntil('2026-06-30')?.toISOString()).toBe('2026-06-30T23:59:59.999Z')
    expect(parseFallbackUntil('2026-06-30T12:00:00+02:00')?.toISOString()).toBe('2026-06-30T10:00:00.000Z')
    expect(parseFallbackUntil('2026-02-30')).toBeUndefined()
    expect(parseFallbackUntil('2026-06-30T12:00:00')).toBeUndefined()
  })
})
