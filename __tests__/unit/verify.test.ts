/**
 * The verify action's pure modules: its inputs, the shape of a schema-1 marker, and every
 * expectation, each alone and all together in one message.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { markerText, type Marker } from '../../src/marker.js'
import { readMarker } from '../../src/verify/read-marker.js'
import {
  currentRunOf,
  failureMessage,
  formatAge,
  inputsMessage,
  passSummary,
  unmetExpectations,
  type CurrentRun
} from '../../src/verify/expectations.js'
import { fileProblemMessage, parseMarkerText, type CheckedMarker } from '../../src/verify/parse-marker.js'
import { inline, shown } from '../../src/verify/text.js'
import { listOf } from '../../src/rules.js'
import {
  parseVerifyInputs,
  readVerifyInputs,
  type VerifyOptions,
  type VerifyRawInputs
} from '../../src/verify/inputs.js'

const NOW = new Date('2026-05-14T07:44:03.000Z')
const PATH = '/rt/infisical-source-marker.json'
const CURRENT: CurrentRun = { runId: '869', runAttempt: '1' }
const CHECK_PATH = 'check that marker-path names the file the fetch step wrote (its marker-path output)'

function okMarker(over: Partial<Marker> = {}): Marker {
  return {
    schema: 1,
    status: 'ok',
    mode: 'fetch',
    source: 'infisical-token-auth',
    markerKey: 'forgejo_token_source',
    endpoint: 'https://infisical.example.org',
    identityId: '2cf935a4-0000-4000-8000-000000000000',
    projectId: '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
    environment: 'prod',
    secrets: [
      {
        env: 'PLATFORMCTL_FORGEJO_TOKEN',
        path: '/home-platform/forgejo_accounts',
        name: 'deploy+bot@example.org',
        version: 3
      }
    ],
    tokenExpiresAt: null,
    fallback: null,
    preexisting: [],
    error: null,
    requests: 1,
    durationMs: 84,
    run: {
      repository: 'platform/platform',
      workflow: 'platformctl-auto-apply.yml',
      runId: '869',
      runNumber: '729',
      runAttempt: '1',
      job: 'apply',
      sha: 'cec1037',
      serverUrl: 'https://forgejo.example.org'
    },
    createdAt: '2026-05-14T07:44:00.000Z',
    ...over
  }
}

function checked(m: unknown): CheckedMarker {
  const r = parseMarkerText(PATH, typeof m === 'string' ? m : JSON.stringify(m))
  if (!('marker' in r)) throw new Error(r.problem)
  return r.marker
}

function problemOf(m: unknown): string {
  const r = parseMarkerText(PATH, typeof m === 'string' ? m : JSON.stringify(m))
  if ('marker' in r) throw new Error('parsed')
  return r.problem
}

function raw(over: Partial<VerifyRawInputs> = {}): VerifyRawInputs {
  // The defaults of verify/action.yml, as the runner fills them in.
  return {
    ...readVerifyInputs({}),
    'expect-source': 'infisical-token-auth',
    'allow-fallback': 'false',
    'max-age-seconds': '0',
    'expect-mode': 'fetch',
    ...over
  }
}

function options(over: Partial<VerifyRawInputs> = {}): VerifyOptions {
  const { options: o, problems } = parseVerifyInputs(raw(over), { env: { RUNNER_TEMP: '/rt' }, tmpdir: '/tmp' })
  expect(problems).toEqual([])
  return o
}

function reasons(over: Partial<VerifyRawInputs>, m: Marker | Record<string, unknown>, current = CURRENT): string[] {
  return unmetExpectations(options(over), checked(m), current, NOW)
}

describe('verify inputs', () => {
  test('read as the runner names them, trimmed', () => {
    const r = readVerifyInputs({ 'INPUT_EXPECT-SECRETS': ' A, B \n', 'INPUT_MARKER-PATH': '/x/m.json' })
    expect(r['expect-secrets']).toBe('A, B')
    expect(r['marker-path']).toBe('/x/m.json')
    expect(r['expect-mode']).toBe('')
  })

  test('defaults, and the marker path of the root action', () => {
    expect(options()).toEqual({
      markerPath: '/rt/infisical-source-marker.json',
      expectSources: ['infisical-token-auth'],
      allowFallback: false,
      expectSecrets: [],
      maxAgeSeconds: 0,
      expectMode: 'fetch',
      expectFields: {}
    })
    const none = parseVerifyInputs(readVerifyInputs({}), { env: {}, tmpdir: '/sys-tmp' })
    expect(none.problems).toEqual([])
    expect(none.options).toMatchObject({
      markerPath: '/sys-tmp/infisical-source-marker.json',
      expectSources: ['infisical-token-auth'],
      expectMode: 'fetch'
    })
    expect(options({ 'marker-path': '/data/m.json' }).markerPath).toBe('/data/m.json')
  })

  test('lists: comma-separated (new lines too), trimmed, empty items and repeats dropped', () => {
    expect(listOf(' a , b,,a\nc ,')).toEqual(['a', 'b', 'c'])
    expect(options({ 'expect-source': ' infisical-token-auth , infisical-universal-auth ' }).expectSources).toEqual([
      'infisical-token-auth',
      'infisical-universal-auth'
    ])
    expect(options({ 'expect-secrets': 'A_1, _B' }).expectSecrets).toEqual(['A_1', '_B'])
    expect(options({ 'allow-fallback': 'TRUE', 'max-age-seconds': '600', 'expect-mode': 'check' })).toMatchObject({
      allowFallback: true,
      maxAgeSeconds: 600,
      expectMode: 'check'
    })
  })

  test('expect-endpoint, -identity-id, -project-id, -environment, -label: taken as given (trimmed), only when given', () => {
    const r = readVerifyInputs({
      'INPUT_EXPECT-ENDPOINT': ' https://infisical.example.org \n',
      'INPUT_EXPECT-IDENTITY-ID': '2cf935a4-0000-4000-8000-000000000000',
      'INPUT_EXPECT-PROJECT-ID': '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
      'INPUT_EXPECT-ENVIRONMENT': 'prod',
      'INPUT_EXPECT-LABEL': 'Forgejo bot, prod'
    })
    expect(parseVerifyInputs(r, { env: {}, tmpdir: '/tmp' })).toMatchObject({
      problems: [],
      options: {
        expectFields: {
          endpoint: 'https://infisical.example.org',
          identityId: '2cf935a4-0000-4000-8000-000000000000',
          projectId: '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
          environment: 'prod',
          label: 'Forgejo bot, prod'
        }
      }
    })
    expect(options({ 'expect-environment': 'prod', 'expect-label': '' }).expectFields).toEqual({ environment: 'prod' })
  })

  test('every bad input is a problem, all of them at once', () => {
    const { problems } = parseVerifyInputs(
      raw({
        'expect-source': 'infisical-token-auth, infisical-oidc',
        'allow-fallback': 'yes',
        'expect-secrets': 'OK, 1BAD, has-dash',
        'max-age-seconds': '-5',
        'expect-mode': 'apply'
      }),
      { env: {}, tmpdir: '/tmp' }
    )
    expect(problems).toHaveLength(5)
    expect(problems[0]).toContain('expect-source "infisical-oidc" is not a source')
    expect(problems[1]).toBe('allow-fallback must be true or false, got "yes"')
    expect(problems[2]).toContain('"1BAD", "has-dash", not ENV_NAMEs')
    expect(problems[3]).toContain('max-age-seconds must be a whole number')
    expect(problems[4]).toBe('expect-mode must be fetch or check, got "apply"')
    expect(inputsMessage(problems)).toMatch(
      /^the inputs of the verify step are not valid: \(1\) .+; \(2\) .+; \(3\) .+; \(4\) .+; \(5\) .+ - fix them/
    )
  })

  test('max-age-seconds: a whole number up to a year', () => {
    for (const bad of ['1.5', '1e3', '60s', String(400 * 24 * 3600)]) {
      expect(parseVerifyInputs(raw({ 'max-age-seconds': bad }), { env: {}, tmpdir: '/tmp' }).problems).toHaveLength(1)
    }
  })
})

describe('the current run', () => {
  test('GITHUB_* first, FORGEJO_* else, null when unknown', () => {
    expect(currentRunOf({ GITHUB_RUN_ID: '5', GITHUB_RUN_ATTEMPT: '2', FORGEJO_RUN_ID: '6' })).toEqual({
      runId: '5',
      runAttempt: '2'
    })
    expect(currentRunOf({ FORGEJO_RUN_ID: '6', FORGEJO_RUN_ATTEMPT: '1' })).toEqual({ runId: '6', runAttempt: '1' })
    expect(currentRunOf({})).toEqual({ runId: null, runAttempt: null })
  })
})

describe('reading the marker', () => {
  test('the text the root action writes', () => {
    const m = checked(markerText(okMarker()))
    expect(m).toMatchObject({
      schema: 1,
      status: 'ok',
      mode: 'fetch',
      source: 'infisical-token-auth',
      markerKey: 'forgejo_token_source',
      run: { runId: '869', runAttempt: '1' }
    })
  })

  test('empty, not JSON, not an object, another schema: each says so, naming the path, never quoting the file', () => {
    expect(problemOf('')).toContain(`the source marker ${PATH} is empty`)
    const notJson = problemOf('{"schema": 1, "source": "secret-looking-text-abc')
    expect(notJson).toBe(
      `the file ${PATH} is not valid JSON, so not a source marker: check that marker-path names the file the fetch step wrote (its marker-path output)`
    )
    expect(notJson).not.toContain('secret-looking')
    expect(problemOf('[1,2]')).toContain('holds an array, not a source marker')
    expect(problemOf('"text"')).toContain('holds a string, not a source marker')
    expect(problemOf({ hello: 'world' })).toContain('is not a source marker (no "schema": 1)')
    expect(problemOf({ ...okMarker(), schema: 2 })).toContain('has schema 2; this verify action reads schema 1')
  })

  test('a schema-1 object with broken fields lists each of them', () => {
    const p = problemOf({
      ...okMarker(),
      status: 'maybe',
      mode: 'apply',
      source: 'has spaces and "quotes"',
      secrets: [{ env: 'OK' }, { env: 'not an env name' }],
      fallback: { kind: 'env' },
      run: { runId: 'abc', runAttempt: null },
      createdAt: 'yesterday'
    })
    expect(p).toMatch(/^the file \/rt\/infisical-source-marker\.json is not a valid schema-1 source marker \(/)
    for (const w of [
      'status is not ok or failed',
      'mode is not fetch or check',
      'source is not a source name',
      'secrets[1] has no ENV_NAME',
      'fallback is not null',
      'run.runId is not a number',
      'createdAt is not an ISO 8601'
    ]) {
      expect(p).toContain(w)
    }
    expect(p).not.toContain('quotes')
    expect(p).not.toContain('not an env name')
    expect(problemOf({ ...okMarker(), secrets: 'A' })).toContain('secrets is not a list')
  })

  test('a marker key that is not a key is not shown', () => {
    expect(checked({ ...okMarker(), markerKey: 'a b=c' }).markerKey).toBe('')
  })

  test('files that cannot be read: what is wrong, and what to check', () => {
    expect(fileProblemMessage(PATH, { kind: 'open', code: 'ENOENT' })).toMatch(
      /^there is no source marker at \/rt\/infisical-source-marker\.json: check that the fetch step .* ran before this step and wrote to the same marker-path/
    )
    expect(fileProblemMessage(PATH, { kind: 'open', code: 'ENOTDIR' })).toContain(
      '(a part of that path is a file, not a folder)'
    )
    expect(fileProblemMessage(PATH, { kind: 'open', code: 'EACCES' })).toContain('cannot be read (permission denied)')
    expect(fileProblemMessage(PATH, { kind: 'open', code: 'EIO' })).toBe(
      `the source marker path ${PATH} cannot be opened (EIO): ${CHECK_PATH}`
    )
    expect(fileProblemMessage(PATH, { kind: 'not-regular', what: 'a folder' })).toBe(
      `the source marker path ${PATH} is a folder, not a regular file: ${CHECK_PATH}`
    )
    expect(fileProblemMessage(PATH, { kind: 'too-large', bytes: 2097152 })).toBe(
      `the file ${PATH} is larger than 1024 KiB (2097152 bytes), too large to be a source marker: ${CHECK_PATH}`
    )
  })
})

describe('the marker file on disk', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-unit-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  function problemAt(path: string): string {
    const r = readMarker(path)
    if ('marker' in r) throw new Error('read')
    return r.problem
  }

  test('a marker the fetch step wrote, and one padded to exactly 1 MiB', () => {
    const path = join(dir, 'marker.json')
    writeFileSync(path, markerText(okMarker()), { mode: 0o600 })
    expect(readMarker(path)).toEqual({ marker: checked(okMarker()) })
    const text = markerText(okMarker())
    writeFileSync(path, text + ' '.repeat(1024 * 1024 - Buffer.byteLength(text)))
    expect(readMarker(path)).toEqual({ marker: checked(okMarker()) })
  })

  test('a FIFO nothing writes to: refused at once, never waited on', () => {
    const path = join(dir, 'fifo.json')
    execFileSync('mkfifo', [path])
    expect(problemAt(path)).toBe(
      `the source marker path ${path} is a FIFO (named pipe), not a regular file: ${CHECK_PATH}`
    )
  })

  test('a device (/dev/zero never ends): refused at once, never read', () => {
    expect(problemAt('/dev/zero')).toBe(
      `the source marker path /dev/zero is a device, not a regular file: ${CHECK_PATH}`
    )
  })

  test('a folder, a missing file, a path through a file, a file over 1 MiB', () => {
    const folder = join(dir, 'folder')
    mkdirSync(folder)
    expect(problemAt(folder)).toBe(`the source marker path ${folder} is a folder, not a regular file: ${CHECK_PATH}`)
    expect(problemAt(join(dir, 'none.json'))).toMatch(/^there is no source marker at /)
    const file = join(dir, 'file')
    writeFileSync(file, '{}')
    expect(problemAt(join(file, 'marker.json'))).toContain('(a part of that path is a file, not a folder)')
    const big = join(dir, 'big.json')
    writeFileSync(big, markerText(okMarker()).padEnd(1024 * 1024 + 1, ' '))
    expect(problemAt(big)).toBe(
      `the file ${big} is larger than 1024 KiB (1048577 bytes), too large to be a source marker: ${CHECK_PATH}`
    )
  })
})

describe('expectations', () => {
  test('the marker of a good run meets the defaults, and expect-secrets', () => {
    expect(reasons({}, okMarker())).toEqual([])
    expect(reasons({ 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN', 'max-age-seconds': '60' }, okMarker())).toEqual([])
  })

  test('status failed: the class and message, not a second reason for the missing source', () => {
    const m = okMarker({
      status: 'failed',
      source: null,
      error: {
        class: 'auth-invalid',
        message:
          'auth-invalid: the token was refused (revoked)\n(https://infisical.example.org, HTTP 401: No identity access token found) - issue a new token',
        status: 401,
        endpoint: null
      }
    })
    expect(reasons({}, m)).toEqual([
      'the fetch step failed (status failed), with auth-invalid: the token was refused (revoked)\\n(https://infisical.example.org, HTTP 401: No identity access token found) - issue a new token'
    ])
    expect(
      reasons(
        {},
        okMarker({
          status: 'failed',
          source: null,
          error: { class: 'network', message: 'refused', status: null, endpoint: null }
        })
      )[0]
    ).toBe('the fetch step failed (status failed), with network: refused')
    expect(reasons({}, okMarker({ status: 'failed', source: null }))[0]).toContain('no error recorded')
  })

  test('a source that is not expected', () => {
    expect(reasons({}, okMarker({ source: 'infisical-universal-auth' }))).toEqual([
      'the source is infisical-universal-auth, not infisical-token-auth (expect-source)'
    ])
    expect(
      reasons(
        { 'expect-source': 'infisical-token-auth,infisical-universal-auth' },
        okMarker({ source: 'infisical-universal-auth' })
      )
    ).toEqual([])
    expect(reasons({ 'expect-source': 'infisical-universal-auth, direct-env-fallback' }, okMarker())[0]).toContain(
      'not infisical-universal-auth or direct-env-fallback (expect-source)'
    )
  })

  test('a fallback: the kind and the reason class, never its message', () => {
    const m = okMarker({
      source: 'direct-env-fallback',
      fallback: {
        kind: 'env-file',
        reason: { class: 'proxy-blocked', message: 'proxy-blocked: an HTML page from the WAF' }
      },
      secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: '/x', name: 'n', version: null }]
    })
    const r = reasons({}, m)
    expect(r).toHaveLength(2)
    expect(r[0]).toBe(
      'the source is direct-env-fallback, not infisical-token-auth (expect-source): the secrets did not come from Infisical'
    )
    expect(r[1]).toMatch(
      /^the secrets came from the env-file fallback because Infisical failed with proxy-blocked, and allow-fallback is false/
    )
    expect(r.join(' ')).not.toContain('WAF')
    // During a soak both must be said.
    expect(reasons({ 'allow-fallback': 'true' }, m)).toHaveLength(1)
    expect(
      reasons({ 'allow-fallback': 'true', 'expect-source': 'infisical-token-auth,direct-env-fallback' }, m)
    ).toEqual([])
  })

  test('expected secrets that the marker does not list', () => {
    expect(reasons({ 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN, SIGNING_KEY' }, okMarker())).toEqual([
      "SIGNING_KEY is not among the marker's secrets (it lists PLATFORMCTL_FORGEJO_TOKEN) (expect-secrets): map it in the fetch step's secrets"
    ])
    expect(reasons({ 'expect-secrets': 'A,B' }, okMarker({ secrets: [] }))).toEqual([
      "A and B are not among the marker's secrets (it lists none) (expect-secrets): map them in the fetch step's secrets"
    ])
  })

  test('the mode', () => {
    expect(reasons({}, okMarker({ mode: 'check' }))).toEqual([
      'the mode is check, not fetch (expect-mode): a check run proves access and exports nothing'
    ])
    expect(reasons({ 'expect-mode': 'check' }, okMarker({ mode: 'check' }))).toEqual([])
    expect(reasons({ 'expect-mode': 'check' }, okMarker())).toEqual(['the mode is fetch, not check (expect-mode)'])
  })

  test('the age, only when max-age-seconds is above 0', () => {
    const old = okMarker({ createdAt: '2026-05-14T05:40:00.000Z' })
    expect(reasons({}, old)).toEqual([])
    expect(reasons({ 'max-age-seconds': '7443' }, old)).toEqual([])
    expect(reasons({ 'max-age-seconds': '600' }, old)).toEqual([
      'the marker is 2 h 4 min old (7443 s, written 2026-05-14T05:40:00.000Z), more than max-age-seconds 600: it was not written by a fetch step just before'
    ])
    expect(reasons({ 'max-age-seconds': '600' }, okMarker({ createdAt: '2026-05-14T09:00:00.000Z' }))[0]).toContain(
      'in the future'
    )
    expect(reasons({ 'max-age-seconds': '600' }, okMarker({ createdAt: '2026-05-14T07:45:00.000Z' }))).toEqual([])
  })

  test('a marker of another run or attempt; compared only when both sides are known', () => {
    const earlier = okMarker({ run: { ...okMarker().run, runId: '868' } })
    expect(reasons({}, earlier)).toEqual([
      'the marker was written by run 868 attempt 1, this is run 869 attempt 1: a marker left by an earlier run, so the fetch step of this run did not write to this marker-path'
    ])
    expect(reasons({}, earlier, { runId: '869', runAttempt: '2' })[0]).toContain(
      'by run 868 attempt 1, this is run 869 attempt 2: a marker left by an earlier run'
    )
    expect(reasons({}, okMarker(), { runId: '869', runAttempt: '2' })[0]).toContain(
      'a marker left by an earlier attempt'
    )
    expect(reasons({}, earlier, { runId: null, runAttempt: '1' })).toEqual([])
    expect(reasons({}, okMarker({ run: { ...okMarker().run, runId: null, runAttempt: null } }))).toEqual([])
  })

  test('the endpoint, identity, project, environment and label: each equal to its expect- input, exactly', () => {
    const all = {
      'expect-endpoint': 'https://infisical.example.org',
      'expect-identity-id': '2cf935a4-0000-4000-8000-000000000000',
      'expect-project-id': '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f',
      'expect-environment': 'prod',
      'expect-label': 'forgejo-bot'
    }
    const labelled = { ...okMarker(), label: 'forgejo-bot' }
    expect(reasons(all, labelled)).toEqual([])
    expect(reasons({ 'expect-endpoint': 'https://infisical-2.example.org' }, labelled)).toEqual([
      'the endpoint is "https://infisical.example.org", not "https://infisical-2.example.org" (expect-endpoint)'
    ])
    expect(reasons({ 'expect-endpoint': 'https://Infisical.example.org/' }, labelled)).toEqual([
      'the endpoint is "https://infisical.example.org", not "https://Infisical.example.org/" (expect-endpoint): compared exactly'
    ])
    expect(reasons({ 'expect-identity-id': '11111111-0000-4000-8000-000000000000' }, labelled)).toEqual([
      'the identity ID is "2cf935a4-0000-4000-8000-000000000000", not "11111111-0000-4000-8000-000000000000" (expect-identity-id)'
    ])
    expect(reasons({ 'expect-project-id': 'p2' }, labelled)).toEqual([
      'the project ID is "24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f", not "p2" (expect-project-id)'
    ])
    expect(reasons({ 'expect-environment': 'staging' }, labelled)).toEqual([
      'the environment is "prod", not "staging" (expect-environment)'
    ])
    expect(reasons({ 'expect-label': 'forgejo-bot-2' }, labelled)).toEqual([
      'the label is "forgejo-bot", not "forgejo-bot-2" (expect-label)'
    ])
    // A marker of an older writer has no label; a field the fetch step did not know is null.
    expect(reasons({ 'expect-label': 'forgejo-bot' }, okMarker())).toEqual([
      'the label is none, not "forgejo-bot" (expect-label)'
    ])
    expect(reasons({ 'expect-identity-id': 'x' }, okMarker({ identityId: null }))).toEqual([
      'the identity ID is none, not "x" (expect-identity-id)'
    ])
    // Every field that differs, each one reason, in the order of the inputs.
    const other = {
      ...okMarker({ endpoint: 'https://b', identityId: 'i2', projectId: 'p2', environment: 'dev' }),
      label: 'other'
    }
    expect(reasons(all, other)).toEqual([
      'the endpoint is "https://b", not "https://infisical.example.org" (expect-endpoint)',
      'the identity ID is "i2", not "2cf935a4-0000-4000-8000-000000000000" (expect-identity-id)',
      'the project ID is "p2", not "24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f" (expect-project-id)',
      'the environment is "dev", not "prod" (expect-environment)',
      'the label is "other", not "forgejo-bot" (expect-label)'
    ])
  })

  test('a failed fetch that reached no endpoint: the status says why, not a second reason for the endpoint', () => {
    const failed = okMarker({
      status: 'failed',
      source: null,
      endpoint: null,
      error: { class: 'network', message: 'network: refused', status: null, endpoint: null }
    })
    expect(
      reasons({ 'expect-endpoint': 'https://infisical.example.org', 'expect-environment': 'staging' }, failed)
    ).toEqual([
      'the fetch step failed (status failed), with network: refused',
      'the environment is "prod", not "staging" (expect-environment)'
    ])
  })

  test('a field of another type than text or null is a malformed marker', () => {
    expect(problemOf({ ...okMarker(), endpoint: 443, label: ['a'] })).toContain(
      'endpoint is not a text or null; label is not a text or null'
    )
  })

  test('a marker without its run block (absent, or not an object) fails, with the other reasons', () => {
    const NO_RUN = "the marker has no run block: it was not written by this action's fetch step, or by an old version"
    const { run: _run, ...noRun } = okMarker()
    for (const m of [
      noRun,
      { ...okMarker(), run: null },
      { ...okMarker(), run: '869' },
      { ...okMarker(), run: ['869', '1'] }
    ]) {
      expect(unmetExpectations(options(), checked(m), CURRENT, NOW)).toEqual([NO_RUN])
      // The current run unknown too: still no proof of which run wrote it.
      expect(unmetExpectations(options(), checked(m), { runId: null, runAttempt: null }, NOW)).toEqual([NO_RUN])
    }
    expect(
      unmetExpectations(options({ 'expect-mode': 'check' }), checked({ ...noRun, mode: 'fetch' }), CURRENT, NOW)
    ).toEqual(['the mode is fetch, not check (expect-mode)', NO_RUN])
  })

  test('every unmet expectation in one message, in a fixed order', () => {
    const m = okMarker({
      source: 'direct-env-fallback',
      mode: 'fetch',
      fallback: { kind: 'env', reason: { class: 'network', message: 'network: connection refused' } },
      secrets: [],
      createdAt: '2026-05-13T07:44:03.000Z',
      run: { ...okMarker().run, runId: '1' }
    })
    const r = reasons(
      {
        'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN',
        'max-age-seconds': '300',
        'expect-mode': 'check',
        'expect-environment': 'staging',
        'expect-label': 'bot'
      },
      m
    )
    expect(r).toHaveLength(8)
    const message = failureMessage(PATH, r)
    expect(message).toMatch(
      /^the source marker \/rt\/infisical-source-marker\.json does not show what this workflow expects: \(1\) the source is direct-env-fallback.*; \(2\) the secrets came from the env fallback because Infisical failed with network.*; \(3\) PLATFORMCTL_FORGEJO_TOKEN is not among.*; \(4\) the mode is fetch, not check.*; \(5\) the environment is "prod", not "staging" \(expect-environment\); \(6\) the label is none, not "bot" \(expect-label\); \(7\) the marker is 24 h 0 min old \(86400 s.*; \(8\) the marker was written by run 1 attempt 1, this is run 869 attempt 1.*$/
    )
    expect(message).not.toContain('\n')
    expect(message).not.toContain('connection refused')
  })
})

describe('the summary of a marker that passes', () => {
  test('source, key, secrets, mode and age; not the marker line itself', () => {
    const line = passSummary(checked(okMarker()), NOW)
    expect(line).toBe(
      'verified: infisical-token-auth (forgejo_token_source), 1 secret (PLATFORMCTL_FORGEJO_TOKEN), fetch, 3 s old'
    )
    expect(line).not.toContain('forgejo_token_source=')
    const soak = okMarker({
      source: 'direct-env-fallback',
      fallback: { kind: 'env', reason: { class: 'network', message: 'x' } },
      secrets: [],
      markerKey: 'secret_source'
    })
    expect(passSummary(checked(soak), NOW)).toBe(
      'verified: direct-env-fallback (secret_source), 0 secrets, fetch, 3 s old, env fallback after network (allowed)'
    )
  })

  test('ages', () => {
    expect([0, 119, 120, 7199, 7200, 172799, 172800 + 3600].map(formatAge)).toEqual([
      '0 s',
      '119 s',
      '2 min',
      '119 min',
      '2 h 0 min',
      '47 h 59 min',
      '2 days 1 h'
    ])
  })
})

describe('log safety: what verify shows of a marker or an input', () => {
  const CRAFT = '\n::stop-commands::x\nsecret_source=infisical-token-auth'
  const ESCAPED = '\\n::stop-commands::x\\nsecret_source=infisical-token-auth'

  test('one line, control characters escaped, never the start of a command, cut only when long', () => {
    expect(inline(CRAFT)).toBe(ESCAPED)
    expect(shown(CRAFT)).toBe(`"${ESCAPED}"`)
    expect(inline('a\r\n\tb\u0007\u2028c')).toBe('a\\r\\n\\tb\\u0007\\u2028c')
    expect(inline('::error::x')).toBe('\\u003a:error::x')
    expect(inline(':::')).toBe('\\u003a::')
    expect(inline('https://[::1]:8080')).toBe('https://[::1]:8080')
    expect(shown(' prod ')).toBe('" prod "')
    expect(inline('x'.repeat(200))).toBe('x'.repeat(200))
    expect(inline('x'.repeat(600), 500)).toBe(`${'x'.repeat(500)}…`)
    expect(inline(`${'y'.repeat(300)}${CRAFT}`)).not.toContain('secret_source')
  })

  test('a crafted marker: one reason per field, each shown escaped; the message is one line', () => {
    const m = {
      ...okMarker({
        status: 'failed',
        source: null,
        error: { class: 'network', message: CRAFT, status: null, endpoint: CRAFT }
      }),
      endpoint: CRAFT,
      identityId: CRAFT,
      projectId: CRAFT,
      environment: CRAFT,
      label: CRAFT,
      secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: CRAFT, name: CRAFT, version: 3 }],
      preexisting: [CRAFT]
    }
    const r = reasons(
      {
        'expect-endpoint': 'https://infisical.example.org',
        'expect-identity-id': 'i',
        'expect-project-id': 'p',
        'expect-environment': 'prod',
        'expect-label': 'forgejo-bot',
        'expect-secrets': 'SIGNING_KEY'
      },
      m
    )
    expect(r).toEqual([
      `the fetch step failed (status failed), with network: ${ESCAPED}`,
      "SIGNING_KEY is not among the marker's secrets (it lists PLATFORMCTL_FORGEJO_TOKEN) (expect-secrets): map it in the fetch step's secrets",
      `the endpoint is "${ESCAPED}", not "https://infisical.example.org" (expect-endpoint)`,
      `the identity ID is "${ESCAPED}", not "i" (expect-identity-id)`,
      `the project ID is "${ESCAPED}", not "p" (expect-project-id)`,
      `the environment is "${ESCAPED}", not "prod" (expect-environment)`,
      `the label is "${ESCAPED}", not "forgejo-bot" (expect-label)`
    ])
    const message = failureMessage(PATH, r)
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
  })

  test('a long field is cut; the error message at 500 characters', () => {
    const long = `${'a'.repeat(250)}${CRAFT}`
    const [endpoint] = reasons({ 'expect-endpoint': 'https://x' }, okMarker({ endpoint: long }))
    expect(endpoint).toBe(`the endpoint is "${'a'.repeat(200)}…", not "https://x" (expect-endpoint)`)
    const [failed] = reasons(
      {},
      okMarker({
        status: 'failed',
        source: null,
        error: { class: 'network', message: 'm'.repeat(700), status: null, endpoint: null }
      })
    )
    expect(failed).toBe(`the fetch step failed (status failed), with network: ${'m'.repeat(500)}…`)
  })

  test('a marker-path or an input with a line break or `::`', () => {
    const path = '/tmp/a\n::error::b/m.json'
    const shownPath = '/tmp/a\\n::error::b/m.json'
    expect(failureMessage(path, ['x'])).toBe(
      `the source marker ${shownPath} does not show what this workflow expects: (1) x`
    )
    expect(fileProblemMessage(path, { kind: 'open', code: 'ENOENT' })).toMatch(
      new RegExp(`^there is no source marker at ${shownPath.replace(/\\/g, '\\\\')}: `)
    )
    const notJson = parseMarkerText(path, 'nope')
    expect('problem' in notJson && notJson.problem).toBe(
      `the file ${shownPath} is not valid JSON, so not a source marker: ${CHECK_PATH}`
    )
    const parsed = parseMarkerText(path, '')
    expect('problem' in parsed && parsed.problem).toBe(
      `the source marker ${shownPath} is empty: ${CHECK_PATH}, and that the fetch step finished`
    )
    const { problems } = parseVerifyInputs(
      raw({ 'expect-mode': 'fetch\n::stop-commands::x', 'allow-fallback': 'x'.repeat(100) }),
      { env: {}, tmpdir: '/tmp' }
    )
    expect(problems).toEqual([
      `allow-fallback must be true or false, got "${'x'.repeat(80)}…"`,
      'expect-mode must be fetch or check, got "fetch\\n::stop-commands::x"'
    ])
  })
})
