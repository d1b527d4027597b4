/**
 * scripts/release in a scratch clone of this repository: the version set, dist built, the
 * changelog's Unreleased section turned into the release, one commit, the tag and the moved
 * major tag; and what it refuses. The tests themselves are not run by it here
 * (RELEASE_SKIP_TESTS=1): the suite is what is running.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = process.cwd()
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.org',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.org'
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-'))
  execFileSync('git', ['clone', '-q', ROOT, join(dir, 'repo')])
  // the build's own temporary files (ncc's cache) in the scratch folder too, removed with it
  mkdirSync(join(dir, 'tmp'))
  // the installed packages of this checkout, not a second `npm ci` (ignored by git: not committed)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'repo', 'node_modules'))
  // the script and the changelog as they are in this working tree, committed in the scratch clone
  for (const [f, mode] of [
    ['scripts/release', 0o755],
    ['CHANGELOG.md', 0o644]
  ] as const) {
    writeFileSync(join(dir, 'repo', f), readFileSync(join(ROOT, f)))
    chmodSync(join(dir, 'repo', f), mode)
  }
  execFileSync('git', ['add', '-A'], { cwd: join(dir, 'repo') })
  if (execFileSync('git', ['status', '--porcelain'], { cwd: join(dir, 'repo'), encoding: 'utf8' }) !== '') {
    execFileSync('git', ['commit', '-q', '-m', 'the release script of the working tree'], {
      cwd: join(dir, 'repo'),
      env: { ...process.env, ...GIT_ENV }
    })
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const repo = (): string => join(dir, 'repo')
function release(...args: string[]) {
  return spawnSync(join(repo(), 'scripts/release'), args, {
    cwd: repo(),
    env: { ...process.env, ...GIT_ENV, RELEASE_SKIP_TESTS: '1', TMPDIR: join(dir, 'tmp') },
    encoding: 'utf8',
    timeout: 120_000
  })
}
const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo(), encoding: 'utf8' }).trim()

test('refuses a version that is not X.Y.Z, with the usage (exit 2)', () => {
  const r = release('v1')
  expect(r.status).toBe(2)
  expect(r.stderr).toContain('usage: scripts/release VERSION')
})

test('refuses a working tree that is not clean', () => {
  writeFileSync(join(repo(), 'stray.txt'), 'x')
  const r = release('1.0.0')
  expect(r.status).toBe(1)
  expect(r.stderr).toContain('the working tree is not clean')
  rmSync(join(repo(), 'stray.txt'))
})

test('1.0.0: package version, changelog heading, one commit, tag v1.0.0 and v1 on it; the same version again is refused', () => {
  const before = git('rev-parse', 'HEAD')
  const r = release('1.0.0')
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('released v1.0.0 (v1 moved to it)')
  expect(JSON.parse(readFileSync(join(repo(), 'package.json'), 'utf8')).version).toBe('1.0.0')
  const changelog = readFileSync(join(repo(), 'CHANGELOG.md'), 'utf8')
  expect(changelog).toMatch(/## \[Unreleased\]\n\n## \[1\.0\.0\] - \d{4}-\d{2}-\d{2}\n\n### Added/)
  expect(git('rev-parse', 'HEAD~1')).toBe(before)
  expect(git('log', '-1', '--format=%s')).toBe('Release 1.0.0')
  expect(git('rev-parse', 'v1.0.0^{commit}')).toBe(git('rev-parse', 'HEAD'))
  expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'HEAD'))
  expect(git('status', '--porcelain')).toBe('')
  const again = release('1.0.0')
  expect(again.status).toBe(1)
  expect(again.stderr).toContain('tag v1.0.0 exists already')
  const empty = release('1.0.1')
  expect(empty.status).toBe(1)
  expect(empty.stderr).toContain('section of CHANGELOG.md is empty')
})
