/**
 * npm run bench [-- --runs N] [--warmup N] [--strict] [--only id,id] [--peak auto|time|preload|both]
 *
 * Whole-process runs of the committed bundle (dist/index.js) against the Infisical test server on
 * loopback, with the references in the same run, one process at a time, the cases interleaved
 * round by round (so that a slow patch of the machine falls on every case alike). Prints a table
 * of medians and min–max, the ratios with their absolute milliseconds, and the budget lines as
 * PASS/FAIL; writes everything to bench/results.json. Exits 0 unless --strict and a budget FAILs.
 */
import { cpus, totalmem } from 'node:os'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'

import { checkBundle } from './bundle.js'
import { BUNDLE, OUTAGE_MS, outageRun, setUp, type Case } from './cases.js'
import { chooseMethod, describeMethod, runOnce, type RunResult } from './measure.js'

interface Options {
  runs: number
  warmup: number
  strict: boolean
  only?: string[]
  /** how peak RSS and CPU are taken (measure.ts): auto = GNU time when installed, else the preload */
  peak: 'auto' | 'time' | 'preload' | 'both'
}

const KNOWN = '--runs N, --warmup N, --strict, --only id,id, --peak auto|time|preload|both'

/** node:util parseArgs; its refusal (an unknown argument, a missing value) with the known ones added. */
function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        runs: { type: 'string' },
        warmup: { type: 'string' },
        strict: { type: 'boolean' },
        only: { type: 'string' },
        peak: { type: 'string' }
      }
    }).values
  } catch (err) {
    throw new Error(`${(err as Error).message} (known: ${KNOWN})`, { cause: err })
  }
}

function options(argv: string[]): Options {
  const v = parse(argv)
  const o: Options = { runs: 10, warmup: 1, strict: v.strict === true, peak: 'auto' }
  if (v.runs !== undefined) o.runs = Number(v.runs)
  if (v.warmup !== undefined) o.warmup = Number(v.warmup)
  if (v.only !== undefined) o.only = v.only.split(',')
  if (v.peak !== undefined) {
    if (v.peak !== 'auto' && v.peak !== 'time' && v.peak !== 'preload' && v.peak !== 'both')
      throw new Error('--peak is auto, time, preload or both')
    o.peak = v.peak
  }
  if (!(o.runs >= 1) || !(o.warmup >= 0)) throw new Error('--runs must be at least 1 and --warmup at least 0')
  return o
}

interface Stat {
  median: number
  min: number
  max: number
}

function stat(values: number[]): Stat | undefined {
  if (values.length === 0) return undefined
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
  return { median, min: s[0] as number, max: s[s.length - 1] as number }
}

/** The figures a case reports as a median over its runs. */
type StatKey =
  | 'wallMs'
  | 'peakMiB'
  | 'exitPeakMiB'
  | 'cpuMs'
  | 'serverRequests'
  | 'serverMaxInFlight'
  | 'serverInFlightAtSecond'
  | 'markerRequests'

interface CaseResult {
  id: string
  label: string
  runs: number
  ok: number
  problems: string[]
  wallMs?: Stat
  /** by the run's method (wait4 when GNU time is there), and the preload's figure at the 'exit' event */
  peakMiB?: Stat
  exitPeakMiB?: Stat
  cpuMs?: Stat
  serverRequests?: Stat
  serverMaxInFlight?: Stat
  serverInFlightAtSecond?: Stat
  markerRequests?: Stat
  raw: {
    wallMs: number
    peakMiB?: number
    exitPeakMiB?: number
    cpuMs?: number
    serverRequests?: number
    serverMaxInFlight?: number
    exitCode: number | null
    errorClass?: string
  }[]
}

function summarize(c: Case, results: RunResult[]): CaseResult {
  const problems: string[] = []
  let ok = 0
  for (const r of results) {
    const p = c.check(r)
    if (p === undefined) ok++
    else if (!problems.includes(p)) problems.push(p)
  }
  const pick = (f: (r: RunResult) => number | undefined): Stat | undefined =>
    stat(results.map(f).filter((v): v is number => typeof v === 'number'))
  const out: CaseResult = {
    id: c.id,
    label: c.label,
    runs: results.length,
    ok,
    problems,
    raw: results.map((r) => ({
      wallMs: round(r.wallMs, 1),
      ...(r.peakMiB !== undefined ? { peakMiB: round(r.peakMiB, 2) } : {}),
      ...(r.exitPeakMiB !== undefined ? { exitPeakMiB: round(r.exitPeakMiB, 2) } : {}),
      ...(r.cpuMs !== undefined ? { cpuMs: round(r.cpuMs, 1) } : {}),
      ...(r.serverRequests !== undefined
        ? { serverRequests: r.serverRequests, serverMaxInFlight: r.serverMaxInFlight }
        : {}),
      exitCode: r.exitCode,
      ...(r.outputs['error-class'] !== undefined ? { errorClass: r.outputs['error-class'] } : {})
    }))
  }
  const measures: Record<StatKey, (r: RunResult) => number | undefined> = {
    wallMs: (r) => r.wallMs,
    peakMiB: (r) => r.peakMiB,
    exitPeakMiB: (r) => r.exitPeakMiB,
    cpuMs: (r) => r.cpuMs,
    serverRequests: (r) => r.serverRequests,
    serverMaxInFlight: (r) => r.serverMaxInFlight,
    serverInFlightAtSecond: (r) => r.serverInFlightAtSecond,
    markerRequests: (r) => (typeof r.marker?.requests === 'number' ? r.marker.requests : undefined)
  }
  for (const [k, f] of Object.entries(measures) as [StatKey, (r: RunResult) => number | undefined][]) {
    const v = pick(f)
    if (v !== undefined) out[k] = v
  }
  return out
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

function fmt(s: Stat | undefined, digits: number): string {
  if (!s) return '—'
  const d = (v: number): string => v.toFixed(digits)
  return `${d(s.median)} (${d(s.min)}–${d(s.max)})`
}

function fmtRange(s: Stat | undefined): string {
  if (!s) return '—'
  return s.min === s.max ? String(s.min) : `${s.min}–${s.max}`
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n')
}

interface Budget {
  name: string
  pass: boolean
  detail: string
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2))
  const t0 = performance.now()
  const peakMethod = chooseMethod(o.peak)
  const method = describeMethod(peakMethod)
  const setting = await setUp()
  const cases = o.only ? setting.cases.filter((c) => o.only!.includes(c.id)) : setting.cases
  const results = new Map<string, RunResult[]>(cases.map((c) => [c.id, []]))
  const rounds = o.warmup + o.runs
  try {
    for (let round = 0; round < rounds; round++) {
      const warm = round < o.warmup
      process.stderr.write(
        `${warm ? 'warm-up' : 'round'} ${warm ? round + 1 : round - o.warmup + 1}/${warm ? o.warmup : o.runs}…\r`
      )
      for (const c of cases) {
        const r = await runOnce(c.spec, peakMethod)
        if (!warm) results.get(c.id)!.push(r)
        else {
          const p = c.check(r)
          if (p !== undefined) process.stderr.write(`\nwarm-up of ${c.id}: ${p}\n`)
        }
      }
    }
  } finally {
    await setting.close()
  }
  // Once, not per round: an Infisical refusing connections for 20 s, then answering.
  const outage = !o.only || o.only.includes('outage') ? await outageRun(peakMethod) : undefined
  process.stderr.write('\n')
  const summary = cases.map((c) => summarize(c, results.get(c.id) ?? []))
  const byId = new Map(summary.map((s) => [s.id, s]))
  const bundle = checkBundle(BUNDLE)
  const benchSeconds = (performance.now() - t0) / 1000

  const header = [
    'case',
    'wall ms, median (min–max)',
    'peak RSS MiB, median (min–max)',
    'CPU ms, median',
    'requests at server',
    'most in flight',
    'ok'
  ]
  const rows = summary.map((s) => [
    `${s.id}: ${s.label}`,
    fmt(s.wallMs, 1),
    fmt(s.peakMiB, 1),
    s.cpuMs ? s.cpuMs.median.toFixed(0) : '—',
    fmtRange(s.serverRequests),
    s.serverMaxInFlight ? String(s.serverMaxInFlight.max) : '—',
    `${s.ok}/${s.runs}`
  ])
  const cpu = cpus()
  console.log(
    `\nnpm run bench: ${o.runs} runs per case after ${o.warmup} warm-up, sequential, loopback; ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}`
  )
  console.log(method)
  console.log(
    `bundle ${BUNDLE.replace(`${resolve('.')}/`, '')} sha256 ${bundle.sha256.slice(0, 12)}…, ${bundle.bytes} bytes\n`
  )
  console.log(table([header, ...rows]))
  for (const s of summary) for (const p of s.problems) console.log(`  ! ${s.id}: ${p}`)

  // ratios, each with the two medians it is made of
  const ratios: { name: string; a: string; b: string; ratio: number; aMs: number; bMs: number }[] = []
  const ratio = (name: string, a: string, b: string): void => {
    const x = byId.get(a)?.wallMs?.median
    const y = byId.get(b)?.wallMs?.median
    if (x !== undefined && y !== undefined) ratios.push({ name, a, b, ratio: x / y, aMs: x, bMs: y })
  }
  ratio('one secret: action / floor', 'one', 'one-floor')
  ratio('one secret: action / @infisical/sdk', 'one', 'one-sdk')
  ratio('one secret: @infisical/sdk / floor', 'one-sdk', 'one-floor')
  ratio('one secret, OIDC: action / floor', 'oidc', 'oidc-floor')
  ratio('one secret, run: true: action / without run', 'one-run', 'one')
  ratio('50 secrets, 50 folders: action / floor', 'fifty', 'fifty-floor')
  ratio('50 secrets, one folder: action / one secret', 'fifty-one-folder', 'one')
  ratio('50 secrets, answers held: action / floor', 'fifty-slow', 'fifty-slow-floor')
  ratio('50 secrets over https: action / floor', 'fifty-tls', 'fifty-tls-floor')
  ratio('first URL refused: action / one secret', 'failover', 'one')
  // the bundle started the way every case is (with the preload or not) against `node -e 0` started alike
  ratio(
    'start-up: bundle without inputs / node -e 0',
    'no-inputs',
    peakMethod.preload ? 'node-e0-preload' : 'node-e0-bare'
  )
  ratio('preload cost: node -e 0 with / without peak.mjs', 'node-e0-preload', 'node-e0-bare')
  console.log('\nratios of medians (wall time):')
  for (const r of ratios)
    console.log(
      `  ${r.name.padEnd(50)} ${r.ratio.toFixed(2)}×  (${r.aMs.toFixed(1)} ms vs ${r.bMs.toFixed(1)} ms, +${(r.aMs - r.bMs).toFixed(1)} ms)`
    )

  // budgets
  const budgets: Budget[] = []
  const budget = (name: string, pass: boolean, detail: string): void => void budgets.push({ name, pass, detail })
  const one = byId.get('one')
  const oneFloor = byId.get('one-floor')
  const fifty = byId.get('fifty')
  const fiftyFloor = byId.get('fifty-floor')
  const failover = byId.get('failover')
  const hang = byId.get('hang')
  /** A case's median wall time held to `factor` × its floor's, and every run ok. */
  const floorBudget = (
    name: string,
    c: CaseResult | undefined,
    floor: CaseResult | undefined,
    factor: number
  ): void => {
    if (!c?.wallMs || !floor?.wallMs) return
    const limit = factor * floor.wallMs.median
    budget(
      name,
      c.wallMs.median <= limit && c.ok === c.runs,
      `median ${c.wallMs.median.toFixed(1)} ms vs limit ${limit.toFixed(1)} ms (floor ${floor.wallMs.median.toFixed(1)} ms; ${(c.wallMs.median / floor.wallMs.median).toFixed(2)}×); ${c.ok}/${c.runs} runs ok`
    )
  }
  floorBudget('one secret: wall ≤ 1.6 × floor', one, oneFloor, 1.6)
  const oidc = byId.get('oidc')
  const oidcFloor = byId.get('oidc-floor')
  if (oidc?.wallMs && oidcFloor?.wallMs && one?.wallMs && oidcFloor.wallMs && oneFloor?.wallMs) {
    // The action's fixed cost (bundle load, token file, marker and env files: a one-secret Token
    // Auth run less its floor) is in every run and has its own budget above; what OIDC itself
    // costs is held to 1.2 × a bare process making the same three requests.
    const fixed = Math.max(0, one.wallMs.median - oneFloor.wallMs.median)
    const limit = 1.2 * oidcFloor.wallMs.median + fixed
    budget(
      'one secret with OIDC: wall ≤ 1.2 × floor (the same three requests) + the fixed cost of a Token Auth run',
      oidc.wallMs.median <= limit && oidc.ok === oidc.runs,
      `median ${oidc.wallMs.median.toFixed(1)} ms vs limit ${limit.toFixed(1)} ms (floor ${oidcFloor.wallMs.median.toFixed(1)} ms × 1.2 + fixed ${fixed.toFixed(1)} ms; plain ratio ${(oidc.wallMs.median / oidcFloor.wallMs.median).toFixed(2)}×, without the fixed cost ${((oidc.wallMs.median - fixed) / oidcFloor.wallMs.median).toFixed(2)}×); ${oidc.ok}/${oidc.runs} runs ok`
    )
  }
  if (one?.peakMiB) {
    budget(
      'one secret: peak memory ≤ 58 MiB',
      one.peakMiB.max <= 58,
      `highest of ${one.runs} runs ${one.peakMiB.max.toFixed(1)} MiB (median ${one.peakMiB.median.toFixed(1)} MiB)`
    )
  }
  floorBudget('50 secrets in 50 folders: wall ≤ 1.6 × 50-request floor', fifty, fiftyFloor, 1.6)
  const oneFolder = byId.get('fifty-one-folder')
  const fiveFolders = byId.get('fifty-five-folders')
  if (oneFolder?.serverRequests && fiveFolders?.serverRequests) {
    budget(
      'reads by folder: 50 secrets in one folder 1 request, in 5 folders 5 requests',
      oneFolder.serverRequests.max === 1 &&
        fiveFolders.serverRequests.max === 5 &&
        oneFolder.ok === oneFolder.runs &&
        fiveFolders.ok === fiveFolders.runs,
      `requests per run ${fmtRange(oneFolder.serverRequests)} (one folder), ${fmtRange(fiveFolders.serverRequests)} (5 folders); ${oneFolder.ok}/${oneFolder.runs} and ${fiveFolders.ok}/${fiveFolders.runs} runs ok`
    )
  }
  if (oneFolder?.wallMs && one?.wallMs) {
    const limit = 1.15 * one.wallMs.median
    budget(
      '50 secrets in one folder: wall ≤ 1.15 × one secret',
      oneFolder.wallMs.median <= limit,
      `median ${oneFolder.wallMs.median.toFixed(1)} ms vs limit ${limit.toFixed(1)} ms (one secret ${one.wallMs.median.toFixed(1)} ms; ${(oneFolder.wallMs.median / one.wallMs.median).toFixed(2)}×)`
    )
  }
  if (outage) {
    budget(
      `an Infisical restart (connections refused for ${OUTAGE_MS / 1000} s) survived with the default inputs, measured once`,
      outage.problem === undefined && outage.result.wallMs < 60_000,
      `${outage.problem === undefined ? 'succeeded' : `failed: ${outage.problem}`} after ${(outage.result.wallMs / 1000).toFixed(1)} s (timeout-seconds 60), ${String(outage.result.marker?.requests)} request(s) at the server`
    )
  }
  const fiftySlow = byId.get('fifty-slow')
  const fiftySlowFloor = byId.get('fifty-slow-floor')
  const fiftyRuns = [fifty, fiftySlow].filter((x): x is CaseResult => x?.serverRequests !== undefined)
  if (fiftyRuns.length) {
    const requests = fiftyRuns.flatMap((x) => x.raw.map((r) => r.serverRequests))
    const most = Math.max(...fiftyRuns.flatMap((x) => x.raw.map((r) => r.serverMaxInFlight ?? 0)))
    const alone = fiftySlow?.serverInFlightAtSecond
    budget(
      '50 secrets in 50 folders: exactly 50 requests at the server, never more than 8 in flight',
      requests.every((n) => n === 50) && most <= 8,
      `requests per run ${fmtRange(fifty?.serverRequests)} (answers held ${fmtRange(fiftySlow?.serverRequests)}); most in flight ${fmtRange(fifty?.serverMaxInFlight)} with instant answers, ${fmtRange(fiftySlow?.serverMaxInFlight)} with answers held (the floor's 8 workers: ${fmtRange(fiftySlowFloor?.serverMaxInFlight)}); 1st request alone: ${alone ? (alone.max === 0 ? 'yes, every run' : `no (${fmtRange(alone)} in flight when the 2nd arrived)`) : '—'}`
    )
  }
  if (failover?.wallMs) {
    budget(
      'first URL refused: done within 1.5 s (default retries)',
      failover.wallMs.max <= 1500 && failover.ok === failover.runs,
      `slowest of ${failover.runs} runs ${failover.wallMs.max.toFixed(1)} ms (median ${failover.wallMs.median.toFixed(1)} ms); ${failover.ok}/${failover.runs} runs answered by the 2nd URL`
    )
  }
  if (hang?.wallMs) {
    const classes = [...new Set(hang.raw.map((r) => r.errorClass ?? '(unset)'))].join(', ')
    budget(
      'never-answering server: exit within timeout-seconds + 1 s (3 s), error-class timeout',
      hang.wallMs.max <= 3000 && hang.ok === hang.runs,
      `slowest of ${hang.runs} runs ${hang.wallMs.max.toFixed(1)} ms (median ${hang.wallMs.median.toFixed(1)} ms); error-class: ${classes}; ${hang.ok}/${hang.runs} runs as expected`
    )
  }
  const audit = byId.get('audit-100k')
  if (audit?.wallMs && audit.peakMiB) {
    budget(
      'audit of a 100,000-line ledger: under 1 s wall, under 100 MiB peak',
      audit.wallMs.max < 1000 && audit.peakMiB.max < 100 && audit.ok === audit.runs,
      `slowest of ${audit.runs} runs ${audit.wallMs.max.toFixed(1)} ms (median ${audit.wallMs.median.toFixed(1)} ms), highest peak ${audit.peakMiB.max.toFixed(1)} MiB (median ${audit.peakMiB.median.toFixed(1)} MiB); ${audit.ok}/${audit.runs} runs as expected`
    )
  }
  budget('dist/index.js ≤ 200 kB', bundle.bytes <= 200_000, `${bundle.bytes} bytes (limit 200 000 bytes)`)
  const inMain = Object.keys(bundle.packages).filter((n) => n.startsWith('@actions/'))
  budget(
    'run loaded only when used: @actions/exec and @actions/io not in dist/index.js (a chunk of their own)',
    bundle.mapFound && inMain.length === 0,
    `packages in dist/index.js: ${Object.keys(bundle.packages).join(', ') || 'none'}${inMain.length ? `; ${inMain.join(', ')} should be in the lazy chunk` : ''}`
  )
  budget(
    'no second copy of any library in the bundle',
    bundle.mapFound && bundle.duplicates.length === 0 && bundle.undici.copies <= 1,
    `source map: ${bundle.mapFound ? `${Object.keys(bundle.packages).length} packages, ${bundle.duplicates.length ? `twice: ${bundle.duplicates.join(', ')}` : 'each from one folder'}` : 'missing'}; bundle text: undici llhttp wasm blobs ${bundle.undici.wasmBlobs} (2 per copy), Symbol.for("undici.error.UND_ERR") ${bundle.undici.errorSymbols} → ${bundle.undici.copies} cop${bundle.undici.copies === 1 ? 'y' : 'ies'}`
  )

  console.log('\nbudgets:')
  for (const b of budgets) console.log(`  ${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.detail}`)
  console.log('\nbundle bytes by package (from the source map):')
  const parts = [
    ...Object.entries(bundle.packages).map(([n, p]) => [`${n}@${p.versions.join('+')}`, p.bytes] as const),
    ['the action (src/)', bundle.ownBytes] as const,
    ['webpack runtime, unmapped', bundle.otherBytes] as const
  ].sort((a, b) => b[1] - a[1])
  for (const [n, b] of parts)
    console.log(
      `  ${n.padEnd(32)} ${String(b).padStart(7)} bytes  ${((100 * b) / bundle.bytes).toFixed(1).padStart(5)} %`
    )
  console.log(`\nbench time ${benchSeconds.toFixed(1)} s`)

  const failed = budgets.filter((b) => !b.pass)
  writeFileSync(
    resolve('bench/results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: cpu.length,
          model: cpu[0]?.model,
          memoryGiB: round(totalmem() / 2 ** 30, 1),
          node: process.version,
          platform: `${process.platform} ${process.arch}`
        },
        options: { runs: o.runs, warmup: o.warmup, peak: peakMethod, method },
        benchSeconds: round(benchSeconds, 1),
        cases: summary,
        ratios: ratios.map((r) => ({ ...r, ratio: round(r.ratio, 3), aMs: round(r.aMs, 1), bMs: round(r.bMs, 1) })),
        budgets,
        bundle
      },
      null,
      2
    )}\n`
  )
  console.log(
    `results written to bench/results.json; ${failed.length ? `${failed.length} budget(s) FAIL${o.strict ? '' : ' (exit 0 without --strict)'}` : 'every budget PASS'}`
  )
  if (o.strict && failed.length) process.exitCode = 1
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e))
  process.exitCode = 2
})
