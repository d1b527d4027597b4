/**
 * The action, top to bottom, as a chain of values: inputs → validated plan → connection →
 * credentials → results (from Infisical, or the soak fallback) → effects (export, outputs, files,
 * command) → marker and ledger. Each stage is a function of the modules named below that returns
 * what the next needs; this file only orders them, and keeps each stage's value so that the marker
 * of a run that fails tells how far it got.
 */
import * as runner from './workflow-commands.js'
import { tmpdir } from 'node:os'
import { ActionError, isActionError } from './errors.js'
import { readInputs, type RawInputs } from './inputs.js'
import { buildPlan, markerPathOf, type Plan } from './plan.js'
import { Masker } from './masking.js'
import { maskOrFail } from './masks.js'
import { Deadline } from './infisical/deadline.js'
import { markerText, type Marker } from './marker.js'
import { fallbackApplies } from './fallback.js'
import { stageExportFile, type ExportFile } from './cleanup.js'
import { writeFileAtomic } from './atomic-file.js'
import { plural } from './words.js'
import type { TokenCheck } from './token-claims.js'
import type { RunEnvironment } from './run-environment.js'
import { connect, type Connection } from './connection.js'
import { givenCredentials, signIn, sourceOf } from './credentials.js'
import { announceReads, preexistingOf, readSecrets, useFallback, type Results } from './results.js'
import { buildMarker, record, type Outcome, type RunFacts } from './run-record.js'
import {
  commandFailed,
  exportToEnv,
  fileOrFail,
  prepareExport,
  prepareRunCommand,
  runTheCommand,
  setOutputs,
  setResult,
  writeFileOrFail,
  type PreparedCommand,
  type PreparedExport
} from './hand-off.js'

export { USER_AGENT } from './connection.js'
export { processEnvironment, type RunEnvironment } from './run-environment.js'

function asActionError(e: unknown): ActionError {
  if (isActionError(e)) return e
  if (e instanceof runner.FileCommandError) {
    return new ActionError(
      'config',
      `the runner's file command file GITHUB_${e.variable} cannot be written (${e.code})`,
      {
        fix: 'run the action as a step of a Forgejo or GitHub job, and check that the runner user may write to the job folder'
      }
    )
  }
  const text = e instanceof Error ? e.message : String(e)
  return new ActionError('config', `unexpected failure: ${text}`, {
    fix: 'this is a bug of the action: please report it with the log'
  })
}

/** Everything the run needs at hand from one stage to the next. */
interface Context {
  rt: RunEnvironment
  started: number
  masker: Masker
  markerPath: string
  scrubbed: (t: string) => string
}

/** Each stage's value, once the run got that far: the marker of a failed run is made from it. */
interface Known {
  raw: RawInputs
  plan?: Plan
  connection?: Connection
  identity?: TokenCheck
  preexisting: string[]
  results?: Results
  staged?: Staged
}

function factsOf(k: Known): RunFacts {
  return {
    raw: k.raw,
    plan: k.plan,
    identity: k.identity,
    client: k.connection?.client,
    preexisting: k.preexisting,
    secrets: k.results?.secrets ?? []
  }
}

/** What is checked and staged before any effect: the exports, the command, the export file next to its target. */
interface Staged {
  prepared: PreparedExport
  command?: PreparedCommand
  exportFile?: ExportFile
}

function stage(ctx: Context, plan: Plan, results: Results): Staged {
  const prepared = prepareExport(plan, results.secrets)
  const command = prepareRunCommand(plan, ctx.rt.env, results.secrets)
  const file = prepared.file
  // Staged next to its target (and recorded for the post step); put in place as the last effect.
  const exportFile = file
    ? fileOrFail(file.path, 'export-file', () => stageExportFile(file.path, file.text, ctx.rt.env))
    : undefined
  return { prepared, ...(command ? { command } : {}), ...(exportFile ? { exportFile } : {}) }
}

/**
 * The effects of a successful read, in an order that keeps a failure harmless: the marker, the
 * exports and the outputs, the export file put in place last; then the marker line, the `run`
 * command and the marker's final version. Returns the marker.
 */
async function handOn(ctx: Context, plan: Plan, results: Results, staged: Staged, facts: RunFacts): Promise<Marker> {
  const { secrets, source } = results
  const { command, exportFile } = staged
  const outcome: Outcome = { source, ...(results.fallback ? { fallback: results.fallback } : {}) }
  const marker = buildMarker(facts, ctx.rt, ctx.started, outcome, ctx.scrubbed)
  writeFileOrFail(ctx.markerPath, markerText(marker), 'marker-path')
  if (plan.mode === 'check')
    runner.info(`Mode check: ${plural(secrets.length, 'secret')} readable with this identity; nothing exported`)
  exportToEnv(staged.prepared)
  setOutputs(facts, ctx.markerPath, source)
  if (!command) setResult('')
  if (exportFile) {
    fileOrFail(exportFile.path, 'export-file', () => exportFile.commit())
    runner.info(
      `Wrote ${plural(secrets.length, 'variable')} to ${exportFile.path} (${plan.exportFormat}, mode 0600${exportFile.removedAtJobEnd ? ', removed when the job ends' : ', kept after the job'})`
    )
  }
  runner.info(
    `Source marker written to ${ctx.markerPath} (${plural(marker.requests, 'request')}, ${marker.durationMs} ms)`
  )
  const markerLine = `${plan.markerKey}=${source}`
  if (ctx.scrubbed(markerLine) !== markerLine) {
    runner.warning(
      'A secret value is part of the marker line (marker-key=source): the runner will show that line masked, so log audits will miss this run; the marker file holds the source.'
    )
  }
  runner.info(markerLine)
  if (!command) return marker
  const exitCode = await runTheCommand(command, secrets)
  const final = buildMarker(facts, ctx.rt, ctx.started, { ...outcome, exitCode }, ctx.scrubbed)
  writeFileOrFail(ctx.markerPath, markerText(final), 'marker-path')
  setResult(exitCode === 0 ? '' : 'command-failed', exitCode)
  if (exitCode !== 0) runner.setFailed(commandFailed(exitCode).message)
  return final
}

/** A failed run: nothing handed on, the marker says why, the outputs and the step say so. */
function fail(ctx: Context, known: Known, e: unknown): void {
  const error = asActionError(e)
  known.staged?.exportFile?.discard()
  const facts = factsOf(known)
  const marker = buildMarker(facts, ctx.rt, ctx.started, { error }, ctx.scrubbed)
  record(known.raw, marker, ctx.rt.uid)
  try {
    writeFileAtomic(ctx.markerPath, markerText(marker), 0o600)
  } catch (we) {
    runner.warning(`The source marker could not be written to ${ctx.markerPath}: ${(we as Error).message}`)
  }
  try {
    setOutputs(facts, ctx.markerPath, '')
    setResult(error.errorClass)
  } catch (oe) {
    runner.warning(`The step's outputs could not be set: ${(oe as Error).message}`)
  }
  runner.setFailed(ctx.scrubbed(error.message))
}

/** Ends what the reads opened: the deadline's timer and every socket. */
function close(connection: Connection | undefined): void {
  connection?.deadline.dispose()
  connection?.transport.destroy()
}

export async function run(rt: RunEnvironment): Promise<void> {
  const raw = readInputs(rt.env)
  const masker = new Masker(runner.command, (v) => runner.sensitive.add(v))
  const ctx: Context = {
    rt,
    started: Date.now(),
    masker,
    markerPath: markerPathOf(raw, { env: rt.env, tmpdir: tmpdir() }),
    scrubbed: (t) => runner.sensitive.redact(t)
  }
  let known: Known = { raw, preexisting: [] }
  try {
    // Credentials given as inputs are masked before anything else is printed.
    maskOrFail(masker, [raw.token, raw['client-secret']], ['the token input', 'client-secret'], 'config')
    const plan = buildPlan(raw, { env: rt.env, tmpdir: tmpdir(), now: rt.now() })
    known = { ...known, plan }
    for (const notice of plan.notices) runner.info(notice)
    let results: Results
    try {
      const connection = connect(plan, rt.env, new Deadline(plan.timeoutMs))
      known = { ...known, connection }
      const given = givenCredentials(plan, rt, masker)
      known = { ...known, identity: given.identity, preexisting: preexistingOf(plan, rt.env) }
      announceReads(plan)
      const credentials = await signIn(plan, given, masker, connection)
      known = { ...known, identity: credentials.identity }
      results = {
        secrets: await readSecrets(plan, credentials.bearer, connection.client, masker),
        source: sourceOf(plan)
      }
    } catch (e) {
      // After an Infisical failure, the soak fallback when it applies; else the run fails.
      const cause = asActionError(e)
      if (!fallbackApplies(plan.fallback, cause.errorClass)) throw cause
      results = useFallback(plan, cause, rt, masker, ctx.scrubbed)
    }
    const staged = stage(ctx, plan, results)
    known = { ...known, results, staged }
    // Reading is over before the command runs: its deadline does not bound the command.
    if (staged.command) close(known.connection)
    record(raw, await handOn(ctx, plan, results, staged, factsOf(known)), rt.uid)
  } catch (e) {
    fail(ctx, known, e)
  } finally {
    close(known.connection)
  }
}
