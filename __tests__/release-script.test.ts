/**
 * scripts/release in a scratch clone of this repository: the version set, the build and the tests
 * run, the changelog's Unreleased section turned into the release, one commit, the tag and the
 * moved major tag; and what it refuses. In the scratch clone the package's `build` and `test`
 * scripts are small stand-ins that record that they ran (the build writes the version it sees into
 * dist/, the tests fail on demand): what is tested is the release script, which runs whatever the
 * package's scripts are; the real build and tests are what CI runs on every commit.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = process.cwd()
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.org',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.org'
}

/** The scratch clone's changelog: one release behind it, something Unreleased. */
const CHANGELOG = `# Changelog

## [Unreleased]

### Added
- The thing this release brings.

## [1.0.0] - 2026-12-02

### Added
- The first release.
`

let dir: string
const repo = (): string => join(dir, 'repo')
/** Where the stand-in test script records each run: outside the clone, so the tree stays clean. */
const testRuns = (): string => join(dir, 'test-runs')

const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo(), encoding: 'utf8' }).trim()

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-'))
  execFileSync('git', ['clone', '-q', ROOT, repo()])
  // the script as it is in this working tree; this repository's own releases (tags, changelog) left out
  writeFileSync(join(repo(), 'scripts/release'), readFileSync(join(ROOT, 'scripts/release')))
  chmodSync(join(repo(), 'scripts/release'), 0o755)
  writeFileSync(join(repo(), 'CHANGELOG.md'), CHANGELOG)
  const tags = git('tag', '--list')
  if (tags !== '') execFileSync('git', ['tag', '-d', ...tags.split('\n')], { cwd: repo() })
  const pkg = JSON.parse(readFileSync(join(repo(), 'package.json'), 'utf8'))
  pkg.scripts.build =
    "node -e \"require('fs').writeFileSync('dist/built-version.txt', require('./package.json').version + '\\n')\""
  pkg.scripts.test =
    "node -e \"require('fs').appendFileSync(process.env.TEST_RUNS, 'ran\\n'); process.exit(process.env.FAIL_TESTS ? 1 : 0)\""
  writeFileSync(join(repo(), 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  execFileSync('git', ['add', '-A'], { cwd: repo() })
  execFileSync('git', ['commit', '-q', '-m', 'the release script of the working tree; stand-in build and tests'], {
    cwd: repo(),
    env: { ...process.env, ...GIT_ENV }
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function release(args: string[], env: Record<string, string> = {}) {
  return spawnSync(join(repo(), 'scripts/release'), args, {
    cwd: repo(),
    env: { ...process.env, ...GIT_ENV, TEST_RUNS: testRuns(), TMPDIR: dir, ...env },
    encoding: 'utf8',
    timeout: 60_000
  })
}

test('refuses a version that is not X.Y.Z, with the usage (exit 2)', () => {
  const r = release(['v1'])
  expect(r.status).toBe(2)
  expect(r.stderr).toContain('usage: scripts/release VERSION')
})

test('refuses a working tree that is not clean', () => {
  writeFileSync(join(repo(), 'stray.txt'), 'x')
  const r = release(['2.0.0'])
  expect(r.status).toBe(1)
  expect(r.stderr).toContain('the working tree is not clean')
  rmSync(join(repo(), 'stray.txt'))
})

const runsOfTests = (): number => (existsSync(testRuns()) ? readFileSync(testRuns(), 'utf8').split('\n').length - 1 : 0)

test('tests that fail: no commit, no tag, the working tree as it was', () => {
  const before = git('rev-parse', 'HEAD')
  const runs = runsOfTests()
  const r = release(['2.0.0'], { FAIL_TESTS: '1' })
  expect(r.status).toBe(1)
  expect(r.stderr).toContain('release: the build or the tests failed: nothing committed or tagged')
  expect(runsOfTests()).toBe(runs + 1)
  expect(git('rev-parse', 'HEAD')).toBe(before)
  expect(git('tag', '--list')).toBe('')
  expect(git('status', '--porcelain')).toBe('')
})

test('2.0.0: version set before the build, tests run, changelog heading, one commit, tag v2.0.0 and v2 on it; the same version again is refused', () => {
  const before = git('rev-parse', 'HEAD')
  const runs = runsOfTests()
  const r = release(['2.0.0'])
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('released v2.0.0 (v2 moved to it)')
  expect(JSON.parse(readFileSync(join(repo(), 'package.json'), 'utf8')).version).toBe('2.0.0')
  expect(git('show', 'HEAD:dist/built-version.txt')).toBe('2.0.0')
  expect(runsOfTests()).toBe(runs + 1)
  const changelog = readFileSync(join(repo(), 'CHANGELOG.md'), 'utf8')
  expect(changelog).toMatch(
    /## \[Unreleased\]\n\n## \[2\.0\.0\] - \d{4}-\d{2}-\d{2}\n\n### Added\n- The thing this release brings\.\n\n## \[1\.0\.0\] - 2026-12-02\n/
  )
  expect(git('rev-parse', 'HEAD~1')).toBe(before)
  expect(git('log', '-1', '--format=%s')).toBe('Release 2.0.0')
  expect(git('rev-parse', 'v2.0.0^{commit}')).toBe(git('rev-parse', 'HEAD'))
  expect(git('rev-parse', 'v2^{commit}')).toBe(git('rev-parse', 'HEAD'))
  expect(git('status', '--porcelain')).toBe('')
  const again = release(['2.0.0'])
  expect(again.status).toBe(1)
  expect(again.stderr).toContain('tag v2.0.0 exists already')
  const empty = release(['2.0.1'])
  expect(empty.status).toBe(1)
  expect(empty.stderr).toContain('section of CHANGELOG.md is empty')
})
