/**
 * The run ledger through the harness running dist/: one whole JSON line per run, success or
 * failure, from concurrent jobs too; a ledger that cannot be written warns and never fails a deploy.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import {
  BOT_TOKEN,
  NEXT_STEP,
  ROOT,
  cleanup,
  writeTokenFile,
  expectNoLeak,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step,
  soakUntil,
  type Platform
} from './platform.js'

let p: Platform
let dir: string
beforeEach(async () => {
  p = await startPlatform()
  dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'))
})
afterEach(async () => {
  try {
    await cleanup()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

const lines = (path: string): Record<string, any>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))

const denied = {
  kind: 'status' as const,
  status: 403,
  body: {
    reqId: 'r',
    statusCode: 403,
    error: 'PermissionDenied',
    message: 'You are not allowed to read on secrets',
    details: []
  }
}

describe('the run ledger', () => {
  test('20 concurrent runs on one host: 20 whole lines, one per run, each with its label', async () => {
    const ledger = join(dir, 'infisical-ledger.jsonl')
    const labels = Array.from({ length: 20 }, (_, i) => `module-${String(i).padStart(2, '0')}`)
    const results = await Promise.all(
      // without the post step, as in load.test.ts: the clean-up writes no ledger line
      labels.map((label) => job({ runPost: false, steps: [fetchStep(p, { label, 'ledger-path': ledger })] }))
    )
    expect(results.every((r) => r.success)).toBe(true)
    const text = readFileSync(ledger, 'utf8')
    expect(text.endsWith('\n')).toBe(true)
    const got = lines(ledger)
    expect(got).toHaveLength(20)
    expect(got.map((l) => l.label).sort()).toEqual(labels)
    for (const l of got)
      expect(l).toMatchObject({
        schema: 1,
        status: 'ok',
        source: 'infisical-token-auth',
        errorClass: null,
        secrets: ['PLATFORMCTL_FORGEJO_TOKEN'],
        fallback: null,
        requests: 1
      })
    for (const r of results) expectNoLeak(r, [BOT_TOKEN, p.token], [text])
  })

  test('a failed run and a fallback run each append their line; the marker holds the label', async () => {
    const ledger = join(dir, 'ledger.jsonl')
    p.server.inject(denied)
    const failed = await job({ steps: [fetchStep(p, { label: 'dashboard', 'ledger-path': ledger })] })
    expect(failed.success).toBe(false)
    p.server.inject(denied)
    const plain = 'pT7vq2Xk9LmW4rZs8YbN3hQe6JdC1uF5'
    const fallback = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: plain },
      steps: [
        fetchStep(p, { label: 'dashboard', 'ledger-path': ledger, fallback: 'env', 'fallback-until': soakUntil() })
      ]
    })
    expect(fallback.success).toBe(true)
    expect(markerOf(fallback).label).toBe('dashboard')
    expect(lines(ledger).map((l) => [l.status, l.source, l.errorClass, l.fallback, l.label])).toEqual([
      ['failed', null, 'permission-denied', null, 'dashboard'],
      ['ok', 'direct-env-fallback', null, 'env', 'dashboard']
    ])
    expectNoLeak(fallback, [BOT_TOKEN, p.token, plain], [readFileSync(ledger, 'utf8')])
  })

  test('a run whose inputs are wrong is recorded too (config)', async () => {
    const ledger = join(dir, 'ledger.jsonl')
    await job({ steps: [fetchStep(p, { label: 'dashboard', 'ledger-path': ledger, 'timeout-seconds': 'soon' })] })
    expect(lines(ledger)).toEqual([
      expect.objectContaining({ status: 'failed', errorClass: 'config', label: 'dashboard', requests: 0 })
    ])
  })

  test('a symbolic link as ledger: a warning, the deploy succeeds, nothing written through the link', async () => {
    const target = join(dir, 'real.jsonl')
    writeFileSync(target, '')
    chmodSync(target, 0o600)
    const link = join(dir, 'link.jsonl')
    symlinkSync(target, link)
    const result = await job({ steps: [fetchStep(p, { label: 'dashboard', 'ledger-path': link }), NEXT_STEP] })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    const warning = step(result, 'infisical').annotations.find((a) => a.level === 'warning')?.message ?? ''
    expect(warning).toContain(`The run ledger ${link} was not written: it is a symbolic link`)
    expect(readFileSync(target, 'utf8')).toBe('')
  })

  test('a label of two lines or over 100 characters: config before any request', async () => {
    for (const label of ['a\nb', 'x'.repeat(101)]) {
      const result = await job({ steps: [fetchStep(p, { label })] })
      expect(step(result, 'infisical').outputs['error-class']).toBe('config')
      expect(step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message).toContain(
        'label must be one line of at most 100 characters'
      )
    }
    expect(p.server.requests).toHaveLength(0)
  })
})

describe('the ledger the action writes, read by the audit', () => {
  test('ok, fallback and failed runs counted per label; the soak holds after three good runs and not after a fallback; the step and the command agree', async () => {
    const ledger = join(dir, 'infisical-ledger.jsonl')
    const plain = 'pT7vq2Xk9LmW4rZs8YbN3hQe6JdC1uF5'
    const run = (label: string, extra: Record<string, string> = {}, hostEnv: Record<string, string> = {}) =>
      // no post step: the clean-up writes no ledger line
      job({ hostEnv, runPost: false, steps: [fetchStep(p, { label, 'ledger-path': ledger, ...extra })] })
    for (let i = 0; i < 3; i++) await run('dashboard')
    await run('matrix-well-known')
    p.server.inject(denied)
    await run(
      'matrix-well-known',
      { fallback: 'env', 'fallback-until': soakUntil() },
      { PLATFORMCTL_FORGEJO_TOKEN: plain }
    )
    await run('matrix-well-known')
    p.server.inject(denied)
    await run('canary')
    expect(lines(ledger)).toHaveLength(7)

    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'audit/dist/index.js'), '--ledger', ledger, '--json', '--since', '1h'],
      { encoding: 'utf8' }
    )
    expect(cli.status).toBe(1)
    const report = JSON.parse(cli.stdout) as {
      runs: number
      fallbackRuns: number
      failedRuns: number
      verdict: string
      labels: {
        label: string
        runs: number
        bySource: Record<string, number> | [string, number][]
        failures: unknown
        soak: { holds: boolean }
      }[]
    }
    expect(report).toMatchObject({ runs: 7, fallbackRuns: 1, failedRuns: 1, verdict: 'fail' })
    const byLabel = Object.fromEntries(report.labels.map((l) => [l.label, l]))
    expect(byLabel['dashboard']).toMatchObject({ runs: 3, soak: { holds: true } })
    expect(byLabel['matrix-well-known']).toMatchObject({ runs: 3, soak: { holds: false } })
    expect(byLabel['canary']).toMatchObject({ runs: 1, soak: { holds: false } })

    const audit = await job({
      steps: [{ name: 'Audit', id: 'audit', uses: './audit', with: { 'ledger-path': ledger, since: '1h' } }]
    })
    const s = step(audit, 'audit')
    expect(s.outcome).toBe('failure')
    expect(s.outputs).toMatchObject({ runs: '7', 'fallback-runs': '1', 'failed-runs': '1', 'soak-met': 'false' })
    const errors = s.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    expect(
      errors.some((m) => m.includes('max-fallback-runs: 1 fallback run') && m.includes('matrix-well-known 1'))
    ).toBe(true)
    expect(
      errors.some(
        (m) => m.includes('soak-runs') && m.includes('matrix-well-known (a fallback run (env) among its last 3 runs)')
      )
    ).toBe(true)
    expect(errors.some((m) => m.includes('dashboard ('))).toBe(false)
    expectNoLeak(audit, [BOT_TOKEN, p.token, plain], [readFileSync(ledger, 'utf8'), cli.stdout])
  })
})

test('a token expiring in 10 days: the run records its expiry, the audit fails naming the label and the date', async () => {
  const ledger = join(dir, 'infisical-ledger.jsonl')
  const token = p.server.issueToken(p.identity.id, { ttlSeconds: 10 * 86_400 })
  const tokenFile = writeTokenFile(dir, token, 'soon-token')
  const run = await job({
    steps: [fetchStep(p, { label: 'dashboard', 'ledger-path': ledger, 'token-file': tokenFile })]
  })
  expect(run.success).toBe(true)
  const expiresAt = lines(ledger)[0]!.tokenExpiresAt as string
  expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 86_400_000)
  const cli = spawnSync(process.execPath, [join(ROOT, 'audit/dist/index.js'), '--ledger', ledger, '--soak-runs', '0'], {
    encoding: 'utf8'
  })
  expect(cli.status).toBe(1)
  expect(cli.stdout).toContain(
    `token-expiry-days: the token of the latest run of dashboard expires on ${expiresAt.slice(0, 10)}`
  )
  expectNoLeak(run, [BOT_TOKEN, token], [readFileSync(ledger, 'utf8'), cli.stdout])
})
