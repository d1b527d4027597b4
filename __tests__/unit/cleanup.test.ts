/**
 * The export-file's staging (src/atomic-file.ts): the target is changed only by commit(); a run
 * that fails removes its own temporary file and nothing else.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stageFile, writeFileAtomic } from '../../src/atomic-file.js'

let root: string
let outside: string

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'cleanup-unit-')))
  outside = join(root, 'outside')
  mkdirSync(outside)
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('stageFile', () => {
  test('the target is unchanged until commit(); the staged file is 0600 and keeps its inode through the rename', () => {
    const target = join(outside, 'x.env')
    writeFileSync(target, 'OLD=1\n', { mode: 0o644 })
    const staged = stageFile(target, 'NEW=1\n', 0o600)
    expect(readFileSync(target, 'utf8')).toBe('OLD=1\n')
    const tmp = readdirSync(outside).filter((f) => f.endsWith('.tmp'))
    expect(tmp).toHaveLength(1)
    expect(statSync(join(outside, tmp[0] as string)).mode & 0o777).toBe(0o600)
    staged.commit()
    const st = statSync(target, { bigint: true })
    expect(readFileSync(target, 'utf8')).toBe('NEW=1\n')
    expect([st.dev, st.ino, Number(st.mode & 0o777n)]).toEqual([staged.dev, staged.ino, 0o600])
    expect(readdirSync(outside)).toEqual(['x.env'])
  })

  test('discard() removes only the staged file', () => {
    const target = join(outside, 'x.env')
    writeFileSync(target, 'OLD=1\n')
    const before = statSync(target)
    stageFile(target, 'NEW=1\n', 0o600).discard()
    expect(readdirSync(outside)).toEqual(['x.env'])
    expect(readFileSync(target, 'utf8')).toBe('OLD=1\n')
    expect(statSync(target).ino).toBe(before.ino)
  })

  test('a folder as target is refused before anything is written', () => {
    mkdirSync(join(outside, 'd'))
    expect(() => stageFile(join(outside, 'd'), 'X=1\n', 0o600)).toThrow(expect.objectContaining({ code: 'EISDIR' }))
    expect(readdirSync(outside)).toEqual(['d'])
  })

  test('writeFileAtomic still writes in one step', () => {
    writeFileAtomic(join(outside, 'm.json'), '{}', 0o600)
    expect(readFileSync(join(outside, 'm.json'), 'utf8')).toBe('{}')
    expect(readdirSync(outside)).toEqual(['m.json'])
  })
})
