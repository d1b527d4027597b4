/**
 * export-format: each format read back by its real reader, in a child process: `sh`, `dash` and
 * `bash` (`. file` and `set -a; . file`, the values printed as base64 or read by node from the
 * environment), the `dotenv` package, `JSON.parse`. Values that try to run something must never
 * run, and what a format cannot carry fails with `config` before anything is written.
 */
import { execFileSync, type StdioOptions } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  EXPORT_FORMATS,
  SPECIAL_SHELL_NAMES,
  exportText,
  hasLoneSurrogate,
  isExportFormat,
  shellQuote,
  type ExportFormat
} from '../../src/export-format.js'
import { exportFileText, type ResolvedSecret } from '../../src/values.js'
import { thrownActionError } from './thrown.js'

const dir = mkdtempSync(join(tmpdir(), 'export-format-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PWNED = join(dir, 'pwned')
const PWNED2 = join(dir, 'pwned2')
const MARKERS = [PWNED, PWNED2, join(dir, 'pwned3'), join(dir, 'pwned4')]

/** Every value each format must carry (the dotenv ones are those dotenv can represent). */
const VALUES: string[] = [
  'plain',
  '',
  "it's",
  'say "hi"',
  'both \' and "',
  "a ' and a # after a space: ' #x",
  'dollar $(id) and ${HOME} and $HOME',
  'backticks `id` here',
  'back\\slash',
  'ends with a backslash\\',
  "ends with a quote and backslash \\'",
  "'\\''",
  'multi\nline\nvalue',
  'trailing newline\n',
  'two trailing newlines\n\n',
  '\nleading empty line',
  'hash#inside',
  'space then hash #comment',
  '#starts with hash',
  '  padded with spaces  ',
  'tab\there',
  'cr\rinside and crlf\r\n',
  'glob * ? [a-z] ~ ; && | > < & ! {a,b}',
  'unicode ✓ ключ 鍵 😀',
  '%0A as text and %25 and ::set-env name=X::y',
  '-n',
  `$(touch ${PWNED})`,
  `\`touch ${PWNED2}\``,
  `"$(touch ${MARKERS[2]})"`,
  `'$(touch ${MARKERS[3]})'`,
  'x'.repeat(70 * 1024)
]

const secret = (value: string, env: string, name = env.toLowerCase()): ResolvedSecret => ({
  env,
  path: '/app',
  name,
  value,
  version: 1
})
const secretsOf = (values: string[]): ResolvedSecret[] => values.map((v, i) => secret(v, `V${i}`))

const failure = thrownActionError

let files = 0
function writeExport(format: ExportFormat, secrets: ResolvedSecret[]): string {
  const file = join(dir, `export-${files++}.${format}`)
  writeFileSync(file, exportText(format, secrets), { mode: 0o600 })
  return file
}

const CHILD_ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }
/**
 * stdin /dev/null: bash given a socket as stdin (Node's default pipe) takes itself for a shell
 * started by sshd and reads ~/.bashrc first.
 */
const CHILD = { env: CHILD_ENV, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as StdioOptions }

/**
 * The bytes a shell prints: each value NUL-terminated (no shell variable holds a NUL), the whole
 * through one base64, so that nothing is mangled on the way back.
 */
function shellBytes(shell: string, script: string, args: string[], count: number): Buffer[] {
  const out = Buffer.from(execFileSync(shell, ['-c', `{ ${script}\n} | base64 -w0`, 'sh', ...args], CHILD), 'base64')
  const values: Buffer[] = []
  for (let start = 0, end = out.indexOf(0); end !== -1; start = end + 1, end = out.indexOf(0, start))
    values.push(out.subarray(start, end))
  expect(values).toHaveLength(count)
  return values
}

/** The values as `sh -c '. file; printf "%s" "$V"'` prints them: bytes, not mangled. */
function readByShell(shell: string, file: string, names: string[], allexport: boolean): Buffer[] {
  const script = `${allexport ? 'set -a; ' : ''}. "$1"\n${names.map((n) => `printf '%s\\0' "$${n}"`).join('\n')}`
  return shellBytes(shell, script, [file], names.length)
}

/** The value of `name` in each file, each sourced alone (`set -a; . file`) in a subshell of its own. */
function readEachAlone(shell: string, files: string[], name: string): Buffer[] {
  const script = `for f do (set -a; . "$f"; printf '%s\\0' "$${name}"); done`
  return shellBytes(shell, script, files, files.length)
}

/** The values as a program started after `set -a; . file` gets them in its environment. */
function readByShellEnv(shell: string, file: string, names: string[]): Record<string, string | undefined> {
  const js = `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]))))`
  const out = execFileSync(shell, ['-c', 'set -a; . "$1"; exec "$2" -e "$3"', 'sh', file, process.execPath, js], CHILD)
  return JSON.parse(out) as Record<string, string | undefined>
}

/** What the dotenv package reads from the file (its config(), into an object of our own). */
function readByDotenv(file: string): Record<string, string> {
  const js = `const out = {}; require('dotenv').config({ path: process.argv[1], processEnv: out, quiet: true }); process.stdout.write(JSON.stringify(out))`
  return JSON.parse(execFileSync(process.execPath, ['-e', js, file], { ...CHILD, cwd: process.cwd() })) as Record<
    string,
    string
  >
}

/** What JSON.parse reads from the file, in another process; lone surrogates come back escaped. */
function readByJson(file: string): { keys: string[]; object: Record<string, string> } {
  const js = `const o = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); process.stdout.write(JSON.stringify({ keys: Object.keys(o), object: o }))`
  return JSON.parse(execFileSync(process.execPath, ['-e', js, file], CHILD)) as {
    keys: string[]
    object: Record<string, string>
  }
}

afterEach(() => {
  for (const m of MARKERS) expect(existsSync(m)).toBe(false)
})

describe('the formats', () => {
  test('EXPORT_FORMATS and isExportFormat', () => {
    expect(EXPORT_FORMATS).toEqual(['dotenv', 'shell', 'json'])
    expect(isExportFormat('shell')).toBe(true)
    expect(isExportFormat('yaml')).toBe(false)
    expect(failure(() => exportText('yaml' as ExportFormat, [])).errorClass).toBe('config')
  })

  test('no secret: an empty file, and an empty JSON object', () => {
    expect(exportText('dotenv', [])).toBe('')
    expect(exportText('shell', [])).toBe('')
    expect(exportText('json', [])).toBe('{}\n')
  })

  test('a variable mapped twice is refused in every format', () => {
    for (const f of EXPORT_FORMATS) {
      const e = failure(() => exportText(f, [secret('a', 'X', 'one'), secret('b', 'X', 'two')]))
      expect(e.errorClass).toBe('config')
      expect(e.message).toContain('X (/app/one), X (/app/two): the variable is mapped more than once')
    }
  })
})

describe('shell', () => {
  const shells = [
    ['bash', 'bash'],
    ['dash', '/usr/bin/dash'],
    ['sh', 'sh']
  ] as const
  const secrets = secretsOf(VALUES)
  const names = secrets.map((s) => s.env)

  test("the lines: NAME='value', a quote as '\\''", () => {
    expect(exportText('shell', [secret("it's", 'A'), secret('', 'B'), secret('two\nlines\n', 'C')])).toBe(
      "A='it'\\''s'\nB=''\nC='two\nlines\n'\n"
    )
    expect(shellQuote("'")).toBe("''\\'''")
  })

  test.each(shells)('%s reads every value back byte for byte with `. file` and `set -a; . file`', (_label, shell) => {
    const file = writeExport('shell', secrets)
    for (const allexport of [false, true]) {
      const back = readByShell(shell, file, names, allexport)
      back.forEach((b, i) => expect([i, b.toString('utf8')]).toEqual([i, VALUES[i]]))
      back.forEach((b, i) => expect(b.equals(Buffer.from(VALUES[i] as string, 'utf8'))).toBe(true))
    }
  })

  test.each(shells)(
    '%s: a program started after `set -a; . file` gets every value in its environment',
    (_label, shell) => {
      const file = writeExport('shell', secrets)
      const env = readByShellEnv(shell, file, names)
      names.forEach((n, i) => expect([n, env[n]]).toEqual([n, VALUES[i]]))
    }
  )

  test('each value alone, in its own file, also reads back in bash and dash (no line depends on another)', () => {
    const files = VALUES.map((v) => writeExport('shell', [secret(v, 'ONE')]))
    for (const shell of ['bash', '/usr/bin/dash']) {
      const back = readEachAlone(shell, files, 'ONE').map((b) => b.toString('utf8'))
      expect(back).toEqual(VALUES)
    }
  })

  test.each([
    ['a NUL', 'nul\u0000inside', 'the value holds a NUL character, which no shell variable can carry'],
    ['a lone high surrogate', 'half \ud83d of a pair', 'the value holds a lone UTF-16 surrogate'],
    ['a lone low surrogate', '\ude00 alone', 'the value holds a lone UTF-16 surrogate']
  ])('%s fails with config, naming the variable and the secret, never the value', (_what, value, words) => {
    const e = failure(() => exportText('shell', [secret('fine', 'OK'), secret(value, 'BAD', 'bad_one')]))
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain(`BAD (/app/bad_one): ${words}`)
    expect(e.message).not.toContain('OK')
    expect(e.message).not.toContain('inside')
    expect(e.message).not.toContain('alone')
  })

  test('a name the shells treat specially fails with config; OPTIND, HISTCMD, RANDOM, SRANDOM would even run a value', () => {
    // why: bash evaluates these as arithmetic on assignment, and a[$(cmd)] runs cmd
    const marker = MARKERS[0] as string
    for (const name of ['OPTIND', 'HISTCMD', 'RANDOM', 'SRANDOM']) {
      const file = join(dir, `special-${name}.sh`)
      writeFileSync(file, `${name}='a[$(touch ${marker})]'\n`)
      try {
        execFileSync('bash', ['-c', '. "$1" || true', 'sh', file], { env: CHILD_ENV, stdio: 'ignore' })
      } catch {
        // an arithmetic error; the marker is what counts
      }
      expect([name, existsSync(marker)]).toEqual([name, true])
      rmSync(marker)
    }
    for (const name of [...SPECIAL_SHELL_NAMES]) {
      const e = failure(() => exportText('shell', [secret('a[$(id)]', name, 'n')]))
      expect(e.errorClass).toBe('config')
      expect(e.message).toContain(`${name} (/app/n): the variable name is special to bash or dash`)
      expect(e.message).not.toContain('$(id)')
    }
    // the other formats do not care
    expect(() => exportText('dotenv', [secret('x', 'OPTIND')])).not.toThrow()
    expect(() => exportText('json', [secret('x', 'OPTIND')])).not.toThrow()
  })

  test('a name that is not a shell name fails with config (it would be a command)', () => {
    const e = failure(() => exportText('shell', [secret('x', 'A-B'), secret('x', '1A')]))
    expect(e.message).toContain('A-B (/app/a-b), 1A (/app/1a): the variable name is not a shell name')
  })

  test('every problem is named in one error, each secret once per problem', () => {
    const e = failure(() =>
      exportText('shell', [
        secret('a\u0000', 'NUL1'),
        secret('\ud800', 'SUR'),
        secret('b\u0000', 'NUL2'),
        secret('ok', 'RANDOM')
      ])
    )
    expect(e.what).toBe(
      'NUL1 (/app/nul1), NUL2 (/app/nul2): the value holds a NUL character, which no shell variable can carry; ' +
        'SUR (/app/sur): the value holds a lone UTF-16 surrogate (half of a pair), which a UTF-8 file cannot carry; ' +
        'RANDOM (/app/random): the variable name is special to bash or dash (read-only, computed or evaluated by the shell), so the shell would not read back the value'
    )
  })
})

describe('dotenv', () => {
  const carried = VALUES.filter((v) => exportTextOrUndefined([secret(v, 'T')]) !== undefined)

  function exportTextOrUndefined(s: ResolvedSecret[]): string | undefined {
    try {
      return exportText('dotenv', s)
    } catch {
      return undefined
    }
  }

  test('it carries every value of the list', () => {
    expect(carried).toEqual(VALUES)
  })

  test('why shell exists: bash sourcing a dotenv file runs what dotenv quotes with backticks or double quotes', () => {
    const marker = join(dir, 'pwned-by-dotenv')
    const value = `it's \`touch ${marker}\` #`
    const dotenvFileName = writeExport('dotenv', [secret(value, 'V')])
    expect(readByDotenv(dotenvFileName)['V']).toBe(value)
    execFileSync('bash', ['-c', 'set -a; . "$1"', 'sh', dotenvFileName], { env: CHILD_ENV, stdio: 'ignore' })
    expect(existsSync(marker)).toBe(true)
    rmSync(marker)
    const shellFileName = writeExport('shell', [secret(value, 'V')])
    expect(readByShell('bash', shellFileName, ['V'], true)[0]?.toString('utf8')).toBe(value)
    expect(existsSync(marker)).toBe(false)
  })

  test('the dotenv package reads every value back identically', () => {
    const secrets = secretsOf(carried)
    const back = readByDotenv(writeExport('dotenv', secrets))
    secrets.forEach((s, i) => expect([s.env, back[s.env]]).toEqual([s.env, carried[i]]))
  })

  test('exportFileText is the dotenv format, with its messages', () => {
    const secrets = secretsOf(carried)
    expect(exportFileText(secrets)).toBe(exportText('dotenv', secrets))
    const nul = failure(() => exportFileText([secret('nul\u0000inside', 'DB_PASSWORD', 'password')]))
    expect(nul.message).toContain('DB_PASSWORD (/app/password): the value holds a NUL character')
    expect(nul.details.fix).toBe('store the value without a NUL character in Infisical')
    const impossible = failure(() => exportText('dotenv', [secret(`a'b"c\`d\\ne\r`, 'HARD', 'hard')]))
    expect(impossible.what).toBe(
      'HARD (/app/hard): the value cannot be written to export-file so that dotenv reads it back identically'
    )
    expect(impossible.message).not.toContain('b"c')
  })

  test('a lone surrogate fails with config (the UTF-8 file would hold U+FFFD)', () => {
    const e = failure(() => exportText('dotenv', [secret('x\udfffy', 'SUR', 'sur')]))
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain('SUR (/app/sur): the value holds a lone UTF-16 surrogate')
  })
})

describe('json', () => {
  test('one object, a mapping a line in the order given, a final newline', () => {
    expect(exportText('json', [secret('1', 'B'), secret('2', 'A'), secret('q"\n', 'C')])).toBe(
      '{\n  "B": "1",\n  "A": "2",\n  "C": "q\\"\\n"\n}\n'
    )
  })

  test('JSON.parse reads every value back identically, in the order of the mappings', () => {
    const secrets = [...secretsOf(VALUES), secret('z', 'Z_FIRST_IN_ABC'), secret('a', 'A_LAST')]
    const back = readByJson(writeExport('json', secrets))
    expect(back.keys).toEqual(secrets.map((s) => s.env))
    for (const s of secrets) expect([s.env, back.object[s.env]]).toEqual([s.env, s.value])
  })

  test('a NUL and lone surrogates are carried as \\u escapes and read back identically', () => {
    const secrets = [
      secret('nul\u0000inside', 'NUL'),
      secret('half \ud83d of a pair', 'HIGH'),
      secret('\ude00', 'LOW'),
      secret('pair 😀', 'PAIR')
    ]
    const text = exportText('json', secrets)
    expect(text).toContain('"nul\\u0000inside"')
    expect(text).toContain('"half \\ud83d of a pair"')
    expect(text).toContain('"\\ude00"')
    expect(hasLoneSurrogate(text)).toBe(false)
    const back = readByJson(writeExport('json', secrets))
    for (const s of secrets) expect([s.env, back.object[s.env]]).toEqual([s.env, s.value])
  })

  test('a name JSON.parse treats specially elsewhere (__proto__) is an own key', () => {
    const back = readByJson(writeExport('json', [secret('v', '__proto__')]))
    expect(back.keys).toEqual(['__proto__'])
    expect(back.object['__proto__']).toBe('v')
  })
})

test('hasLoneSurrogate', () => {
  expect(hasLoneSurrogate('😀 ok')).toBe(false)
  expect(hasLoneSurrogate('\ud83d')).toBe(true)
  expect(hasLoneSurrogate('\ude00x')).toBe(true)
  expect(hasLoneSurrogate('\ude00\ud83d')).toBe(true)
  expect(hasLoneSurrogate('')).toBe(false)
})
