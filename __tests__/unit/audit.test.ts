/**
 * The audit action's pure modules: its inputs and arguments, the period, a ledger line, the
 * tally, each check, the table, the Markdown and the JSON; the streaming reader on files; and a
 * hostile label printed through the repo's printing rules.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AUDIT_DEFAULTS,
  AUDIT_INPUT_NAMES,
  isActionForm,
  parseAuditInputs,
  parseSince,
  readAuditInputs,
  type AuditRawInputs
} from '../../src/audit/options.js'
import { FLAGS, USAGE, commandNames, parseCommandLine } from '../../src/audit/command.js'
import { parseLedgerLine, type LedgerRun } from '../../src/audit/ledger-line.js'
import { Tally, UNREADABLE_KEPT, insertRecent, outcomeOf, type RecentRun } from '../../src/audit/tally.js'
import { decide, soakOf, tokenOf, type AuditResult } from '../../src/audit/checks.js'
import {
  COLUMNS,
  failureLines,
  jsonReport,
  markdownReport,
  rows,
  textTable,
  unreadableText,
  verdictLine
} from '../../src/audit/report.js'
import { LineSplitter, MAX_LINE_BYTES, readLedger } from '../../src/audit/read-ledger.js'
import { fromNow, labelText, markdownCell } from '../../src/audit/text.js'
import * as runner from '../../src/workflow-commands.js'
import { ledgerRun, ledgerText, threeGood, type LedgerLineFields, type RunSketch } from '../ledger-lines.js'
import { captureStdout } from './capture-stdout.js'

const NOW = new Date('2026-05-14T07:44:00.000Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR

function raw(over: Partial<AuditRawInputs> = {}): AuditRawInputs {
  return { ...AUDIT_DEFAULTS, 'ledger-path': '/var/lib/forgejo-deploy-runner/infisical-ledger.jsonl', ...over }
}

/** The audit of these lines, as main.ts makes it but without the file. */
function auditOf(lines: (RunSketch | LedgerLineFields | string)[], over: Partial<AuditRawInputs> = {}): AuditResult {
  const { options, problems } = parseAuditInputs(raw(over), NOW)
  expect(problems).toEqual([])
  const tally = new Tally(options.since.getTime(), options.soakRuns, options.expectSources)
  const text = ledgerText(lines, NOW.getTime())
  text
    .slice(0, -1)
    .split('\n')
    .forEach((t, i) => tally.addLine(i + 1, t))
  return decide(tally, options, NOW)
}

function check(result: AuditResult, name: string) {
  const c = result.checks.find((x) => x.check === name)
  if (!c) throw new Error(`no check ${name}`)
  return c
}

function run(over: Partial<LedgerRun> = {}): LedgerRun {
  return {
    time: NOW.getTime() - HOUR,
    status: 'ok',
    source: 'infisical-token-auth',
    label: 'dashboard',
    errorClass: null,
    tokenExpiresAt: null,
    fallback: null,
    ...over
  }
}

describe('audit inputs', () => {
  test('read from the runner as INPUT_*, trimmed; the form told by INPUT_LEDGER-PATH', () => {
    const env = { 'INPUT_LEDGER-PATH': ' /l.jsonl \n', INPUT_SINCE: '7d', 'INPUT_SOAK-RUNS': '' }
    expect(readAuditInputs(env)).toEqual({
      'ledger-path': '/l.jsonl',
      since: '7d',
      'expect-source': '',
      'soak-runs': '',
      'max-fallback-runs': '',
      'token-expiry-days': '',
      'report-file': ''
    })
    expect(isActionForm(env)).toBe(true)
    expect(isActionForm({ 'INPUT_LEDGER-PATH': '' })).toBe(true)
    expect(isActionForm({ PATH: '/bin' })).toBe(false)
    expect(Object.keys(FLAGS)).toEqual([...AUDIT_INPUT_NAMES])
  })

  test('defaults: those of audit/action.yml, also for an input given as empty', () => {
    const { options, problems } = parseAuditInputs(
      { ...raw(), since: '', 'expect-source': '', 'soak-runs': '', 'max-fallback-runs': '', 'token-expiry-days': '' },
      NOW
    )
    expect(problems).toEqual([])
    expect(options).toEqual({
      ledgerPath: '/var/lib/forgejo-deploy-runner/infisical-ledger.jsonl',
      since: new Date(NOW.getTime() - 48 * HOUR),
      sinceText: '48h',
      expectSources: ['infisical-token-auth'],
      soakRuns: 3,
      maxFallbackRuns: 0,
      tokenExpiryDays: 14,
      reportFile: ''
    })
  })

  test('the period: <n>h, <n>d, an ISO 8601 date-time with its zone', () => {
    expect(parseSince('48h', NOW)).toEqual({ since: new Date('2026-05-12T07:44:00.000Z') })
    expect(parseSince('7d', NOW)).toEqual({ since: new Date('2026-05-07T07:44:00.000Z') })
    expect(parseSince('2026-05-12T00:00:00Z', NOW)).toEqual({ since: new Date('2026-05-12T00:00:00.000Z') })
    expect(parseSince('2026-05-12T02:00+02:00', NOW)).toEqual({ since: new Date('2026-05-12T00:00:00.000Z') })
    expect(parseSince('2026-05-12T00:00:00.5z', NOW)).toEqual({ since: new Date('2026-05-12T00:00:00.500Z') })
  })

  test.each([
    ['2026-05-12', 'has no time zone'],
    ['2026-05-12T00:00:00', 'has no time zone'],
    ['2026-05-15T00:00:00Z', 'is in the future'],
    ['2026-13-40T00:00:00Z', 'is not a valid date-time'],
    ['0h', 'out of range'],
    ['3651d', 'out of range'],
    ['48 h', 'is not a period'],
    ['2 days', 'is not a period'],
    ['-5h', 'is not a period'],
    ['', 'is not a period']
  ])('since %j is refused: %s', (since, why) => {
    const r = parseSince(since, NOW)
    expect('problem' in r && r.problem).toContain(why)
  })

  test('every problem at once, named as the action names its inputs, or as the command its options', () => {
    const bad = raw({
      'ledger-path': '',
      since: 'yesterday',
      'expect-source': 'infisical-token-auth, vault',
      'soak-runs': 'three',
      'max-fallback-runs': '-1',
      'token-expiry-days': '99999'
    })
    const { problems } = parseAuditInputs(bad, NOW)
    expect(problems).toEqual([
      'ledger-path is required: the file the fetch steps append to with their ledger-path input',
      'since "yesterday" is not a period: use <n>h (48h), <n>d (7d) or an ISO 8601 date-time with its zone (2026-05-12T07:44:00Z)',
      'expect-source "vault" is not a source: use infisical-token-auth, infisical-universal-auth, infisical-oidc-auth, direct-env-fallback (comma-separated)',
      'soak-runs must be a whole number from 0 to 100 (0: no soak check), got "three"',
      'max-fallback-runs must be a whole number from 0 to 1000000 (fallback runs allowed in the period), got "-1"',
      'token-expiry-days must be a whole number from 0 to 3650 (0: only an expired token fails), got "99999"'
    ])
    const named = parseAuditInputs(bad, NOW, commandNames).problems
    expect(named[0]).toMatch(/^--ledger is required/)
    expect(named[1]).toMatch(/^--since "yesterday"/)
    expect(named[3]).toMatch(/^--soak-runs must/)
  })

  test('expect-source: a list, comma- or line-separated, repeats once', () => {
    expect(
      parseAuditInputs(raw({ 'expect-source': 'infisical-oidc-auth,\ninfisical-token-auth' }), NOW).options
        .expectSources
    ).toEqual(['infisical-oidc-auth', 'infisical-token-auth'])
  })

  test('a hostile input value is shown on one line, never as a command', () => {
    const { problems } = parseAuditInputs(raw({ since: '::error::x\nnext' }), NOW)
    expect(problems[0]).toBe(
      'since "\\u003a:error::x next" is not a period: use <n>h (48h), <n>d (7d) or an ISO 8601 date-time with its zone (2026-05-12T07:44:00Z)'
    )
  })
})

describe('the command line', () => {
  test('options → the same inputs as the action', () => {
    expect(
      parseCommandLine([
        '--ledger',
        '/l.jsonl',
        '--since=7d',
        '--expect-source',
        'infisical-oidc-auth',
        '--soak-runs',
        '5',
        '--max-fallback-runs',
        '1',
        '--token-expiry-days',
        '30',
        '--report-file',
        '/r.md',
        '--json'
      ])
    ).toEqual({
      raw: {
        'ledger-path': '/l.jsonl',
        since: '7d',
        'expect-source': 'infisical-oidc-auth',
        'soak-runs': '5',
        'max-fallback-runs': '1',
        'token-expiry-days': '30',
        'report-file': '/r.md'
      },
      json: true
    })
    expect(parseCommandLine(['--ledger', '/l.jsonl'])).toEqual({
      raw: {
        ...AUDIT_DEFAULTS,
        'ledger-path': '/l.jsonl',
        since: '',
        'expect-source': '',
        'soak-runs': '',
        'max-fallback-runs': '',
        'token-expiry-days': ''
      },
      json: false
    })
  })

  test('--help and -h; unknown options, a missing value and positionals are problems', () => {
    expect(parseCommandLine(['--help'])).toEqual({ help: true })
    expect(parseCommandLine(['-h', '--bogus'])).toMatchObject({ problem: expect.stringContaining('--bogus') })
    expect(parseCommandLine(['--ledger'])).toMatchObject({
      problem: expect.stringContaining("'--ledger <value>' argument missing")
    })
    expect(parseCommandLine(['--ledger', '/l', 'extra'])).toMatchObject({ problem: expect.stringContaining('extra') })
    expect(parseCommandLine(['--json=yes', '--ledger', '/l'])).toMatchObject({
      problem: expect.stringContaining('--json')
    })
  })

  test('the usage names every option and the exit statuses', () => {
    for (const flag of [...Object.values(FLAGS), 'json', 'help']) expect(USAGE).toContain(`--${flag}`)
    expect(USAGE).toContain('Exit status: 0 every check holds, 1 a check failed, 2 bad arguments')
    for (const line of USAGE.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
  })
})

describe('a ledger line', () => {
  const good = ledgerRun({ hoursAgo: 1, label: 'dashboard', tokenDays: 10 }, NOW.getTime())

  test('a schema-1 line → what the audit keeps; fields it does not know are ignored', () => {
    expect(parseLedgerLine(JSON.stringify({ ...good, later: { field: true } }))).toEqual({
      run: {
        time: NOW.getTime() - HOUR,
        status: 'ok',
        source: 'infisical-token-auth',
        label: 'dashboard',
        errorClass: null,
        tokenExpiresAt: NOW.getTime() + 10 * DAY,
        fallback: null
      }
    })
    const failed = ledgerRun(
      { hoursAgo: 2, kind: 'failed', errorClass: 'permission-denied', label: null, tokenDays: null },
      NOW.getTime()
    )
    expect(parseLedgerLine(JSON.stringify(failed))).toEqual({
      run: expect.objectContaining({
        status: 'failed',
        source: null,
        errorClass: 'permission-denied',
        label: null,
        tokenExpiresAt: null
      })
    })
    const fallback = ledgerRun({ hoursAgo: 2, kind: 'fallback', fallbackKind: 'env-file' }, NOW.getTime())
    expect(parseLedgerLine(JSON.stringify(fallback))).toEqual({
      run: expect.objectContaining({ source: 'direct-env-fallback', fallback: 'env-file' })
    })
  })

  test('blank lines are skipped', () => {
    expect(parseLedgerLine('')).toEqual({ blank: true })
    expect(parseLedgerLine('  \t')).toEqual({ blank: true })
  })

  test.each([
    ['{"schema":1,', 'not JSON'],
    ['platformctl apply: done', 'not JSON'],
    ['[1,2]', 'an array, not a JSON object'],
    ['"text"', 'a string, not a JSON object'],
    ['null', 'null, not a JSON object'],
    [JSON.stringify({ ...good, schema: 2 }), 'schema 2, not 1'],
    [JSON.stringify({ ...good, schema: '1' }), 'no "schema": 1'],
    [JSON.stringify({ createdAt: good.createdAt }), 'no "schema": 1'],
    [JSON.stringify({ ...good, createdAt: 1747208640000 }), 'createdAt is not an ISO 8601 date-time'],
    [JSON.stringify({ ...good, createdAt: '2026-05-14 07:44' }), 'createdAt is not an ISO 8601 date-time'],
    [JSON.stringify({ ...good, status: 'OK' }), 'status is not ok or failed'],
    [JSON.stringify({ ...good, source: 'infisical token' }), 'source is not a word or null'],
    [JSON.stringify({ ...good, source: '::error::x' }), 'source is not a word or null'],
    [JSON.stringify({ ...good, label: 42 }), 'label is not a text or null'],
    [JSON.stringify({ ...good, errorClass: ['network'] }), 'errorClass is not a word or null'],
    [JSON.stringify({ ...good, tokenExpiresAt: 'soon' }), 'tokenExpiresAt is not an ISO 8601 date-time or null'],
    [JSON.stringify({ ...good, fallback: { kind: 'env' } }), 'fallback is not a word or null'],
    [JSON.stringify({ ...good, fallback: undefined }), 'fallback is not a word or null'],
    [JSON.stringify({ ...good, status: 1, label: [] }), 'status is not ok or failed, label is not a text or null']
  ])('%s: %s', (line, reason) => {
    expect(parseLedgerLine(line)).toEqual({ problem: reason })
  })
})

describe('reading lines', () => {
  function split(chunks: (string | Buffer)[], maxLine?: number): [number, string | null][] {
    const got: [number, string | null][] = []
    const s = new LineSplitter((n, t) => got.push([n, t]), maxLine)
    for (const c of chunks) s.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
    s.end()
    return got
  }

  test('lines across chunks, CRLF, blank lines numbered, a last line without its line end', () => {
    expect(split(['ab', 'c\nd\r', '\n\n', 'e\r\nf'])).toEqual([
      [1, 'abc'],
      [2, 'd'],
      [3, ''],
      [4, 'e'],
      [5, 'f']
    ])
    expect(split(['a\n'])).toEqual([[1, 'a']])
    expect(split([])).toEqual([])
  })

  test('a character of several bytes cut between two chunks is read whole', () => {
    const bytes = Buffer.from('{"label":"ünïcødé ✓"}\n')
    for (let at = 1; at < bytes.length - 1; at++)
      expect(split([bytes.subarray(0, at), bytes.subarray(at)])).toEqual([[1, '{"label":"ünïcødé ✓"}']])
  })

  test('a line longer than the limit is handed over as null, in one chunk or many; the next line is read', () => {
    expect(split(['x'.repeat(11) + '\nok\n'], 10)).toEqual([
      [1, null],
      [2, 'ok']
    ])
    expect(split(['x'.repeat(10) + '\r\nok'], 10)).toEqual([
      [1, 'x'.repeat(10)],
      [2, 'ok']
    ])
    expect(split(['xxxx', 'xxxx', 'xxxx', 'x\nok\n'], 10)).toEqual([
      [1, null],
      [2, 'ok']
    ])
    expect(split(['xxxx', 'xxxxxx', '\n'], 10)).toEqual([[1, 'x'.repeat(10)]])
    expect(split(['xxxx', 'xxxxxxxxxxxxxxxx'], 10)).toEqual([[1, null]])
    expect(MAX_LINE_BYTES).toBe(65536)
  })

  test('the ledger file: read as a stream; missing, a folder and a FIFO are problems, at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-read-'))
    try {
      const path = join(dir, 'ledger.jsonl')
      const big = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'y'.repeat(80)}`)
      writeFileSync(path, big.join('\n') + '\n')
      const got: string[] = []
      expect(await readLedger(path, (n, t) => got.push(`${n}:${t?.slice(0, 12) ?? 'null'}`))).toEqual({
        bytes: big.join('\n').length + 1
      })
      expect(got).toHaveLength(30_000)
      expect(got[29_999]).toBe('30000:line 29999 y')
      expect(await readLedger(join(dir, 'none'), () => undefined)).toEqual({
        problem: { kind: 'open', code: 'ENOENT' }
      })
      mkdirSync(join(dir, 'folder'))
      expect(await readLedger(join(dir, 'folder'), () => undefined)).toEqual({
        problem: { kind: 'not-regular', what: 'a folder' }
      })
      execFileSync('mkfifo', [join(dir, 'fifo')])
      expect(await readLedger(join(dir, 'fifo'), () => undefined)).toEqual({
        problem: { kind: 'not-regular', what: 'a FIFO (named pipe)' }
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the tally', () => {
  test('how a run counts: a failure by its class, command-failed too; a fallback; a source not expected', () => {
    const expect1 = ['infisical-token-auth'] as const
    expect(outcomeOf(run(), expect1)).toEqual({ failure: null, fallback: false, good: true, why: '' })
    expect(outcomeOf(run({ status: 'failed', source: null, errorClass: 'network' }), expect1)).toEqual({
      failure: 'network',
      fallback: false,
      good: false,
      why: 'a failed run (network)'
    })
    expect(outcomeOf(run({ status: 'failed', source: null }), expect1)).toMatchObject({ failure: 'unknown' })
    // status ok, errorClass command-failed: the secrets were read, the run command (and the step) failed
    expect(outcomeOf(run({ errorClass: 'command-failed' }), expect1)).toEqual({
      failure: 'command-failed',
      fallback: false,
      good: false,
      why: 'a failed run (command-failed)'
    })
    expect(outcomeOf(run({ source: 'direct-env-fallback', fallback: 'env' }), expect1)).toEqual({
      failure: null,
      fallback: true,
      good: false,
      why: 'a fallback run (env)'
    })
    expect(outcomeOf(run({ source: 'direct-env-fallback' }), expect1)).toMatchObject({ fallback: true, good: false })
    expect(outcomeOf(run({ source: 'infisical-universal-auth' }), expect1)).toEqual({
      failure: null,
      fallback: false,
      good: false,
      why: 'a run through infisical-universal-auth'
    })
    expect(
      outcomeOf(run({ source: 'infisical-universal-auth' }), ['infisical-token-auth', 'infisical-universal-auth'])
    ).toMatchObject({ good: true })
  })

  test('the last runs, oldest first, by createdAt then line, whatever order they were appended in', () => {
    const recent: RecentRun[] = []
    const r = (time: number, line: number): RecentRun => ({ time, line, good: true, why: '' })
    for (const [t, l] of [
      [5, 1],
      [3, 2],
      [9, 3],
      [7, 4],
      [9, 5],
      [1, 6]
    ] as const)
      insertRecent(recent, r(t, l), 3)
    expect(recent.map((x) => `${x.time}@${x.line}`)).toEqual(['7@4', '9@3', '9@5'])
  })

  test('per label: runs by source, failures by class, fallback runs, the latest run; runs before the period not counted', () => {
    const t = new Tally(NOW.getTime() - 48 * HOUR, 3, ['infisical-token-auth'])
    const lines = ledgerText(
      [
        { hoursAgo: 50 },
        { hoursAgo: 5 },
        { hoursAgo: 1, kind: 'failed', errorClass: 'timeout' },
        { hoursAgo: 3, kind: 'fallback' },
        { hoursAgo: 2, kind: 'command-failed' },
        { hoursAgo: 4, label: 'canary', kind: 'universal' }
      ],
      NOW.getTime()
    )
      .trimEnd()
      .split('\n')
    lines.forEach((l, i) => t.addLine(i + 1, l))
    t.addLine(lines.length + 1, null)
    expect(t.lines).toBe(7)
    expect(t.beforePeriod).toBe(1)
    expect(t.unreadable).toBe(1)
    expect(t.unreadableLines).toEqual([{ line: 7, reason: 'longer than a ledger line can be' }])
    const d = t.labels.get('dashboard')
    expect(d).toMatchObject({ runs: 4, failedRuns: 2, fallbackRuns: 1, lastLine: 3 })
    expect(Object.fromEntries(d?.bySource ?? [])).toEqual({ 'infisical-token-auth': 2, 'direct-env-fallback': 1 })
    expect(Object.fromEntries(d?.failures ?? [])).toEqual({ timeout: 1, 'command-failed': 1 })
    expect(d?.recent.map((x) => x.why)).toEqual([
      'a fallback run (env)',
      'a failed run (command-failed)',
      'a failed run (timeout)'
    ])
    expect(t.labels.get('canary')).toMatchObject({ runs: 1 })
  })

  test('unreadable lines: all counted, the first ones kept with their number', () => {
    const t = new Tally(0, 3, ['infisical-token-auth'])
    for (let i = 1; i <= 25; i++) t.addLine(i, `garbage ${i}`)
    expect(t.unreadable).toBe(25)
    expect(t.unreadableLines).toHaveLength(UNREADABLE_KEPT)
    expect(t.unreadableLines[0]).toEqual({ line: 1, reason: 'not JSON' })
  })
})

describe('the checks', () => {
  test('the soak holds after three good runs of a label, not after a fallback among the last three, again after three more', () => {
    const holds = auditOf(threeGood('dashboard'))
    expect(holds.labels[0]?.soak).toEqual({ holds: true, counted: 3, needed: 3, reason: null })
    expect(holds.soakMet).toBe(true)
    expect(check(holds, 'soak-runs')).toEqual({
      check: 'soak-runs',
      ok: true,
      message:
        'soak-runs: the soak holds for every label (1): the last 3 runs of each succeeded through infisical-token-auth, without fallback'
    })

    const broken = auditOf([{ hoursAgo: 4 }, { hoursAgo: 3 }, { hoursAgo: 2, kind: 'fallback' }, { hoursAgo: 1 }])
    expect(broken.labels[0]?.soak).toEqual({
      holds: false,
      counted: 3,
      needed: 3,
      reason: 'a fallback run (env) among its last 3 runs'
    })
    expect(broken.soakMet).toBe(false)
    expect(check(broken, 'soak-runs')).toEqual({
      check: 'soak-runs',
      ok: false,
      message:
        'soak-runs: the soak does not hold for 1 of 1 label: dashboard (a fallback run (env) among its last 3 runs) - it holds once the last 3 runs of a label succeeded through infisical-token-auth, without fallback; keep any fallback until then'
    })
    // the fallback is older than the last three runs: the soak holds (the fallback check still counts it)
    const again = auditOf([{ hoursAgo: 5, kind: 'fallback' }, ...threeGood('dashboard')])
    expect(again.labels[0]?.soak.holds).toBe(true)
    expect(check(again, 'max-fallback-runs').ok).toBe(false)
  })

  test('the soak: too few runs, a failed run, command-failed, another source; per label; soak-runs 0 switches it off', () => {
    const r = auditOf([
      { label: 'matrix-well-known', hoursAgo: 2 },
      { label: 'matrix-well-known', hoursAgo: 1 },
      ...threeGood('dashboard'),
      { label: 'forgejo', hoursAgo: 3 },
      { label: 'forgejo', hoursAgo: 2, kind: 'failed', errorClass: 'permission-denied' },
      { label: 'forgejo', hoursAgo: 1, kind: 'command-failed' },
      ...[3, 2, 1].map((h) => ({ label: 'grafana', hoursAgo: h, kind: 'universal' as const }))
    ])
    expect(r.labels.map((l) => [l.label, l.soak.holds, l.soak.reason])).toEqual([
      ['dashboard', true, null],
      ['forgejo', false, 'a failed run (permission-denied) and a failed run (command-failed) among its last 3 runs'],
      ['grafana', false, 'a run through infisical-universal-auth among its last 3 runs'],
      ['matrix-well-known', false, 'only 2 runs in the period, 3 needed']
    ])
    expect(check(r, 'soak-runs').message).toMatch(
      /^soak-runs: the soak does not hold for 3 of 4 labels: forgejo \(.*\); grafana \(.*\); matrix-well-known \(only 2 runs in the period, 3 needed\) - /
    )
    expect(
      auditOf(
        threeGood('grafana').map((s) => ({ ...s, kind: 'universal' as const })),
        { 'expect-source': 'infisical-universal-auth' }
      ).soakMet
    ).toBe(true)
    const off = auditOf([{ hoursAgo: 1, kind: 'fallback' }], { 'soak-runs': '0', 'max-fallback-runs': '1' })
    expect(off.labels[0]?.soak).toEqual({ holds: true, counted: 0, needed: 0, reason: null })
    expect(off.soakMet).toBe(true)
    expect(off.passed).toBe(true)
    expect(soakOf({ runs: 1, recent: [] }, 1)).toMatchObject({ holds: true })
  })

  test('no run in the period: the soak cannot hold; the other checks pass', () => {
    const r = auditOf([{ hoursAgo: 100 }, { hoursAgo: 60, kind: 'fallback' }])
    expect(r.runs).toBe(0)
    expect(r.beforePeriod).toBe(2)
    expect(r.soakMet).toBe(false)
    expect(r.checks.map((c) => [c.check, c.ok])).toEqual([
      ['max-fallback-runs', true],
      ['soak-runs', false],
      ['token-expiry-days', true]
    ])
    expect(check(r, 'soak-runs').message).toBe(
      'soak-runs: no run in the ledger since 2026-05-12 07:44 UTC (48h): the soak cannot hold without runs; check that the fetch steps are given this ledger-path, or widen since'
    )
    expect(auditOf([{ hoursAgo: 60, kind: 'fallback' }], { since: '3d' }).fallbackRuns).toBe(1)
  })

  test('max-fallback-runs: more than allowed fails, naming the labels', () => {
    const lines: RunSketch[] = [
      { label: 'dashboard', hoursAgo: 3, kind: 'fallback' },
      { label: 'canary', hoursAgo: 2, kind: 'fallback', fallbackKind: 'env-file' },
      { label: 'dashboard', hoursAgo: 1, kind: 'fallback' }
    ]
    const r = auditOf(lines)
    expect(r.fallbackRuns).toBe(3)
    expect(check(r, 'max-fallback-runs')).toEqual({
      check: 'max-fallback-runs',
      ok: false,
      message:
        'max-fallback-runs: 3 fallback runs since 2026-05-12 07:44 UTC (48h) (canary 1, dashboard 2), more than the 0 allowed: the secrets of those runs did not come from Infisical; fix the Infisical failure named in their warning'
    })
    expect(check(auditOf(lines, { 'max-fallback-runs': '3' }), 'max-fallback-runs')).toEqual({
      check: 'max-fallback-runs',
      ok: true,
      message: 'max-fallback-runs: 3 fallback runs since 2026-05-12 07:44 UTC (48h), at most 3 allowed'
    })
    expect(
      check(auditOf([{ hoursAgo: 1, kind: 'fallback' }], { since: '2026-05-14T00:00:00Z' }), 'max-fallback-runs')
        .message
    ).toContain(
      '1 fallback run since 2026-05-14 00:00 UTC (dashboard 1), more than the 0 allowed: the secrets of that run'
    )
  })

  test('token-expiry-days: the latest run of a label with a token expiring in 10 days fails, naming the label and the date', () => {
    const r = auditOf(threeGood('dashboard', 10))
    expect(r.labels[0]?.token).toEqual({ expiresAt: NOW.getTime() + 10 * DAY, soon: true })
    expect(r.earliestTokenExpiry).toBe(NOW.getTime() + 10 * DAY)
    expect(check(r, 'token-expiry-days')).toEqual({
      check: 'token-expiry-days',
      ok: false,
      message:
        'token-expiry-days: the token of the latest run of dashboard expires on 2026-05-24 (in 10 days), within 14 days: create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical'
    })
    expect(r.passed).toBe(false)
    expect(check(auditOf(threeGood('dashboard', 10), { 'token-expiry-days': '7' }), 'token-expiry-days')).toEqual({
      check: 'token-expiry-days',
      ok: true,
      message:
        "token-expiry-days: no token of a label's latest run expires within 7 days (the earliest, 2026-05-24, is further)"
    })
  })

  test('token-expiry-days: only the latest run of each label counts (a new token installed); expired; none; 0 days', () => {
    // the older runs used a token about to expire; the latest one a new token
    const rotated = auditOf([
      { hoursAgo: 3, tokenDays: 2 },
      { hoursAgo: 2, tokenDays: 2 },
      { hoursAgo: 1, tokenDays: 90 }
    ])
    expect(check(rotated, 'token-expiry-days').ok).toBe(true)
    const expired = auditOf([...threeGood('canary', -4), ...threeGood('dashboard', 5)])
    expect(check(expired, 'token-expiry-days').message).toBe(
      'token-expiry-days: the tokens of the latest runs of 2 labels expire within 14 days (canary: expired on 2026-05-10 (4 days ago); dashboard: expires on 2026-05-19 (in 5 days)): create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical'
    )
    expect(expired.earliestTokenExpiry).toBe(NOW.getTime() - 4 * DAY)
    const none = auditOf(threeGood('dashboard', null))
    expect(none.earliestTokenExpiry).toBeNull()
    expect(check(none, 'token-expiry-days')).toMatchObject({
      ok: true,
      message:
        "token-expiry-days: no token of a label's latest run expires within 14 days (no latest run shows a token expiry)"
    })
    const zero = auditOf([...threeGood('canary', -4), ...threeGood('dashboard', 1)], { 'token-expiry-days': '0' })
    expect(check(zero, 'token-expiry-days').message).toMatch(
      /^token-expiry-days: the token of the latest run of canary expired on 2026-05-10 \(4 days ago\): create/
    )
    expect(tokenOf({ last: run({ tokenExpiresAt: NOW.getTime() + 14 * DAY }) }, 14, NOW.getTime()).soon).toBe(true)
    expect(tokenOf({ last: run({ tokenExpiresAt: NOW.getTime() + 14 * DAY + 1 }) }, 14, NOW.getTime()).soon).toBe(false)
  })

  test('a sentence names at most 20 labels; the table lists them all', () => {
    const labels = Array.from({ length: 25 }, (_, i) => `module-${String(i).padStart(2, '0')}`)
    const r = auditOf(labels.map((label) => ({ label, hoursAgo: 1, kind: 'fallback' as const, tokenDays: 3 })))
    expect(r.checks.map((c) => c.check)).toEqual(['max-fallback-runs', 'soak-runs', 'token-expiry-days'])
    for (const c of r.checks) {
      expect(c.message).toContain('module-19')
      expect(c.message).not.toContain('module-20')
      expect(c.message).toMatch(/[;,] and 5 more labels/)
    }
    expect(rows(r)).toHaveLength(25)
  })

  test('the verdict and the totals', () => {
    const r = auditOf([
      ...threeGood('dashboard'),
      ...threeGood('matrix-well-known'),
      { label: 'canary', hoursAgo: 9, kind: 'failed', errorClass: 'network' },
      ...threeGood('canary')
    ])
    expect([r.runs, r.fallbackRuns, r.failedRuns, r.soakMet, r.passed]).toEqual([10, 0, 1, true, true])
    expect(verdictLine(r)).toBe('audit passed: every check holds')
    expect(failureLines(r)).toEqual([])
    const bad = auditOf([{ hoursAgo: 1, kind: 'fallback', tokenDays: 3 }])
    expect(verdictLine(bad)).toBe('audit failed: max-fallback-runs, soak-runs, token-expiry-days')
    expect(failureLines(bad)).toHaveLength(3)
  })
})

describe('the report', () => {
  const lines: (RunSketch | string)[] = [
    ...threeGood('matrix-well-known'),
    { label: 'dashboard', hoursAgo: 5 },
    { label: 'dashboard', hoursAgo: 4, kind: 'failed', errorClass: 'permission-denied' },
    { label: 'dashboard', hoursAgo: 3, kind: 'fallback' },
    { label: 'dashboard', hoursAgo: 2, kind: 'command-failed' },
    'not json',
    { label: null, hoursAgo: 1, tokenDays: 10 }
  ]

  test('the table: one row per label, (no label) last, columns aligned', () => {
    const r = auditOf(lines)
    expect(rows(r)).toEqual([
      [
        'dashboard',
        '4',
        'infisical-token-auth 2, direct-env-fallback 1',
        'command-failed 1, permission-denied 1',
        '2026-05-14 05:44 UTC failed (command-failed)',
        'no: a failed run (permission-denied), a fallback run (env) and a failed run (command-failed) among its last 3 runs',
        '2026-07-28 (in 75 days)'
      ],
      [
        'matrix-well-known',
        '3',
        'infisical-token-auth 3',
        '-',
        '2026-05-14 06:44 UTC infisical-token-auth',
        'holds (3/3)',
        '2026-07-28 (in 75 days)'
      ],
      [
        '(no label)',
        '1',
        'infisical-token-auth 1',
        '-',
        '2026-05-14 06:44 UTC infisical-token-auth',
        'no: only 1 run in the period, 3 needed',
        '2026-05-24 (in 10 days) !'
      ]
    ])
    const table = textTable(r)
    expect(table[0]).toMatch(/^label +runs {2}by source +failures by class +last run +soak +token expiry$/)
    expect(table[1]).toMatch(/^-{17} {2}-{4} {2}-+ {2}-+ {2}-+ {2}-+ {2}-+$/)
    expect(table).toHaveLength(5)
    // every column starts at the same place on every line
    const at = COLUMNS.slice(1).map((c) => table[0]?.indexOf(c) ?? -1)
    for (const row of table.slice(2)) {
      for (const [i, col] of at.entries()) {
        if (i === 0) continue // runs: right-aligned under its header
        expect(row[col - 1]).toBe(' ')
        expect(row[col]).not.toBe(' ')
      }
    }
    expect(textTable(auditOf([]))).toEqual([
      expect.stringMatching(/^label/),
      expect.stringMatching(/^-+ /),
      '(no run in the ledger since 2026-05-12 07:44 UTC (48h))'
    ])
  })

  test('unreadable lines: counted and named by number', () => {
    const r = auditOf(lines)
    expect(r.unreadable).toBe(1)
    expect(unreadableText(r)).toBe('1 line of the ledger could not be read and was skipped: line 8 (not JSON)')
    const many = auditOf(Array.from({ length: 12 }, (_, i) => `bad ${i}`))
    expect(unreadableText(many)).toBe(
      '12 lines of the ledger could not be read and were skipped: line 1 (not JSON), line 2 (not JSON), line 3 (not JSON), line 4 (not JSON), line 5 (not JSON), line 6 (not JSON), line 7 (not JSON), line 8 (not JSON), line 9 (not JSON), line 10 (not JSON), and 2 more'
    )
    expect(unreadableText(auditOf([]))).toBeNull()
  })

  test('the JSON: the per-label figures, the unreadable lines, the checks and the verdict', () => {
    const json = jsonReport(auditOf(lines), '/l.jsonl')
    expect(Object.keys(json)).toEqual([
      'schema',
      'ledger',
      'now',
      'since',
      'options',
      'lines',
      'beforePeriod',
      'unreadable',
      'runs',
      'fallbackRuns',
      'failedRuns',
      'soakMet',
      'earliestTokenExpiry',
      'labels',
      'checks',
      'verdict'
    ])
    expect(json).toMatchObject({
      schema: 1,
      ledger: '/l.jsonl',
      now: '2026-05-14T07:44:00.000Z',
      since: '2026-05-12T07:44:00.000Z',
      options: {
        since: '48h',
        expectSource: ['infisical-token-auth'],
        soakRuns: 3,
        maxFallbackRuns: 0,
        tokenExpiryDays: 14
      },
      lines: 9,
      beforePeriod: 0,
      unreadable: { count: 1, first: [{ line: 8, reason: 'not JSON' }] },
      runs: 8,
      fallbackRuns: 1,
      failedRuns: 2,
      soakMet: false,
      earliestTokenExpiry: '2026-05-24T07:44:00.000Z',
      verdict: 'fail'
    })
    expect((json.labels as unknown[])[0]).toEqual({
      label: 'dashboard',
      runs: 4,
      bySource: { 'infisical-token-auth': 2, 'direct-env-fallback': 1 },
      failures: { 'command-failed': 1, 'permission-denied': 1 },
      failedRuns: 2,
      fallbackRuns: 1,
      lastRun: {
        createdAt: '2026-05-14T05:44:00.000Z',
        status: 'ok',
        source: 'infisical-token-auth',
        errorClass: 'command-failed',
        fallback: null
      },
      soak: {
        holds: false,
        runs: 3,
        needed: 3,
        reason:
          'a failed run (permission-denied), a fallback run (env) and a failed run (command-failed) among its last 3 runs'
      },
      tokenExpiresAt: '2026-07-28T07:44:00.000Z',
      tokenExpiresSoon: false
    })
    expect((json.labels as { label: unknown }[])[2]?.label).toBeNull()
    expect((json.checks as { check: string; ok: boolean }[]).map((c) => [c.check, c.ok])).toEqual([
      ['max-fallback-runs', false],
      ['soak-runs', false],
      ['token-expiry-days', false]
    ])
    expect(JSON.stringify(json)).not.toContain('\n')
  })

  test('the Markdown: a table with the same rows, the checks, the verdict', () => {
    const md = markdownReport(auditOf(lines), '/var/lib/forgejo-deploy-runner/infisical-ledger.jsonl')
    const out = md.split('\n')
    expect(out[0]).toBe('# Infisical run ledger audit')
    expect(out).toContain('| label | runs | by source | failures by class | last run | soak | token expiry |')
    expect(out).toContain(
      '| matrix-well-known | 3 | infisical-token-auth 3 | - | 2026-05-14 06:44 UTC infisical-token-auth | holds (3/3) | 2026-07-28 (in 75 days) |'
    )
    expect(out).toContain(
      '| (no label) | 1 | infisical-token-auth 1 | - | 2026-05-14 06:44 UTC infisical-token-auth | no: only 1 run in the period, 3 needed | 2026-05-24 (in 10 days) ! |'
    )
    expect(out.filter((l) => l.startsWith('- **FAIL**: '))).toHaveLength(3)
    expect(out).toContain(
      '- **FAIL**: token-expiry-days: the token of the latest run of (no label) expires on 2026-05-24 (in 10 days), within 14 days: create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical'
    )
    expect(out).toContain('1 line of the ledger could not be read and was skipped: line 8 (not JSON)')
    expect(out).toContain('audit failed: max-fallback-runs, soak-runs, token-expiry-days')
    expect(markdownReport(auditOf(threeGood('dashboard')), '/l')).toContain('- pass: token-expiry-days: ')
  })
})

describe('a hostile label', () => {
  const HOSTILE = [
    'a\n::set-env name=X::1',
    '::error::x',
    '  ::warning::y',
    '##[error]z',
    'pipe | in `it` <b>*x*</b>\r\n::add-mask::v'
  ]
  const result = (): AuditResult =>
    auditOf([
      ...HOSTILE.flatMap((label) => [
        { label, hoursAgo: 2, kind: 'fallback' as const, tokenDays: 3 },
        { label, hoursAgo: 1, tokenDays: 3 }
      ])
    ])

  test('shown on one line and never as a workflow command, in the table, the failures and the warning', () => {
    const r = result()
    const printed = captureStdout(() => {
      for (const line of textTable(r)) runner.info(line)
      for (const line of failureLines(r)) runner.setFailed(line)
      runner.info(verdictLine(r))
    })
    process.exitCode = undefined
    const lines = printed.trimEnd().split('\n')
    expect(lines).toHaveLength(2 + HOSTILE.length + 3 + 1)
    // the only commands are the audit's own three ::error:: lines, and nothing in them is another command
    expect(lines.filter((l) => /^\s*(::|##\[)/.test(l))).toEqual(
      failureLines(r).map(() => expect.stringMatching(/^::error::(max-fallback-runs|soak-runs|token-expiry-days): /))
    )
    for (const l of lines.filter((x) => x.startsWith('::error::')))
      expect(l.slice('::error::'.length)).not.toMatch(/::/)
    for (const l of lines) expect(l).not.toMatch(/\r/)
    const table = lines.slice(2, 2 + HOSTILE.length)
    expect(table.map((l) => l.slice(0, 41).trimEnd())).toEqual([
      '"  \\u003a:warning::y"',
      '\\u0023#[error]z',
      '\\u003a:error::x',
      'a\\n::set-env name=X::1',
      'pipe | in `it` <b>*x*</b>\\r\\n::add-mask:…'
    ])
  })

  test('labelText: one line, cut, quoted when it could be mistaken', () => {
    expect(labelText('a\n::set-env name=X::1')).toBe('a\\n::set-env name=X::1')
    expect(labelText('::error::x')).toBe('\\u003a:error::x')
    expect(labelText(null)).toBe('(no label)')
    expect(labelText('(no label)')).toBe('"(no label)"')
    expect(labelText('')).toBe('""')
    expect(labelText(' padded ')).toBe('" padded "')
    expect(labelText('x'.repeat(50))).toBe(`${'x'.repeat(40)}…`)
  })

  test('in the Markdown: no line break, no cell border, no HTML', () => {
    const md = markdownReport(result(), '/l|x\n::error::y')
    const lines = md.split('\n')
    expect(lines.filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([])
    expect(markdownCell('pipe | in `it` <b>*x*</b>')).toBe('pipe \\| in \\`it\\` \\<b\\>\\*x\\*\\</b\\>')
    const rowsMd = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| label') && !l.startsWith('| ---'))
    expect(rowsMd).toHaveLength(HOSTILE.length)
    for (const row of rowsMd) expect(row.split(/(?<!\\)\|/).length).toBe(COLUMNS.length + 2)
    expect(lines[2]).toBe(
      'Ledger /l\\|x\\\\n::error::y: 10 runs in 5 labels since 2026-05-12 07:44 UTC (48h): 5 fallback, 0 failed.'
    )
  })

  test('in the JSON: as it is, escaped by JSON', () => {
    const json = JSON.stringify(jsonReport(result(), '/l'))
    expect(json).not.toMatch(/[\n\r]/)
    expect(
      JSON.parse(json)
        .labels.map((l: { label: string }) => l.label)
        .sort()
    ).toEqual([...HOSTILE].sort())
  })
})

describe('words', () => {
  test('from now', () => {
    expect(fromNow(NOW.getTime() + 10 * DAY, NOW.getTime())).toBe('in 10 days')
    expect(fromNow(NOW.getTime() + 10 * DAY - 5, NOW.getTime())).toBe('in 10 days')
    expect(fromNow(NOW.getTime() + 5 * HOUR, NOW.getTime())).toBe('in 5 h')
    expect(fromNow(NOW.getTime() - 3 * DAY, NOW.getTime())).toBe('3 days ago')
  })
})
