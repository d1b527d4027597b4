/**
 * `npm run demo` as an operator runs it: plain text when its output is not a terminal (piped to a
 * file, a pager, CI) or when NO_COLOR is set to anything but the empty string
 * (https://no-color.org); bold headings on a terminal otherwise; and it says what is simulated.
 * The terminal is util-linux `script`, which gives the demo a pseudo-terminal as stdout. The demo
 * runs three times (piped; on a terminal; on a terminal with NO_COLOR=1); the other cases of the
 * one rule it applies (testkit/no-color.ts) are checked here without a run each.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useColour } from '../testkit/no-color.js'

const ESC = '\u001b'
const DEMO = `'${process.execPath}' --import tsx testkit/demo.ts`

// tsx keeps its cache of compiled files in the temporary folder (tsx-<uid>): the demo runs get one
// of their own, removed after them, as an operator's machine keeps it in /tmp
let scratch = ''
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'demo-'))
})
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

function demo(
  how: 'pipe' | 'terminal',
  env: Record<string, string | undefined> = {}
): { status: number | null; out: string } {
  const environment = { ...process.env, ...env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete environment[k]
  // NODE_OPTIONS of jest (--experimental-vm-modules) is not the demo's business
  delete environment['NODE_OPTIONS']
  environment['TMPDIR'] = scratch
  const r =
    how === 'pipe'
      ? spawnSync('sh', ['-c', DEMO], { env: environment, encoding: 'utf8', timeout: 60_000 })
      : spawnSync('script', ['-qec', DEMO, '/dev/null'], { env: environment, encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

test('piped: no escape code, every check ok, and it says what is simulated', () => {
  const { status, out } = demo('pipe', { NO_COLOR: undefined })
  expect(status).toBe(0)
  expect(out).not.toContain(ESC)
  expect(out).toContain('== Setting')
  const words = out.replace(/\s+/g, ' ')
  expect(words).toContain('No Forgejo and no real Infisical take part')
  expect(words).toContain("the runner harness's rendering")
  expect(out).toContain('ok   every step succeeded')
  expect(out).toContain('ok   the forgejo-runner exec rendering holds it once too')
  expect(out).not.toContain('FAIL')
})

const terminal = existsSync('/usr/bin/script') || existsSync('/bin/script') ? test : test.skip

terminal('on a terminal: bold headings, and none with NO_COLOR=1', () => {
  const bold = demo('terminal', { NO_COLOR: undefined })
  expect(bold.status).toBe(0)
  expect(bold.out).toContain(`${ESC}[1m== Setting${ESC}[0m`)
  expect(bold.out).toContain('ok   every step succeeded')
  // the demo hands its own environment to the rule below
  const plain = demo('terminal', { NO_COLOR: '1' })
  expect(plain.status).toBe(0)
  expect(plain.out).toContain('== Setting')
  expect(plain.out).not.toContain(ESC)
})

test('colour on a terminal only, unless NO_COLOR is set and not empty', () => {
  expect(useColour(true, {})).toBe(true)
  expect(useColour(true, { NO_COLOR: '' })).toBe(true)
  expect(useColour(true, { NO_COLOR: '1' })).toBe(false)
  expect(useColour(true, { NO_COLOR: 'false' })).toBe(false)
  expect(useColour(false, {})).toBe(false)
  expect(useColour(undefined, {})).toBe(false)
})
