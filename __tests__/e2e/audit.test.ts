/**
 * The audit action end to end: the committed audit/dist bundle, run by the runner harness as a
 * step (`uses: ./audit`, inputs under `with:`) and as a command (`node audit/dist/index.js
 * --ledger … --json`), on ledger files written here as the root action writes them. Both forms
 * give the same figures, the same verdict and the same exit status.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { cleanupJob, runJob, type JobResult, type StepResult } from '../../testkit/runner/index.js'
import { ledgerFile, ledgerRun, threeGood, type LedgerLineFields, type RunSketch } from '../ledger-lines.js'
import { GITHUB, ROOT } from './platform.js'

const AUDIT_REF = 'https://forgejo.example.org/platform/infisical-action/audit@v1'
const BUNDLE = join(ROOT, 'audit/dist/index.js')

const dirs: string[] = []
const jobs: JobResult[] = []
afterEach(() => {
  for (const r of jobs.splice(0)) cleanupJob(r)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function ledger(lines: (RunSketch | LedgerLineFields | string)[], now = Date.now()): string {
  const { dir, path } = ledgerFile(lines, now)
  dirs.push(dir)
  return path
}

/** The audit as a step of a job on the runner host. */
async function auditStep(withInputs: Record<string, string>): Promise<{ job: JobResult; step: StepResult }> {
  const job = await runJob({
    actionRoot: ROOT,
    github: GITHUB,
    steps: [
      { name: 'Audit the Infisical run ledger', id: 'audit', uses: './audit', usesRef: AUDIT_REF, with: withInputs }
    ]
  })
  jobs.push(job)
  const step = job.steps.find((s) => s.id === 'audit')
  if (!step) throw new Error('no audit step')
  return { job, step }
}

interface CommandRun {
  status: number | null
  stdout: string
  stderr: string
}

/** The audit as a command on the runner host: a clean environment, no INPUT_* variable. */
function command(args: string[]): CommandRun {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' }
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

interface Report {
  verdict: string
  runs: number
  fallbackRuns: number
  failedRuns: number
  soakMet: boolean
  earliestTokenExpiry: string | null
  unreadable: { count: number; first: { line: number; reason: string }[] }
  labels: {
    label: string | null
    runs: number
    bySource: Record<string, number>
    failures: Record<string, number>
    fallbackRuns: number
    soak: { holds: boolean; reason: string | null }
  }[]
  checks: { check: string; ok: boolean; message: string }[]
}

function json(args: string[]): { status: number | null; report: Report } {
  const r = command([...args, '--json'])
  const lines = r.stdout.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  return { status: r.status, report: JSON.parse(lines[0] as string) as Report }
}

function errors(step: StepResult): string[] {
  return step.annotations.filter((a) => a.level === 'error').map((a) => a.message)
}

/** The same audit through both forms: the step's outputs and exit status equal the command's figures and exit status. */
async function bothForms(
  path: string,
  withInputs: Record<string, string> = {}
): Promise<{ step: StepResult; job: JobResult; report: Report; status: number | null }> {
  const { job, step } = await auditStep({ 'ledger-path': path, ...withInputs })
  const args = ['--ledger', path, ...Object.entries(withInputs).flatMap(([k, v]) => [`--${k}`, v])]
  const { status, report } = json(args)
  expect(step.exitCode).toBe(status)
  expect(step.outcome).toBe(status === 0 ? 'success' : 'failure')
  expect(report.verdict).toBe(status === 0 ? 'pass' : 'fail')
  expect(step.outputs).toEqual({
    runs: String(report.runs),
    'fallback-runs': String(report.fallbackRuns),
    'failed-runs': String(report.failedRuns),
    'soak-met': String(report.soakMet),
    'earliest-token-expiry': report.earliestTokenExpiry ?? ''
  })
  // one ::error:: line per failed check, with the same sentence in both forms
  expect(errors(step)).toEqual(report.checks.filter((c) => !c.ok).map((c) => c.message.replace(/:(?=:)/g, ': ')))
  // the plain command prints the same table and failures as the step
  const plain = command(args)
  expect(plain.status).toBe(status)
  const tableOf = (lines: string[]): string[] =>
    lines
      .filter((l) => /^(label|-{5}|\S.* \d+ {2}\S)/.test(l))
      .map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'T'))
  expect(tableOf(plain.stdout.split('\n'))).toEqual(tableOf(step.raw))
  return { step, job, report, status }
}

describe('the audit through the runner harness and as a command', () => {
  test('ok, fallback and failed runs are counted per label', async () => {
    const path = ledger([
      ...threeGood('dashboard'),
      { label: 'dashboard', hoursAgo: 4, kind: 'failed', errorClass: 'permission-denied' },
      { label: 'matrix-well-known', hoursAgo: 5 },
      { label: 'matrix-well-known', hoursAgo: 4, kind: 'fallback' },
      { label: 'matrix-well-known', hoursAgo: 3, kind: 'failed', errorClass: 'network' },
      { label: 'matrix-well-known', hoursAgo: 2, kind: 'command-failed' },
      { label: 'matrix-well-known', hoursAgo: 1 },
      { label: 'dashboard', hoursAgo: 60, kind: 'fallback' }
    ])
    const { step, report, status } = await bothForms(path)
    expect(status).toBe(1)
    expect(step.outputs).toEqual({
      runs: '9',
      'fallback-runs': '1',
      'failed-runs': '3',
      'soak-met': 'false',
      'earliest-token-expiry': report.earliestTokenExpiry
    })
    expect(report.labels.map((l) => [l.label, l.runs, l.bySource, l.failures, l.fallbackRuns, l.soak.holds])).toEqual([
      ['dashboard', 4, { 'infisical-token-auth': 3 }, { 'permission-denied': 1 }, 0, true],
      [
        'matrix-well-known',
        5,
        { 'infisical-token-auth': 3, 'direct-env-fallback': 1 },
        { 'command-failed': 1, network: 1 },
        1,
        false
      ]
    ])
    const rows = step.raw.filter((l) => /^(dashboard|matrix-well-known) /.test(l))
    expect(rows).toEqual([
      expect.stringMatching(
        /^dashboard {9} {4}4 {2}infisical-token-auth 3 +permission-denied 1 +\d{4}-\d\d-\d\d \d\d:\d\d UTC infisical-token-auth +holds \(3\/3\) +\d{4}-\d\d-\d\d \(in 75 days\)$/
      ),
      expect.stringMatching(
        /^matrix-well-known {5}5 {2}infisical-token-auth 3, direct-env-fallback 1 +command-failed 1, network 1 +.* UTC infisical-token-auth +no: a failed run \(network\) and a failed run \(command-failed\) among its last 3 runs +\d{4}/
      )
    ])
    expect(errors(step)).toEqual([
      expect.stringMatching(
        /^max-fallback-runs: 1 fallback run since .* \(48h\) \(matrix-well-known 1\), more than the 0 allowed/
      ),
      expect.stringMatching(/^soak-runs: the soak does not hold for 1 of 2 labels: matrix-well-known \(/)
    ])
    expect(step.raw[step.raw.length - 1]).toBe('audit failed: max-fallback-runs, soak-runs')
  })

  test('the soak holds after three good runs of each label; a fallback among the last three breaks it', async () => {
    const good = [
      ...threeGood('dashboard'),
      ...threeGood('matrix-well-known'),
      { label: 'matrix-well-known', hoursAgo: 30, kind: 'failed' as const }
    ]
    const held = await bothForms(ledger(good), { 'max-fallback-runs': '1' })
    expect(held.status).toBe(0)
    expect(held.step.outputs['soak-met']).toBe('true')
    expect(held.step.annotations).toEqual([])
    expect(held.step.raw[held.step.raw.length - 1]).toBe('audit passed: every check holds')

    const broken = await bothForms(ledger([...good, { label: 'dashboard', hoursAgo: 0.5, kind: 'fallback' }]), {
      'max-fallback-runs': '1'
    })
    expect(broken.status).toBe(1)
    expect(broken.step.outputs).toMatchObject({ 'soak-met': 'false', 'fallback-runs': '1' })
    expect(errors(broken.step)).toEqual([
      'soak-runs: the soak does not hold for 1 of 2 labels: dashboard (a fallback run (env) among its last 3 runs) - it holds once the last 3 runs of a label succeeded through infisical-token-auth, without fallback; keep any fallback until then'
    ])
  })

  test('a token expiring in 10 days fails the audit with its date; its expiry is an output', async () => {
    const now = Date.now()
    const lines = [...threeGood('dashboard', 10), ...threeGood('matrix-well-known', 80)]
    const expiry = ledgerRun(lines[0] as RunSketch, now).tokenExpiresAt as string
    const { step, status, report } = await bothForms(ledger(lines, now))
    expect(status).toBe(1)
    expect(step.outputs['earliest-token-expiry']).toBe(expiry)
    expect(report.earliestTokenExpiry).toBe(expiry)
    expect(errors(step)).toEqual([
      `token-expiry-days: the token of the latest run of dashboard expires on ${expiry.slice(0, 10)} (in 10 days), within 14 days: create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical`
    ])
    // with a shorter notice it passes
    expect((await bothForms(ledger(lines, now), { 'token-expiry-days': '7' })).status).toBe(0)
  })

  test('a ledger with malformed lines still audits the rest and reports the count and the line numbers', async () => {
    const good = ledgerRun({ hoursAgo: 1, label: 'dashboard' })
    const path = ledger([
      ...threeGood('dashboard'),
      '{"schema":1,"createdAt":"2026-05',
      'platformctl apply: done',
      JSON.stringify({ ...good, schema: 2 }),
      '',
      JSON.stringify({ ...good, status: 'done' }),
      ...threeGood('canary')
    ])
    const { step, report, status } = await bothForms(path)
    expect(status).toBe(0)
    expect(step.outputs.runs).toBe('6')
    expect(report.unreadable).toEqual({
      count: 4,
      first: [
        { line: 4, reason: 'not JSON' },
        { line: 5, reason: 'not JSON' },
        { line: 6, reason: 'schema 2, not 1' },
        { line: 8, reason: 'status is not ok or failed' }
      ]
    })
    expect(step.annotations).toEqual([
      {
        level: 'warning',
        message:
          '4 lines of the ledger could not be read and were skipped: line 4 (not JSON), line 5 (not JSON), line 6 (schema 2, not 1), line 8 (status is not ok or failed)',
        properties: {}
      }
    ])
  })

  test('a hostile label is shown on one line and starts no workflow command; the report file is Markdown, 0600', async () => {
    const hostile = ['a\n::set-env name=X::1', '::error::x', '::add-mask::dashboard']
    const path = ledger(hostile.flatMap((label) => threeGood(label)))
    const report = join(path, '..', 'audit.md')
    const { step, job, status } = await bothForms(path, { 'report-file': report })
    expect(status).toBe(0)
    expect(step.envSet).toEqual({})
    expect(job.env.X).toBeUndefined()
    expect(step.annotations).toEqual([])
    expect(job.masks.daemon).not.toContain('dashboard')
    expect(job.log.daemon.filter((l) => l.includes('dashboard'))).not.toEqual([])
    for (const l of step.raw) expect(l).not.toMatch(/^\s*::/)
    expect(step.raw.filter((l) => l.includes('set-env'))).toEqual([expect.stringMatching(/^a\\n::set-env name=X::1 /)])
    const md = readFileSync(report, 'utf8')
    expect(statSync(report).mode & 0o777).toBe(0o600)
    expect(md).toContain('| label | runs | by source | failures by class | last run | soak | token expiry |')
    expect(md).toContain('| a\\\\n::set-env name=X::1 | 3 | infisical-token-auth 3 | - |')
    expect(md.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([])
  })

  test('bad inputs and arguments: exit 2, every problem at once; the command prints its usage', async () => {
    const path = ledger(threeGood('dashboard'))
    const { step } = await auditStep({ 'ledger-path': path, since: 'yesterday', 'soak-runs': 'three' })
    expect(step.exitCode).toBe(2)
    expect(errors(step)).toEqual([
      'the inputs of the audit step are not valid: (1) since "yesterday" is not a period: use <n>h (48h), <n>d (7d) or an ISO 8601 date-time with its zone (2026-05-12T07:44:00Z); (2) soak-runs must be a whole number from 0 to 100 (0: no soak check), got "three" - fix them under with: of the audit step'
    ])
    expect(step.outputs).toEqual({})
    const cmd = command(['--ledger', path, '--since', 'yesterday', '--soak-runs', 'three'])
    expect(cmd.status).toBe(2)
    expect(cmd.stdout).toBe('')
    expect(cmd.stderr).toMatch(
      /^bad arguments: \(1\) --since "yesterday" is not a period: .*; \(2\) --soak-runs must be .*\n\nusage: node audit\/dist\/index.js --ledger FILE/
    )
    for (const args of [[], ['--ledger'], ['--ledger', path, '--bogus'], ['--ledger', path, 'positional']]) {
      const r = command(args)
      expect(`${args.join(' ')}: ${r.status}`).toBe(`${args.join(' ')}: 2`)
      expect(r.stderr).toContain('usage: node audit/dist/index.js')
    }
    const help = command(['--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^usage: node audit\/dist\/index.js --ledger FILE/)
  })

  test('a ledger that cannot be read: exit 2 in both forms, saying why; with --json an object saying so', async () => {
    const missing = join(ledger([]), '..', 'none.jsonl')
    const { step } = await auditStep({ 'ledger-path': missing })
    expect(step.exitCode).toBe(2)
    expect(errors(step)).toEqual([
      `the ledger ${missing} does not exist: the fetch steps create it on their first run with ledger-path; check that this path is the one they are given, on this runner host`
    ])
    const r = command(['--ledger', missing, '--json'])
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({
      schema: 1,
      verdict: 'error',
      error: expect.stringContaining('does not exist')
    })
    const folder = command(['--ledger', join(missing, '..')])
    expect(folder.status).toBe(2)
    expect(folder.stdout).toMatch(/^::error::the ledger .* is a folder, not a regular file\n$/)
  })

  test('an empty ledger: no runs, the soak cannot hold', async () => {
    const { step, status } = await bothForms(ledger([]))
    expect(status).toBe(1)
    expect(step.outputs).toEqual({
      runs: '0',
      'fallback-runs': '0',
      'failed-runs': '0',
      'soak-met': 'false',
      'earliest-token-expiry': ''
    })
    expect(errors(step)).toEqual([expect.stringMatching(/^soak-runs: no run in the ledger since /)])
    expect((await bothForms(ledger([]), { 'soak-runs': '0' })).status).toBe(0)
  })
})
