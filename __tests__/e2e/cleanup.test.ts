/**
 * The post step and the main step, through the harness running dist/: two bundles, so that
 * nothing an earlier step puts in the job's environment turns the main step into the post step;
 * a file command that cannot be written is one error line, never a stack trace.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readAction, inputEnvName, type JobResult, type JobSpec } from '../../testkit/runner/index.js'
import { BOT_TOKEN, ROOT, cleanup, fetchStep, job, startPlatform, step, type Platform } from './platform.js'

let p: Platform
/** Folders a test made (outside folders, workspaces): removed after it. */
const made: string[] = []

beforeEach(async () => {
  p = await startPlatform()
  made.push(p.dir)
})
afterEach(async () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
  await cleanup()
})

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

async function run(spec: JobSpec): Promise<JobResult> {
  const result = await job(spec)
  made.push(result.workspace)
  return result
}

describe('main and post are two bundles', () => {
  test('action.yml runs the post step from its own bundle, which loads only Node modules and stays small', () => {
    const runs = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: Record<string, string> }).runs
    expect(runs).toMatchObject({ main: 'dist/index.js', post: 'dist/post/index.js' })
    const bundle = readFileSync(join(ROOT, runs.post as string), 'utf8')
    const names = [...bundle.matchAll(/createRequire\(import\.meta\.url\)\("([^"]+)"\)/g)].map((m) => m[1])
    expect(names.length).toBeGreaterThan(0)
    expect(names.filter((n) => !/^(node:)?[a-z_]+$/.test(n ?? ''))).toEqual([])
    expect(bundle.length).toBeLessThan(64 * 1024)
  })

  test('STATE_isPost=true in GITHUB_ENV from an earlier step: the main step still fetches and exports', async () => {
    const result = await run({
      steps: [
        { name: 'forge', run: 'echo "STATE_isPost=true" >> "$GITHUB_ENV"' },
        fetchStep(p, { 'export-file': '${{ runner.temp }}/secrets.env' }),
        { name: 'next', run: 'test -f "$RUNNER_TEMP/secrets.env"' }
      ]
    })
    expect(result.steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual(['run:success', 'action:success', 'run:success', 'post:success'])
    expect(step(result, 'infisical').outputs.source).toBe('infisical-token-auth')
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(p.server.count()).toBeGreaterThan(0)
    expect(existsSync(join(result.runnerTemp, 'secrets.env'))).toBe(false)
  })
})

describe('file commands that cannot be written: one error line, never a stack trace', () => {
  /** Runs dist/index.js as the runner would, with `over` in its environment (not spawnSync: the test server lives in this process). */
  async function runMain(over: (temp: string) => Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string; temp: string }> {
    const ws = folder('workspace-')
    const temp = folder('runner-temp-')
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_WORKSPACE: ws, RUNNER_TEMP: temp }
    for (const [name, input] of Object.entries(readAction(ROOT).inputs)) env[inputEnvName(name)] = input.default ?? ''
    for (const [name, value] of Object.entries(fetchStep(p).with ?? {})) env[inputEnvName(name)] = value
    for (const kind of ['ENV', 'OUTPUT', 'STATE']) env[`GITHUB_${kind}`] = join(temp, `${kind.toLowerCase()}.txt`)
    Object.assign(env, over(temp))
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'index.js')], { env, cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { status, stdout, stderr, temp }
  }

  test.each([
    ['GITHUB_STATE', 'STATE'],
    ['GITHUB_OUTPUT', 'OUTPUT']
  ])('%s in a folder that does not exist: exit 1, one ::error:: line, no export-file', async (variable, kind) => {
    const r = await runMain((temp) => ({ [`GITHUB_${kind}`]: join(temp, 'no', 'such', 'file'), [inputEnvName('export-file')]: join(temp, 'secrets.env') }))
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('')
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`${variable} cannot be written (ENOENT)`)
    expect(r.stdout.split('\n').filter((l) => /^\s+at /.test(l))).toEqual([])
    expect(readdirSync(r.temp).filter((f) => f.includes('secrets.env') || f.startsWith('infisical-export-file-'))).toEqual([])
  })
})
