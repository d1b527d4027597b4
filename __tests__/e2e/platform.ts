/**
 * The setting of the end-to-end tests: an Infisical test server holding the platform's project,
 * a machine identity with read on the bot's folder, its Token Auth token in a 0600 file, and
 * helpers that run the committed bundle through the runner harness and look at everything an
 * operator could read afterwards.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InfisicalTestServer, type StartOptions } from '../../testkit/infisical-server.js'
import { cleanupJob, leaks, runJob, type JobResult, type JobSpec, type StepSpec } from '../../testkit/runner/index.js'
import type { Identity } from '../../testkit/infisical-server.js'
import { BOT_FOLDER, BOT_NAME, PROJECT_ID, seedPlatform, writeTokenFile } from '../../testkit/platform.js'

export { BOT_FOLDER, BOT_NAME, PROJECT_ID, writeTokenFile }
export const BOT_TOKEN = 'f0rg3j0-b0t-t0k3n-6c1d9e2a7b'
export const ROOT = process.cwd()

export interface Platform {
  server: InfisicalTestServer
  identity: Identity
  token: string
  tokenFile: string
  dir: string
}

const servers: InfisicalTestServer[] = []
const platforms: Platform[] = []

/** A platform for one test; `cleanup` (in afterEach) closes its server. */
export async function startPlatform(opts: StartOptions = {}): Promise<Platform> {
  const server = await InfisicalTestServer.start(opts)
  servers.push(server)
  const { identity, token } = seedPlatform(server, { botToken: BOT_TOKEN })
  const dir = mkdtempSync(join(tmpdir(), 'platform-'))
  const tokenFile = writeTokenFile(dir, token)
  const platform = { server, identity, token, tokenFile, dir }
  platforms.push(platform)
  return platform
}

/** A fetch step of this action with the platform's usual inputs; `with` overrides them. */
export function fetchStep(
  p: Platform,
  withInputs: Record<string, string> = {},
  extra: Partial<StepSpec> = {}
): StepSpec {
  return {
    name: 'Secrets from Infisical',
    id: 'infisical',
    uses: '.',
    with: {
      'infisical-url': p.server.url,
      'token-file': p.tokenFile,
      'project-id': PROJECT_ID,
      environment: 'prod',
      secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/${BOT_NAME}`,
      'marker-key': 'forgejo_token_source',
      ...withInputs
    },
    ...extra
  }
}

/** A `fallback-until` 30 days ahead: within the 90 days a soak may last, whenever the tests run. */
export function soakUntil(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
}

/** A later step that only proves it ran; its environment is in the result. */
export const NEXT_STEP: StepSpec = { name: 'Next step', run: 'echo next step ran' }

export const GITHUB = {
  repository: 'platform/platform',
  workflow: 'platformctl-auto-apply.yml',
  runId: '869',
  runNumber: '729',
  runAttempt: '1',
  sha: 'cec1037a9f3e0c1e2b4d5f60718293a4b5c6d7e8',
  serverUrl: 'https://forgejo.example.org'
}

const results: JobResult[] = []

export async function job(spec: JobSpec): Promise<JobResult> {
  const result = await runJob({ actionRoot: ROOT, github: GITHUB, ...spec })
  results.push(result)
  return result
}

/**
 * For afterEach: no job of the test leaked the bot token, a platform's access token, any token
 * the server was shown (tokens issued in the test, Universal Auth access tokens) or `extra`;
 * then every server is closed and every job's folders removed.
 */
export async function cleanup(extra: string[] = []): Promise<void> {
  const tokens = new Set([BOT_TOKEN, ...extra, ...platforms.map((p) => p.token)])
  for (const server of servers) {
    for (const r of server.requests) if (r.authorization?.startsWith('Bearer ')) tokens.add(r.authorization.slice(7))
  }
  const jobs = results.splice(0)
  const dirs = platforms.splice(0).map((pl) => pl.dir)
  try {
    for (const r of jobs)
      expectNoLeak(
        r,
        [...tokens].filter((t) => t.length >= 8)
      )
  } finally {
    for (const r of jobs) cleanupJob(r)
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
    for (const server of servers.splice(0)) await server.close()
  }
}

export function step(result: JobResult, id: string) {
  const s = result.steps.find((x) => x.id === id || x.name === id)
  if (!s) throw new Error(`no step ${id}`)
  return s
}

export function markerOf(result: JobResult, id = 'infisical'): Record<string, any> {
  const path = step(result, id).outputs['marker-path'] ?? join(result.runnerTemp, 'infisical-source-marker.json')
  return JSON.parse(readFileSync(path, 'utf8'))
}

/**
 * Lines of a rendered log that are the marker line on its own: the whole line in the daemon's
 * rendering, the whole output after the `[workflow/job]   | ` prefix of the exec rendering.
 */
export function markerLines(lines: string[], text: string): string[] {
  return lines.filter((l) => l === text || (/^\[[^\]]*\]\s+\| /.test(l) && l.replace(/^\[[^\]]*\]\s+\| /, '') === text))
}

/**
 * Nothing of `values` (no 8-character fragment of a line, no shorter line of 4+ characters) anywhere
 * an operator can read: both rendered logs, outputs, annotations, the marker file and `extra` texts
 * (error messages, files), all searched by leaks() of the harness.
 */
export function expectNoLeak(result: JobResult, values: string[], extra: string[] = []): void {
  const markerFiles = new Set([
    join(result.runnerTemp, 'infisical-source-marker.json'),
    ...result.steps.map((s) => s.outputs['marker-path']).filter((x): x is string => !!x)
  ])
  const texts: Record<string, string> = {}
  for (const f of markerFiles) if (existsSync(f)) texts[`marker file ${f}`] = readFileSync(f, 'utf8')
  extra.forEach((t, i) => (texts[`extra text #${i + 1}`] = t))
  expect(leaks(result, values, { extra: texts })).toEqual([])
}

/** The mapped variables that reached the job environment. */
export function exported(result: JobResult, names: string[]): string[] {
  return names.filter((n) => result.env[n] !== undefined || result.steps.some((s) => s.envSet[n] !== undefined))
}
