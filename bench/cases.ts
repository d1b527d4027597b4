/**
 * The benchmark's setting and its cases. One Infisical test server on loopback holds the
 * platform's secret and a folder of 50; a second one never answers (a `hang` fault for every
 * request); a third holds every answer for SLOW_MS (a `delay` fault), so that the requests a
 * client keeps open pile up at the server where they can be counted; a fourth speaks https with
 * the test CA (given to the action as `ca-certificate`, so that it also loads Node's and the
 * system's roots, as in production); a URL refuses connections. Every case is a whole process: the committed bundle
 * started as the runner starts it (`node dist/index.js`, inputs as INPUT_* variables with the
 * defaults of action.yml filled in), or a reference doing the same reads with less.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

import { InfisicalTestServer, startRefusingUrl } from '../testkit/infisical-server.js'
import { ForgejoIdTokenIssuer } from '../testkit/oidc-issuer.js'
import { BOT_FOLDER, BOT_NAME, ENVIRONMENT, PROJECT_ID, seedPlatform, writeTokenFile } from '../testkit/platform.js'
import { runOnce, ServerWatch, type Method, type RunResult, type RunSpec } from './measure.js'
import { auditCase } from './audit.js'

export const FIFTY_FOLDER = '/bench/fifty'
export const FIFTY = Array.from({ length: 50 }, (_, i) => `SECRET_${String(i + 1).padStart(2, '0')}`)
/**
 * Where each of the 50 secrets also lives: its own folder (50 single reads, the concurrency
 * cases), and one of 5 folders of 10 (5 list requests). FIFTY_FOLDER holds all 50 (one list).
 */
export const ownFolder = (i: number): string => `/bench/each/f${String(i + 1).padStart(2, '0')}`
export const fifthFolder = (i: number): string => `/bench/five/f${(i % 5) + 1}`
/** the bundle under test: dist/index.js, or another build given as BENCH_BUNDLE (to compare a change) */
/** how long the slow server holds each answer */
export const SLOW_MS = 25
/** the audience the OIDC cases ask their ID token for, bound on the identity */
export const OIDC_AUDIENCE = 'https://infisical.example.org'

export const BUNDLE = resolve(process.env.BENCH_BUNDLE || 'dist/index.js')

export interface Case {
  id: string
  label: string
  spec: RunSpec
  /** undefined when the run did what it should, else what went wrong */
  check: (r: RunResult) => string | undefined
}

export interface Setting {
  server: InfisicalTestServer
  hangServer: InfisicalTestServer
  slowServer: InfisicalTestServer
  tlsServer: InfisicalTestServer
  refusingUrl: string
  token: string
  tokenFile: string
  watch: ServerWatch
  hangWatch: ServerWatch
  slowWatch: ServerWatch
  tlsWatch: ServerWatch
  cases: Case[]
  close(): Promise<void>
}

/** INPUT_<NAME> for every input of action.yml that has a default, as the runner fills them in. */
function actionDefaults(): Record<string, string> {
  const doc = parse(readFileSync(resolve('action.yml'), 'utf8')) as { inputs: Record<string, { default?: unknown }> }
  const env: Record<string, string> = {}
  for (const [name, input] of Object.entries(doc.inputs)) {
    if (input.default !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(input.default)
  }
  return env
}

function inputs(withInputs: Record<string, string>): Record<string, string> {
  const env = actionDefaults()
  for (const [k, v] of Object.entries(withInputs)) env[`INPUT_${k.toUpperCase()}`] = v
  return env
}

/** The URL the action sends for one secret (src/infisical/read-routes.ts, v4 route). */
export function secretUrl(base: string, path: string, name: string): string {
  const q = new URLSearchParams({
    projectId: PROJECT_ID,
    environment: ENVIRONMENT,
    secretPath: path,
    type: 'shared',
    viewSecretValue: 'true',
    expandSecretReferences: 'true',
    include_imports: 'false'
  })
  return `${base}/api/v4/secrets/${encodeURIComponent(name)}?${q.toString()}`
}

function succeeded(expectRequests: number, endpoint?: string, source = 'infisical-token-auth') {
  return (r: RunResult): string | undefined => {
    if (r.killed) return 'killed after the time limit'
    if (r.exitCode !== 0)
      return `exit ${r.exitCode}: ${
        (r.stdout + r.stderr)
          .split('\n')
          .filter((l) => l.includes('::error'))
          .join(' ') || r.stderr.slice(0, 300)
      }`
    if (r.outputs['error-class'] !== '') return `error-class '${r.outputs['error-class'] ?? '(unset)'}'`
    if (r.outputs.source !== source) return `source '${r.outputs.source ?? '(unset)'}', expected ${source}`
    if (endpoint !== undefined && r.outputs.endpoint !== endpoint)
      return `endpoint '${r.outputs.endpoint ?? ''}', expected ${endpoint}`
    if (r.serverRequests !== expectRequests)
      return `${r.serverRequests} requests at the server, expected ${expectRequests}`
    if (r.marker?.requests !== expectRequests)
      return `marker says ${String(r.marker?.requests)} requests, expected ${expectRequests}`
    return undefined
  }
}

function referenceOk(expectRequests: number) {
  return (r: RunResult): string | undefined => {
    if (r.killed) return 'killed after the time limit'
    if (r.exitCode !== 0) return `exit ${r.exitCode}: ${r.stderr.slice(0, 300)}`
    if (r.serverRequests !== undefined && r.serverRequests !== expectRequests)
      return `${r.serverRequests} requests at the server, expected ${expectRequests}`
    return undefined
  }
}

export async function setUp(): Promise<Setting> {
  const server = await InfisicalTestServer.start({ record: false })
  const { token } = seedPlatform(server, { botToken: 'f0rg3j0-b0t-t0k3n-6c1d9e2a7b', readPath: '/' })
  for (const [i, name] of FIFTY.entries()) {
    for (const path of [FIFTY_FOLDER, ownFolder(i), fifthFolder(i)]) {
      server.setSecret({
        projectId: PROJECT_ID,
        environment: ENVIRONMENT,
        path,
        name,
        value: `value-${i + 1}-${'x'.repeat(40)}`
      })
    }
  }

  const hangServer = await InfisicalTestServer.start({ record: false })
  hangServer.addProject(PROJECT_ID, [ENVIRONMENT])
  const hangIdentity = hangServer.createIdentity({ projects: [PROJECT_ID] })
  hangServer.grantRead(hangIdentity.id, { projectId: PROJECT_ID, environment: ENVIRONMENT, path: '/' })
  const hangToken = hangServer.issueToken(hangIdentity.id)
  hangServer.inject({ kind: 'hang', times: 1000 })

  const slowServer = await InfisicalTestServer.start({ record: false })
  slowServer.addProject(PROJECT_ID, [ENVIRONMENT])
  for (const [i, name] of FIFTY.entries()) {
    slowServer.setSecret({
      projectId: PROJECT_ID,
      environment: ENVIRONMENT,
      path: ownFolder(i),
      name,
      value: `value-${i + 1}-${'x'.repeat(40)}`
    })
  }
  const slowIdentity = slowServer.createIdentity({ projects: [PROJECT_ID] })
  slowServer.grantRead(slowIdentity.id, { projectId: PROJECT_ID, environment: ENVIRONMENT, path: '/' })
  const slowToken = slowServer.issueToken(slowIdentity.id)
  slowServer.inject({ kind: 'delay', ms: SLOW_MS, times: 1_000_000 })

  const tlsServer = await InfisicalTestServer.start({ record: false, tls: 'trusted' })
  tlsServer.addProject(PROJECT_ID, [ENVIRONMENT])
  for (const [i, name] of FIFTY.entries()) {
    tlsServer.setSecret({
      projectId: PROJECT_ID,
      environment: ENVIRONMENT,
      path: ownFolder(i),
      name,
      value: `value-${i + 1}-${'x'.repeat(40)}`
    })
  }
  const tlsIdentity = tlsServer.createIdentity({ projects: [PROJECT_ID] })
  tlsServer.grantRead(tlsIdentity.id, { projectId: PROJECT_ID, environment: ENVIRONMENT, path: '/' })
  const tlsToken = tlsServer.issueToken(tlsIdentity.id)

  const refusingUrl = await startRefusingUrl()

  // OIDC: a Forgejo-like issuer on loopback, an identity whose OIDC Auth trusts it, and one job's
  // request variables (every run asks a new ID token with them, as the steps of one job would).
  const issuer = await ForgejoIdTokenIssuer.start()
  const oidcIdentity = server.createIdentity({ projects: [PROJECT_ID] })
  server.grantRead(oidcIdentity.id, { projectId: PROJECT_ID, environment: ENVIRONMENT, path: '/' })
  await server.configureOidcAuth(oidcIdentity.id, {
    oidcDiscoveryUrl: issuer.discoveryUrl,
    boundIssuer: issuer.issuer,
    boundSubject: 'repo:platform/platform:ref:refs/heads/main',
    boundAudiences: OIDC_AUDIENCE
  })
  const idRequest = issuer.jobRequest({
    repository: 'platform/platform',
    ref: 'refs/heads/main',
    runId: '869',
    workflow: 'platformctl-auto-apply.yml',
    eventName: 'push'
  })
  const idVariables = {
    ACTIONS_ID_TOKEN_REQUEST_URL: idRequest.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: idRequest.requestToken
  }

  const dir = mkdtempSync(join(tmpdir(), 'bench-'))
  const tokenFile = writeTokenFile(dir, token)
  const hangTokenFile = writeTokenFile(dir, hangToken, 'hang-token')
  const tlsTokenFile = writeTokenFile(dir, tlsToken, 'tls-token')
  const caFile = join(dir, 'test-ca.pem')
  writeFileSync(caFile, tlsServer.ca ?? '')
  const slowTokenFile = writeTokenFile(dir, slowToken, 'slow-token')

  const watch = new ServerWatch(server.port)
  const hangWatch = new ServerWatch(hangServer.port)
  const slowWatch = new ServerWatch(slowServer.port)
  const tlsWatch = new ServerWatch(tlsServer.port)

  const base = {
    'project-id': PROJECT_ID,
    environment: ENVIRONMENT,
    'token-file': tokenFile,
    'marker-key': 'forgejo_token_source'
  }
  const oneSecret = `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}`
  // 50 folders of one secret: 50 single reads, as many as the floor's requests
  const fiftySecrets = FIFTY.map((n, i) => `${n}=${ownFolder(i)}/${n}`).join('\n')
  const oneFolderSecrets = FIFTY.map((n) => `${n}=${FIFTY_FOLDER}/${n}`).join('\n')
  const fiveFolderSecrets = FIFTY.map((n, i) => `${n}=${fifthFolder(i)}/${n}`).join('\n')

  const cases: Case[] = [
    {
      id: 'one',
      label: 'action: one secret, Token Auth',
      spec: { args: [BUNDLE], env: inputs({ ...base, 'infisical-url': server.url, secrets: oneSecret }), watch },
      check: succeeded(1)
    },
    {
      id: 'one-floor',
      label: 'floor: node:http, 1 request',
      spec: {
        args: [resolve('bench/floor.mjs')],
        env: {
          BENCH_FLOOR_URLS: JSON.stringify([secretUrl(server.url, BOT_FOLDER, BOT_NAME)]),
          BENCH_TOKEN_FILE: tokenFile,
          BENCH_CONCURRENCY: '1'
        },
        watch
      },
      check: referenceOk(1)
    },
    {
      id: 'one-sdk',
      label: '@infisical/sdk: one secret',
      spec: {
        args: [resolve('bench/sdk-read.mjs')],
        env: {
          BENCH_SITE_URL: server.url,
          BENCH_TOKEN_FILE: tokenFile,
          BENCH_PROJECT_ID: PROJECT_ID,
          BENCH_ENVIRONMENT: ENVIRONMENT,
          BENCH_SECRET_PATH: BOT_FOLDER,
          BENCH_SECRET_NAME: BOT_NAME
        },
        watch
      },
      check: referenceOk(1)
    },
    {
      id: 'one-run',
      label: 'action: one secret, Token Auth, run: true',
      spec: {
        args: [BUNDLE],
        env: inputs({ ...base, 'infisical-url': server.url, secrets: oneSecret, run: 'true' }),
        watch
      },
      check: (r) =>
        succeeded(1)(r) ??
        (r.outputs['exit-code'] === '0' ? undefined : `exit-code '${r.outputs['exit-code'] ?? '(unset)'}', expected 0`)
    },
    {
      id: 'oidc',
      label: 'action: one secret, OIDC Auth (ID token, login, read)',
      spec: {
        args: [BUNDLE],
        env: {
          ...inputs({
            ...base,
            'token-file': '',
            'auth-method': 'oidc',
            'identity-id': oidcIdentity.id,
            'oidc-audience': OIDC_AUDIENCE,
            'infisical-url': server.url,
            secrets: oneSecret
          }),
          ...idVariables
        },
        watch
      },
      check: succeeded(2, undefined, 'infisical-oidc-auth')
    },
    {
      id: 'oidc-floor',
      label: 'floor: node:http, ID token + login + read',
      spec: {
        args: [resolve('bench/oidc-floor.mjs')],
        env: {
          ...idVariables,
          BENCH_AUDIENCE: OIDC_AUDIENCE,
          BENCH_INFISICAL_URL: server.url,
          BENCH_IDENTITY_ID: oidcIdentity.id,
          BENCH_SECRET_URL: secretUrl(server.url, BOT_FOLDER, BOT_NAME)
        },
        watch
      },
      check: referenceOk(2)
    },
    {
      id: 'fifty-one-folder',
      label: 'action: 50 secrets, one folder (one list)',
      spec: { args: [BUNDLE], env: inputs({ ...base, 'infisical-url': server.url, secrets: oneFolderSecrets }), watch },
      check: succeeded(1)
    },
    {
      id: 'fifty-five-folders',
      label: 'action: 50 secrets, 5 folders (5 lists)',
      spec: {
        args: [BUNDLE],
        env: inputs({ ...base, 'infisical-url': server.url, secrets: fiveFolderSecrets }),
        watch
      },
      check: succeeded(5)
    },
    {
      id: 'fifty',
      label: 'action: 50 secrets, 50 folders',
      spec: { args: [BUNDLE], env: inputs({ ...base, 'infisical-url': server.url, secrets: fiftySecrets }), watch },
      check: succeeded(50)
    },
    {
      id: 'fifty-floor',
      label: 'floor: node:http, 50 requests, 8 at once',
      spec: {
        args: [resolve('bench/floor.mjs')],
        env: {
          BENCH_FLOOR_URLS: JSON.stringify(FIFTY.map((n, i) => secretUrl(server.url, ownFolder(i), n))),
          BENCH_TOKEN_FILE: tokenFile,
          BENCH_CONCURRENCY: '8'
        },
        watch
      },
      check: referenceOk(50)
    },
    {
      id: 'fifty-slow',
      label: `action: 50 secrets, each answer held ${SLOW_MS} ms`,
      spec: {
        args: [BUNDLE],
        env: inputs({ ...base, 'token-file': slowTokenFile, 'infisical-url': slowServer.url, secrets: fiftySecrets }),
        watch: slowWatch
      },
      check: succeeded(50)
    },
    {
      id: 'fifty-slow-floor',
      label: `floor: 50 requests, 8 at once, held ${SLOW_MS} ms`,
      spec: {
        args: [resolve('bench/floor.mjs')],
        env: {
          BENCH_FLOOR_URLS: JSON.stringify(FIFTY.map((n, i) => secretUrl(slowServer.url, ownFolder(i), n))),
          BENCH_TOKEN_FILE: slowTokenFile,
          BENCH_CONCURRENCY: '8'
        },
        watch: slowWatch
      },
      check: referenceOk(50)
    },
    {
      id: 'fifty-tls',
      label: 'action: 50 secrets over https (ca-certificate)',
      spec: {
        args: [BUNDLE],
        env: inputs({
          ...base,
          'token-file': tlsTokenFile,
          'infisical-url': tlsServer.url,
          'ca-certificate': caFile,
          secrets: fiftySecrets
        }),
        watch: tlsWatch
      },
      check: succeeded(50)
    },
    {
      id: 'fifty-tls-floor',
      label: 'floor: node:https, 50 requests, 8 at once',
      spec: {
        args: [resolve('bench/floor.mjs')],
        env: {
          BENCH_FLOOR_URLS: JSON.stringify(FIFTY.map((n, i) => secretUrl(tlsServer.url, ownFolder(i), n))),
          BENCH_TOKEN_FILE: tlsTokenFile,
          BENCH_CONCURRENCY: '8',
          BENCH_CA_FILE: caFile
        },
        watch: tlsWatch
      },
      check: referenceOk(50)
    },
    {
      id: 'failover',
      label: 'action: 1st URL refused, 2nd answers',
      spec: {
        args: [BUNDLE],
        env: inputs({ ...base, 'infisical-url': `${refusingUrl}\n${server.url}`, secrets: oneSecret }),
        watch
      },
      check: succeeded(1, server.url)
    },
    {
      id: 'hang',
      label: 'action: server never answers, timeout 2 s',
      spec: {
        args: [BUNDLE],
        env: inputs({
          ...base,
          'token-file': hangTokenFile,
          'infisical-url': hangServer.url,
          secrets: oneSecret,
          'timeout-seconds': '2'
        }),
        watch: hangWatch,
        killAfterMs: 15_000
      },
      check: (r) => {
        if (r.killed) return 'killed after 15 s'
        if (r.exitCode === 0) return 'exit 0: it should fail'
        if (r.outputs['error-class'] !== 'timeout')
          return `error-class '${r.outputs['error-class'] ?? '(unset)'}', expected timeout`
        if (r.marker?.status !== 'failed') return `marker status '${String(r.marker?.status)}'`
        return undefined
      }
    },
    {
      id: 'no-inputs',
      label: 'start-up: bundle, no inputs (config error)',
      spec: { args: [BUNDLE], env: {} },
      check: (r) =>
        r.outputs['error-class'] === 'config'
          ? undefined
          : `error-class '${r.outputs['error-class'] ?? '(unset)'}', expected config`
    },
    {
      id: 'node-e0-preload',
      label: 'start-up: node -e 0 (with preload)',
      spec: { args: ['-e', '0'], env: {}, preload: true },
      check: (r) => (r.exitCode === 0 ? undefined : `exit ${r.exitCode}`)
    },
    {
      id: 'node-e0-bare',
      label: 'start-up: node -e 0 (no preload)',
      spec: { args: ['-e', '0'], env: {}, preload: false },
      check: (r) => (r.exitCode === 0 ? undefined : `exit ${r.exitCode}`)
    },
    auditCase(dir)
  ]

  return {
    server,
    hangServer,
    slowServer,
    tlsServer,
    refusingUrl,
    token,
    tokenFile,
    watch,
    hangWatch,
    slowWatch,
    tlsWatch,
    cases,
    async close() {
      ServerWatch.unsubscribe()
      await Promise.all([server.close(), hangServer.close(), slowServer.close(), tlsServer.close(), issuer.close()])
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** How long the measured outage lasts (issue 9: "a survived 20 s outage is measured once"). */
export const OUTAGE_MS = 20_000

/**
 * One run of the action with the default inputs against an Infisical that refuses connections for
 * OUTAGE_MS from the moment the run starts (a restart), then answers. Measured once, not per round.
 */
export async function outageRun(method: Method): Promise<{ result: RunResult; problem: string | undefined }> {
  const server = await InfisicalTestServer.start({ record: false })
  const dir = mkdtempSync(join(tmpdir(), 'bench-outage-'))
  try {
    const { token } = seedPlatform(server, {
      botToken: 'f0rg3j0-b0t-t0k3n-6c1d9e2a7b',
      environments: [ENVIRONMENT],
      readPath: '/'
    })
    const tokenFile = writeTokenFile(dir, token)
    const watch = new ServerWatch(server.port)
    const spec: RunSpec = {
      args: [BUNDLE],
      env: inputs({
        'project-id': PROJECT_ID,
        environment: ENVIRONMENT,
        'token-file': tokenFile,
        'infisical-url': server.url,
        secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}`
      }),
      watch,
      killAfterMs: 90_000
    }
    await server.restart({ mode: 'refuse', ms: OUTAGE_MS })
    const result = await runOnce(spec, method)
    return { result, problem: succeeded(1)(result) }
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
