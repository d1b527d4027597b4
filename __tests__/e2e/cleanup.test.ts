/**
 * The export-file's clean-up and the post step, through the harness running dist/: the post step
 * deletes only the regular file the main step wrote, never through a link out of the job's
 * folders, whatever earlier or later steps put in the job's environment; a run that fails leaves
 * an existing export-file exactly as it was.
 */
import { spawn } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readAction, inputEnvName, type JobResult, type JobSpec } from '../../testkit/runner/index.js'
import { BOT_TOKEN, ROOT, cleanup, exported, fetchStep, job, startPlatform, step, type Platform } from './platform.js'
import { idsOf, testAsRoot } from '../needs-root.js'

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

/** A user other than root to run the bundle as, and the folder it runs a copy of dist/ from. */
interface RunAs {
  uid: number
  gid: number
  dist: string
}

/**
 * Runs dist/index.js as the runner would, with `over` in its environment (not spawnSync: the test
 * server lives in this process); with `as`, as that user, its workspace and RUNNER_TEMP its own.
 */
async function runMain(
  over: (temp: string) => Record<string, string>,
  as?: RunAs
): Promise<{ status: number | null; stdout: string; stderr: string; temp: string }> {
  const ws = folder('workspace-')
  const temp = folder('runner-temp-')
  if (as) for (const own of [ws, temp]) chownSync(own, as.uid, as.gid)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: temp
  }
  for (const [name, input] of Object.entries(readAction(ROOT).inputs)) env[inputEnvName(name)] = input.default ?? ''
  for (const [name, value] of Object.entries(fetchStep(p).with ?? {})) env[inputEnvName(name)] = value
  for (const kind of ['ENV', 'OUTPUT', 'STATE']) env[`GITHUB_${kind}`] = join(temp, `${kind.toLowerCase()}.txt`)
  Object.assign(env, over(temp))
  const child = spawn(process.execPath, [join(as?.dist ?? join(ROOT, 'dist'), 'index.js')], {
    env,
    cwd: ws,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ? { uid: as.uid, gid: as.gid } : {})
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { status, stdout, stderr, temp }
}

/** The main step's line about the export-file. */
function wroteLine(result: JobResult, id = 'infisical'): string {
  return step(result, id).raw.find((l) => l.startsWith('Wrote ')) ?? '(no Wrote line)'
}

function post(result: JobResult): JobResult['steps'][number] {
  const s = result.steps.find((x) => x.kind === 'post')
  if (!s) throw new Error('no post step')
  return s
}

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
    expect(result.steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual([
      'run:success',
      'action:success',
      'run:success',
      'post:success'
    ])
    expect(step(result, 'infisical').outputs.source).toBe('infisical-token-auth')
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(p.server.count()).toBeGreaterThan(0)
    expect(existsSync(join(result.runnerTemp, 'secrets.env'))).toBe(false)
  })
})

describe('the post step takes no path from the job environment', () => {
  test.each([
    ['the old state name, naming any file', 'cleanupExportFile', (victim: string) => victim],
    ['a record id no main step saved', 'exportFileRecord', () => 'a'.repeat(32)],
    ['a path as the record id', 'exportFileRecord', (victim: string) => `../../..${victim}`]
  ])('a later step sets STATE_ through GITHUB_ENV (%s): nothing is deleted', async (_what, name, value) => {
    const victim = join(folder('victim-'), 'service.env')
    writeFileSync(victim, 'SERVICE=1\n', { mode: 0o600 })
    const result = await run({
      steps: [
        fetchStep(p, { 'export-file': join(p.dir, 'kept.env') }),
        { name: 'forge', run: `echo "STATE_${name}=${value(victim)}" >> "$GITHUB_ENV"` }
      ]
    })
    expect(wroteLine(result)).toContain('kept after the job')
    expect(post(result).stepEnv[`STATE_${name}`]).toBe(value(victim))
    expect(post(result).outcome).toBe('success')
    expect(readFileSync(victim, 'utf8')).toBe('SERVICE=1\n')
    expect(existsSync(join(p.dir, 'kept.env'))).toBe(true)
  })

  test.each([
    ['a file of its own', () => 'echo OTHER=1 > new.env && mv new.env "$RUNNER_TEMP/secrets.env"'],
    [
      'a link to a file elsewhere',
      (victim: string) => `rm "$RUNNER_TEMP/secrets.env" && ln -s '${victim}' "$RUNNER_TEMP/secrets.env"`
    ]
  ])('a later step replaces the export-file with %s: the post step leaves it', async (_what, script) => {
    const victim = join(folder('victim-'), 'service.env')
    writeFileSync(victim, 'SERVICE=1\n', { mode: 0o600 })
    const result = await run({
      steps: [
        fetchStep(p, { 'export-file': '${{ runner.temp }}/secrets.env' }),
        { name: 'replace', run: script(victim) }
      ]
    })
    expect(wroteLine(result)).toContain('removed when the job ends')
    expect(result.steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual(['action:success', 'run:success', 'post:success'])
    expect(post(result).annotations.find((a) => a.level === 'warning')?.message).toContain(
      'no longer the file this action wrote'
    )
    expect(lstatSync(join(result.runnerTemp, 'secrets.env')).size).toBeGreaterThan(0)
    expect(readFileSync(victim, 'utf8')).toBe('SERVICE=1\n')
  })

  test('the export-file is removed, and so is the record the main step kept of it', async () => {
    const result = await run({ steps: [fetchStep(p, { 'export-file': '${{ github.workspace }}/.secrets.env' })] })
    const id = step(result, 'infisical').state.exportFileRecord ?? ''
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(post(result).raw).toContain(`Removed the export-file ${join(result.workspace, '.secrets.env')}`)
    expect(existsSync(join(result.workspace, '.secrets.env'))).toBe(false)
    expect(readdirSync(result.runnerTemp).filter((f) => f.includes(id))).toEqual([])
  })
})

describe('symbolic links out of the job folders', () => {
  test('an export-file under a link from the workspace to a folder elsewhere is kept after the job', async () => {
    const outside = folder('outside-')
    const result = await run({
      steps: [
        { name: 'link', run: `ln -s '${outside}' link` },
        fetchStep(p, { 'export-file': '${{ github.workspace }}/link/x.env' })
      ]
    })
    expect(wroteLine(result)).toContain('kept after the job')
    expect(result.steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual(['run:success', 'action:success', 'post:success'])
    expect(readFileSync(join(outside, 'x.env'), 'utf8')).toContain('PLATFORMCTL_FORGEJO_TOKEN=')
  })

  test('a later step moves the folder elsewhere and links it back: the post step does not delete through the link', async () => {
    const outside = folder('outside-')
    const result = await run({
      steps: [
        { name: 'folder', run: 'mkdir sub' },
        fetchStep(p, { 'export-file': '${{ github.workspace }}/sub/x.env' }),
        { name: 'move', run: `mv sub '${outside}/sub' && ln -s '${outside}/sub' sub` }
      ]
    })
    expect(wroteLine(result)).toContain('removed when the job ends')
    expect(post(result).annotations.find((a) => a.level === 'warning')?.message).toContain(
      'outside the workspace and RUNNER_TEMP'
    )
    expect(readFileSync(join(outside, 'sub', 'x.env'), 'utf8')).toContain('PLATFORMCTL_FORGEJO_TOKEN=')
  })
})

describe('an existing export-file is replaced only by a successful run', () => {
  const OPERATOR = 'OPERATOR_SETTING=kept\n'
  const failures = [
    ['Infisical refuses', 'permission-denied', (_p: Platform) => ({})],
    [
      'the marker cannot be written, after the secrets were read',
      'config',
      (pl: Platform) => ({ 'marker-path': join(pl.dir, 'no', 'such', 'marker.json') })
    ]
  ] as const

  describe.each([
    ['in the workspace', (ws: string) => ws],
    ['elsewhere', () => p.dir]
  ])('the file %s', (_where, folderOf) => {
    test.each(failures)(
      'a run that fails (%s) leaves it exactly as it was, and no temporary file',
      async (_what, errorClass, inputs) => {
        const ws = folder('workspace-')
        const dir = folderOf(ws)
        const file = join(dir, 'service.env')
        writeFileSync(file, OPERATOR, { mode: 0o640 })
        const before = statSync(file)
        if (errorClass === 'permission-denied') p.server.inject(denied)
        const result = await run({ workspace: ws, steps: [fetchStep(p, { 'export-file': file, ...inputs(p) })] })
        expect(step(result, 'infisical').outputs['error-class']).toBe(errorClass)
        expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
        expect(readFileSync(file, 'utf8')).toBe(OPERATOR)
        expect(statSync(file)).toMatchObject({ ino: before.ino, mode: before.mode, mtimeMs: before.mtimeMs })
        expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
      }
    )
  })

  test('a successful run replaces it (mode 0600), and a file of the workspace is then removed at the end', async () => {
    const ws = folder('workspace-')
    const file = join(ws, 'service.env')
    writeFileSync(file, OPERATOR, { mode: 0o644 })
    const result = await run({
      workspace: ws,
      steps: [
        fetchStep(p, { 'export-file': file }),
        {
          name: 'look',
          run: "stat -c %a service.env; grep -c '^PLATFORMCTL_FORGEJO_TOKEN=' service.env; grep -c OPERATOR_SETTING service.env || true"
        }
      ]
    })
    expect(step(result, 'look').raw).toEqual(['600', '1', '0'])
    expect(existsSync(file)).toBe(false)
  })
})

describe('file commands that cannot be written: one error line, never a stack trace', () => {
  test.each([
    ['GITHUB_STATE', 'STATE'],
    ['GITHUB_OUTPUT', 'OUTPUT']
  ])('%s in a folder that does not exist: exit 1, one ::error:: line, no export-file', async (variable, kind) => {
    const r = await runMain((temp) => ({
      [`GITHUB_${kind}`]: join(temp, 'no', 'such', 'file'),
      [inputEnvName('export-file')]: join(temp, 'secrets.env')
    }))
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('')
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`${variable} cannot be written (ENOENT)`)
    expect(r.stdout.split('\n').filter((l) => /^\s+at /.test(l))).toEqual([])
    expect(
      readdirSync(r.temp).filter((f) => f.includes('secrets.env') || f.startsWith('infisical-export-file-'))
    ).toEqual([])
  })
})

describe('a runner that does not run as root', () => {
  // Root may write anywhere, so this is the one way to see, as root (CI), what such a runner sees:
  // the bundle run as nobody, from a copy of dist/ it can read, its workspace and RUNNER_TEMP its own.
  testAsRoot(
    'an export-file in a folder the runner user may not write to: config (EACCES) before any request',
    async () => {
      const dist = folder('dist-copy-')
      chmodSync(dist, 0o755)
      for (const f of ['index.js', 'package.json']) copyFileSync(join(ROOT, 'dist', f), join(dist, f))
      const locked = folder('root-only-')
      chmodSync(locked, 0o755)
      const file = join(locked, 'secrets.env')
      const r = await runMain(
        () => ({
          [inputEnvName('token-file')]: '',
          [inputEnvName('token')]: p.token,
          [inputEnvName('export-file')]: file
        }),
        { ...idsOf('nobody'), dist }
      )
      expect(r.status).toBe(1)
      expect(r.stderr).toBe('')
      const lines = r.stdout.split('\n')
      expect(lines.filter((l) => l.startsWith('::error::'))).toEqual([
        `::error::config: export-file "${file}": its folder "${locked}" is not writable by the runner user (EACCES) - correct this input of the step`
      ])
      expect(p.server.count()).toBe(0)
      expect(existsSync(file)).toBe(false)
      // the token input is masked first (a line the runner reads, never shows); no other line holds it
      expect(lines[0]).toBe(`::add-mask::${p.token}`)
      expect(lines.slice(1).filter((l) => l.includes(p.token))).toEqual([])
    }
  )
})
