/**
 * The example workflows an operator copies: well-formed for the actions they use, and run
 * through the harness against the test server (fetch, verify and smoke steps).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { parse as parseDotenv } from 'dotenv'
import { loadWorkflow, mapUses } from '../../testkit/runner/index.js'
import { BOT_TOKEN, GITHUB, PROJECT_ID, ROOT, cleanup, expectNoLeak, job, markerLines, startPlatform, step, type Platform, soakUntil } from './platform.js'
import { ledgerFile, threeGood, type RunSketch } from '../ledger-lines.js'

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yml'))
type Inputs = Record<string, { required?: boolean }>
const inputsOf = (dir: string): Inputs => (parseYaml(readFileSync(join(ROOT, dir, 'action.yml'), 'utf8')) as { inputs: Inputs }).inputs

describe.each(EXAMPLES)('examples/%s', (file) => {
  test('every with: key is an input of the action it uses, every required input is given', () => {
    const doc = parseYaml(readFileSync(join(ROOT, 'examples', file), 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> }
    let ours = 0
    for (const j of Object.values(doc.jobs)) {
      for (const s of j.steps) {
        if (!s.uses) continue
        const mapped = mapUses(s.uses, ['infisical-action'])
        if (mapped.uses === undefined) continue
        ours++
        const inputs = inputsOf(mapped.uses)
        for (const key of Object.keys(s.with ?? {})) expect(`${s.uses}: ${key} ${key in inputs ? 'is an input' : 'is unknown'}`).toBe(`${s.uses}: ${key} is an input`)
        for (const [name, spec] of Object.entries(inputs)) {
          if (spec.required) expect(`${s.uses}: ${name} ${name in (s.with ?? {}) ? 'given' : 'missing'}`).toBe(`${s.uses}: ${name} given`)
        }
      }
    }
    expect(ours).toBeGreaterThan(0)
  })
})

describe('the examples run', () => {
  let p: Platform
  beforeEach(async () => {
    p = await startPlatform()
    p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: '/home-platform/canary', name: 'MATRIX_ACCESS_TOKEN', value: 'syt_canary_matrix_token_0123' })
  })
  afterEach(cleanup)
  const vars = (extra: Record<string, string> = {}) => ({ INFISICAL_URL: p.server.url, INFISICAL_PROJECT_ID: PROJECT_ID, INFISICAL_TOKEN_FILE: p.tokenFile, ...extra })

  test.each(['matrix-well-known', 'dashboard'])('platformctl-auto-apply.yml for %s: fetch, plan, apply, verify, one ledger line labelled with the module', async (module) => {
    const ledger = join(p.dir, 'infisical-ledger.jsonl')
    const result = await job(loadWorkflow(join(ROOT, 'examples/platformctl-auto-apply.yml'), { actionRoot: ROOT, matrix: { module }, vars: vars({ INFISICAL_LEDGER: ledger }), github: GITHUB }))
    const lines = readFileSync(ledger, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toEqual([expect.objectContaining({ status: 'ok', source: 'infisical-token-auth', label: module })])
    expect(result.steps.filter((s) => s.kind !== 'post').map((s) => s.outcome)).toEqual(['success', 'success', 'success', 'success', 'success'])
    expect(step(result, 'Smoke check, the token came from Infisical').outputs.source).toBe('infisical-token-auth')
    expect(markerLines(result.log.daemon, 'forgejo_token_source=infisical-token-auth')).toHaveLength(1)
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })

  test('canary.yml: readiness proof verified in mode check, then the env file read back byte for byte', async () => {
    const envFile = join(p.dir, 'canary.env')
    p.server.grantRead(p.identity.id, { projectId: PROJECT_ID, environment: 'prod', path: '/home-platform/canary' })
    const result = await job(loadWorkflow(join(ROOT, 'examples/canary.yml'), { actionRoot: ROOT, vars: vars({ CANARY_ENV_FILE: envFile }), github: GITHUB }))
    expect(result.steps.filter((s) => s.kind !== 'post').map((s) => `${s.name}: ${s.outcome}`)).toEqual([
      'Readiness proof (read access, nothing exported): success',
      'Verify the readiness proof: success',
      'Write the canary env file: success',
      'Verify the env file came from Infisical: success',
      'Canary: success'
    ])
    expect(Object.keys(step(result, 'ready').envSet)).toEqual([])
    expect(parseDotenv(readFileSync(envFile))).toEqual({ PLATFORMCTL_FORGEJO_TOKEN: BOT_TOKEN, CANARY_MATRIX_TOKEN: 'syt_canary_matrix_token_0123' })
    expect(step(result, 'Canary').stepEnv.CANARY_MATRIX_TOKEN).toBeUndefined()
    expectNoLeak(result, [BOT_TOKEN, 'syt_canary_matrix_token_0123', p.token])
  })

  test('soak.yml: Infisical working passes the smoke check; a run that fell back fails it', async () => {
    // The example's fallback-until is a date an operator sets; the test moves it 30 days ahead.
    const spec = (hostEnv: Record<string, string>) => {
      const s = loadWorkflow(join(ROOT, 'examples/soak.yml'), { actionRoot: ROOT, matrix: { module: 'dashboard' }, vars: vars(), github: GITHUB, hostEnv })
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
    expectNoLeak(fellBack, [BOT_TOKEN, plain, p.token])
  })
})

describe('examples/audit.yml runs on the runner host', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await cleanup()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  /** The example, its ledger-path (a file on the operator's host) moved to a ledger written here. */
  async function audit(lines: RunSketch[]) {
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

  test('the soak holds, no fallback, tokens far from expiry: the audit passes', async () => {
    const { result, audit: a } = await audit([...threeGood('matrix-well-known'), ...threeGood('dashboard')])
    expect(result.success).toBe(true)
    expect(a.outputs).toMatchObject({ runs: '6', 'fallback-runs': '0', 'failed-runs': '0', 'soak-met': 'true' })
    expect(a.raw).toContain('audit passed: every check holds')
  })

  test('a fallback run, or a token expiring within 14 days, fails it (and so mails the operator)', async () => {
    const modules = [...threeGood('matrix-well-known'), ...threeGood('dashboard')]
    const fellBack = await audit([{ label: 'dashboard', hoursAgo: 20, kind: 'fallback' }, ...modules])
    expect(fellBack.result.success).toBe(false)
    expect(fellBack.audit.annotations.filter((x) => x.level === 'error').map((x) => x.message)).toEqual([expect.stringMatching(/^max-fallback-runs: 1 fallback run since .* \(dashboard 1\), more than the 0 allowed/)])

    const expiring = await audit([...threeGood('matrix-well-known', 10), ...threeGood('dashboard', 10)])
    expect(expiring.result.success).toBe(false)
    expect(expiring.audit.annotations.filter((x) => x.level === 'error').map((x) => x.message)).toEqual([
      expect.stringMatching(/^token-expiry-days: the tokens of the latest runs of 2 labels expire within 14 days \(dashboard: expires on \d{4}-\d\d-\d\d \(in 10 days\); matrix-well-known: expires on /)
    ])
  })
})
