/**
 * scripts/install-token-file: the operator's tool to put a token on a runner host. It changes file
 * owners, so these tests need root: CI runs them as root; for anyone else they are skipped, saying so.
 */
import {
  chmodSync,
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
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readTokenFile } from '../src/protected-file.js'
import { IS_ROOT, describeAsRoot, idsOf } from './needs-root.js'

const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'install-token-file')
let base = ''

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
function run(
  args: string[],
  input: string | Buffer,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; umask?: string } = {}
): Run {
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

/** `run`, without blocking the event loop (so that two installs can run side by side). */
function runAsync(args: string[], input: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(script, args, { cwd: base, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdin.on('error', () => undefined) // a refusal before the token is read: EPIPE
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolvePromise({ status, stdout, stderr })
    })
    child.stdin.end(input)
  })
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
  if (!IS_ROOT) return
  base = mkdtempSync(join(tmpdir(), 'install-token-file-'))
  // Others may cross it (not list it): in a folder of its own, the installer writes as the file's owner.
  chmodSync(base, 0o711)
})

afterAll(() => {
  if (base === '') return
  rmSync(base, { recursive: true, force: true })
  expect(existsSync(base)).toBe(false)
})

describeAsRoot('install-token-file', () => {
  test('runs as root', () => {
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
    const { uid, gid } = idsOf('nobody')
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
    writeFileSync(join(stubs, 'mv'), `#!/bin/sh\nstat -c '%n %a %u:%g' -- "$4" >>'${log}'\nexec ${realMv} "$@"\n`, {
      mode: 0o755
    })
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
    [
      'an expired JWT',
      [b64url('{"alg":"HS256"}'), b64url(`{"identityId":"${IDENTITY}","exp":1000000000}`), 'c2lnbmF0dXJl'].join('.')
    ]
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
    const talk = (
      command: string,
      send: (write: (s: string) => void) => void
    ): Promise<{ code: number | null; output: string }> =>
      new Promise((resolvePromise, reject) => {
        const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
          cwd: base,
          stdio: ['pipe', 'pipe', 'pipe']
        })
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

/**
 * The runner's user against the installer (contract 1.2, "The runner-host installer"): a job of
 * that user may swap any file of a folder it can write, at any time. Whatever it does, the
 * installer never changes the owner, mode or content of another file, and it refuses a folder in
 * which someone other than root and the file's owner could swap the file.
 */
describeAsRoot('install-token-file against a job of the runner user', () => {
  const user = `itf-race-${process.pid % 100000}`
  let uid = -1
  let gid = -1
  let userMade = false
  let raceRoot = ''
  let racer: ChildProcess | undefined

  /** Runs `cmd`, retrying a few times while another process holds the user database's lock. */
  function admin(cmd: string, args: string[]): void {
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync(cmd, args, { encoding: 'utf8' })
      if (r.status === 0) return
      if (attempt === 5 || !/lock/i.test(r.stderr)) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  const known = (db: 'passwd' | 'group', name: string): boolean => spawnSync('getent', [db, name]).status === 0
  const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null

  beforeAll(() => {
    raceRoot = mkdtempSync(join(tmpdir(), 'install-token-file-race-'))
    chmodSync(raceRoot, 0o755)
    admin('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', user])
    userMade = true
    ;({ uid, gid } = idsOf(user))
  })

  afterAll(() => {
    if (racer?.pid && alive(racer)) process.kill(-racer.pid, 'SIGKILL')
    if (raceRoot) rmSync(raceRoot, { recursive: true, force: true })
    if (userMade) {
      admin('userdel', [user])
      if (known('group', user)) admin('groupdel', [user])
    }
    expect(raceRoot !== '' && existsSync(raceRoot)).toBe(false)
    expect([known('passwd', user), known('group', user)]).toEqual([false, false])
  })

  let m = 0
  /** A fresh folder under `raceRoot` (root-owned, 0755), owned and moded as told. */
  function place(mode: number, owner: [number, number] = [0, 0], parent = raceRoot): string {
    const d = join(parent, `d${++m}`)
    mkdirSync(d)
    chmodSync(d, mode)
    chownSync(d, owner[0], owner[1])
    return d
  }

  test.each([
    [
      'owned by another non-root user',
      (): string => place(0o700, [12346, 12346]),
      ['--owner', '12345:12345'],
      "belongs to uid 12346, neither root nor the file's owner (uid 12345)"
    ],
    [
      'owned by root, group-writable',
      (): string => place(0o770, [0, 12345]),
      ['--owner', '12345:12345'],
      'is writable by its group or by others (mode 770)'
    ],
    [
      'sticky and world-writable',
      (): string => place(0o1777),
      ['--owner', '12345:12345'],
      'is writable by its group or by others (mode 1777)'
    ],
    [
      'owned by root, in a folder of the user',
      (): string => place(0o755, [0, 0], place(0o755, [12345, 12345])),
      ['--owner', '12345:12345'],
      'belongs to uid 12345, who could swap'
    ],
    [
      'owned by root, reached through a symbolic link',
      (): string => {
        const real = place(0o700)
        symlinkSync(real, `${real}-link`)
        return `${real}-link`
      },
      ['--owner', '12345:12345'],
      '-link is a symbolic link, not a real folder'
    ],
    [
      'owned by the user, in a folder of the user, without --owner',
      (): string => place(0o700, [12345, 12345], place(0o755, [12345, 12345])),
      [],
      'give --owner'
    ]
  ])('a folder %s is refused before the token is read; nothing is written', (_name, make, args, message) => {
    const d = make()
    // No token: the folder's refusal comes first (else this would be "the token is empty").
    const r = run([...args, join(d, 'token')], '')
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: '' })
    expect(r.stderr).toMatch(/^install-token-file: error: folder [^\n]+; nothing was written\n$/)
    expect(r.stderr).toContain(message)
    expect(readdirSync(d)).toEqual([])
  })

  test('in a folder of the file owner, all writing is done as that user: its uid and gid, no other group', () => {
    const d = place(0o700, [uid, gid])
    const stubs = place(0o755)
    const log = join(stubs, 'log')
    writeFileSync(log, '')
    chownSync(log, uid, gid)
    const realMv = execFileSync('sh', ['-c', 'command -v mv'], { encoding: 'utf8' }).trim()
    writeFileSync(
      join(stubs, 'mv'),
      `#!/bin/sh\necho "$(id -u) $(id -G) $(stat -c '%u:%g %a' -- "$4")" >>'${log}'\nexec ${realMv} "$@"\n`,
      { mode: 0o755 }
    )
    const target = join(d, 'token')
    const r = run(['--owner', user, target], OPAQUE, {
      env: { ...process.env, PATH: `${stubs}:${process.env.PATH ?? '/usr/bin:/bin'}` }
    })
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`installed ${target} (mode 0600, owner ${user}:${user}, ${OPAQUE.length} bytes)\n`)
    expect(readFileSync(log, 'utf8')).toBe(`${uid} ${gid} ${uid}:${gid} 600\n`)
    expect(readTokenFile(target, { uid })).toBe(OPAQUE)
    expect(readdirSync(d)).toEqual(['token'])
  })

  /**
   * The racer: perl as the user (setpriv, no supplementary groups), in a tight loop over the
   * folders it is given: a pass every millisecond, far less than any process that the installer
   * starts takes (so it wins every race in a folder of its own), without taking a whole core. Every
   * regular file but `keep` (the temporary files above all) is replaced by a link to the victim,
   * put in place by rename: a hard link where the kernel allows it (fs.protected_hardlinks=1 does
   * not), else a symbolic link. Every regular file, `keep` included, first gets a second name (a
   * hard link) in `own`, a folder of the user. It stops on SIGTERM or after `seconds`, and prints
   * its counts: symbolic links put in place, hard links made, hard links to the victim put in
   * place, attempts denied.
   */
  const RACER = String.raw`
    use strict; use warnings;
    my ($victim, $keep, $own, $seconds, @dirs) = @ARGV;
    my ($symlinks, $hardlinks, $victimlinks, $denied, $k) = (0, 0, 0, 0, 0);
    my %kept;
    my $stop = 0;
    $SIG{TERM} = sub { $stop = 1 };
    my $end = time + $seconds;
    $| = 1;
    print "ready\n";
    while (!$stop && time < $end) {
      select(undef, undef, undef, 0.001);
      for my $dir (@dirs) {
        opendir(my $dh, $dir) or next;
        my @names = grep { !/^\.\.?$/ && !/^\.racer\./ } readdir $dh;
        closedir $dh;
        for my $n (@names) {
          my $p = "$dir/$n";
          my @st = lstat $p or next;
          next unless -f _;
          if (!$kept{"$p:$st[1]"}++) { if (link($p, "$own/.racer.kept." . ++$k)) { $hardlinks++ } else { $denied++ } }
          next if $n eq $keep;
          if (link($victim, "$dir/.racer.h")) { if (rename("$dir/.racer.h", $p)) { $victimlinks++ } else { $denied++ } next }
          unlink "$dir/.racer.s";
          if (symlink($victim, "$dir/.racer.s") && rename("$dir/.racer.s", $p)) { $symlinks++ } else { $denied++ }
        }
      }
    }
    print "$symlinks $hardlinks $victimlinks $denied\n";
  `

  test('60 installs with --force while the user swaps every file it can for links to a victim: the victim never changes', async () => {
    const victim = join(place(0o755), 'shadow')
    const VICTIM_TEXT = 'root:*:19000:0:99999:7:::\n'
    writeFileSync(victim, VICTIM_TEXT)
    chmodSync(victim, 0o640)
    const victimState = (): object => {
      const st = lstatSync(victim)
      return { file: st.isFile(), uid: st.uid, gid: st.gid, mode: st.mode & 0o7777, text: readFileSync(victim, 'utf8') }
    }
    const before = victimState()
    expect(before).toEqual({ file: true, uid: 0, gid: 0, mode: 0o640, text: VICTIM_TEXT })

    // A folder of the user (it swaps what it likes there) and the README's layout: root's folder,
    // readable by the user's group only, so that the user can read the token but not swap it.
    const own = place(0o700, [uid, gid], place(0o755))
    const readme = place(0o750, [0, gid], place(0o755))
    const child = spawn(
      'setpriv',
      [
        '--reuid',
        String(uid),
        '--regid',
        String(gid),
        '--clear-groups',
        '--',
        'perl',
        '-e',
        RACER,
        victim,
        'token',
        own,
        '120',
        own,
        readme
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    racer = child
    let out = ''
    let err = ''
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()))
    const exited = new Promise<void>((done) => child.on('close', () => done()))
    await new Promise<void>((ready, fail) => {
      child.stdout?.on('data', () => (out.includes('ready\n') ? ready() : undefined))
      child.on('close', () => fail(new Error(`the racer ended before it started: ${err}`)))
    })

    // 60 installs, 30 in each folder; the two folders' installs run side by side (run time). The racer
    // wins every race in its own folder (with 200 installs it swapped all 100), so 30 a folder take
    // each path many times over; more only add run time (200 took 48 s of a full test run).
    const INSTALLS = 60
    interface Folder {
      target: string
      first: number
      installed: number
      refused: number
    }
    const inOwn: Folder = { target: join(own, 'token'), first: 0, installed: 0, refused: 0 }
    const inReadme: Folder = { target: join(readme, 'token'), first: 1, installed: 0, refused: 0 }
    let failed = false
    const installs = async (folder: Folder): Promise<void> => {
      try {
        await installsIn(folder)
      } catch (e) {
        failed = true // the other folder's installs stop too
        throw e
      }
    }
    const installsIn = async (folder: Folder): Promise<void> => {
      const target = folder.target
      for (let i = folder.first; i < INSTALLS && !failed; i += 2) {
        const token = `race.${i}.${Math.random().toString(36).slice(2)}`
        const r = await runAsync(['--force', '--owner', user, target], `${token}\n`)
        expect({ install: i, victim: victimState() }).toEqual({ install: i, victim: before })
        if (r.status === 0) {
          folder.installed++
          const st = lstatSync(target)
          const got = {
            install: i,
            file: st.isFile(),
            mode: st.mode & 0o7777,
            owner: [st.uid, st.gid],
            text: readFileSync(target, 'utf8')
          }
          expect(got).toEqual({ install: i, file: true, mode: 0o600, owner: [uid, gid], text: token })
        } else {
          folder.refused++
          expect({ install: i, status: r.status, stdout: r.stdout }).toEqual({ install: i, status: 1, stdout: '' })
          expect(r.stderr).toMatch(/^install-token-file: error: [^\n]+\n$/)
          expect(r.stderr).not.toContain(token)
          rmSync(target, { force: true }) // what the racer got renamed to the token's name (unlink follows no link)
        }
      }
    }
    try {
      for (const s of await Promise.allSettled([installs(inOwn), installs(inReadme)]))
        if (s.status === 'rejected') throw s.reason
    } finally {
      if (child.pid && alive(child)) process.kill(-child.pid, 'SIGTERM')
      await exited
    }
    const counts = (out.split('\n')[1] ?? '').split(' ').map(Number)
    expect(counts).toHaveLength(4)
    const [symlinks = 0, hardlinks = 0, victimlinks = 0] = counts
    expect(victimState()).toEqual(before)
    // The race was on: the user swapped temporary files for links and kept second names of files.
    expect(symlinks + victimlinks).toBeGreaterThan(0)
    expect(hardlinks).toBeGreaterThan(0)
    // In the README's layout the user cannot swap anything: every install there succeeds.
    expect(inReadme.installed).toBe(INSTALLS / 2)
    expect(inOwn.installed + inOwn.refused + inReadme.installed).toBe(INSTALLS)
    // in its own folder the user won races: the refused installs (their messages checked above) happened
    expect(inOwn.refused).toBeGreaterThan(0)
  }, 180_000)
})
