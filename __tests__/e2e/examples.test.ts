/**
 * The example workflows an operator copies: each well-formed for the actions it uses, with its own
 * `name:` and its own automatic triggers (copying two examples never deploys twice), and each run
 * through the harness against the test server. RUNS holds the run of every example, by file name:
 * an example added to examples/ without a run here fails ("has a run through the harness").
 * (That every `uses:` names an action of this repository is checked in __tests__/readme-claims.test.ts,
 * for the README's code blocks and the examples together.)
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { parse as parseDotenv } from 'dotenv'
import { loadWorkflow, mapUses } from '../../testkit/runner/index.js'
import { ForgejoIdTokenIssuer } from '../../testkit/oidc-issuer.js'
import {
  BOT_FOLDER,
  BOT_TOKEN,
  GITHUB,
  PROJECT_ID,
  ROOT,
  cleanup,
  expectNoLeak,
  job,
  markerLines,
  startPlatform,
  step,
  type Platform,
  soakUntil
} from './platform.js'
import { ledgerFile, threeGood, type RunSketch } from '../ledger-lines.js'

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
type Inputs = Record<string, { required?: boolean }>
const inputsOf = (dir: string): Inputs =>
  (parseYaml(readFileSync(join(ROOT, dir, 'action.yml'), 'utf8')) as { inputs: Inputs }).inputs

interface Workflow {
  name?: unknown
  on?: unknown
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>
}
const workflowOf = (file: string): Workflow => parseYaml(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Workflow

/** The events that start a workflow by themselves (all but workflow_dispatch), with their filters. */
function automaticTriggers(on: unknown): Record<string, unknown> {
  const events: Record<string, unknown> =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((e) => [String(e), null]))
        : { ...(on as Record<string, unknown>) }
  delete events['workflow_dispatch']
  return events
}

// ---- the runs -----------------------------------------------------------------------------------

const CANARY_VALUE = 'syt_canary_matrix_token_0123'
const dirs: string[] = []
const issuers: ForgejoIdTokenIssuer[] = []
afterEach(async () => {
  await cleanup()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  for (const i of issuers.splice(0)) await i.close()
})

async function platform(): Promise<Platform> {
  const p = await startPlatform()
  p.server.setSecret({
    projectId: PROJECT_ID,
    environment: 'prod',
    path: '/home-platform/canary',
    name: 'MATRIX_ACCESS_TOKEN',
    value: CANARY_VALUE
  })
  return p
}
const varsOf = (p: Platform, extra: Record<string, string> = {}) => ({
  INFISICAL_URL: p.server.url,
  INFISICAL_PROJECT_ID: PROJECT_ID,
  INFISICAL_TOKEN_FILE: p.tokenFile,
  ...extra
})
const ledgerLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** The daily audit, its ledger-path (a file on the operator's host) moved to a ledger written here. */
async function runAudit(lines: RunSketch[]) {
  const { dir, path } = ledgerFile(lines)
  dirs.push(dir)
  const spec = loadWorkflow(join(ROOT, 'examples/audit.yml'), { actionRoot: ROOT, github: GITHUB })
  const s = spec.steps.find((x) => x.id === 'audit')
  if (!s?.with) throw new Error('audit.yml has no audit step')
  expect(s.uses).toBe('./audit')
  expect(s.with['ledger-path']).toBe('/var/lib/forgejo-deploy-runner/infisical-ledger.jsonl')
  s.with['ledger-path'] = path
  const result = await job(spec)
  return { result, audit: step(result, 'audit') }
}

const RUNS: Record<string, () => Promise<void>> = {
  /** For each module: fetch, plan, apply, verify, one ledger line labelled with the module. */
  'platformctl-auto-apply.yml': async () => {
    for (const module of ['matrix-well-known', 'dashboard']) {
      const p = await platform()
      const ledger = join(p.dir, 'infisical-ledger.jsonl')
      const result = await job(
        loadWorkflow(join(ROOT, 'examples/platformctl-auto-apply.yml'), {
          actionRoot: ROOT,
          matrix: { module },
          vars: varsOf(p, { INFISICAL_LEDGER: ledger }),
          github: GITHUB
        })
      )
      expect(ledgerLines(ledger)).toEqual([
        expect.objectContaining({ status: 'ok', source: 'infisical-token-auth', label: module })
      ])
      expect(result.steps.filter((s) => s.kind !== 'post').map((s) => s.outcome)).toEqual([
        'success',
        'success',
        'success',
        'success',
        'success'
      ])
      expect(step(result, 'Smoke check, the token came from Infisical').outputs.source).toBe('infisical-token-auth')
      expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-token-auth')).toHaveLength(1)
      expectNoLeak(result, [BOT_TOKEN, p.token])
    }
  },

  /** The readiness proof verified in mode check, then the env file read back byte for byte. */
  'canary.yml': async () => {
    const p = await platform()
    const envFile = join(p.dir, 'canary.env')
    p.server.grantRead(p.identity.id, { projectId: PROJECT_ID, environment: 'prod', path: '/home-platform/canary' })
    const result = await job(
      loadWorkflow(join(ROOT, 'examples/canary.yml'), {
        actionRoot: ROOT,
        vars: varsOf(p, { CANARY_ENV_FILE: envFile }),
        github: GITHUB
      })
    )
    expect(result.steps.filter((s) => s.kind !== 'post').map((s) => `${s.name}: ${s.outcome}`)).toEqual([
      'Readiness proof (read access, nothing exported): success',
      'Verify the readiness proof: success',
      'Write the canary env file: success',
      'Verify the env file came from Infisical: success',
      'Canary: success'
    ])
    expect(Object.keys(step(result, 'ready').envSet)).toEqual([])
    expect(parseDotenv(readFileSync(envFile))).toEqual({
      PLATFORMCTL_FORGEJO_TOKEN: BOT_TOKEN,
      CANARY_MATRIX_TOKEN: CANARY_VALUE
    })
    expect(step(result, 'Canary').stepEnv.CANARY_MATRIX_TOKEN).toBeUndefined()
    expectNoLeak(result, [BOT_TOKEN, CANARY_VALUE, p.token])
  },

  /** Infisical working passes the smoke check; a run that fell back fails it; both are in the ledger. */
  'soak.yml': async () => {
    const p = await platform()
    const ledger = join(p.dir, 'infisical-ledger.jsonl')
    // The example's fallback-until is a date an operator sets; the test moves it 30 days ahead.
    const spec = (hostEnv: Record<string, string>) => {
      const s = loadWorkflow(join(ROOT, 'examples/soak.yml'), {
        actionRoot: ROOT,
        matrix: { module: 'dashboard' },
        vars: varsOf(p, { INFISICAL_LEDGER: ledger }),
        github: GITHUB,
        hostEnv
      })
      const fetch = s.steps.find((x) => x.with?.['fallback-until'] !== undefined)
      if (!fetch?.with) throw new Error('soak.yml has no fallback-until')
      fetch.with['fallback-until'] = soakUntil()
      return s
    }
    const plain = 'Hq3mZ8vR2kX7wL5tN9pB4yG6cJ1sD0fA' // the plain-text copy; random, so that no 8 characters of it are also the action's words or a path
    const good = await job(spec({ PLATFORMCTL_FORGEJO_TOKEN: plain }))
    expect(good.success).toBe(true)
    expect(step(good, 'Apply dashboard').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)

    p.server.revokeToken(p.token)
    const fellBack = await job(spec({ PLATFORMCTL_FORGEJO_TOKEN: plain }))
    expect(step(fellBack, 'infisical').outputs.source).toBe('direct-env-fallback')
    const smoke = step(fellBack, 'Smoke check, no fallback')
    expect(smoke.outcome).toBe('failure')
    expect(smoke.annotations.find((a) => a.level === 'error')?.message).toContain('allow-fallback is false')
    expect(markerLines(fellBack.log.daemon, 'forgejo_token_source=direct-env-fallback')).toHaveLength(1)
    expect(ledgerLines(ledger)).toEqual([
      expect.objectContaining({ status: 'ok', source: 'infisical-token-auth', label: 'dashboard', fallback: null }),
      expect.objectContaining({ status: 'ok', source: 'direct-env-fallback', label: 'dashboard', fallback: 'env' })
    ])
    expectNoLeak(fellBack, [BOT_TOKEN, plain, p.token])
  },

  /** The job's own ID token exchanged at OIDC Auth; verify expects infisical-oidc-auth. */
  'oidc.yml': async () => {
    const p = await platform()
    const issuer = await ForgejoIdTokenIssuer.start()
    issuers.push(issuer)
    const identity = p.server.createIdentity({ projects: [PROJECT_ID] })
    p.server.grantRead(identity.id, { projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER })
    const doc = workflowOf('oidc.yml')
    const fetch = doc.jobs['apply']?.steps.find((s) => s.with?.['auth-method'] === 'oidc')
    const audience = String(fetch?.with?.['oidc-audience'])
    await p.server.configureOidcAuth(identity.id, {
      oidcDiscoveryUrl: issuer.discoveryUrl,
      boundIssuer: issuer.issuer,
      boundSubject: 'repo:platform/platform:ref:refs/heads/main',
      boundAudiences: audience
    })
    const result = await job(
      loadWorkflow(join(ROOT, 'examples/oidc.yml'), {
        actionRoot: ROOT,
        matrix: { module: 'dashboard' },
        vars: { INFISICAL_URL: p.server.url, INFISICAL_PROJECT_ID: PROJECT_ID, INFISICAL_IDENTITY_ID: identity.id },
        github: { ...GITHUB, ref: 'refs/heads/main', eventName: 'workflow_dispatch' },
        idTokens: issuer
      })
    )
    expect(result.steps.filter((x) => x.kind !== 'post').map((x) => x.outcome)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'success'
    ])
    expect(step(result, 'Smoke check, the token came from Infisical through OIDC').outputs.source).toBe(
      'infisical-oidc-auth'
    )
    expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-oidc-auth')).toHaveLength(1)
    const access = p.server.requests.map((r) => r.authorization?.replace(/^Bearer /, '') ?? '').filter((t) => t !== '')
    expectNoLeak(result, [
      BOT_TOKEN,
      ...issuer.issued,
      ...access,
      ...(result.idTokenRequest ? [result.idTokenRequest.requestToken] : [])
    ])
  },

  /** The audit passes on a held soak; a fallback run, or a token expiring within 14 days, fails it. */
  'audit.yml': async () => {
    const modules = [...threeGood('matrix-well-known'), ...threeGood('dashboard')]
    const held = await runAudit(modules)
    expect(held.result.success).toBe(true)
    expect(held.audit.outputs).toMatchObject({
      runs: '6',
      'fallback-runs': '0',
      'failed-runs': '0',
      'soak-met': 'true'
    })
    expect(held.audit.raw).toContain('audit passed: every check holds')

    const fellBack = await runAudit([{ label: 'dashboard', hoursAgo: 20, kind: 'fallback' }, ...modules])
    expect(fellBack.result.success).toBe(false)
    expect(fellBack.audit.annotations.filter((x) => x.level === 'error').map((x) => x.message)).toEqual([
      expect.stringMatching(/^max-fallback-runs: 1 fallback run since .* \(dashboard 1\), more than the 0 allowed/)
    ])

    const expiring = await runAudit([...threeGood('matrix-well-known', 10), ...threeGood('dashboard', 10)])
    expect(expiring.result.success).toBe(false)
    expect(expiring.audit.annotations.filter((x) => x.level === 'error').map((x) => x.message)).toEqual([
      expect.stringMatching(
        /^token-expiry-days: the tokens of the latest runs of 2 labels expire within 14 days \(dashboard: expires on \d{4}-\d\d-\d\d \(in 10 days\); matrix-well-known: expires on /
      )
    ])
  }
}

// ---- the checks ---------------------------------------------------------------------------------

test('the examples folder holds the examples the README names', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(5)
})

describe.each(EXAMPLES)('examples/%s', (file) => {
  test('every with: key is an input of the action it uses, every required input is given', () => {
    const doc = workflowOf(file)
    let ours = 0
    for (const j of Object.values(doc.jobs)) {
      for (const s of j.steps) {
        if (!s.uses) continue
        const mapped = mapUses(s.uses, ['infisical-action'])
        if (mapped.uses === undefined) continue
        ours++
        const inputs = inputsOf(mapped.uses)
        for (const key of Object.keys(s.with ?? {}))
          expect(`${s.uses}: ${key} ${key in inputs ? 'is an input' : 'is unknown'}`).toBe(
            `${s.uses}: ${key} is an input`
          )
        for (const [name, spec] of Object.entries(inputs)) {
          if (spec.required)
            expect(`${s.uses}: ${name} ${name in (s.with ?? {}) ? 'given' : 'missing'}`).toBe(
              `${s.uses}: ${name} given`
            )
        }
      }
    }
    expect(ours).toBeGreaterThan(0)
  })

  test('has a name and a trigger of its own (no other example has that name or any of its automatic triggers)', () => {
    const doc = workflowOf(file)
    expect(typeof doc.name === 'string' && doc.name !== '').toBe(true)
    expect(doc.on).toBeDefined()
    for (const other of EXAMPLES.filter((f) => f !== file)) {
      const o = workflowOf(other)
      expect(`${file} and ${other}: ${o.name === doc.name ? 'the same name' : 'different names'}`).toBe(
        `${file} and ${other}: different names`
      )
      const mine = automaticTriggers(doc.on)
      const theirs = automaticTriggers(o.on)
      for (const [event, filters] of Object.entries(mine)) {
        const same = event in theirs && JSON.stringify(theirs[event]) === JSON.stringify(filters)
        expect(`${file} and ${other}: ${event} ${same ? 'both start on it' : 'differs'}`).toBe(
          `${file} and ${other}: ${event} differs`
        )
      }
    }
  })

  test('has a run through the harness', async () => {
    const run = RUNS[file]
    if (!run) throw new Error(`examples/${file} has no run: add one to RUNS in __tests__/e2e/examples.test.ts`)
    await run()
  }, 60_000)
})

test('RUNS names only examples that exist', () => {
  expect(Object.keys(RUNS).filter((f) => !EXAMPLES.includes(f))).toEqual([])
})
