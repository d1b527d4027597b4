/**
 * run-command: the `run` command line run by a real bash, its output framed so that the runner
 * never reads it as workflow commands, and (through the runner harness) masked under both rules.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CommandOutputFrame, framedOutput, newStopToken } from '../../src/command-frame.js'
import { CommandStartError, findBash, isCommandStartError } from '../../src/command-start.js'
import { WRAPPER_SCRIPT, runCommand } from '../../src/run-command.js'
import { cleanupJob, runJob, type JobResult } from '../../testkit/runner/index.js'

const dir = mkdtempSync(join(tmpdir(), 'run-command-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PATH = process.env['PATH'] ?? '/usr/bin:/bin'

/** Runs a command line with a minimal environment; the written text and the exit code. */
async function run(
  commandLine: string,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<{ code: number; text: string; writes: string[] }> {
  const writes: string[] = []
  const code = await runCommand({
    commandLine,
    cwd: opts.cwd ?? dir,
    env: opts.env ?? { PATH },
    write: (t) => writes.push(t)
  })
  return { code, text: writes.join(''), writes }
}

/** The command's output inside the frame, after checking the frame. */
function inner(text: string): string {
  const m = /^::stop-commands::([0-9a-f]{32})\n([\s\S]*)::\1::\n$/.exec(text)
  if (!m) throw new Error(`not framed: ${JSON.stringify(text)}`)
  return m[2] as string
}

async function startError(p: Promise<unknown>): Promise<CommandStartError> {
  try {
    await p
  } catch (e) {
    expect(isCommandStartError(e)).toBe(true)
    return e as CommandStartError
  }
  throw new Error('no error')
}

describe('the frame (pure)', () => {
  test('stop-commands with a fresh 32-hex token, then the output, then the resume line', () => {
    const a = newStopToken()
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(newStopToken()).not.toBe(a)
    expect(framedOutput('one\ntwo\n', 'ab'.repeat(16))).toBe(
      `::stop-commands::${'ab'.repeat(16)}\none\ntwo\n::${'ab'.repeat(16)}::\n`
    )
  })

  test('a last line without a line break gets one before the resume line; empty output adds nothing', () => {
    const t = '0123456789abcdef0123456789abcdef'
    expect(framedOutput('no newline', t)).toBe(`::stop-commands::${t}\nno newline\n::${t}::\n`)
    expect(framedOutput('', t)).toBe(`::stop-commands::${t}\n::${t}::\n`)
    const f = new CommandOutputFrame(t)
    expect(f.open() + f.pass('a\n') + f.pass('b') + f.pass('') + f.close()).toBe(
      `::stop-commands::${t}\na\nb\n::${t}::\n`
    )
    expect(new CommandOutputFrame(t).pass('x\r')).toBe('x\r')
  })

  test('a token that could break the commands is refused', () => {
    expect(() => new CommandOutputFrame('tok::x')).toThrow()
    expect(() => new CommandOutputFrame('')).toThrow()
    expect(() => new CommandOutputFrame('abc')).toThrow()
  })

  test('findBash looks in the PATH given, skipping empty entries', () => {
    const empty = mkdtempSync(join(dir, 'empty-'))
    expect(findBash(`${empty}::`)).toBeUndefined()
    expect(findBash(undefined)).toBeUndefined()
    expect(findBash(`${empty}:${PATH}`)).toMatch(/\/bash$/)
  })
})

describe('runCommand with a real bash', () => {
  test('exit codes 0 and 3', async () => {
    expect((await run('true')).code).toBe(0)
    expect((await run('echo before; exit 3')).code).toBe(3)
  })

  test('bash -e -o pipefail: a failing command stops the line, a failing pipe stage fails it', async () => {
    const e = await run('false; echo not-reached')
    expect(e.code).toBe(1)
    expect(inner(e.text)).toBe('')
    expect((await run('false | true; echo not-reached')).code).toBe(1)
  })

  test('the command sees the environment given and nothing else (bash adds PWD, SHLVL and _)', async () => {
    const env = { PATH, GIVEN: 'a value with spaces', MULTI: 'line one\nline two\n', QUOTE: `it's "q" $(x)` }
    const r = await run('env -0 | base64 -w0', { env })
    expect(r.code).toBe(0)
    const seen = Object.fromEntries(
      Buffer.from(inner(r.text), 'base64')
        .toString('utf8')
        .split('\u0000')
        .filter((e) => e !== '')
        .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])
    ) as Record<string, string>
    for (const [k, v] of Object.entries(env)) expect(seen[k]).toBe(v)
    expect(
      Object.keys(seen)
        .filter((k) => !(k in env))
        .sort()
    ).toEqual(['PWD', 'SHLVL', '_'])
    expect(process.env['HOME']).toBeDefined()
    expect(seen['HOME']).toBeUndefined()
  })

  test('undefined entries are left out; the working directory is honoured', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'))
    const r = await run('pwd -P; echo "${UNSET-unset}"', { cwd, env: { PATH, UNSET: undefined } })
    expect(inner(r.text)).toBe(`${realpathSync(cwd)}\nunset\n`)
  })

  test('stdout and stderr are one stream, in order; stdin is empty', async () => {
    const r = await run('echo 1; echo 2 >&2; echo 3; echo 4 >&2; cat; echo 5 >&2')
    expect(inner(r.text)).toBe('1\n2\n3\n4\n5\n')
  })

  test('the command line is not echoed', async () => {
    const r = await run('echo shown # comment-not-shown')
    expect(r.text).not.toContain('comment-not-shown')
    expect(r.text).not.toContain('[command]')
    expect(inner(r.text)).toBe('shown\n')
  })

  test('a workflow command printed by the command is inside the stop-commands block', async () => {
    const r = await run(
      'echo "::set-env name=EVIL::x"; echo "::add-mask::y"; echo "::stop-commands::other"; echo "::other::"; echo after'
    )
    const lines = r.text.split('\n')
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0] ?? '')?.[1]
    expect(token).toBeDefined()
    const evil = lines.indexOf('::set-env name=EVIL::x')
    const resume = lines.indexOf(`::${token}::`)
    expect(evil).toBeGreaterThan(0)
    expect(resume).toBeGreaterThan(evil)
    expect(resume).toBe(lines.length - 2) // the last line, then the final ''
    expect(inner(r.text)).toBe('::set-env name=EVIL::x\n::add-mask::y\n::stop-commands::other\n::other::\nafter\n')
  })

  test('a last line without a line break is still a line', async () => {
    const r = await run("printf 'first\\nno newline at the end'")
    expect(inner(r.text)).toBe('first\nno newline at the end\n')
    expect(r.text.endsWith('at the end\n::')).toBe(false)
  })

  test('unicode output, a character split across writes included', async () => {
    const r = await run("printf 'ключ ✓ 鍵 '; printf '\\360\\237'; sleep 0.05; printf '\\230\\200\\n'")
    expect(inner(r.text)).toBe('ключ ✓ 鍵 😀\n')
    expect(r.writes.some((w) => w.includes('\ufffd'))).toBe(false)
  })

  test('a signal gives 128 + n, as bash reports it, also when bash execs the command', async () => {
    expect((await run('kill -TERM $$')).code).toBe(143)
    expect((await run("exec sh -c 'kill -KILL $$'")).code).toBe(137)
    expect((await run("sh -c 'kill -SEGV $$'")).code).toBe(139)
  })

  test("BASH_ENV is read once, by the command's bash", async () => {
    const count = join(dir, 'bash-env-count')
    const rc = join(dir, 'bash-env.sh')
    writeFileSync(rc, `echo "$$" >> '${count}'\n`)
    const r = await run('echo "$$"', { env: { PATH, BASH_ENV: rc } })
    expect(readFileSync(count, 'utf8')).toBe(inner(r.text))
  })

  test('output a background process writes after the wait is dropped, never written after the resume line', async () => {
    const writes: string[] = []
    const code = await runCommand({
      commandLine: '(sleep 0.6; echo "::set-env name=EVIL::late") & echo early',
      closeDelayMs: 100,
      cwd: dir,
      env: { PATH },
      write: (t) => writes.push(t)
    })
    expect(code).toBe(0)
    const atResolve = writes.length
    await new Promise((r) => setTimeout(r, 900))
    expect(writes.length).toBe(atResolve)
    expect(inner(writes.join(''))).toBe('early\n')
  })

  test('the wrapper is what the module says', () => {
    expect(WRAPPER_SCRIPT).toContain('-e -o pipefail -c "$1"')
  })
})

describe('runCommand cannot start', () => {
  test('no bash in PATH: bash-not-found, nothing written', async () => {
    const empty = mkdtempSync(join(dir, 'nobash-'))
    const writes: string[] = []
    const e = await startError(
      runCommand({ commandLine: 'true', cwd: dir, env: { PATH: empty }, write: (t) => writes.push(t) })
    )
    expect(e.problem).toBe('bash-not-found')
    expect(e.message).toContain(empty)
    expect(writes).toEqual([])
  })

  test('a bash that cannot be started: bash-not-startable, the frame closed', async () => {
    const fake = mkdtempSync(join(dir, 'badbash-'))
    writeFileSync(join(fake, 'bash'), '#!/nonexistent/interpreter\n')
    chmodSync(join(fake, 'bash'), 0o755)
    const writes: string[] = []
    const e = await startError(
      runCommand({ commandLine: 'true', cwd: dir, env: { PATH: fake }, write: (t) => writes.push(t) })
    )
    expect(e.problem).toBe('bash-not-startable')
    expect(e.message).toContain(join(fake, 'bash'))
    expect(inner(writes.join(''))).toBe('')
  })

  test('a missing working directory: cwd-missing', async () => {
    const e = await startError(run('true', { cwd: join(dir, 'no-such-folder') }))
    expect(e.problem).toBe('cwd-missing')
  })

  test.each([
    ['a NUL', 'nul\u0000inside'],
    ['a lone surrogate', 'half \ud83d inside']
  ])('%s in a value: unrepresentable, naming the variable, never the value', async (_what, value) => {
    const e = await startError(run('true', { env: { PATH, SECRET_X: value } }))
    expect(e.problem).toBe('unrepresentable')
    expect(e.message).toContain('SECRET_X')
    expect(e.message).not.toContain('inside')
  })
})

describe('through the runner harness', () => {
  const results: JobResult[] = []
  afterAll(() => {
    for (const r of results) cleanupJob(r)
  })

  test('the command printing a masked value and ::set-env: the value is masked under both rules, EVIL is not set', async () => {
    const action = join(dir, 'action')
    mkdirSync(action)
    writeFileSync(join(action, 'action.yml'), 'name: run-command test\nruns:\n  using: node20\n  main: index.mjs\n')
    const require = createRequire(import.meta.url)
    const tsxApi = require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')
    expect(existsSync(tsxApi)).toBe(true)
    const source = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'run-command.ts')
    const value = 'value-of-the-secret-7f3a'
    const other = 'mask-registered-inside-9c1e'
    // the command: the value, a command that would set EVIL, an add-mask that must register
    // nothing, and a last line without a line break
    const commandLine = [
      'echo "the value: $SECRET"',
      'echo "::set-env name=EVIL::1"',
      `echo "::add-mask::${other}"`,
      `echo "${other} stays visible"`,
      'printf \'the value again: %s\' "$SECRET"'
    ].join('; ')
    writeFileSync(
      join(action, 'index.mjs'),
      [
        `import { register } from ${JSON.stringify(pathToFileURL(tsxApi).href)}`,
        'register()',
        `const { runCommand } = await import(${JSON.stringify(pathToFileURL(source).href)})`,
        `const value = ${JSON.stringify(value)}`,
        'process.stdout.write(`::add-mask::${value}\\n`)',
        `const code = await runCommand({ commandLine: ${JSON.stringify(commandLine)}, cwd: process.env.GITHUB_WORKSPACE, env: { PATH: process.env.PATH, SECRET: value }, write: (t) => process.stdout.write(t) })`,
        'process.stdout.write(`exit code ${code}\\n`)',
        `process.stdout.write(${JSON.stringify('::set-output name=after::commands work again\n')})`
      ].join('\n')
    )
    const started = Date.now()
    // tsx keeps a cache of what it compiled in the temporary folder (tsx-<uid>): this job's is
    // under the test's folder, removed with it
    const scratch = join(dir, 'tmp')
    mkdirSync(scratch, { recursive: true })
    const r = await runJob({
      actionRoot: dir,
      env: { TMPDIR: scratch },
      steps: [
        { id: 'run', uses: './action' },
        { id: 'next', run: 'echo "EVIL=${EVIL-unset}"' }
      ]
    })
    results.push(r)
    const took = Date.now() - started
    const [main, next] = r.steps
    expect(main?.outcome).toBe('success')
    expect(main?.droppedPartialLine).toBeUndefined()
    // nothing inside the frame was a command; the resume line turned them on again
    expect(main?.envSet).toEqual({})
    expect(main?.outputs).toEqual({ after: 'commands work again' })
    expect(r.env['EVIL']).toBeUndefined()
    expect(next?.stepEnv['EVIL']).toBeUndefined()
    expect(next?.raw).toEqual(['EVIL=unset'])
    // the mask registered before the frame holds inside it, under both rules
    for (const log of [r.log.exec, r.log.daemon]) {
      expect(log.some((l) => l.includes(value))).toBe(false)
      expect(log.some((l) => l.includes('the value: ***'))).toBe(true)
      expect(log.some((l) => l.includes('the value again: ***'))).toBe(true)
      // the add-mask inside the frame registered nothing
      expect(log.some((l) => l.includes(`${other} stays visible`))).toBe(true)
    }
    for (const masks of [r.masks.exec, r.masks.daemon]) {
      expect(masks).toContain(value)
      expect(masks).not.toContain(other)
    }
    if (process.env['SHOW_LOGS']) console.log([...r.log.exec, '----', ...r.log.daemon].join('\n'))
    // exec shows a command-like line of the frame as the runner's own entry; the web UI (daemon)
    // does not show it during the steps
    expect(r.log.exec.some((l) => l.endsWith('\u2699  ::set-env name=EVIL::1'))).toBe(true)
    expect(r.log.daemon.some((l) => l.includes('name=EVIL'))).toBe(false)
    expect(r.log.exec.some((l) => l.includes('exit code 0'))).toBe(true)
    expect(took).toBeLessThan(10000)
  })
})
