/**
 * scripts/install-token-file: the operator's tool to put a token on a runner host. It changes file
 * owners, so these tests need root (CI runs as root): without root they fail, they do not skip.
 */
import {
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readTokenFile } from '../src/protected-file.js'

const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'install-token-file')
const isRoot = process.getuid?.() === 0
const NEEDS_ROOT = 'the install-token-file tests need root (they chown files to other users; CI runs as root): run them as root'
const base = mkdtempSync(join(tmpdir(), 'install-token-file-'))

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url')
}
const IDENTITY = '5f2c0e1a-7b3d-4c8e-9f10-2a3b4c5d6e7f'
const EXP = 4102444800 // 2100-01-01 00:00:00 UTC
/** A token shaped like a Token Auth access token (a JWT, ~800 bytes); the signature is made up. */
const JWT = [
  b64url('{"alg":"HS256","typ":"JWT"}'),
  b64url(
    JSON.stringify({
      identityId: IDENTITY,
      identityAccessTokenId: 'c0ffee00-1234-4abc-8def-0123456789ab',
      authTokenType: 'identityAccessToken',
      scopes: ['secrets:read', 'folders:read', 'projects:read', 'environments:read', 'imports:read'],
      clientSecretId: null,
      note: 'runner host forgejo-deploy-runner; Token Auth; installed by install-token-file for platformctl-auto-apply',
      iat: 1735689600,
      exp: EXP
    })
  ),
  'Qm9ndXNTaWduYXR1cmVfMDEyMzQ1Njc4OWFiY2RlZl9ab1lwS3dUcXZFbXhOcg'
].join('.')
/** Not a JWT: an opaque token. */
const OPAQUE = 'st.a1b2c3d4e5f6.Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa_-+/=.q7Wz'

interface Run {
  status: number | null
  stdout: string
  stderr: string
}
function run(args: string[], input: string | Buffer, options: { cwd?: string; env?: NodeJS.ProcessEnv; umask?: string } = {}): Run {
  const argv = options.umask ? ['-c', `umask ${options.umask}; exec "$0" "$@"`, script, ...args] : args
  const r = spawnSync(options.umask ? '/bin/sh' : script, argv, {
    input,
    cwd: options.cwd ?? base,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 10_000
  })
  // A refusal before the token is read may end the script before the input is written: EPIPE,
  // with the status and output still collected.
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'EPIPE') throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Every 4-byte window of `token` that shows in `output` (known non-secret paths taken out first). */
function leaks(output: string, token: string, paths: string[] = []): string[] {
  let text = output
  for (const p of [...paths].sort((a, b) => b.length - a.length)) text = text.split(p).join('<PATH>')
  const found = new Set<string>()
  for (let i = 0; i + 4 <= token.length; i++) {
    const window = token.slice(i, i + 4)
    if (text.includes(window)) found.add(window)
  }
  return [...found]
}

let n = 0
/** A fresh folder under `base`, owned by root with mode 0700 unless told. */
function folder(): string {
  const d = join(base, `f${++n}`)
  mkdirSync(d, { mode: 0o700 })
  return d
}
function modeOf(path: string): number {
  return statSync(path).mode & 0o7777
}

beforeAll(() => {
  if (!isRoot) throw new Error(NEEDS_ROOT)
})

afterAll(() => {
  rmSync(base, { recursive: true, force: true })
  expect(existsSync(base)).toBe(false)
})

describe('install-token-file', () => {
  test('runs as root', () => {
    if (!isRoot) throw new Error(NEEDS_ROOT)
    expect(process.getuid?.()).toBe(0)
  })

  test('-h and --help print the usage text on stdout', () => {
    for (const flag of ['-h', '--help']) {
      const r = run([flag], '')
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/^Usage: install-token-file \[--owner USER\[:GROUP\]\] \[--force\] TARGET\n/)
      expect(r.stdout).toContain('standard input only')
      expect(r.stderr).toBe('')
    }
  })

  test('the token from stdin lands byte-exact, trimmed, mode 0600, owned as asked; the action accepts it', () => {
    const d = folder()
    const target = join(d, 'infisical-token-auth-token')
    const r = run(['--owner', '12345:12345', target], `  \t${JWT}\r\n\n`, { umask: '000' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(
      `installed ${target} (mode 0600, owner 12345:12345, ${JWT.length} bytes)\n` +
        `identityId ${IDENTITY}\n` +
        `expires 2100-01-01 00:00:00 UTC (in ${Math.floor((EXP - Math.floor(Date.now() / 1000)) / 86400)} days)\n`
    )
    expect(readFileSync(target, 'utf8')).toBe(JWT) // no trailing newline
    const st = statSync(target)
    expect(st.isFile()).toBe(true)
    expect(st.mode & 0o7777).toBe(0o600)
    expect([st.uid, st.gid]).toEqual([12345, 12345])
    expect(readdirSync(d)).toEqual(['infisical-token-auth-token'])
    expect(readTokenFile(target, { uid: 12345 })).toBe(JWT)
    expect(leaks(r.stdout + r.stderr, JWT, [target])).toEqual([])
  })

  test('a named owner; without GROUP the user primary group', () => {
    const d = folder()
    const target = join(d, 'token')
    const r = run(['--owner', 'nobody', target], `${OPAQUE}\n`)
    expect(r.status).toBe(0)
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }))
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }))
    const group = execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim()
    expect(r.stdout).toBe(`installed ${target} (mode 0600, owner nobody:${group}, ${OPAQUE.length} bytes)\n`)
    expect([statSync(target).uid, statSync(target).gid]).toEqual([uid, gid])
    expect(readTokenFile(target, { uid })).toBe(OPAQUE)
    expect(leaks(r.stdout + r.stderr, OPAQUE, [target])).toEqual([])
  })

  test('the default owner is the owner and group of the folder', () => {
    const d = folder()
    chownSync(d, 12346, 12347)
    const target = join(d, 'token')
    const r = run(['--', target], OPAQUE)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`installed ${target} (mode 0600, owner 12346:12347, ${OPAQUE.length} bytes)\n`)
    expect([statSync(target).uid, statSync(target).gid]).toEqual([12346, 12347])
    expect(readTokenFile(target, { uid: 12346 })).toBe(OPAQUE)
  })

  test('--force replaces an existing file by rename: new inode, an open reader keeps the old token', () => {
    const d = folder()
    const target = join(d, 'token')
    writeFileSync(target, 'old-token-value', { mode: 0o600 })
    chownSync(target, 12345, 12345)
    const oldIno = statSync(target).ino
    const fd = openSync(target, 'r')
    try {
      const r = run(['--force', '--owner=12345:12345', target], `${JWT}\n`)
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      expect(statSync(target).ino).not.toBe(oldIno)
      expect(readFileSync(target, 'utf8')).toBe(JWT)
      expect(modeOf(target)).toBe(0o600)
      expect(readdirSync(d)).toEqual(['token'])
      const buf = Buffer.alloc(64)
      const got = readSync(fd, buf, 0, 64, 0)
      expect(buf.subarray(0, got).toString()).toBe('old-token-value')
      expect(leaks(r.stdout + r.stderr, JWT, [target])).toEqual([])
    } finally {
      closeSync(fd)
    }
  })

  test('without --force an existing file is left alone', () => {
    const d = folder()
    const target = join(d, 'token')
    writeFileSync(target, 'old-token-value', { mode: 0o600 })
    const r = run([target], OPAQUE)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('exists: use --force')
    expect(readFileSync(target, 'utf8')).toBe('old-token-value')
    expect(readdirSync(d)).toEqual(['token'])
  })

  test('the temporary file sits in the target folder and is 0600 with its final owner before the rename', () => {
    const d = folder()
    const stubs = folder()
    const log = join(stubs, 'log')
    const realMv = execFileSync('sh', ['-c', 'command -v mv'], { encoding: 'utf8' }).trim()
    writeFileSync(join(stubs, 'mv'), `#!/bin/sh\nstat -c '%n %a %u:%g' -- "$4" >>'${log}'\nexec ${realMv} "$@"\n`, { mode: 0o755 })
    const target = join(d, 'token')
    const r = run(['--owner', '12345:12345', target], OPAQUE, {
      env: { ...process.env, PATH: `${stubs}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      umask: '000'
    })
    expect(r.status).toBe(0)
    const line = readFileSync(log, 'utf8').trim()
    expect(line).toMatch(new RegExp(`^${d}/\\.token\\.\\S+ 600 12345:12345$`))
    expect(readdirSync(d)).toEqual(['token'])
  })

  test('a failure after the temporary file was made removes it and leaves the target intact', () => {
    const d = folder()
    const stubs = folder()
    writeFileSync(join(stubs, 'mv'), '#!/bin/sh\necho "mv: simulated failure" >&2\nexit 1\n', { mode: 0o755 })
    const target = join(d, 'token')
    writeFileSync(target, 'old-token-value', { mode: 0o600 })
    const r = run(['--force', target], OPAQUE, {
      env: { ...process.env, PATH: `${stubs}:${process.env.PATH ?? '/usr/bin:/bin'}` }
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('left untouched')
    expect(readFileSync(target, 'utf8')).toBe('old-token-value')
    expect(readdirSync(d)).toEqual(['token'])
    expect(leaks(r.stdout + r.stderr, OPAQUE, [target, d])).toEqual([])
  })

  test.each([
    ['an empty stdin', ''],
    ['white space only', ' \n\t\r\n'],
    ['a token with an inner newline', `${JWT.slice(0, 40)}\n${JWT.slice(40)}\n`],
    ['a token with an inner space', `${OPAQUE.slice(0, 10)} ${OPAQUE.slice(10)}`],
    ['a token with a control character', `${OPAQUE.slice(0, 10)}\u0007${OPAQUE.slice(10)}`],
    ['a token with a NUL byte', `${OPAQUE.slice(0, 10)}\u0000${OPAQUE.slice(10)}`],
    ['a token with a non-ASCII character', `${OPAQUE.slice(0, 10)}\u00a0${OPAQUE.slice(10)}`],
    ['a token longer than 16 KiB', 'x'.repeat(16385)],
    ['an expired JWT', [b64url('{"alg":"HS256"}'), b64url(`{"identityId":"${IDENTITY}","exp":1000000000}`), 'c2lnbmF0dXJl'].join('.')]
  ])('%s fails and leaves an existing file intact (content and mode)', (_name, input) => {
    const d = folder()
    const target = join(d, 'token')
    writeFileSync(target, 'old-token-value', { mode: 0o600 })
    chownSync(target, 12345, 12345)
    const ino = statSync(target).ino
    const r = run(['--force', target], input)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^install-token-file: error: .*nothing was written\n$/)
    expect(readFileSync(target, 'utf8')).toBe('old-token-value')
    const st = statSync(target)
    expect([st.ino, st.mode & 0o7777, st.uid, st.gid]).toEqual([ino, 0o600, 12345, 12345])
    expect(readdirSync(d)).toEqual(['token'])
    const token = input.trim()
    if (token.length >= 4) expect(leaks(r.stdout + r.stderr, token, [target, d])).toEqual([])
  })

  test('exactly 16 KiB is accepted', () => {
    const d = folder()
    const target = join(d, 'token')
    const r = run([target], `${'y'.repeat(16384)}\n`)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(', 16384 bytes)')
    expect(statSync(target).size).toBe(16384)
  })

  test.each([
    ['before TARGET', (t: string) => [JWT, t]],
    ['after TARGET', (t: string) => [t, JWT]],
    ['instead of TARGET', (_t: string) => [JWT]],
    ['as an option value', (t: string) => [`--token=${JWT}`, t]],
    ['as an option', (t: string) => [`-${JWT}`, t]]
  ])('a token given as an argument (%s) is refused, not repeated and not written anywhere', (_name, argv) => {
    const d = folder()
    const cwd = folder()
    const target = join(d, 'token')
    const r = run(argv(target), '', { cwd })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/token is read from standard input/)
    expect(leaks(r.stdout + r.stderr, JWT, [target])).toEqual([])
    expect(readdirSync(d)).toEqual([])
    expect(readdirSync(cwd)).toEqual([])
  })

  test('a target that is a directory is refused', () => {
    const d = folder()
    mkdirSync(join(d, 'token'))
    const r = run(['--force', join(d, 'token')], OPAQUE)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('is not a regular file')
    expect(readdirSync(join(d, 'token'))).toEqual([])
    expect(readdirSync(d)).toEqual(['token'])
  })

  test('a target that is a symbolic link is refused; neither the link nor its target changes', () => {
    const d = folder()
    writeFileSync(join(d, 'real'), 'old-token-value', { mode: 0o600 })
    symlinkSync('real', join(d, 'token'))
    const r = run(['--force', join(d, 'token')], OPAQUE)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('is a symbolic link')
    expect(lstatSync(join(d, 'token')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(d, 'real'), 'utf8')).toBe('old-token-value')
    expect(readdirSync(d).sort()).toEqual(['real', 'token'])
  })

  test('a missing folder fails with a clear message and creates nothing', () => {
    const d = folder()
    const target = join(d, 'missing', 'token')
    const r = run([target], OPAQUE)
    expect(r.status).toBe(1)
    expect(r.stderr).toBe(
      `install-token-file: error: folder ${join(d, 'missing')} does not exist: create it first ` +
        `(owned by the runner's user, e.g. install -d -m 0700 -o USER ${join(d, 'missing')}); nothing was written\n`
    )
    expect(readdirSync(d)).toEqual([])
  })

  test('an unknown owner is refused before anything is written', () => {
    const d = folder()
    const target = join(d, 'token')
    const r = run(['--owner', 'no-such-user-xyz', target], OPAQUE)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('no such user: no-such-user-xyz')
    const r2 = run(['--owner', '12345', target], OPAQUE)
    expect(r2.status).toBe(1)
    expect(r2.stderr).toContain('give the group too')
    expect(readdirSync(d)).toEqual([])
  })

  test('on a terminal: prompts on stderr, does not echo the token, restores the terminal after Ctrl-C', async () => {
    const d = folder()
    const target = join(d, 'token')
    // script(1) gives the installer a pseudo-terminal; input is sent only once the prompt shows,
    // so that it cannot be echoed before `stty -echo`.
    const talk = (command: string, send: (write: (s: string) => void) => void): Promise<{ code: number | null; output: string }> =>
      new Promise((resolvePromise, reject) => {
        const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: base, stdio: ['pipe', 'pipe', 'pipe'] })
        let output = ''
        let sent = false
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
        const onData = (chunk: Buffer): void => {
          output += chunk.toString()
          if (!sent && output.includes('Token (input hidden): ')) {
            sent = true
            send((s) => child.stdin.write(s))
          }
        }
        child.stdout.on('data', onData)
        child.stderr.on('data', onData)
        child.on('error', reject)
        child.on('close', (code) => {
          clearTimeout(timer)
          child.stdin.destroy()
          resolvePromise({ code, output })
        })
      })
    const ok = await talk(`'${script}' --owner 12345:12345 '${target}'`, (write) => write(`${JWT}\r`))
    expect(ok.code).toBe(0)
    expect(ok.output).toContain(`installed ${target} (mode 0600, owner 12345:12345, ${JWT.length} bytes)`)
    expect(leaks(ok.output, JWT, [target])).toEqual([])
    expect(readFileSync(target, 'utf8')).toBe(JWT)

    const interrupted = await talk(
      `trap 'echo interrupted' INT; '${script}' --force '${target}'; echo "status $?"; stty -a | grep -o -- '-\\{0,1\\}echo ' | head -n 1`,
      (write) => write(`abc\u0003`)
    )
    expect(interrupted.output).toMatch(/status 130/)
    expect(interrupted.output).toMatch(/\becho \r?\n/)
    expect(interrupted.output).not.toContain('-echo ')
    expect(readFileSync(target, 'utf8')).toBe(JWT)
    expect(readdirSync(d)).toEqual(['token'])
  })

  test('the script is POSIX sh: dash parses it, and it is executable', () => {
    expect(() => execFileSync('dash', ['-n', script])).not.toThrow()
    expect(statSync(script).mode & 0o111).toBe(0o111)
    expect(readFileSync(script, 'utf8').split('\n')[0]).toBe('#!/bin/sh')
  })
})
