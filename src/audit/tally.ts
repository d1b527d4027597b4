/**
 * What the audit keeps while it reads the ledger, line after line: only what the checks need,
 * so that memory does not grow with the ledger. Per label: the runs in the period by source, the
 * failures by class, the fallback runs, the latest run, and the outcomes of its last `soak-runs`
 * runs. Plus the lines that could not be read (counted; the first few kept with their line
 * number and reason). Pure: lines go in, figures come out.
 *
 * Order: a run's place is its `createdAt`, then its line (concurrent jobs append in the order
 * they end, which is not always the order they were created in).
 */
import type { Source } from '../marker.js'
import { parseLedgerLine, type LedgerRun } from './ledger-line.js'

/** How a run counts. */
export interface RunOutcome {
  /** the failure's class, or null when the run succeeded */
  failure: string | null
  /** the secrets came from a fallback */
  fallback: boolean
  /** the run counts towards the soak: it succeeded, with a good source, without fallback */
  good: boolean
  /** why it does not count towards the soak: a few words, '' when it does */
  why: string
}

/**
 * A run's outcome. A run whose `status` is `failed` is a failure of its `errorClass`. A run whose
 * `status` is `ok` but whose `errorClass` is `command-failed` is a failure as well: its secrets
 * were read, but the `run` command failed, and with it the step (CONTRACT: `command-failed`, the
 * marker's `status` stays `ok`); it does not count towards the soak either.
 */
export function outcomeOf(run: LedgerRun, expectSources: readonly string[]): RunOutcome {
  const fallback = run.fallback !== null || run.source === 'direct-env-fallback'
  if (run.status === 'failed') {
    const failure = run.errorClass ?? 'unknown'
    return { failure, fallback, good: false, why: `a failed run (${failure})` }
  }
  if (run.errorClass === 'command-failed')
    return { failure: 'command-failed', fallback, good: false, why: 'a failed run (command-failed)' }
  if (fallback)
    return { failure: null, fallback, good: false, why: `a fallback run (${run.fallback ?? 'direct-env-fallback'})` }
  if (run.source === null || !expectSources.includes(run.source))
    return { failure: null, fallback, good: false, why: `a run through ${run.source ?? 'no source'}` }
  return { failure: null, fallback, good: true, why: '' }
}

/** One of the last runs of a label, for the soak. */
export interface RecentRun {
  time: number
  line: number
  good: boolean
  why: string
}

export interface LabelTally {
  label: string | null
  runs: number
  bySource: Map<string, number>
  failures: Map<string, number>
  failedRuns: number
  fallbackRuns: number
  /** the latest run (by createdAt, then line) and its line */
  last: LedgerRun
  lastLine: number
  /** the last `soak-runs` runs, oldest first */
  recent: RecentRun[]
}

export interface UnreadableLine {
  line: number
  reason: string
}

/** The first unreadable lines kept with their reason; the others are only counted. */
export const UNREADABLE_KEPT = 10

function later(aTime: number, aLine: number, bTime: number, bLine: number): boolean {
  return aTime > bTime || (aTime === bTime && aLine > bLine)
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

export class Tally {
  /** lines read, blank ones included */
  lines = 0
  /** readable runs created before the period */
  beforePeriod = 0
  unreadable = 0
  readonly unreadableLines: UnreadableLine[] = []
  readonly labels = new Map<string | null, LabelTally>()

  constructor(
    readonly since: number,
    readonly soakRuns: number,
    readonly expectSources: readonly Source[]
  ) {}

  /** One line of the ledger, by its number (from 1); `null`: a line too long to be one (not read). */
  addLine(line: number, text: string | null): void {
    this.lines = Math.max(this.lines, line)
    if (text === null) {
      this.addUnreadable(line, 'longer than a ledger line can be')
      return
    }
    const parsed = parseLedgerLine(text)
    if ('blank' in parsed) return
    if ('problem' in parsed) this.addUnreadable(line, parsed.problem)
    else this.addRun(line, parsed.run)
  }

  addUnreadable(line: number, reason: string): void {
    this.unreadable++
    if (this.unreadableLines.length < UNREADABLE_KEPT) this.unreadableLines.push({ line, reason })
  }

  addRun(line: number, run: LedgerRun): void {
    if (run.time < this.since) {
      this.beforePeriod++
      return
    }
    let t = this.labels.get(run.label)
    if (t === undefined) {
      t = {
        label: run.label,
        runs: 0,
        bySource: new Map(),
        failures: new Map(),
        failedRuns: 0,
        fallbackRuns: 0,
        last: run,
        lastLine: line,
        recent: []
      }
      this.labels.set(run.label, t)
    }
    const outcome = outcomeOf(run, this.expectSources)
    t.runs++
    if (run.source !== null) bump(t.bySource, run.source)
    if (outcome.failure !== null) {
      t.failedRuns++
      bump(t.failures, outcome.failure)
    }
    if (outcome.fallback) t.fallbackRuns++
    if (later(run.time, line, t.last.time, t.lastLine)) {
      t.last = run
      t.lastLine = line
    }
    if (this.soakRuns > 0)
      insertRecent(t.recent, { time: run.time, line, good: outcome.good, why: outcome.why }, this.soakRuns)
  }
}

/** Keeps `recent` the last `keep` runs, oldest first; a run older than all of a full list is dropped. */
export function insertRecent(recent: RecentRun[], r: RecentRun, keep: number): void {
  let i = recent.length
  while (i > 0 && later((recent[i - 1] as RecentRun).time, (recent[i - 1] as RecentRun).line, r.time, r.line)) i--
  if (recent.length >= keep && i === 0) return
  recent.splice(i, 0, r)
  if (recent.length > keep) recent.shift()
}
