import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportFolderProblem } from '../../src/export-folder.js'
import { buildPlan } from '../../src/plan.js'
import { rawInputs } from './raw-inputs.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-folder-'))
})
afterEach(() => {
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

describe("export-file's folder, checked before any request", () => {
  test('a file in an existing, writable folder (there or not yet): no problem', () => {
    expect(exportFolderProblem(join(dir, 'secrets.env'))).toBeUndefined()
    writeFileSync(join(dir, 'secrets.env'), 'A=1\n')
    expect(exportFolderProblem(join(dir, 'secrets.env'))).toBeUndefined()
  })

  test('a relative path is taken from the working folder', () => {
    expect(exportFolderProblem('secrets.env', dir)).toBeUndefined()
    expect(exportFolderProblem('no/secrets.env', dir)).toContain('does not exist (ENOENT)')
  })

  test('a missing folder', () => {
    expect(exportFolderProblem(join(dir, 'no', 'such', 'secrets.env'))).toBe(
      `export-file "${join(dir, 'no', 'such', 'secrets.env')}": its folder "${join(dir, 'no', 'such')}" does not exist (ENOENT): create it first, the action creates no folders`
    )
  })

  test('a file where the folder should be', () => {
    writeFileSync(join(dir, 'plain'), '')
    expect(exportFolderProblem(join(dir, 'plain', 'secrets.env'))).toContain('is not a folder')
  })

  test('the path is a folder', () => {
    mkdirSync(join(dir, 'sub'))
    expect(exportFolderProblem(join(dir, 'sub'))).toContain('is a folder: give the path of a file in it')
  })

  test('a folder the runner user may not write to', () => {
    chmodSync(dir, 0o500)
    const problem = exportFolderProblem(join(dir, 'secrets.env'))
    // root may write anywhere: the check then rightly passes. As root (CI), the refusal is seen in
    // e2e/cleanup.test.ts, where the bundle runs as nobody.
    if (process.getuid?.() === 0) expect(problem).toBeUndefined()
    else expect(problem).toContain('is not writable by the runner user (EACCES)')
  })

  test('the plan fails with config naming export-file; mode check does not look', () => {
    const raw = rawInputs()
    const ctx = { env: { GITHUB_ENV: '/e' }, tmpdir: '/tmp', now: new Date('2026-05-14T00:00:00Z') }
    expect(() => buildPlan({ ...raw, 'export-file': join(dir, 'no', 'x.env') }, ctx)).toThrow(
      /^config: export-file ".*": its folder .* does not exist/
    )
    const seen: string[] = []
    const looked = { ...ctx, exportFolderProblem: (f: string) => (seen.push(f), undefined) }
    expect(buildPlan({ ...raw, 'export-file': 'x.env' }, looked).exportFile).toBe('x.env')
    expect(() => buildPlan({ ...raw, 'export-file': 'y.env', mode: 'check', 'export-env': 'false' }, looked)).toThrow(
      'mode check exports nothing'
    )
    expect(seen).toEqual(['x.env'])
  })
})
