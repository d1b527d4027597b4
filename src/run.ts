/**
 * The action, top to bottom: inputs → validated plan → credentials → Infisical → results →
 * effects (mask, export, marker). Decisions live in the modules it calls; this file only orders
 * them and keeps what the marker needs to tell.
 */
import * as runner from './workflow-commands.js'
import { tmpdir } from 'node:os'
import { ActionError, isActionError, secretLocation, type ErrorClass } from './errors.js'
import { readInputs, type RawInputs } from './inputs.js'
import { MAX_LABEL, buildPlan, markerKeyOf, markerPathOf, type Plan } from './plan.js'
import { appendToLedger, ledgerLine } from './ledger.js'
import { readTokenFile } from './protected-file.js'
import { checkToken, cleanToken, readTokenClaims, type TokenCheck } from './token-claims.js'
import { Masker } from './masking.js'
import { Deadline } from './infisical/deadline.js'
import { createTransport, type Transport } from './infisical/transport.js'
import { ignoredTlsSwitch, tlsContext } from './infisical/trusted-roots.js'
import { InfisicalClient } from './infisical/client.js'
import { testLimits, type RetryLimits } from './infisical/retry-policy.js'
import { describeClaims, idTokenClaims, idTokenEndpoint, requestIdToken } from './id-token.js'
import { readAll, refKey } from './infisical/read-all.js'
import { checkModeError, keepsGoing } from './check-mode.js'
import { checkEnvExport, type ResolvedSecret } from './values.js'
import { exportText } from './export-format.js'
import { CommandStartError, prepareCommand, runCommand } from './run-command.js'
import { writeFileAtomic } from './atomic-file.js'
import { markerText, runOf, type Marker, type Source } from './marker.js'
import { checkFallbackWindow, fallbackApplies, fallbackValues } from './fallback.js'
import { stageExportFile, type ExportFile } from './cleanup.js'
import { plural } from './words.js'

export const USER_AGENT = 'infisical-forgejo-action/1'
/** After the command's bash ends, how long its output may still arrive (a background process may hold it open). */
const COMMAND_CLOSE_DELAY_MS = 1000

export interface RunEnvironment {
  env: NodeJS.ProcessEnv
  now: () => Date
  /** The runner user's id, owner expected of credential files. */
  uid: number
}

/** What the run has learnt so far; the marker and the outputs are made from it. */
interface Progress {
  raw: RawInputs
  plan?: Plan
  token?: TokenCheck
  client?: InfisicalClient
  preexisting: string[]
  secrets: ResolvedSecret[]
}

const SOURCES: Record<Plan['auth']['method'], Source> = {
  token: 'infisical-token-auth',
  universal: 'infisical-universal-auth',
  oidc: 'infisical-oidc-auth'
}

function sourceOf(plan: Plan): Source {
  return SOURCES[plan.auth.method]
}

/**
 * Masks values before anything of them is printed or exported; a value that cannot be masked
 * under both runner rules fails the run (`cls`), named by `labels`, never shown.
 */
function maskOrFail(masker: Masker, values: string[], labels: string[], cls: 'config' | 'token-file'): void {
  const problems = masker.mask(values)
  if (problems.length === 0) return
  const what = problems.map((p) => `${labels[p.index] ?? 'a value'}: ${p.reason}`).join('; ')
  throw new ActionError(cls, `cannot be masked in the job log, so nothing of it was printed or exported: ${what}`, {
    fix:
      cls === 'config'
        ? 'store the value so that each line is free of "::", "%0A", "%0D", "%25" and carriage returns, or has at least 4 characters between them (base64 always works)'
        : 'install a token as Infisical issued it'
  })
}

/** The token for `auth-method: token`, masked before anything else is done with it. */
function obtainToken(plan: Plan, rt: RunEnvironment, masker: Masker): string {
  if (plan.auth.method !== 'token') throw new Error('not token auth')
  const file = plan.auth.tokenFile
  const given = file !== undefined ? readTokenFile(file, { uid: rt.uid }) : plan.auth.token
  // Redacted from every message at once; masked once cleaned (a refused token is never printed).
  runner.sensitive.add(given)
  const { token, notice } = cleanToken(given, file !== undefined ? { input: 'token-file', path: file } : { input: 'token' })
  maskOrFail(masker, [token], [file !== undefined ? 'the token in token-file' : 'the token input'], file !== undefined ? 'token-file' : 'config')
  if (notice) runner.info(notice)
  return token
}

/** What the run talks to Infisical (and, for OIDC, the CI server) with. */
interface Connection {
  client: InfisicalClient
  transport: Transport
  deadline: Deadline
  limits?: RetryLimits
}

function createClient(plan: Plan, env: NodeJS.ProcessEnv, deadline: Deadline): Connection {
  // The CI server's ID-token URL follows the same proxy and TLS rules as Infisical's.
  const urls = plan.auth.method === 'oidc' ? [...plan.urls, plan.auth.request.url] : plan.urls
  const https = urls.some((u) => u.startsWith('https:'))
  const secureContext = https ? tlsContext(env, plan.caCertificate) : undefined
  const tlsSwitch = ignoredTlsSwitch(env)
  if (tlsSwitch) runner.warning(tlsSwitch)
  const transport = createTransport({ env, urls, ...(secureContext ? { secureContext } : {}) })
  const limits = testLimits(env)
  if (limits) runner.info(`Test limits in effect (NODE_ENV=test): ${JSON.stringify(limits)}`)
  const client = new InfisicalClient({
    urls: plan.urls,
    retries: plan.retries,
    deadline,
    transport,
    projectId: plan.projectId,
    environment: plan.environment,
    includeImports: plan.includeImports,
    userAgent: USER_AGENT,
    ...(limits ? { limits } : {}),
    onFailover: (text) => runner.warning(text),
    redact: (text) => runner.sensitive.redact(text)
  })
  return { client, transport, deadline, ...(limits ? { limits } : {}) }
}

function describeAuth(plan: Plan): string {
  if (plan.auth.method === 'universal') return 'Universal Auth'
  if (plan.auth.method === 'oidc') return `OIDC Auth (identity ${plan.auth.identityId}, the job's ID token from ${idTokenEndpoint(plan.auth.request.url)})`
  return plan.auth.tokenFile !== undefined ? `Token Auth (token file ${plan.auth.tokenFile})` : 'Token Auth (token input)'
}

/**
 * OIDC Auth: the job's ID token from the CI server, masked before anything else is done with it,
 * its claims (never the token) in the log, then exchanged at Infisical for an access token.
 */
async function loginWithIdToken(auth: Extract<Plan['auth'], { method: 'oidc' }>, plan: Plan, masker: Masker, c: Connection): Promise<string> {
  runner.sensitive.add(auth.request.token)
  maskOrFail(masker, [auth.request.token], ['the ID-token request token'], 'config')
  const jwt = await requestIdToken({
    request: auth.request,
    transport: c.transport,
    deadline: c.deadline,
    retries: plan.retries,
    userAgent: USER_AGENT,
    ...(c.limits ? { limits: c.limits } : {}),
    redact: (text) => runner.sensitive.redact(text)
  })
  runner.sensitive.add(jwt)
  maskOrFail(masker, [jwt], ["the job's ID token"], 'config')
  const claims = idTokenClaims(jwt)
  runner.info(`OIDC: the job's ID token has ${describeClaims(claims)}${claims.exp ? `, valid until ${claims.exp.toISOString()}` : ''}`)
  return c.client.loginOidc(auth.identityId, jwt, claims)
}

async function fetchSecrets(p: Progress, plan: Plan, rt: RunEnvironment, masker: Masker, connection: Connection): Promise<void> {
  const { client } = connection
  let bearer: string | undefined
  if (plan.auth.method === 'token') {
    bearer = obtainToken(plan, rt, masker)
    p.token = checkToken(readTokenClaims(bearer), { ...(plan.identityId ? { identityId: plan.identityId } : {}), warningDays: plan.tokenExpiryWarningDays }, rt.now())
    if (p.token.warning) runner.warning(p.token.warning)
  } else if (plan.identityId) {
    p.token = { identityId: plan.identityId }
  }
  for (const m of plan.mappings) {
    if (rt.env[m.env] !== undefined) p.preexisting.push(m.env)
  }
  for (const name of p.preexisting) {
    runner.warning(
      `${name} is already set in this step's environment (a plain-text copy from the runner's env file?): steps that set env: themselves, or that run after a failure, may see that copy instead of the value from Infisical. Remove it from the runner host once the soak is over.`
    )
  }
  const count = plural(plan.mappings.length, 'secret')
  runner.info(`Infisical: reading ${count} of project ${plan.projectId}, environment ${plan.environment}, with ${describeAuth(plan)}, from ${plan.urls.join(', ')}`)

  if (plan.auth.method !== 'token') {
    const auth = plan.auth
    const universal = auth.method === 'universal'
    const accessToken = auth.method === 'universal' ? await client.loginUniversal(auth.clientId, auth.clientSecret) : await loginWithIdToken(auth, plan, masker, connection)
    maskOrFail(masker, [accessToken], [`the ${universal ? 'Universal' : 'OIDC'} Auth access token`], 'config')
    bearer = accessToken
    const claims = readTokenClaims(accessToken)
    if (plan.identityId && claims.identityId && claims.identityId !== plan.identityId) {
      const whose = universal ? `client-id belongs to machine identity ${claims.identityId}, not to` : `the OIDC login gave a token of machine identity ${claims.identityId}, not of`
      throw new ActionError('config', `${whose} identity-id ${plan.identityId}; no secret was read`, {
        fix: universal ? 'use the Universal Auth client of the expected identity, or correct identity-id' : 'correct identity-id'
      })
    }
    if (!p.token?.identityId && claims.identityId) p.token = { identityId: claims.identityId }
  }
  const token = bearer as string
  const { values, failures } = await readAll(
    plan.mappings,
    (ref, cancel) => client.readSecret(token, ref.path, ref.name, cancel),
    // Known to the printer at once; masked together once all are read, longest first.
    (_ref, secret) => runner.sensitive.add(secret.value),
    {
      readFolder: (path, names, cancel) => client.readFolder(token, path, names, cancel),
      ...(plan.mode === 'check' ? { keepGoing: keepsGoing } : {})
    }
  )
  if (failures.length > 0) throw checkModeError(plan.mappings, failures)
  p.secrets = plan.mappings.map((m) => {
    const read = values.get(refKey(m))
    if (!read) throw new Error(`internal: ${m.env} was not read`)
    return { env: m.env, path: m.path, name: m.name, value: read.value, version: read.version }
  })
  maskSecrets(masker, p.secrets)
  for (const s of p.secrets) {
    runner.info(`  ${s.env} <- ${secretLocation(s.path, s.name)}${s.version === null ? '' : ` (version ${s.version})`}`)
  }
}

/** Everything to export, checked: a value that cannot be handed on faithfully fails here, before any effect. */
interface PreparedExport {
  env: ResolvedSecret[]
  file?: { path: string; text: string }
}

function prepareExport(plan: Plan, secrets: ResolvedSecret[]): PreparedExport {
  if (plan.mode === 'check') return { env: [] }
  if (plan.exportEnv) checkEnvExport(secrets)
  return {
    env: plan.exportEnv ? secrets : [],
    ...(plan.exportFile !== undefined ? { file: { path: plan.exportFile, text: exportText(plan.exportFormat, secrets) } } : {})
  }
}

/** The `run` command's environment: the step's, without the action's inputs (credentials among them), plus the secrets. */
function commandEnv(env: NodeJS.ProcessEnv, secrets: ResolvedSecret[]): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('INPUT_')) out[k] = v
  for (const s of secrets) out[s.env] = s.value
  return out
}

/** A command that cannot start is the step's `config`, found before anything is handed on. */
function commandStartFailed(e: CommandStartError): ActionError {
  return new ActionError('config', `the run command cannot be started: ${e.message}`, {
    fix: e.problem === 'cwd-missing' ? 'check out the repository (or create the workspace) before this step' : 'run the job on a runner with bash, or correct run'
  })
}

function exportToEnv(prepared: PreparedExport): void {
  runner.exportVariables(prepared.env.map((s) => [s.env, s.value]))
  if (prepared.env.length > 0) runner.info(`Exported ${prepared.env.map((s) => s.env).join(', ')} to the later steps of this job`)
}

interface Outcome {
  source?: Source
  error?: ActionError
  fallback?: Marker['fallback']
  /** The `run` command's exit code, once it has ended. */
  exitCode?: number
}

function buildMarker(p: Progress, rt: RunEnvironment, started: number, outcome: Outcome, scrubbed: (t: string) => string): Marker {
  const plan = p.plan
  const error = outcome.error
  return {
    schema: 1,
    status: error ? 'failed' : 'ok',
    mode: plan?.mode ?? (p.raw.mode === 'check' ? 'check' : 'fetch'),
    source: error ? null : (outcome.source ?? null),
    markerKey: markerKeyOf(p.raw),
    label: plan?.label ?? labelOf(p.raw),
    endpoint: p.client?.endpoint ?? null,
    identityId: p.token?.identityId ?? null,
    projectId: plan?.projectId ?? (p.raw['project-id'] || null),
    environment: plan?.environment ?? (p.raw.environment || null),
    secrets: error
      ? (plan?.mappings ?? []).map((m) => ({ env: m.env, path: m.path, name: m.name, version: null }))
      : p.secrets.map((s) => ({ env: s.env, path: s.path, name: s.name, version: s.version })),
    tokenExpiresAt: p.token?.expiresAt?.toISOString() ?? null,
    fallback: outcome.fallback ?? null,
    preexisting: p.preexisting,
    error: error
      ? {
          class: error.errorClass,
          message: scrubbed(error.message),
          status: error.details.status ?? null,
          endpoint: error.details.endpoint ?? null,
          ...(error.details.failures ? { failures: error.details.failures.map((f) => ({ ...f, message: scrubbed(f.message) })) } : {})
        }
      : null,
    requests: p.client?.requests ?? 0,
    attempts: p.client?.attempts() ?? [],
    command: plan?.command ? { exitCode: outcome.exitCode ?? null } : null,
    durationMs: Date.now() - started,
    run: runOf(rt.env),
    createdAt: rt.now().toISOString()
  }
}

/** The outputs about where the secrets came from. */
function setOutputs(p: Progress, markerPath: string, source: string): void {
  runner.setOutputs([
    ['source', source],
    ['marker-path', markerPath],
    ['endpoint', p.client?.endpoint ?? ''],
    ['identity-id', p.token?.identityId ?? ''],
    ['token-expires-at', p.token?.expiresAt?.toISOString() ?? '']
  ])
}

/** The outputs about how the step ended: set once, after the `run` command when there is one. */
function setResult(errorClass: ErrorClass | '', exitCode?: number): void {
  runner.setOutputs([
    ['error-class', errorClass],
    ['exit-code', exitCode === undefined ? '' : String(exitCode)]
  ])
}

/** Writes a file of the run (mode 0600, atomically); a file that cannot be written is the step's `config`. */
function writeFileOrFail(path: string, text: string, input: 'export-file' | 'marker-path'): void {
  fileOrFail(path, input, () => writeFileAtomic(path, text, 0o600))
}

function fileOrFail<T>(path: string, input: 'export-file' | 'marker-path', write: () => T): T {
  try {
    return write()
  } catch (e) {
    if (e instanceof runner.FileCommandError) {
      throw new ActionError('config', `${e.message}: the ${input} could not be recorded for removal when the job ends`, { fix: `the runner must give the step a GITHUB_${e.variable} file it can write` })
    }
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    throw new ActionError('config', `${input} ${path} cannot be written (${code})`, {
      fix: `give ${input} a path in a folder that exists and that the runner user may write to`
    })
  }
}

function asActionError(e: unknown): ActionError {
  if (isActionError(e)) return e
  if (e instanceof runner.FileCommandError) {
    return new ActionError('config', `the runner's file command file GITHUB_${e.variable} cannot be written (${e.code})`, {
      fix: 'run the action as a step of a Forgejo or GitHub job, and check that the runner user may write to the job folder'
    })
  }
  const text = e instanceof Error ? e.message : String(e)
  return new ActionError('config', `unexpected failure: ${text}`, { fix: 'this is a bug of the action: please report it with the log' })
}

/**
 * After an Infisical failure: the soak fallback, when configured and still open. Loud: a warning
 * naming the failure, the marker's fallback block, source direct-env-fallback.
 */
function useFallback(p: Progress, plan: Plan, cause: ActionError, rt: RunEnvironment, masker: Masker, scrubbed: (t: string) => string): Marker['fallback'] {
  if (plan.fallback.kind === 'none') throw cause
  checkFallbackWindow(plan.fallback, cause, rt.now())
  const values = fallbackValues(plan.fallback, plan.mappings, rt.env, { uid: rt.uid }, cause)
  const secrets = plan.mappings.map((m) => ({ env: m.env, path: m.path, name: m.name, value: values.get(m.env) as string, version: null }))
  maskSecrets(masker, secrets)
  const reason = { class: cause.errorClass, message: scrubbed(cause.message) }
  runner.warning(
    `Infisical failed, so the secrets come from the ${plan.fallback.kind} fallback (until ${plan.fallback.until.toISOString()}), not from Infisical: ${reason.message}`
  )
  p.secrets = secrets
  return { kind: plan.fallback.kind, reason }
}

/** Every value masked at once (exec replaces longer masks first), or `config` naming the ones that cannot be. */
function maskSecrets(masker: Masker, secrets: ResolvedSecret[]): void {
  maskOrFail(
    masker,
    secrets.map((s) => s.value),
    secrets.map((s) => `${s.env} (${secretLocation(s.path, s.name)})`),
    'config'
  )
}

/** The label as given, when it is a valid one (the marker of a run whose inputs failed keeps it). */
function labelOf(raw: RawInputs): string | null {
  return raw.label !== '' && raw.label.length <= MAX_LABEL && !/[\u0000-\u001f\u007f]/.test(raw.label) ? raw.label : null
}

/** The run's line in the ledger, when `ledger-path` is given; a ledger that cannot be written is a warning only. */
function record(raw: RawInputs, marker: Marker, uid: number): void {
  const path = raw['ledger-path']
  if (path === '') return
  const problem = appendToLedger(path, ledgerLine(marker), uid)
  if (problem) runner.warning(`The run ledger ${path} was not written: ${problem}. The run itself is not affected; audits will miss this run.`)
}

export async function run(rt: RunEnvironment): Promise<void> {
  const started = Date.now()
  const masker = new Masker(runner.command, (v) => runner.sensitive.add(v))
  const raw = readInputs(rt.env)
  const p: Progress = { raw, preexisting: [], secrets: [] }
  const markerPath = markerPathOf(raw, { env: rt.env, tmpdir: tmpdir() })
  const scrubbed = (t: string): string => runner.sensitive.redact(t)
  let deadline: Deadline | undefined
  let transport: Transport | undefined
  let exportFile: ExportFile | undefined
  try {
    // Credentials given as inputs are masked before anything else is printed.
    maskOrFail(masker, [raw.token, raw['client-secret']], ['the token input', 'client-secret'], 'config')
    const plan = buildPlan(raw, { env: rt.env, tmpdir: tmpdir(), now: rt.now() })
    p.plan = plan
    for (const notice of plan.notices) runner.info(notice)
    deadline = new Deadline(plan.timeoutMs)
    let outcome: Outcome
    try {
      const connection = createClient(plan, rt.env, deadline)
      transport = connection.transport
      p.client = connection.client
      await fetchSecrets(p, plan, rt, masker, connection)
      outcome = { source: sourceOf(plan) }
    } catch (e) {
      const cause = asActionError(e)
      if (!fallbackApplies(plan.fallback, cause.errorClass)) throw cause
      outcome = { source: 'direct-env-fallback', fallback: useFallback(p, plan, cause, rt, masker, scrubbed) }
    }
    const prepared = prepareExport(plan, p.secrets)
    const command = plan.command
    let commandEnvironment: NodeJS.ProcessEnv | undefined
    if (command) {
      commandEnvironment = commandEnv(rt.env, p.secrets)
      try {
        prepareCommand({ commandLine: command.line, cwd: command.cwd, env: commandEnvironment })
      } catch (e) {
        throw e instanceof CommandStartError ? commandStartFailed(e) : e
      }
    }
    const file = prepared.file
    // Staged next to its target (and recorded for the post step); put in place as the last effect.
    if (file) exportFile = fileOrFail(file.path, 'export-file', () => stageExportFile(file.path, file.text, rt.env))
    const marker = buildMarker(p, rt, started, outcome, scrubbed)
    writeFileOrFail(markerPath, markerText(marker), 'marker-path')
    let finalMarker = marker
    if (plan.mode === 'check') runner.info(`Mode check: ${plural(p.secrets.length, 'secret')} readable with this identity; nothing exported`)
    exportToEnv(prepared)
    setOutputs(p, markerPath, outcome.source ?? '')
    if (!command) setResult('')
    if (exportFile) {
      const f = exportFile
      fileOrFail(f.path, 'export-file', () => f.commit())
      runner.info(`Wrote ${plural(p.secrets.length, 'variable')} to ${f.path} (${plan.exportFormat}, mode 0600${f.removedAtJobEnd ? ', removed when the job ends' : ', kept after the job'})`)
    }
    runner.info(`Source marker written to ${markerPath} (${plural(marker.requests, 'request')}, ${marker.durationMs} ms)`)
    const markerLine = `${plan.markerKey}=${outcome.source}`
    if (scrubbed(markerLine) !== markerLine) {
      runner.warning('A secret value is part of the marker line (marker-key=source): the runner will show that line masked, so log audits will miss this run; the marker file holds the source.')
    }
    runner.info(markerLine)
    if (command && commandEnvironment) {
      // Reading is over: its deadline does not bound the command (the step's timeout-minutes does).
      deadline.dispose()
      transport?.destroy()
      runner.info(`Running the run command with ${plural(p.secrets.length, 'secret')} in its environment only (${p.secrets.map((s) => s.env).join(', ')}), in ${command.cwd}`)
      let exitCode: number
      try {
        exitCode = await runCommand({ commandLine: command.line, cwd: command.cwd, env: commandEnvironment, write: runner.output, closeDelayMs: COMMAND_CLOSE_DELAY_MS })
      } catch (e) {
        throw e instanceof CommandStartError ? commandStartFailed(e) : e
      }
      outcome.exitCode = exitCode
      finalMarker = buildMarker(p, rt, started, outcome, scrubbed)
      writeFileOrFail(markerPath, markerText(finalMarker), 'marker-path')
      runner.info(`The run command exited with code ${exitCode}`)
      setResult(exitCode === 0 ? '' : 'command-failed', exitCode)
      if (exitCode !== 0) runner.setFailed(new ActionError('command-failed', `the run command exited with code ${exitCode}${exitCode > 128 ? ` (signal ${exitCode - 128}?)` : ''}`).message)
    }
    record(p.raw, finalMarker, rt.uid)
  } catch (e) {
    const error = asActionError(e)
    exportFile?.discard()
    const marker = buildMarker(p, rt, started, { error }, scrubbed)
    record(p.raw, marker, rt.uid)
    try {
      writeFileAtomic(markerPath, markerText(marker), 0o600)
    } catch (we) {
      runner.warning(`The source marker could not be written to ${markerPath}: ${(we as Error).message}`)
    }
    try {
      setOutputs(p, markerPath, '')
      setResult(error.errorClass)
    } catch (oe) {
      runner.warning(`The step's outputs could not be set: ${(oe as Error).message}`)
    }
    runner.setFailed(scrubbed(error.message))
  } finally {
    deadline?.dispose()
    transport?.destroy()
  }
}

/** The process's own runtime: its environment, clock and user. */
export function processEnvironment(): RunEnvironment {
  return {
    env: process.env,
    now: () => new Date(),
    uid: typeof process.getuid === 'function' ? process.getuid() : 0
  }
}
