import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeFileProblem, readRegularFile } from '../../src/regular-file.js'

describe('readRegularFile', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regular-file-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('reads a regular file', () => {
    writeFileSync(join(dir, 'f'), 'hello')
    const r = readRegularFile(join(dir, 'f'))
    expect('text' in r && r.text).toBe('hello')
  })

  test('a FIFO is refused at once, without waiting for a writer', () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const r = readRegularFile(fifo)
    expect(r).toEqual({ problem: { kind: 'not-regular', what: 'a FIFO (named pipe)' } })
    expect(describeFileProblem((r as { problem: never }).problem)).toBe('is a FIFO (named pipe), not a regular file')
  })

  test('a device and a folder are refused', () => {
    expect(readRegularFile('/dev/zero')).toEqual({ problem: { kind: 'not-regular', what: 'a device' } })
    mkdirSync(join(dir, 'd'))
    expect(readRegularFile(join(dir, 'd'))).toEqual({ problem: { kind: 'not-regular', what: 'a folder' } })
  })

  test('a file over the limit, and a missing one', () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(2000))
    expect(readRegularFile(join(dir, 'big'), 1024)).toEqual({ problem: { kind: 'too-large', bytes: 2000 } })
    const missing = readRegularFile(join(dir, 'nope'))
    expect(missing).toEqual({ problem: { kind: 'open', code: 'ENOENT' } })
    expect(describeFileProblem((missing as { problem: never }).problem)).toBe('does not exist')
  })

  test('the check sees the stat before anything is read', () => {
    writeFileSync(join(dir, 'f'), 'hello', { mode: 0o644 })
    expect(() =>
      readRegularFile(join(dir, 'f'), 1024, (st) => {
        if ((st.mode & 0o077) !== 0) throw new Error('too open')
      })
    ).toThrow('too open')
  })
})
