import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fallbackApplies, fallbackValues, type ActiveFallback } from '../../src/fallback.js'
import { ActionError } from '../../src/errors.js'

const uid = process.getuid?.() ?? 0
const cause = new ActionError('server-error', 'Infisical answered 503')
const mappings = [{ env: 'A', path: '/', name: 'A', line: 1 }]
const until = new Date('2099-01-01T00:00:00Z')

describe('when a fallback may stand in', () => {
  test("never for the step's own mistakes: config and token-file", () => {
    const env: ActiveFallback = { kind: 'env', until }
    expect(fallbackApplies(env, 'config')).toBe(false)
    expect(fallbackApplies(env, 'token-file')).toBe(false)
    expect(fallbackApplies(env, 'network')).toBe(true)
    expect(fallbackApplies({ kind: 'none' }, 'network')).toBe(false)
  })
})

describe('fallback-env-file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fallback-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function failure(file: string): ActionError {
    try {
      fallbackValues({ kind: 'env-file', file, until }, mappings, {}, { uid }, cause)
    } catch (e) {
      return e as ActionError
    }
    throw new Error('no error')
  }

  test('a protected dotenv file is read', () => {
    const file = join(dir, 'f.env')
    writeFileSync(file, 'A=from-the-file\n', { mode: 0o600 })
    expect(fallbackValues({ kind: 'env-file', file, until }, mappings, {}, { uid }, cause)).toEqual(
      new Map([['A', 'from-the-file']])
    )
  })

  test('a FIFO is refused at once as token-file', () => {
    const file = join(dir, 'fifo.env')
    execFileSync('mkfifo', ['-m', '600', file])
    const e = failure(file)
    expect(e.errorClass).toBe('token-file')
    expect(e.message).toContain(`fallback-env-file "${file}": is a FIFO (named pipe), not a regular file`)
  })

  test('readable by others is refused as token-file', () => {
    const file = join(dir, 'open.env')
    writeFileSync(file, 'A=x\n')
    chmodSync(file, 0o644)
    expect(failure(file).message).toContain('has mode 0644')
  })

  test('a name missing from the file: the Infisical failure, naming the file quoted', () => {
    const file = join(dir, 'other.env')
    writeFileSync(file, 'B=x\n', { mode: 0o600 })
    const e = failure(file)
    expect(e.errorClass).toBe('server-error')
    expect(e.message).toContain(`fallback-env-file "${file}" lacks A`)
  })
})
