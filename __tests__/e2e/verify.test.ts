/**
 * The verify action end to end: the committed verify/dist bundle, run by the harness after the
 * committed root bundle (or on a marker file written here), as a smoke step of the field notes
 * would: it passes on a marker that proves Infisical, and otherwise fails with one message
 * listing every reason, without a stack trace.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { loadWorkflow, type JobResult, type JobSpec, type StepSpec } from '../../testkit/runner/index.js'
import type { Marker } from '../../src/marker.js'
import {
  BOT_FOLDER,
  BOT_NAME,
  BOT_TOKEN,
  GITHUB,
  PROJECT_ID,
  ROOT,
  cleanup,
  expectNoLeak,
  fetchStep,
  job as platformJob,
  markerLines,
  markerOf,
  startPlatform,
  step,
  type Platform,
  soakUntil
} from './platform.js'

let p: Platform
beforeEach(async () => {
  p = await startPlatform()
})
/** The workspaces the harness made for this test's jobs: cleanup() leaves them, they are removed here. */
const workspaces: string[] = []

async function job(spec: JobSpec): Promise<JobResult> {
  const result = await platformJob(spec)
  if (spec.workspace === undefined) workspaces.push(result.workspace)
  return result
}

afterEach(async () => {
  try {
    await cleanup()
  } finally {
    rmSync(p.dir, { recursive: true, force: true })
    for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
  }
})

const VERIFY_REF = 'https://forgejo.example.org/platform/infisical-action/verify@v1'

function verifyStep(withInputs: Record<string, string> = {}, extra: Partial<StepSpec> = {}): StepSpec {
  return {
    name: 'Verify the source marker',
    id: 'verify',
    uses: './verify',
    usesRef: VERIFY_REF,
    with: withInputs,
    ...extra
  }
}

/** The one error annotation of a step (verify fails with exactly one). */
function failure(result: JobResult, id = 'verify'): string {
  const s = step(result, id)
  expect(s.outcome).toBe('failure')
  const errors = s.annotations.filter((a) => a.level === 'error')
  expect(errors).toHaveLength(1)
  return errors[0]?.message ?? ''
}

/** Neither rendering of the log, nor the step's raw output, holds a line of a stack trace. */
function expectNoStackTrace(result: JobResult): void {
  const lines = [...result.log.exec, ...result.log.daemon, ...result.steps.flatMap((s) => s.raw)]
  expect(lines.filter((l) => /^\s+at /.test(l) || /\bat .+\.(js|ts):\d+:\d+/.test(l))).toEqual([])
}

function summaryLine(result: JobResult): string | undefined {
  return step(result, 'verify').raw.find((l) => l.startsWith('verified: '))
}

/** A marker as the root action writes it for GITHUB's run, with changes. */
function markerFile(over: Partial<Marker> = {}): string {
  const marker: Marker = {
    schema: 1,
    status: 'ok',
    mode: 'fetch',
    source: 'infisical-token-auth',
    markerKey: 'forgejo_token_source',
    endpoint: p.server.url,
    identityId: p.identity.id,
    projectId: PROJECT_ID,
    environment: 'prod',
    secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: BOT_FOLDER, name: BOT_NAME, version: 3 }],
    tokenExpiresAt: null,
    fallback: null,
    preexisting: [],
    error: null,
    requests: 1,
    durationMs: 42,
    run: {
      repository: GITHUB.repository,
      workflow: GITHUB.workflow,
      runId: GITHUB.runId,
      runNumber: GITHUB.runNumber,
      runAttempt: GITHUB.runAttempt,
      job: 'apply',
      sha: GITHUB.sha,
      serverUrl: GITHUB.serverUrl
    },
    createdAt: new Date().toISOString(),
    ...over
  }
  return textFile(`${JSON.stringify(marker, null, 2)}\n`)
}

function textFile(text: string): string {
  const path = join(mkdtempSync(join(p.dir, 'marker-')), 'infisical-source-marker.json')
  writeFileSync(path, text, { mode: 0o600 })
  return path
}

describe('after the fetch step of platformctl-auto-apply.yml', () => {
  test('verify passes, says so in one line, and sets the output source', async () => {
    // The example workflow, with a verify step by its remote reference right after the fetch step.
    const doc = parse(readFileSync(join(ROOT, 'examples/platformctl-auto-apply.yml'), 'utf8')) as {
      jobs: { apply: { steps: Record<string, unknown>[] } }
    }
    const steps = doc.jobs.apply.steps
    const at = steps.findIndex((s) => s.id === 'infisical')
    steps.splice(at + 1, 0, {
      name: 'Verify the source marker',
      id: 'verify',
      uses: VERIFY_REF,
      with: {
        'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN',
        'max-age-seconds': '300',
        'marker-path': '${{ steps.infisical.outputs.marker-path }}'
      }
    })
    const file = join(mkdtempSync(join(p.dir, 'workflow-')), 'platformctl-auto-apply.yml')
    writeFileSync(file, stringify(doc))
    const spec = loadWorkflow(file, {
      actionRoot: ROOT,
      matrix: { module: 'dashboard' },
      vars: { INFISICAL_URL: p.server.url, INFISICAL_PROJECT_ID: PROJECT_ID, INFISICAL_TOKEN_FILE: p.tokenFile },
      github: GITHUB
    })
    const result = await job(spec)
    expect(result.steps.filter((s) => s.kind !== 'post').map((s) => `${s.name}: ${s.outcome}`)).toEqual([
      'https://code.forgejo.org/actions/checkout@v4: success',
      'Forgejo bot token from Infisical: success',
      'Verify the source marker: success',
      'Plan dashboard: success',
      'Apply dashboard: success',
      'Smoke check, the token came from Infisical: success'
    ])
    expect(result.success).toBe(true)
    const verify = step(result, 'verify')
    expect(verify.outputs).toEqual({ source: 'infisical-token-auth' })
    expect(verify.annotations).toEqual([])
    expect(summaryLine(result)).toMatch(
      /^verified: infisical-token-auth \(forgejo_token_source\), 1 secret \(PLATFORMCTL_FORGEJO_TOKEN\), fetch, \d+ s old$/
    )
    // verify does not repeat the marker line: an audit counting them counts this run once.
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], 'forgejo_token_source=infisical-token-auth')).toHaveLength(1)
      expect(result.log[rule].filter((l) => l.includes('forgejo_token_source='))).toHaveLength(1)
    }
    expect(p.server.count()).toBe(1)
    expectNoLeak(result, [BOT_TOKEN, p.token])
  })

  test('default inputs (the marker under RUNNER_TEMP) pass; an expected secret the fetch step does not map fails', async () => {
    const result = await job({
      steps: [
        fetchStep(p),
        verifyStep({}, { id: 'defaults', name: 'defaults' }),
        verifyStep({ 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN, PLATFORMCTL_SIGNING_KEY' })
      ]
    })
    expect(step(result, 'defaults').outcome).toBe('success')
    expect(step(result, 'defaults').outputs.source).toBe('infisical-token-auth')
    const message = failure(result)
    const path = join(result.runnerTemp, 'infisical-source-marker.json')
    expect(message).toBe(
      `the source marker ${path} does not show what this workflow expects: (1) PLATFORMCTL_SIGNING_KEY is not among the marker's secrets (it lists PLATFORMCTL_FORGEJO_TOKEN) (expect-secrets): map it in the fetch step's secrets`
    )
    expect(step(result, 'verify').outputs.source).toBe('infisical-token-auth')
    expect(result.success).toBe(false)
  })

  test('mode check, verified with expect-mode check; the default expect-mode fetch refuses it', async () => {
    const result = await job({
      steps: [
        fetchStep(p, { mode: 'check' }),
        verifyStep({ 'expect-mode': 'check', 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN' }),
        verifyStep({}, { id: 'strict', name: 'strict', if: 'always()' })
      ]
    })
    expect(step(result, 'verify').outcome).toBe('success')
    expect(summaryLine(result)).toMatch(
      /^verified: infisical-token-auth \(forgejo_token_source\), 1 secret \(PLATFORMCTL_FORGEJO_TOKEN\), check, \d+ s old$/
    )
    expect(failure(result, 'strict')).toContain(
      '(1) the mode is check, not fetch (expect-mode): a check run proves access and exports nothing'
    )
  })

  test('a fetch that failed (revoked token): verify, run with if: always(), says why', async () => {
    p.server.revokeToken(p.token)
    const result = await job({ steps: [fetchStep(p), verifyStep({}, { if: 'always()' })] })
    expect(step(result, 'infisical').outcome).toBe('failure')
    const message = failure(result)
    expect(message).toMatch(
      /does not show what this workflow expects: \(1\) the fetch step failed \(status failed\), with auth-invalid: .*revoked/
    )
    expect(message).toContain(markerOf(result).error.message)
    expect(message).not.toContain('(2)')
    expect(step(result, 'verify').outputs.source).toBe('')
    expectNoLeak(result, [BOT_TOKEN, p.token], [message])
  })

  test('the soak fallback: refused by default, naming the kind and the Infisical failure; accepted when allowed', async () => {
    const PLAIN = 'pT7vq2Xk9LmW4rZs8YbN3hQe6JdC1uF5' // the plain-text copy; random, so that no 8 characters of it are also the action's words or a path
    p.server.inject({
      kind: 'status',
      status: 403,
      body: {
        reqId: 'r',
        statusCode: 403,
        error: 'PermissionDenied',
        message: 'You are not allowed to read on secrets',
        details: []
      }
    })
    const result = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: PLAIN },
      steps: [
        fetchStep(p, { fallback: 'env', 'fallback-until': soakUntil() }),
        verifyStep({ 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN' }),
        verifyStep(
          { 'allow-fallback': 'true', 'expect-source': 'infisical-token-auth, direct-env-fallback' },
          { id: 'soak', name: 'soak', if: 'always()' }
        )
      ]
    })
    expect(step(result, 'infisical').outputs.source).toBe('direct-env-fallback')
    const message = failure(result)
    expect(message).toMatch(
      /does not show what this workflow expects: \(1\) the source is direct-env-fallback, not infisical-token-auth \(expect-source\): the secrets did not come from Infisical; \(2\) the secrets came from the env fallback because Infisical failed with permission-denied, and allow-fallback is false: .+$/
    )
    expect(message).not.toContain('(3)')
    expect(message).not.toContain('You are not allowed')
    expect(step(result, 'verify').outputs.source).toBe('direct-env-fallback')
    const soak = step(result, 'soak')
    expect(soak.outcome).toBe('success')
    expect(soak.raw.find((l) => l.startsWith('verified: '))).toMatch(
      /^verified: direct-env-fallback \(forgejo_token_source\), 1 secret \(PLATFORMCTL_FORGEJO_TOKEN\), fetch, \d+ s old, env fallback after permission-denied \(allowed\)$/
    )
    expectNoLeak(result, [PLAIN, p.token], [message])
  })

  test('the endpoint, identity, project and environment the fetch step used; every one that differs is a reason', async () => {
    const result = await job({
      steps: [
        fetchStep(p),
        verifyStep(
          {
            'expect-endpoint': p.server.url,
            'expect-identity-id': p.identity.id,
            'expect-project-id': PROJECT_ID,
            'expect-environment': 'prod'
          },
          { id: 'same', name: 'same' }
        ),
        verifyStep(
          {
            'expect-endpoint': `${p.server.url}/`,
            'expect-identity-id': 'another-identity',
            'expect-project-id': 'another-project',
            'expect-environment': 'staging',
            'expect-label': 'forgejo-bot'
          },
          { if: 'always()' }
        )
      ]
    })
    expect(step(result, 'same').outcome).toBe('success')
    const path = join(result.runnerTemp, 'infisical-source-marker.json')
    expect(failure(result)).toBe(
      `the source marker ${path} does not show what this workflow expects: ` +
        `(1) the endpoint is "${p.server.url}", not "${p.server.url}/" (expect-endpoint): compared exactly; ` +
        `(2) the identity ID is "${p.identity.id}", not "another-identity" (expect-identity-id); ` +
        `(3) the project ID is "${PROJECT_ID}", not "another-project" (expect-project-id); ` +
        '(4) the environment is "prod", not "staging" (expect-environment); ' +
        // The fetch step was given no label: its marker records none.
        '(5) the label is none, not "forgejo-bot" (expect-label)'
    )
  })

  test('expect-label: the label the marker records', async () => {
    const path = textFile(
      readFileSync(markerFile(), 'utf8').replace('"schema": 1,', '"schema": 1,\n  "label": "forgejo-bot",')
    )
    const same = await job({ steps: [verifyStep({ 'marker-path': path, 'expect-label': 'forgejo-bot' })] })
    expect(same.success).toBe(true)
    const other = await job({ steps: [verifyStep({ 'marker-path': path, 'expect-label': 'forgejo-bot-staging' })] })
    expect(failure(other)).toBe(
      `the source marker ${path} does not show what this workflow expects: (1) the label is "forgejo-bot", not "forgejo-bot-staging" (expect-label)`
    )
  })

  test('a marker left by another run (the same marker-path, reused by a later run) fails', async () => {
    const shared = join(mkdtempSync(join(p.dir, 'shared-')), 'marker.json')
    const first = await job({
      github: { ...GITHUB, runId: '1' },
      steps: [fetchStep(p, { 'marker-path': shared }), verifyStep({ 'marker-path': shared })]
    })
    expect(first.success).toBe(true)
    const second = await job({ github: { ...GITHUB, runId: '2' }, steps: [verifyStep({ 'marker-path': shared })] })
    expect(failure(second)).toBe(
      `the source marker ${shared} does not show what this workflow expects: (1) the marker was written by run 1 attempt 1, this is run 2 attempt 1: a marker left by an earlier run, so the fetch step of this run did not write to this marker-path`
    )
    expect(step(second, 'verify').outputs.source).toBe('infisical-token-auth')
    const retry = await job({
      github: { ...GITHUB, runId: '1', runAttempt: '2' },
      steps: [verifyStep({ 'marker-path': shared })]
    })
    expect(failure(retry)).toContain('a marker left by an earlier attempt')
  })
})

describe('markers that do not show what the workflow expects', () => {
  test('older than max-age-seconds: says how old', async () => {
    const path = markerFile({ createdAt: new Date(Date.now() - 3 * 3600 * 1000 - 5000).toISOString() })
    const result = await job({ steps: [verifyStep({ 'marker-path': path, 'max-age-seconds': '900' })] })
    expect(failure(result)).toMatch(
      /\(1\) the marker is 3 h 0 min old \(108\d\d s, written \S+Z\), more than max-age-seconds 900: it was not written by a fetch step just before$/
    )
    const fresh = await job({ steps: [verifyStep({ 'marker-path': path, 'max-age-seconds': '86400' })] })
    expect(fresh.success).toBe(true)
    expect(summaryLine(fresh)).toMatch(/, 3 h 0 min old$/)
  })

  test('a marker without its run block: not written by this fetch step', async () => {
    const path = markerFile({ run: undefined })
    expect(readFileSync(path, 'utf8')).not.toContain('"run"')
    const result = await job({ steps: [verifyStep({ 'marker-path': path })] })
    expect(failure(result)).toBe(
      `the source marker ${path} does not show what this workflow expects: (1) the marker has no run block: it was not written by this action's fetch step, or by an old version`
    )
    expect(step(result, 'verify').outputs.source).toBe('infisical-token-auth')
  })

  test('every reason at once, in one message', async () => {
    const path = markerFile({
      source: 'direct-env-fallback',
      fallback: {
        kind: 'env-file',
        reason: { class: 'proxy-blocked', message: 'proxy-blocked: an HTML 403 from the WAF' }
      },
      secrets: [{ env: 'OTHER_TOKEN', path: BOT_FOLDER, name: 'other', version: null }],
      mode: 'fetch',
      createdAt: new Date(Date.now() - 2 * 86400 * 1000).toISOString(),
      run: { ...markerOfRun(), runId: '868' }
    })
    const result = await job({
      steps: [
        verifyStep({
          'marker-path': path,
          'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN',
          'max-age-seconds': '600',
          'expect-mode': 'check'
        })
      ]
    })
    const message = failure(result)
    expect(message.startsWith(`the source marker ${path} does not show what this workflow expects: (1) `)).toBe(true)
    const reasons = message.split(/; \(\d\) /)
    expect(reasons).toHaveLength(6)
    expect(message).toContain('(1) the source is direct-env-fallback, not infisical-token-auth (expect-source)')
    expect(message).toContain(
      '(2) the secrets came from the env-file fallback because Infisical failed with proxy-blocked, and allow-fallback is false'
    )
    expect(message).toContain("(3) PLATFORMCTL_FORGEJO_TOKEN is not among the marker's secrets (it lists OTHER_TOKEN)")
    expect(message).toContain('(4) the mode is fetch, not check (expect-mode)')
    expect(message).toContain('(5) the marker is 2 days 0 h old (172800 s')
    expect(message).toContain('(6) the marker was written by run 868 attempt 1, this is run 869 attempt 1')
    expect(message).not.toContain('WAF')
    expect(step(result, 'verify').outputs.source).toBe('direct-env-fallback')
    expectNoStackTrace(result)
  })
})

function markerOfRun(): Marker['run'] {
  return {
    repository: GITHUB.repository,
    workflow: GITHUB.workflow,
    runId: GITHUB.runId,
    runNumber: GITHUB.runNumber,
    runAttempt: GITHUB.runAttempt,
    job: 'apply',
    sha: GITHUB.sha,
    serverUrl: GITHUB.serverUrl
  }
}

describe('files that are not a marker: a clear message, never a stack trace', () => {
  test('no marker at all (the fetch step did not run in this job)', async () => {
    const result = await job({ steps: [verifyStep()] })
    const path = join(result.runnerTemp, 'infisical-source-marker.json')
    expect(failure(result)).toBe(
      `there is no source marker at ${path}: check that the fetch step (the root action) ran before this step and wrote to the same marker-path; the default $RUNNER_TEMP/infisical-source-marker.json lasts only for the job, so a later job needs the marker passed on another way`
    )
    expect(step(result, 'verify').outputs.source).toBe('')
    expectNoStackTrace(result)
  })

  test.each<[string, () => string, RegExp]>([
    [
      'malformed JSON',
      () => textFile('{"schema": 1, "status": "ok", "source": "infisical-tok'),
      /^the file \S+ is not valid JSON, so not a source marker: check that marker-path names the file the fetch step wrote/
    ],
    ['an empty file', () => textFile(''), /^the source marker \S+ is empty/],
    [
      'JSON that is not a marker',
      () => textFile('{"hello": "world"}\n'),
      /^the file \S+ is not a source marker \(no "schema": 1\)/
    ],
    [
      'a marker with broken fields',
      () =>
        textFile(
          JSON.stringify({
            schema: 1,
            status: 'ok',
            mode: 'fetch',
            source: 'infisical-token-auth',
            secrets: [],
            fallback: null,
            error: null,
            run: {},
            createdAt: 'soon'
          })
        ),
      /^the file \S+ is not a valid schema-1 source marker \(createdAt is not an ISO 8601 date-time\)/
    ],
    [
      'a folder',
      () => mkdtempSync(join(p.dir, 'folder-')),
      /^the source marker path \S+ is a folder, not a regular file: check that marker-path names/
    ]
  ])('%s', async (_name, make, expected) => {
    const path = make()
    const result = await job({ steps: [verifyStep({ 'marker-path': path })] })
    const message = failure(result)
    expect(message).toMatch(expected)
    expect(message).toContain(path)
    expect(message).not.toContain('infisical-tok')
    expectNoStackTrace(result)
  })

  test('bad inputs: all of them in one message, before the marker is judged', async () => {
    const result = await job({
      steps: [
        verifyStep({
          'marker-path': markerFile(),
          'expect-mode': 'apply',
          'max-age-seconds': 'ten',
          'allow-fallback': 'yes'
        })
      ]
    })
    expect(failure(result)).toBe(
      'the inputs of the verify step are not valid: (1) allow-fallback must be true or false, got "yes"; (2) max-age-seconds must be a whole number of seconds from 0 (any age) to 31622400, got "ten"; (3) expect-mode must be fetch or check, got "apply" - fix them under with: of the verify step'
    )
    expect(step(result, 'verify').outputs.source).toBe('infisical-token-auth')
    expectNoStackTrace(result)
  })
})

describe('special files: refused at once, never a hang', () => {
  // A bound for the step, so that a verify that waits on the file fails the test instead of hanging it.
  const BOUND = { timeoutMs: 20000 }

  test.each<[string, () => string, string]>([
    [
      'a FIFO (nothing ever writes to it)',
      () => {
        const path = join(mkdtempSync(join(p.dir, 'fifo-')), 'infisical-source-marker.json')
        execFileSync('mkfifo', [path])
        return path
      },
      'is a FIFO (named pipe), not a regular file'
    ],
    ['/dev/zero (endless)', () => '/dev/zero', 'is a device, not a regular file']
  ])('%s', async (_name, make, what) => {
    const path = make()
    const result = await job({ steps: [verifyStep({ 'marker-path': path }, BOUND)] })
    const verify = step(result, 'verify')
    // It ended on its own, with exit code 1: not cancelled at the bound.
    expect([verify.exitCode, verify.error]).toEqual([1, 'RUN exit status 1'])
    expect(failure(result)).toBe(
      `the source marker path ${path} ${what}: check that marker-path names the file the fetch step wrote (its marker-path output)`
    )
    expect(verify.outputs.source).toBe('')
    expectNoStackTrace(result)
  })
})

describe('log safety: every field verify prints is untrusted text', () => {
  // A marker that tries to stop the runner's command handling (and so its masking) and to print a marker line.
  const CRAFT = '\n::stop-commands::x\nsecret_source=infisical-token-auth'
  const EXPECT = {
    'expect-endpoint': 'https://infisical.example.org',
    'expect-identity-id': '2cf935a4-0000-4000-8000-000000000000',
    'expect-project-id': PROJECT_ID,
    'expect-environment': 'prod',
    'expect-label': 'forgejo-bot'
  }
  const AFTER = 'commands are still handled after verify'

  function craftedMarker(over: Record<string, unknown>): string {
    const base = JSON.parse(readFileSync(markerFile(), 'utf8')) as Record<string, unknown>
    const crafted = {
      ...base,
      endpoint: CRAFT,
      identityId: CRAFT,
      projectId: CRAFT,
      environment: CRAFT,
      label: CRAFT,
      secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: CRAFT, name: CRAFT, version: 3 }],
      preexisting: [CRAFT],
      ...over
    }
    return textFile(JSON.stringify(crafted, null, 2))
  }

  /** A rendered line without the exec rendering's `[workflow/job]   | ` or `[workflow/job] ` prefix. */
  function content(line: string): string {
    return line.replace(/^\[[^\]]*\](\s+\| | )/, '')
  }

  test('a crafted marker cannot start a command nor print a marker line, under both rules', async () => {
    const failed = craftedMarker({
      status: 'failed',
      source: null,
      error: { class: 'network', message: CRAFT, status: null, endpoint: CRAFT }
    })
    const fallback = craftedMarker({
      source: 'direct-env-fallback',
      fallback: { kind: 'env', reason: { class: 'network', message: CRAFT } }
    })
    const result = await job({
      steps: [
        verifyStep({ 'marker-path': failed, ...EXPECT }),
        verifyStep({ 'marker-path': fallback, ...EXPECT }, { id: 'fields', name: 'fields', if: 'always()' }),
        verifyStep(
          { 'marker-path': fallback, 'allow-fallback': 'true', 'expect-source': 'direct-env-fallback' },
          { id: 'pass', name: 'pass', if: 'always()' }
        ),
        { name: 'after', id: 'after', if: 'always()', run: `echo "::warning::${AFTER}"` }
      ]
    })
    // the message as the annotation holds it: one line, and each `::` written `: :` (workflow-commands.ts)
    const escaped = '"\\n: :stop-commands: :x\\nsecret_source=infisical-token-auth"'
    expect(failure(result)).toBe(
      `the source marker ${failed} does not show what this workflow expects: (1) the fetch step failed (status failed), with network: ${escaped.slice(1, -1)}; ` +
        `(2) the endpoint is ${escaped}, not "https://infisical.example.org" (expect-endpoint); ` +
        `(3) the identity ID is ${escaped}, not "2cf935a4-0000-4000-8000-000000000000" (expect-identity-id); ` +
        `(4) the project ID is ${escaped}, not "${PROJECT_ID}" (expect-project-id); ` +
        `(5) the environment is ${escaped}, not "prod" (expect-environment); ` +
        `(6) the label is ${escaped}, not "forgejo-bot" (expect-label)`
    )
    const fields = failure(result, 'fields')
    expect(fields).toContain(`(3) the endpoint is ${escaped}, not "https://infisical.example.org" (expect-endpoint)`)
    expect(fields).toContain(`(7) the label is ${escaped}, not "forgejo-bot" (expect-label)`)
    expect(step(result, 'pass').outcome).toBe('success')
    expect(step(result, 'pass').raw.find((l) => l.startsWith('verified: '))).toMatch(
      /^verified: direct-env-fallback \(forgejo_token_source\), 1 secret \(PLATFORMCTL_FORGEJO_TOKEN\), fetch, \d+ s old, env fallback after network \(allowed\)$/
    )
    // Commands were never stopped: the next step's warning is still an annotation.
    expect(step(result, 'after').annotations).toEqual([{ level: 'warning', message: AFTER, properties: {} }])

    for (const rule of ['exec', 'daemon'] as const) {
      const lines = result.log[rule].map(content)
      const commands = lines.filter((l) => l.trimStart().startsWith('::'))
      expect(commands.length).toBeGreaterThanOrEqual(3)
      for (const l of commands) {
        const own = l.startsWith('::error::the source marker ') || l === `::warning::${AFTER}`
        expect(own ? "verify's own ::error:: or the next step's ::warning::" : l).toBe(
          "verify's own ::error:: or the next step's ::warning::"
        )
      }
      expect(markerLines(result.log[rule], 'secret_source=infisical-token-auth')).toEqual([])
      expect(lines.filter((l) => l.trim() === 'secret_source=infisical-token-auth')).toEqual([])
      expect(lines.filter((l) => l.includes('stop-commands') && !l.includes(': :stop-commands'))).toEqual([])
    }
    expectNoStackTrace(result)
  })
})
