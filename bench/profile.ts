/**
 * npx tsx bench/profile.ts [case-id] [--runs N]
 *
 * One case of the bench (default `one`) run under `node --cpu-prof`, after a warm-up, and a summary
 * of where its CPU time goes: self time by function and by source file, positions in the minified
 * bundle mapped back to the original sources through dist/index.js.map (node:module SourceMap).
 * With --runs N the profiles of N runs are added up (a 1 ms sample interval is coarse).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { BUNDLE, setUp } from './cases.js'
import { runOnce } from './measure.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5
const caseId = args.find((a, i) => !a.startsWith('--') && i !== runsAt + 1) ?? 'one'

const setting = await setUp()
const c = setting.cases.find((x) => x.id === caseId)
if (!c) throw new Error(`no case ${caseId}: ${setting.cases.map((x) => x.id).join(', ')}`)
const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'))
const withProf = {
  ...c.spec,
  args: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '250', ...c.spec.args]
}
try {
  await runOnce(c.spec) // warm-up, not profiled
  const walls: number[] = []
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(withProf)
    walls.push(r.wallMs)
    const problem = c.check(r)
    if (problem) console.log(`run ${i + 1}: ${problem}`)
  }
  console.log(
    `${c.id}: ${c.label}; ${runs} profiled runs, wall ${walls.map((w) => w.toFixed(0)).join(', ')} ms (profiling slows it down)`
  )
} finally {
  await setting.close()
}

const map = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')))
const bundleUrl = `file://${BUNDLE}`
const byFunction = new Map<string, number>()
const byFile = new Map<string, number>()
let total = 0
for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile
  const nodes = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  for (const [id, us] of self) {
    const cf = nodes.get(id)!.callFrame
    let file: string
    let fn = cf.functionName || '(anonymous)'
    if (!cf.url) file = cf.functionName.startsWith('(') ? cf.functionName : '(native)'
    else if (cf.url === bundleUrl) {
      const e = map.findEntry(cf.lineNumber, cf.columnNumber) as {
        originalSource?: string
        originalLine?: number
        name?: string
      }
      file = e.originalSource
        ? e.originalSource.replace(/^.*?(node_modules\/|src\/)/, '$1')
        : 'dist/index.js (unmapped)'
      fn = `${e.name ?? fn} ${file}:${(e.originalLine ?? 0) + 1}`
    } else if (cf.url.startsWith('file://')) {
      file = fileURLToPath(cf.url).replace(`${resolve('.')}/`, '')
      fn = `${fn} ${file}:${cf.lineNumber + 1}`
    } else {
      file = cf.url
      fn = `${fn} ${file}:${cf.lineNumber + 1}`
    }
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
    byFile.set(file, (byFile.get(file) ?? 0) + us)
    total += us
  }
}
rmSync(dir, { recursive: true, force: true })

const top = (m: Map<string, number>, n: number): void => {
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(
      `  ${(us / 1000 / runs).toFixed(1).padStart(7)} ms  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`
    )
  }
}
console.log(
  `\nself time per run by source file (of ${(total / 1000 / runs).toFixed(0)} ms sampled on the main thread):`
)
top(byFile, 15)
console.log('\nself time per run by function:')
top(byFunction, 25)
