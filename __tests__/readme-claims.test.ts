/**
 * What the README tells the operator to write or to rely on, checked against the repository:
 * every `uses:` of the examples and of the README's code blocks names an action of this
 * repository (pinned) or a listed external action; every relative link and #anchor resolves; every
 * error class has its Troubleshooting entry; the Supported versions table names files that exist,
 * each row a test; the oldest Node the README names is the one the bundles need; and the action
 * reads a secret from every period of Infisical that the table lists (the test server's profiles).
 * (The tables of inputs, outputs and error classes are checked in __tests__/readme.test.ts.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ERROR_CLASSES } from '../src/errors.js'
import { PROFILE_NAMES } from '../testkit/infisical-server/profiles.js'
import { BOT_TOKEN, ROOT, cleanup, fetchStep, job, markerOf, startPlatform, step } from './e2e/platform.js'
import { README, table } from './readme-text.js'

/** The README without its fenced code blocks (whose `#` lines are no headings), one entry a line. */
function proseLines(text: string): string[] {
  const out: string[] = []
  let fenced = false
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    else if (!fenced) out.push(line)
  }
  return out
}

/** The contents of the README's fenced code blocks. */
function codeBlocks(text: string): string[] {
  return [...text.matchAll(/^\s*```[^\n]*\n([\s\S]*?)^\s*```/gm)].map((m) => m[1] ?? '')
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2… */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const line of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const base = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

/** The README's section under `heading` (up to the next heading of the same or a higher level). */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2
  const start = README.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`README has no heading "${heading}"`)
  const rest = README.slice(start + heading.length + 2)
  const next = new RegExp(`^#{1,${level}} `, 'm').exec(rest)
  return next ? rest.slice(0, next.index) : rest
}

// ---- uses: ---------------------------------------------------------------------------------------

/** Where the README and the examples say this repository lives on the operator's Forgejo. */
const OURS = /^https:\/\/forgejo\.example\.org\/platform\/infisical-action(\/[a-z-]+)?@(.+)$/
const PINNED = /^(v\d+|v\d+\.\d+\.\d+|[0-9a-f]{40})$/
/** External actions the README and the examples may use, each a pinned full URL. */
const EXTERNAL = ['https://code.forgejo.org/actions/checkout@v4', 'https://code.forgejo.org/forgejo/upload-artifact@v4']

/** Why `uses` is not acceptable, or '' when it is. */
function usesProblem(uses: string): string {
  if (EXTERNAL.includes(uses)) return ''
  const m = OURS.exec(uses)
  if (!m) return 'neither this repository nor a listed external action'
  const folder = (m[1] ?? '').slice(1)
  if (!['', 'verify', 'audit'].includes(folder)) return `no action folder ${folder} in this repository`
  if (!existsSync(join(ROOT, folder, 'action.yml'))) return `${folder || '.'}/action.yml does not exist`
  if (!PINNED.test(m[2] ?? '')) return `not pinned to vN, vN.N.N or a 40-hex commit SHA`
  return ''
}

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f))

function usesOfExample(file: string): string[] {
  const doc = parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as {
    jobs: Record<string, { steps?: { uses?: string }[] }>
  }
  return Object.values(doc.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])))
}

function usesOfReadme(): string[] {
  return codeBlocks(README).flatMap((block) =>
    [...block.matchAll(/^[\s-]*uses:\s*(\S+)/gm)].map((m) => (m[1] ?? '').replace(/^['"]|['"]$/g, ''))
  )
}

describe('every uses: names an action of this repository (pinned) or a listed external one', () => {
  test.each(EXAMPLES)('examples/%s', (file) => {
    const uses = usesOfExample(file)
    expect(uses.length).toBeGreaterThan(0)
    expect(uses.map((u) => `${u}: ${usesProblem(u) || 'ok'}`)).toEqual(uses.map((u) => `${u}: ok`))
  })

  test("the README's code blocks", () => {
    const uses = usesOfReadme()
    expect(uses.length).toBeGreaterThanOrEqual(8)
    expect(uses.map((u) => `${u}: ${usesProblem(u) || 'ok'}`)).toEqual(uses.map((u) => `${u}: ok`))
  })

  test('the rule refuses what it should', () => {
    expect(usesProblem('platform/infisical-action@v1')).toContain('neither')
    expect(usesProblem('https://forgejo.example.org/platform/infisical-action@main')).toContain('not pinned')
    expect(usesProblem('https://forgejo.example.org/platform/infisical-action@cec1037')).toContain('not pinned')
    expect(usesProblem('https://forgejo.example.org/platform/infisical-action/nope@v1')).toContain('no action folder')
    expect(usesProblem('actions/upload-artifact@v4')).toContain('neither')
    expect(usesProblem('https://forgejo.example.org/platform/infisical-action/audit@v1.2.3')).toBe('')
    expect(usesProblem(`https://forgejo.example.org/platform/infisical-action@${'a1'.repeat(20)}`)).toBe('')
  })
})

// ---- links and anchors ---------------------------------------------------------------------------

describe('links', () => {
  /** [text](target) outside code blocks and code spans. */
  const links = proseLines(README)
    .map((l) => l.replace(/`[^`]*`/g, ''))
    .flatMap((l) => [...l.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? ''))
  const local = links.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))

  test('the README has relative links and anchors to check', () => {
    expect(local.filter((t) => t.startsWith('#')).length).toBeGreaterThanOrEqual(10)
    expect(local.filter((t) => !t.startsWith('#')).length).toBeGreaterThanOrEqual(5)
  })

  test('every #anchor is a heading of the README', () => {
    const known = anchors(README)
    const bad = local.filter((t) => t.startsWith('#') && !known.has(t.slice(1)))
    expect(bad).toEqual([])
  })

  test('every relative link names a file of the repository', () => {
    const bad = local
      .filter((t) => !t.startsWith('#'))
      .map((t) => decodeURIComponent(t.split('#')[0] ?? ''))
      .filter((path) => !existsSync(join(ROOT, path)))
    expect(bad).toEqual([])
  })

  test('anchors follow GitHub: punctuation dropped, spaces as hyphens, repeats numbered', () => {
    const a = anchors(
      '## No stored token: OIDC on Forgejo 15+\n### `permission-denied`\n## A b\n## A b\n```\n# no\n```\n'
    )
    expect([...a]).toEqual(['no-stored-token-oidc-on-forgejo-15', 'permission-denied', 'a-b', 'a-b-1'])
  })
})

// ---- troubleshooting -----------------------------------------------------------------------------

test('every error class has a Troubleshooting entry, in the order of the Error classes table', () => {
  const entries = [...section('## Troubleshooting').matchAll(/^### `([a-z-]+)`\s*$/gm)].map((m) => m[1])
  expect(entries).toEqual([...ERROR_CLASSES])
  for (const cls of ERROR_CLASSES) {
    const body = section(`### \`${cls}\``)
    expect(`${cls}: ${body.trim().length > 80 ? 'explained' : 'too short'}`).toBe(`${cls}: explained`)
  }
})

test('the two 403s are told apart with curl from the runner host and a laptop, and a local endpoint', () => {
  const which = section('### Which 403 is it?')
  for (const words of ['curl', 'laptop', 'runner host', 'text/html', 'application/json', 'http://127.0.0.1'])
    expect(which).toContain(words)
})

// ---- supported versions --------------------------------------------------------------------------

/** The top-level entries of the repository that a path in the README may start with. */
const LOCAL = [
  '__tests__/',
  'testkit/',
  'src/',
  'dist/',
  'examples/',
  'scripts/',
  'bench/',
  'verify/',
  'audit/',
  'docs/'
]

describe('Supported versions', () => {
  const { header, rows: body } = table('## Supported versions', { keepBackticks: true })
  const testedBy = header.indexOf('tested by')
  const codeIn = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')

  test('one row per component the README promises', () => {
    expect(testedBy).toBeGreaterThan(0)
    const names = body.map((r) => r[0] ?? '')
    for (const c of [
      'Forgejo server',
      'Forgejo runner',
      'Infisical self-hosted',
      'Infisical Cloud',
      'GitHub Actions',
      'Node'
    ])
      expect(`${c}: ${names.some((n) => n.startsWith(c)) ? 'a row' : 'no row'}`).toBe(`${c}: a row`)
  })

  test('each row names a test of this repository that exists', () => {
    for (const r of body) {
      const files = codeIn(r[testedBy] ?? '').filter((f) => LOCAL.some((p) => f.startsWith(p)))
      expect(`${r[0]}: ${files.length > 0 ? 'backed' : 'no file of this repository'}`).toBe(`${r[0]}: backed`)
    }
  })

  test('every file of this repository the table names exists', () => {
    const named = body.flatMap((r) => r.flatMap(codeIn)).filter((f) => LOCAL.some((p) => f.startsWith(p)))
    expect(named.length).toBeGreaterThan(10)
    expect(named.filter((f) => !existsSync(join(ROOT, f)))).toEqual([])
  })

  test('every period of the test server has its row', () => {
    const text = body.map((r) => r.join(' ')).join('\n')
    for (const profile of PROFILE_NAMES) expect(text).toContain(`\`${profile}\``)
  })
})

// ---- the oldest Node ----------------------------------------------------------------------------

/**
 * APIs newer than Node 20.0 (and a few older ones the bundles use), with the release that added
 * them. The bundles are scanned for each; the newest found is the oldest Node that runs them.
 */
const NODE_APIS: [RegExp, string][] = [
  [/\bAbortSignal\.timeout\(/, '17.3.0'],
  [/\bparseArgs\b/, '18.3.0'],
  [/\bAbortSignal\.any\(/, '20.3.0'],
  [/\bimport\.meta\.(dirname|filename)\b/, '20.11.0'],
  [/\bstyleText\(/, '20.12.0'],
  [/\bloadEnvFile\(/, '20.12.0'],
  [/\bgetBuiltinModule\(/, '20.16.0'],
  [/\b(Object|Map)\.groupBy\(/, '21.0.0'],
  [/\bnavigator\./, '21.0.0'],
  [/\bPromise\.withResolvers\(/, '22.0.0'],
  [/\bArray\.fromAsync\(/, '22.0.0'],
  [/\bIterator\.from\(/, '22.0.0'],
  [/\.(union|intersection|symmetricDifference|isSubsetOf)\(/, '22.0.0'],
  [/\bglobSync\(|\bfs\.glob\(/, '22.0.0'],
  [/\bURL\.parse\(/, '22.1.0'],
  [/\bRegExp\.escape\(|\bError\.isError\(|\bFloat16Array\b/, '24.0.0']
]
const semver = (v: string) => v.split('.').map(Number) as [number, number, number]
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)]
  return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2]
}

test('the oldest Node the README names is the newest API the bundles call (AbortSignal.any, 20.3.0)', () => {
  const bundles = ['dist', 'dist/post', 'verify/dist', 'audit/dist'].flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(ROOT, d, f), 'utf8'))
  )
  let needed = '0.0.0'
  const found: string[] = []
  for (const [re, version] of NODE_APIS) {
    if (!bundles.some((b) => re.test(b))) continue
    found.push(`${re.source} ${version}`)
    if (newer(version, needed)) needed = version
  }
  expect(found.length).toBeGreaterThan(0)
  expect(needed).toBe('20.3.0')
  expect(section("### Node on the service's PATH")).toContain(`**${needed} or later**`)
  expect(section('## Supported versions')).toContain(`| Node | ${needed} or later`)
  // the Node that runs this test is one the README allows
  expect(newer(needed, process.versions.node)).toBe(false)
})

// ---- the action on every period of Infisical ----------------------------------------------------

describe('the action reads the bot token from every period of the test server', () => {
  afterEach(cleanup)
  test.each(PROFILE_NAMES)('profile %s', async (profile) => {
    const p = await startPlatform({ profile })
    const result = await job({ steps: [fetchStep(p)] })
    expect(step(result, 'infisical').outcome).toBe('success')
    expect(step(result, 'infisical').envSet.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerOf(result)).toMatchObject({ status: 'ok', source: 'infisical-token-auth' })
  })
})
