/**
 * export-format and run through the harness running dist/: each env file read back by its real
 * reader in a later `run:` step (bash, dash) or in the test (the dotenv package, JSON.parse), and
 * the `run` command seeing the secrets while no later step and no GITHUB_ENV does.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  NEXT_STEP,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  fetchStep,
  job,
  markerOf,
  startPlatform,
  step,
  soakUntil,
  type Platform
} from './platform.js'

let p: Platform
let out: string
beforeEach(async () => {
  p = await startPlatform()
  out = mkdtempSync(join(tmpdir(), 'export-run-'))
  chmodSync(out, 0o755)
})
afterEach(async () => {
  try {
    await cleanup()
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

const FOLDER = '/home-platform/tricky'
/** Values that break naive quoting; the `$(touch …)` ones name files in `out` that must never appear. */
function tricky(): Record<string, string> {
  return {
    QUOTE: `it's a "quoted" word`,
    SUBST: `x $(touch ${out}/pwned-subst) y`,
    BACKTICK: `\`touch ${out}/pwned-backtick\``,
    MIXED: `a'b #c \`touch ${out}/pwned-mixed\` $(touch ${out}/pwned-mixed2)`,
    BACKSLASH: 'back\\slash\\n\\',
    NEWLINES: 'line one\nline two\n\nline four',
    HASH: 'value # not a comment',
    SPACES: '  spaced   out  ',
    UNICODE: 'ünïcödé ✓ 日本語',
    EMPTY: '',
    TRAILING: 'ends with a newline\n',
    DOLLAR: '$HOME ${PATH} $$ \\$'
  }
}

function setTricky(values: Record<string, string>): string {
  for (const [name, value] of Object.entries(values))
    p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: FOLDER, name, value })
  return Object.keys(values)
    .map((n) => `${n}=${FOLDER}/${n}`)
    .join('\n')
}

const pwned = (): string[] =>
  ['pwned-subst', 'pwned-backtick', 'pwned-mixed', 'pwned-mixed2'].filter((f) => existsSync(join(out, f)))

/** A step that loads the file with `shell` and writes each variable, base64, to `out/<tag>-<NAME>`. */
function shellReader(
  tag: string,
  shell: 'bash' | 'dash',
  file: string,
  names: string[],
  setA: boolean
): { name: string; run: string } {
  const load = setA ? `set -a; . "${file}"; set +a` : `. "${file}"`
  const dump = names.map((n) => `eval "printf '%s' \\"\\$${n}\\"" | base64 -w0 > "${out}/${tag}-${n}"`).join('\n')
  return {
    name: `read with ${shell}`,
    run: `${shell} -e -c '${load.replace(/'/g, `'\\''`)}\n${dump.replace(/'/g, `'\\''`)}'`
  }
}

const readBack = (tag: string, name: string): string =>
  Buffer.from(readFileSync(join(out, `${tag}-${name}`), 'utf8'), 'base64').toString('utf8')

describe('export-format', () => {
  test('shell: bash with set -a and dash with . read every value back byte for byte; nothing in it runs', async () => {
    const values = tricky()
    const secrets = setTricky(values)
    const file = join(out, 'canary.env')
    const names = Object.keys(values)
    const result = await job({
      steps: [
        fetchStep(p, { secrets, 'export-env': 'false', 'export-file': file, 'export-format': 'shell' }),
        shellReader('bash', 'bash', file, names, true),
        shellReader('dash', 'dash', file, names, false)
      ]
    })
    expect(result.steps.filter((s) => s.kind !== 'post').map((s) => s.outcome)).toEqual([
      'success',
      'success',
      'success'
    ])
    for (const n of names) {
      expect([n, readBack('bash', n)]).toEqual([n, values[n]])
      expect([n, readBack('dash', n)]).toEqual([n, values[n]])
    }
    expect(pwned()).toEqual([])
    expect(readFileSync(file, 'utf8')).toContain(`QUOTE='it'\\''s a "quoted" word'`)
    // the values naming files in `out` share its path with the log's lines about the file
    expectNoLeak(result, [BOT_TOKEN, ...Object.values(values).filter((v) => v.length >= 8 && !v.includes(out))])
  })

  test('dotenv: the dotenv package reads every value back identically', async () => {
    const values = tricky()
    const file = join(out, 'service.env')
    const result = await job({
      steps: [fetchStep(p, { secrets: setTricky(values), 'export-env': 'false', 'export-file': file })]
    })
    expect(result.success).toBe(true)
    expect(parseDotenv(readFileSync(file))).toEqual(values)
    expect(markerOf(result).source).toBe('infisical-token-auth')
  })

  test('json: JSON.parse reads every value back identically, in the order of the mappings', async () => {
    const values = tricky()
    const file = join(out, 'secrets.json')
    const result = await job({
      steps: [
        fetchStep(p, {
          secrets: setTricky(values),
          'export-env': 'false',
          'export-file': file,
          'export-format': 'json'
        })
      ]
    })
    expect(result.success).toBe(true)
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    expect(parsed).toEqual(values)
    expect(Object.keys(parsed)).toEqual(Object.keys(values))
  })

  test('a value the format cannot carry (a NUL for shell) fails as config before anything is written, naming the secret', async () => {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: FOLDER,
      name: 'BINARY',
      value: 'a\u0000b-0123456789'
    })
    const file = join(out, 'x.env')
    const result = await job({
      steps: [
        fetchStep(p, {
          secrets: `BINARY=${FOLDER}/BINARY`,
          'export-env': 'false',
          'export-file': file,
          'export-format': 'shell'
        })
      ]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(`BINARY (${FOLDER}/BINARY)`)
    expect(existsSync(file)).toBe(false)
  })

  test.each<[Record<string, string>, string]>([
    [{ 'export-format': 'yaml', 'export-file': 'OUT/x' }, 'export-format must be one of dotenv, shell, json'],
    [{ 'export-format': 'shell' }, 'export-format is the format of export-file'],
    [{ run: 'echo hi', mode: 'check' }, 'mode check proves access and hands nothing on: remove run'],
    [{ run: '# nothing to do\n\n' }, 'run holds no command'],
    [{ 'export-env': 'maybe' }, 'export-env must be auto, true or false']
  ])('bad input %j: config at 0 requests', async (inputs, text) => {
    const withOut = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.replace('OUT', out)]))
    const result = await job({ steps: [fetchStep(p, withOut)] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(text)
    expect(p.server.requests).toHaveLength(0)
  })
})

describe('run', () => {
  test('the command sees the secrets; GITHUB_ENV, the next step and the inputs do not; a printed secret is masked under both rules', async () => {
    const run = [
      `printf '%s' "$PLATFORMCTL_FORGEJO_TOKEN" > "${out}/seen"`,
      'echo "the token is $PLATFORMCTL_FORGEJO_TOKEN"',
      `env | grep -c '^INPUT_' > "${out}/inputs" || true`,
      `pwd > "${out}/cwd"`
    ].join('\n')
    const result = await job({ steps: [fetchStep(p, { 'token-file': '', token: p.token, run }), NEXT_STEP] })
    expect(result.success).toBe(true)
    const s = step(result, 'infisical')
    expect(readFileSync(join(out, 'seen'), 'utf8')).toBe(BOT_TOKEN)
    expect(readFileSync(join(out, 'inputs'), 'utf8').trim()).toBe('0')
    expect(readFileSync(join(out, 'cwd'), 'utf8').trim()).toBe(result.steps[0]!.stepEnv.GITHUB_WORKSPACE)
    expect(s.envSet).toEqual({})
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBeUndefined()
    expect(s.outputs).toMatchObject({ source: 'infisical-token-auth', 'exit-code': '0', 'error-class': '' })
    expect(markerOf(result)).toMatchObject({ status: 'ok', command: { exitCode: 0 }, fallback: null })
    expect(result.log.daemon.some((l) => l.includes('the token is ***'))).toBe(true)
    expect(result.log.exec.some((l) => l.includes('the token is ***'))).toBe(true)
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })

  test('exit code 3: command-failed, output exit-code 3, the marker status ok with command.exitCode 3', async () => {
    const result = await job({ steps: [fetchStep(p, { run: 'echo about to fail; exit 3' })] })
    const s = step(result, 'infisical')
    expect(s.outcome).toBe('failure')
    expect(s.outputs).toMatchObject({
      'exit-code': '3',
      'error-class': 'command-failed',
      source: 'infisical-token-auth'
    })
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain(
      'command-failed: the run command exited with code 3'
    )
    expect(markerOf(result)).toMatchObject({
      status: 'ok',
      source: 'infisical-token-auth',
      error: null,
      command: { exitCode: 3 }
    })
  })

  test('a secret holding workflow commands, printed by the command, is shown masked and never obeyed', async () => {
    const evil = 'first-line-0123\n::set-env name=EVIL::evil-value-4567\n::add-mask::unmasked-word'
    p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: FOLDER, name: 'EVIL_SECRET', value: evil })
    const result = await job({
      steps: [
        fetchStep(p, {
          secrets: `EVIL_SECRET=${FOLDER}/EVIL_SECRET`,
          run: 'printf "%s\\n" "$EVIL_SECRET"; echo "::set-output name=injected::yes"'
        }),
        NEXT_STEP
      ]
    })
    expect(result.success).toBe(true)
    expect(step(result, 'Next step').stepEnv.EVIL).toBeUndefined()
    expect(result.env.EVIL).toBeUndefined()
    expect(step(result, 'infisical').outputs.injected).toBeUndefined()
    expectNoLeak(result, [BOT_TOKEN, 'first-line-0123', 'evil-value-4567'])
  })

  test('with a fallback: the command gets the fallback values, and the marker says so', async () => {
    const plain = 'pT7vq2Xk9LmW4rZs8YbN3hQe6JdC1uF5'
    p.server.inject({
      kind: 'status',
      status: 403,
      body: {
        reqId: 'r',
        statusCode: 403,
        error: 'PermissionDenied',
        message: 'You are not allowed to read on secrets',
        details: []
      }
    })
    const result = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: plain },
      steps: [
        fetchStep(p, {
          fallback: 'env',
          'fallback-until': soakUntil(),
          run: `printf '%s' "$PLATFORMCTL_FORGEJO_TOKEN" > "${out}/seen"`
        })
      ]
    })
    expect(result.success).toBe(true)
    expect(readFileSync(join(out, 'seen'), 'utf8')).toBe(plain)
    expect(markerOf(result)).toMatchObject({
      source: 'direct-env-fallback',
      fallback: { kind: 'env' },
      command: { exitCode: 0 }
    })
  })

  test('without run, nothing changes: export-env auto exports, exit-code is empty, command null', async () => {
    const result = await job({ steps: [fetchStep(p), NEXT_STEP] })
    expect(step(result, 'Next step').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(step(result, 'infisical').outputs['exit-code']).toBe('')
    expect(markerOf(result).command).toBeNull()
  })

  test('no bash in PATH: config before anything is handed on, the command never runs, the export file untouched', async () => {
    const file = join(out, 'kept.env')
    writeFileSync(file, 'OLD=1\n')
    const result = await job({
      steps: [fetchStep(p, { run: `touch "${out}/ran"`, 'export-file': file }, { env: { PATH: join(out, 'no-bin') } })]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('bash was not found')
    expect(existsSync(join(out, 'ran'))).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe('OLD=1\n')
    expect(markerOf(result)).toMatchObject({ status: 'failed', error: { class: 'config' } })
  })
})

test('the bot secret used by these tests lives where the platform put it', () => {
  expect(`${BOT_FOLDER}/${BOT_NAME}`).toBe('/home-platform/forgejo_accounts/deploy+bot@example.org')
})
