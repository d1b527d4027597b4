/**
 * The export-file's staging and clean-up (src/atomic-file.ts, src/cleanup.ts): the target is
 * changed only by commit(); the post step deletes only the recorded file, by device and inode, in
 * the real job folders; a record or state it did not get from the main step deletes nothing.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stageFile, writeFileAtomic } from '../../src/atomic-file.js'
import {
  cleanUp,
  jobFolderOf,
  recordFile,
  removedAtJobEnd,
  stageExportFile,
  STATE_CLEANUP_ID
} from '../../src/cleanup.js'

let root: string
let env: NodeJS.ProcessEnv
let workspace: string
let temp: string
let outside: string
const saved = process.env.GITHUB_STATE

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'cleanup-unit-')))
  workspace = join(root, 'workspace')
  temp = join(root, 'temp')
  outside = join(root, 'outside')
  for (const d of [workspace, temp, outside]) mkdirSync(d)
  env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp }
  process.env.GITHUB_STATE = join(root, 'state.txt')
  writeFileSync(process.env.GITHUB_STATE, '')
})
afterEach(() => {
  if (saved === undefined) delete process.env.GITHUB_STATE
  else process.env.GITHUB_STATE = saved
  rmSync(root, { recursive: true, force: true })
})

/** The id the main step saved (the last GITHUB_STATE entry). */
function savedId(): string {
  const m = [
    ...readFileSync(join(root, 'state.txt'), 'utf8').matchAll(
      new RegExp(`^${STATE_CLEANUP_ID}<<(\\S+)\\n([0-9a-f]+)\\n\\1$`, 'gm')
    )
  ]
  return m.at(-1)?.[2] ?? ''
}

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

describe('which files are the job’s', () => {
  test('real paths decide: a link from the workspace to a folder elsewhere is elsewhere', () => {
    symlinkSync(outside, join(workspace, 'link'))
    mkdirSync(join(workspace, 'sub'))
    symlinkSync(join(workspace, 'sub'), join(outside, 'back'))
    expect(removedAtJobEnd(join(workspace, 'link', 'x.env'), env)).toBe(false)
    expect(removedAtJobEnd(join(outside, 'back', 'x.env'), env)).toBe(true)
    expect(jobFolderOf(join(outside, 'back', 'x.env'), env)).toBe(join(workspace, 'sub'))
    expect(removedAtJobEnd(join(temp, 'x.env'), env)).toBe(true)
    expect(removedAtJobEnd(join(outside, 'x.env'), env)).toBe(false)
    expect(removedAtJobEnd(join(workspace, 'missing', 'x.env'), env)).toBe(false)
    expect(removedAtJobEnd(join(outside, 'x.env'), {})).toBe(false)
  })
})

describe('stageExportFile and cleanUp', () => {
  test('a file of the workspace: a 0600 record in RUNNER_TEMP, its id in the state; the post step removes both', () => {
    const file = stageExportFile(join(workspace, '.secrets.env'), 'A=1\n', env)
    expect(file.removedAtJobEnd).toBe(true)
    const id = savedId()
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    const record = recordFile(id, env)
    expect(record.startsWith(temp)).toBe(true)
    expect(statSync(record).mode & 0o777).toBe(0o600)
    file.commit()
    const st = statSync(join(workspace, '.secrets.env'), { bigint: true })
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({
      path: join(workspace, '.secrets.env'),
      dev: String(st.dev),
      ino: String(st.ino)
    })
    expect(cleanUp(id, env)).toEqual({ kind: 'removed', path: join(workspace, '.secrets.env') })
    expect(existsSync(join(workspace, '.secrets.env'))).toBe(false)
    expect(existsSync(record)).toBe(false)
  })

  test('a file elsewhere: no record, no state, kept', () => {
    const file = stageExportFile(join(outside, 'service.env'), 'A=1\n', env)
    file.commit()
    expect(file.removedAtJobEnd).toBe(false)
    expect(savedId()).toBe('')
    expect(readdirSync(temp)).toEqual([])
  })

  test('a run that fails: discard() leaves the target as it was and removes the record', () => {
    writeFileSync(join(workspace, '.secrets.env'), 'OPERATOR=1\n')
    const file = stageExportFile(join(workspace, '.secrets.env'), 'A=1\n', env)
    const id = savedId()
    file.discard()
    expect(readdirSync(workspace)).toEqual(['.secrets.env'])
    expect(readFileSync(join(workspace, '.secrets.env'), 'utf8')).toBe('OPERATOR=1\n')
    expect(readdirSync(temp)).toEqual([])
    expect(cleanUp(id, env)).toEqual({ kind: 'no-record', record: recordFile(id, env) })
    expect(existsSync(join(workspace, '.secrets.env'))).toBe(true)
  })

  test('a state that cannot be saved: nothing staged, nothing recorded', () => {
    process.env.GITHUB_STATE = join(root, 'no', 'state.txt')
    expect(() => stageExportFile(join(workspace, '.secrets.env'), 'A=1\n', env)).toThrow(
      'GITHUB_STATE cannot be written (ENOENT)'
    )
    expect(readdirSync(workspace)).toEqual([])
    expect(readdirSync(temp)).toEqual([])
  })

  test('a file replaced since (other inode), or a link now: left in place', () => {
    const a = stageExportFile(join(temp, 'a.env'), 'A=1\n', env)
    a.commit()
    const idA = savedId()
    writeFileSync(join(temp, 'new'), 'OTHER=1\n')
    renameSync(join(temp, 'new'), join(temp, 'a.env'))
    expect(cleanUp(idA, env)).toEqual({ kind: 'replaced', path: join(temp, 'a.env') })
    expect(readFileSync(join(temp, 'a.env'), 'utf8')).toBe('OTHER=1\n')

    const b = stageExportFile(join(temp, 'b.env'), 'B=1\n', env)
    b.commit()
    const idB = savedId()
    rmSync(join(temp, 'b.env'))
    writeFileSync(join(outside, 'victim'), 'V=1\n')
    symlinkSync(join(outside, 'victim'), join(temp, 'b.env'))
    expect(cleanUp(idB, env)).toEqual({ kind: 'replaced', path: join(temp, 'b.env') })
    expect(lstatSync(join(temp, 'b.env')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('V=1\n')
  })

  test('its folder moved elsewhere and linked back: left in place; a file already gone: said so', () => {
    mkdirSync(join(workspace, 'sub'))
    const f = stageExportFile(join(workspace, 'sub', 'x.env'), 'A=1\n', env)
    f.commit()
    const id = savedId()
    renameSync(join(workspace, 'sub'), join(outside, 'sub'))
    symlinkSync(join(outside, 'sub'), join(workspace, 'sub'))
    expect(cleanUp(id, env)).toEqual({ kind: 'outside', path: join(workspace, 'sub', 'x.env') })
    expect(existsSync(join(outside, 'sub', 'x.env'))).toBe(true)

    const g = stageExportFile(join(workspace, 'y.env'), 'A=1\n', env)
    g.commit()
    const idG = savedId()
    rmSync(join(workspace, 'y.env'))
    expect(cleanUp(idG, env)).toEqual({ kind: 'gone', path: join(workspace, 'y.env') })
  })
})

describe('what the post step refuses', () => {
  const ID = '0123456789abcdef0123456789abcdef'

  test('no state, or a state that is not an id', () => {
    expect(cleanUp('', env)).toEqual({ kind: 'nothing' })
    for (const bad of ['/etc/passwd', '../x', ID.toUpperCase(), `${ID}0`, `${ID.slice(1)}/`])
      expect(cleanUp(bad, env)).toEqual({ kind: 'bad-id' })
  })

  test('records it did not write: a link, open to others, not JSON, not a record; none is removed, nor their file', () => {
    const victim = join(workspace, 'victim.env')
    writeFileSync(victim, 'V=1\n')
    const st = statSync(victim, { bigint: true })
    const good = JSON.stringify({ path: victim, dev: String(st.dev), ino: String(st.ino) })
    const record = recordFile(ID, env)

    writeFileSync(join(outside, 'r.json'), good, { mode: 0o600 })
    symlinkSync(join(outside, 'r.json'), record)
    expect(cleanUp(ID, env)).toEqual({ kind: 'bad-record', record, why: 'is not a regular file' })
    rmSync(record)

    for (const [text, mode, why] of [
      [good, 0o644, 'is open to other users'],
      ['{', 0o600, 'is not JSON'],
      [JSON.stringify({ path: 'victim.env', dev: '1', ino: '2' }), 0o600, 'is not a record of this action'],
      [JSON.stringify({ path: victim, dev: 1, ino: 2 }), 0o600, 'is not a record of this action']
    ] as const) {
      writeFileSync(record, text)
      chmodSync(record, mode)
      expect(cleanUp(ID, env)).toEqual({ kind: 'bad-record', record, why })
      expect(existsSync(record)).toBe(true)
      rmSync(record)
    }
    writeFileSync(record, 'x'.repeat(5000), { mode: 0o600 })
    expect(cleanUp(ID, env)).toEqual({ kind: 'bad-record', record, why: 'cannot be read (too-large)' })
    expect(readFileSync(victim, 'utf8')).toBe('V=1\n')
  })

  test('a record of a file outside the job folders: left in place', () => {
    const victim = join(outside, 'service.env')
    writeFileSync(victim, 'V=1\n')
    const st = statSync(victim, { bigint: true })
    writeFileSync(recordFile(ID, env), JSON.stringify({ path: victim, dev: String(st.dev), ino: String(st.ino) }), {
      mode: 0o600
    })
    expect(cleanUp(ID, env)).toEqual({ kind: 'outside', path: victim })
    expect(readFileSync(victim, 'utf8')).toBe('V=1\n')
  })
})
