/**
 * The runner harness's own tests (testkit/runner): it runs tiny fixture actions the way the Forgejo
 * runner does and renders the job log under both masking rules, so that later tests of the real
 * bundle show what an operator sees.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  type JobResult,
  type StepResult,
  cleanupJob,
  evaluateCondition,
  interpolate,
  leaks,
  loadWorkflow,
  mapUses,
  parseActCommand,
  parseEnvFile,
  parseDaemonCommand,
  renderLog,
  renderLogDetailed,
  runJob
} from '../testkit/runner/index.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'runner')

const results: JobResult[] = []
async function run(spec: Parameters<typeof runJob>[0]): Promise<JobResult> {
  const r = await runJob({ actionRoot: FIXTURES, ...spec })
  results.push(r)
  return r
}
afterAll(() => {
  for (const r of results) cleanupJob(r, { workspace: true })
})

function step(r: JobResult, name: string): StepResult {
  const s = r.steps.find((x) => x.name === name || x.id === name)
  if (!s) throw new Error(`no step ${name} in ${r.steps.map((x) => x.name).join(', ')}`)
  return s
}

/** A job result with only the given logs, outputs and annotations (one step 's'), for leaks(). */
function fakeResult(parts: {
  exec?: string[]
  daemon?: string[]
  outputs?: Record<string, string>
  annotations?: StepResult['annotations']
}): JobResult {
  const s: StepResult = {
    name: 's',
    kind: 'run',
    outcome: 'success',
    exitCode: 0,
    durationMs: 0,
    raw: [],
    outputs: parts.outputs ?? {},
    envSet: {},
    state: {},
    annotations: parts.annotations ?? [],
    stepEnv: {}
  }
  return {
    steps: [s],
    env: {},
    log: { exec: parts.exec ?? [], daemon: parts.daemon ?? [] },
    masks: { exec: [], daemon: [] },
    workspace: '',
    ownWorkspace: false,
    runnerTemp: '',
    success: true,
    token: '',
    actPath: ''
  }
}

describe('inputs and environment', () => {
  test('with: and action.yml defaults arrive as INPUT_<NAME>, named as the runner names them', async () => {
    const r = await run({
      github: { repository: 'platform/demo' },
      steps: [
        {
          id: 'in',
          uses: './inputs',
          with: { 'token-file': '/tmp/token', 'Mixed Case.name': 'm', overridden: 'given' }
        }
      ]
    })
    const s = step(r, 'in')
    expect(s.outcome).toBe('success')
    expect(s.stepEnv['INPUT_TOKEN-FILE']).toBe('/tmp/token') // hyphen kept
    expect(s.stepEnv['INPUT_MIXED_CASE_NAME']).toBe('m') // space and dot → _
    expect(s.stepEnv['INPUT_OVERRIDDEN']).toBe('given') // with: wins over the default
    expect(s.stepEnv['INPUT_WITH-DEFAULT']).toBe('dflt')
    expect(s.stepEnv['INPUT_NO-DEFAULT']).toBe('') // act sets every declared input, '' without a default
    expect(s.stepEnv['INPUT_EXPR-DEFAULT']).toBe('platform/demo') // defaults are interpolated
    expect(s.raw).toContain('token-file=/tmp/token')
    expect(s.raw).toContain('with-default=dflt')
  })

  test('every step gets the GITHUB_*/FORGEJO_* variables and fresh file-command files', async () => {
    const r = await run({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: 'plain-text-runner-token', JOB_WINS: 'host' },
      env: { JOB_WINS: 'job' },
      github: { runId: '42', runAttempt: '2' },
      steps: [
        { id: 'a', run: 'echo "$GITHUB_RUN_ID/$FORGEJO_RUN_ATTEMPT"' },
        { id: 'b', uses: './inputs', with: { 'token-file': 'x' } }
      ]
    })
    const a = step(r, 'a')
    const b = step(r, 'b')
    expect(a.raw).toEqual(['42/2'])
    for (const env of [a.stepEnv, b.stepEnv]) {
      expect(env['CI']).toBe('true')
      expect(env['GITHUB_ACTIONS']).toBe('true')
      expect(env['RUNNER_OS']).toBe('Linux')
      expect(env['RUNNER_ARCH']).toBe('X64')
      expect(env['RUNNER_TEMP']).toBe(r.runnerTemp)
      expect(env['GITHUB_WORKSPACE']).toBe(r.workspace)
      expect(env['FORGEJO_WORKSPACE']).toBe(r.workspace)
      expect(env['GITHUB_TOKEN']).toBe(r.token)
      expect(env['FORGEJO_TOKEN']).toBe(r.token)
      expect(env['GITHUB_API_URL']).toBe('https://forgejo.example.org/api/v1')
      expect(env['PLATFORMCTL_FORGEJO_TOKEN']).toBe('plain-text-runner-token')
      expect(env['JOB_WINS']).toBe('job')
      expect(env['PATH']).toBeTruthy()
      for (const k of ['ENV', 'OUTPUT', 'STATE', 'PATH', 'STEP_SUMMARY']) {
        expect(env[`GITHUB_${k}`]).toBe(env[`FORGEJO_${k}`])
      }
      expect(env['GITHUB_ENV']).toBe(join(r.actPath, 'workflow', 'envs.txt'))
      expect(env['GITHUB_OUTPUT']).toBe(join(r.actPath, 'workflow', 'outputcmd.txt'))
    }
    expect(a.stepEnv['GITHUB_ACTION_PATH']).toBe('')
    expect(b.stepEnv['GITHUB_ACTION_PATH']).toBe(join(FIXTURES, 'inputs'))
  })
})

describe('file commands', () => {
  test('GITHUB_ENV in both forms reaches the next steps; outputs and state; post gets STATE_*', async () => {
    const r = await run({
      steps: [
        { id: 'st', uses: './stateful' },
        {
          id: 'show',
          run: 'echo "PLAIN=$PLAIN"\necho "MULTI=$MULTI"\necho "greeting=${{ steps.st.outputs.greeting }}"'
        }
      ]
    })
    const st = step(r, 'st')
    expect(st.envSet).toEqual({ MULTI: 'line one\nline two', PLAIN: 'plain=value' })
    expect(st.outputs).toEqual({ greeting: 'hi there' })
    expect(st.state).toEqual({ 'token-id': 'abc-123', legacy: 'old-style' })
    expect(r.env).toMatchObject({ MULTI: 'line one\nline two', PLAIN: 'plain=value' })
    const show = step(r, 'show')
    expect(show.stepEnv['MULTI']).toBe('line one\nline two')
    expect(show.raw).toEqual(['PLAIN=plain=value', 'MULTI=line one', 'line two', 'greeting=hi there'])
    // the post step runs last, with the state its main step saved
    const post = r.steps[r.steps.length - 1] as StepResult
    expect(post.kind).toBe('post')
    expect(post.name).toBe('Post ./stateful')
    expect(post.stepEnv['STATE_token-id']).toBe('abc-123')
    expect(post.raw).toEqual(['post sees token-id=abc-123 legacy=old-style'])
    // act/runner/command.go setEnv/setOutput: the runner prints each entry, value in clear (exec
    // log; internal/pkg/report/reporter.go: the daemon hides it during the steps)
    expect(r.log.exec).toContain('[workflow/apply]   \u2699  ::set-env:: PLAIN=plain=value')
    expect(r.log.exec).toEqual(
      expect.arrayContaining(['[workflow/apply]   \u2699  ::set-env:: MULTI=line one', 'line two'])
    )
    expect(r.log.exec).toContain('[workflow/apply]   \u2699  ::set-output:: greeting=hi there')
    expect(r.log.daemon.some((l) => l.includes('::set-env::') || l.includes('::set-output::'))).toBe(false)
  })

  test("the legacy ::set-env, ::set-output, ::add-path and ::save-state commands are honoured, with the runner's own lines", async () => {
    // act/runner/command.go: every runner up to v12.8 honours them, without a deprecation warning;
    // setEnv/setOutput log "  ⚙  ::set-env:: NAME=VALUE" / "  ⚙  ::set-output:: NAME=VALUE" in clear
    const r = await run({
      steps: [
        {
          id: 'legacy',
          name: 'legacy',
          run: [
            'echo "::set-env name=OLD_STYLE::from%25set-env"',
            'echo "::set-output name=said::hello%0Aworld"',
            'echo "::add-path::/opt/legacy-bin"',
            'echo "::save-state name=kept::s"'
          ].join('\n')
        },
        {
          id: 'after',
          name: 'after',
          run: 'echo "OLD_STYLE=$OLD_STYLE said=${{ steps.legacy.outputs.said }}"\necho "PATH=$PATH"'
        }
      ]
    })
    const legacy = step(r, 'legacy')
    expect(legacy.envSet).toEqual({ OLD_STYLE: 'from%set-env' }) // data unescaped (unescapeCommandData)
    expect(legacy.outputs).toEqual({ said: 'hello\nworld' })
    expect(legacy.state).toEqual({ kept: 's' })
    const after = step(r, 'after')
    expect(after.raw[0]).toBe('OLD_STYLE=from%set-env said=hello')
    expect(after.stepEnv['PATH']?.startsWith('/opt/legacy-bin:')).toBe(true)
    const exec = r.log.exec
    expect(exec).toContain('[workflow/apply]   \u2699  ::set-env:: OLD_STYLE=from%set-env')
    expect(exec).toEqual(expect.arrayContaining(['[workflow/apply]   \u2699  ::set-output:: said=hello', 'world']))
    // the raw command lines are logged too ("let gitea's logger handle these special outputs also")
    expect(exec).toContain('[workflow/apply]   | ::set-env name=OLD_STYLE::from%25set-env')
    expect(exec.some((l) => /unsupported|deprecated/i.test(l))).toBe(false)
    // internal/pkg/report/reporter.go: the daemon shows the raw lines as they are; the runner's own
    // lines only before the first output of the first step (the set-env line, logged before its
    // raw line) and not after it (the set-output line)
    expect(r.log.daemon).toContain('::set-env name=OLD_STYLE::from%25set-env')
    expect(r.log.daemon).toContain('  \u2699  ::set-env:: OLD_STYLE=from%set-env')
    expect(r.log.daemon.some((l) => l.includes('::set-output:: said'))).toBe(false)
  })

  test('a GITHUB_ENV line over 64 KiB silently ends the parse; in a heredoc it fails the step', async () => {
    const r = await run({
      steps: [
        {
          id: 'long',
          run: [
            'echo "FIRST=1" >> "$GITHUB_ENV"',
            'printf \'BIG=%070000d\\n\' 0 >> "$GITHUB_ENV"',
            'echo "AFTER=2" >> "$GITHUB_ENV"'
          ].join('\n')
        },
        { id: 'next', run: 'echo "FIRST=${FIRST:-unset} BIG=${BIG:-unset} AFTER=${AFTER:-unset}"' },
        { id: 'heredoc', run: 'printf \'OK=1\\nH<<EOF\\n%070000d\\nEOF\\n\' 0 >> "$GITHUB_ENV"' },
        { id: 'after-failure', if: 'always()', run: 'echo "OK=${OK:-unset}"' },
        { id: 'unclosed', if: 'always()', run: 'printf \'U<<EOF\\nno end\\n\' >> "$GITHUB_ENV"' }
      ]
    })
    expect(step(r, 'long').outcome).toBe('success')
    expect(step(r, 'long').envSet).toEqual({ FIRST: '1' })
    expect(step(r, 'next').raw).toEqual(['FIRST=1 BIG=unset AFTER=unset'])
    const heredoc = step(r, 'heredoc')
    expect(heredoc.outcome).toBe('failure')
    expect(heredoc.error).toContain("invalid format delimiter 'EOF' not found before end of file")
    // nothing of a file with an error is applied
    expect(step(r, 'after-failure').raw).toEqual(['OK=unset'])
    expect(step(r, 'unclosed').outcome).toBe('failure')
    expect(r.success).toBe(false)
  })

  test('a step that runs nothing (actions/checkout) processes no file commands of the step before', async () => {
    const r = await run({
      steps: [
        { id: 'writes', run: 'echo "FROM_ENV=1" >> "$GITHUB_ENV"\necho "said=hi" >> "$GITHUB_OUTPUT"' },
        { id: 'checkout', noop: 'actions/checkout@v4' }
      ]
    })
    expect(step(r, 'writes').envSet).toEqual({ FROM_ENV: '1' })
    expect(step(r, 'writes').outputs).toEqual({ said: 'hi' })
    const checkout = step(r, 'checkout')
    expect(checkout.outcome).toBe('success')
    expect(checkout.envSet).toEqual({})
    expect(checkout.outputs).toEqual({})
    expect(r.log.exec.filter((l) => l.includes('::set-env:: FROM_ENV=1'))).toHaveLength(1)
    expect(r.log.exec.filter((l) => l.includes('::set-output:: said=hi'))).toHaveLength(1)
  })

  test('parseEnvFile: the exact 64 KiB limit, heredoc quirks, invalid lines', () => {
    const max = 65536
    // a line fits when its bytes plus its \n are at most 64 KiB
    expect(parseEnvFile(`A=${'x'.repeat(max - 3)}\nB=2\n`).values['B']).toBe('2')
    const over = parseEnvFile(`A=1\nC=${'x'.repeat(max - 2)}\nB=2\n`)
    expect(over.values).toEqual({ A: '1' })
    expect(over.stoppedAt).toEqual({ line: 2, bytes: max })
    expect(over.error).toBeUndefined()
    // CRLF, '=' before '<<', leading empty lines of a heredoc value are dropped
    expect(parseEnvFile('X=a<<b\r\nY<<E\r\n\r\nv1\r\n\r\nv2\r\nE\r\n').values).toEqual({ X: 'a<<b', Y: 'v1\n\nv2' })
    expect(parseEnvFile('A=1\n\nB=2\n').error).toBe("invalid format '', expected a line with '=' or '<<'")
  })

  test('a last output line without a newline never reaches the log', async () => {
    const r = await run({ steps: [{ id: 'p', name: 'partial line', run: "echo shown; printf 'never shown'" }] })
    const p = step(r, 'p')
    expect(p.raw).toEqual(['shown', 'never shown'])
    expect(p.droppedPartialLine).toBe('never shown')
    expect(r.log.exec.some((l) => l.includes('never shown'))).toBe(false)
    expect(r.log.daemon.some((l) => l.includes('never shown'))).toBe(false)
  })
})

describe('masking', () => {
  const percent = 'pa%ss-w0rd!'
  const multi = 'first-line\nsecond-line'

  test('setSecret of a value with % is masked by exec, not by the daemon', async () => {
    const r = await run({ steps: [{ id: 's', uses: './secret', with: { value: percent } }] })
    expect(r.masks.exec).toContain(percent) // decoded from pa%25ss-w0rd!
    expect(r.masks.daemon).toContain('pa%25ss-w0rd!') // taken raw
    const found = leaks(r, [percent])
    // exec: only the add-mask line itself, which shows the value escaped (pa%25ss-w0rd!)
    expect(found.filter((f) => f.startsWith('exec'))).toEqual([
      expect.stringMatching(/^exec log line \d+: value #1 escaped as by @actions\/core/)
    ])
    expect(r.log.exec).toContain('[workflow/apply]   | ::add-mask::pa%25ss-w0rd!')
    expect(found.filter((f) => f.startsWith('daemon') && !f.includes('escaped')).length).toBeGreaterThan(0)
    expect(r.log.exec).toContain('[workflow/apply]   | whole: ***')
    expect(r.log.daemon).toContain(`whole: ${percent}`)
  })

  test('setSecret of a multi-line value: the daemon masks nothing, exec misses every line', async () => {
    const r = await run({ steps: [{ id: 's', uses: './secret', with: { value: multi } }] })
    const found = leaks(r, [multi])
    expect(found.some((f) => f.startsWith('daemon log line'))).toBe(true)
    expect(found.some((f) => f.startsWith('exec log line'))).toBe(true)
    // exec even shows the escaped value on the add-mask line: a mask with \n matches no single line
    expect(r.log.exec).toContain('[workflow/apply]   | ::add-mask::first-line%0Asecond-line')
    // the daemon never shows add-mask lines
    expect(r.log.daemon.some((l) => l.includes('::add-mask::'))).toBe(false)
    expect(r.log.daemon).toContain('> second-line')
  })

  test("registering each line raw first: the daemon masks both values, exec still shows a '%' value escaped on the setSecret line", async () => {
    const r = await run({
      steps: [
        { id: 'p', uses: './secret', with: { value: percent, mode: 'per-line' } },
        { id: 'm', uses: './secret', with: { value: multi, mode: 'per-line' } },
        { id: 'later', name: 'later', env: { P: percent }, run: 'echo "later step: $P / second-line"' }
      ]
    })
    const found = leaks(r, [percent, multi])
    // the daemon shows nothing of either value; exec masks the multi-line value everywhere, but the
    // add-mask line of setSecret shows the '%' value escaped, which no mask can cover
    expect(found).toEqual([expect.stringMatching(/^exec log line \d+: value #1 escaped as by @actions\/core/)])
    expect(r.log.exec).toContain('[workflow/apply]   | ::add-mask::pa%25ss-w0rd!')
    expect(r.log.exec).toContain('[workflow/apply]   | ::add-mask::***%0A***')
    expect(r.log.daemon).toContain('later step: *** / ***') // masks last across steps
  })

  test('leaks() finds a value in a step output and in annotations', async () => {
    const r = await run({
      secrets: { OTHER: 'unrelated-secret' },
      steps: [
        { id: 'o', uses: './secret', with: { value: 'single-line-secret', output: 'true' } },
        { id: 'w', name: 'warn', env: { V: 'single-line-secret' }, run: 'echo "::warning title=t::about $V"' }
      ]
    })
    const found = leaks(r, ['single-line-secret'])
    expect(found).toContain("output 'value' of step './secret': value #1 \"sing…\" (18 chars), the whole value")
    expect(found.some((f) => f.startsWith('warning annotation #1'))).toBe(true)
    expect(found.some((f) => f.includes(' log'))).toBe(false) // both logs are masked
    expect(step(r, 'w').annotations).toEqual([
      { level: 'warning', message: 'about single-line-secret', properties: { title: 't' } }
    ])
  })

  test('leaks() looks for any 8-character fragment of a line, short lines whole, in logs, outputs, annotations and extra texts', () => {
    const value = 'abcdefgh-ijklmnop-qrstuvwx'
    const multi = 'first-line-of-pem\nshrt\r\nab'
    const r = fakeResult({
      exec: ['[w/j]   | ends with ijklmnop', '[w/j]   | only ijklmno and shr and abcd'],
      daemon: ['*** and qrstuvwx-more', `a ${value} b`],
      outputs: { o: 'x-line-of-p-x', p: 'has ine-of-p' },
      annotations: [{ level: 'error', message: 'no leak here', properties: { title: 'shrt' } }]
    })
    expect(
      leaks(r, [value, multi], { extra: { 'marker file': '{"note":"cdefgh-i"}', 'error message': 'fine' } })
    ).toEqual([
      'exec log line 1: value #1 "ij…" (8 chars), a fragment',
      'daemon log line 1: value #1 "qr…" (8 chars), a fragment',
      'daemon log line 2: value #1 "abcd…" (26 chars), the whole value',
      'marker file: value #1 "cd…" (8 chars), a fragment',
      "output 'o' of step 's': line 1 of value #2 \"-lin…\" (10 chars), a fragment",
      "output 'p' of step 's': line 1 of value #2 \"in…\" (8 chars), a fragment",
      'error annotation #1 of step \'s\' (property title): line 2 of value #2 "sh…" (4 chars)'
    ])
    // 7 characters ('ijklmno', exec line 2) are no fragment; 'ab' (line 3) is too short to be searched
    expect(leaks(r, ['ine-of-pem'])).toEqual([
      "output 'o' of step 's': value #1 \"in…\" (8 chars), a fragment",
      "output 'p' of step 's': value #1 \"in…\" (8 chars), a fragment"
    ])
    // a value shorter than 8 characters is searched whole; below 4, not at all
    expect(leaks(fakeResult({ exec: ['abcdefg', 'abcdef'] }), ['abcdefg', 'abc'])).toEqual([
      'exec log line 1: value #1 "ab…" (7 chars)'
    ])
    // the escaped form @actions/core writes after ::add-mask::
    expect(leaks(fakeResult({ exec: ['::add-mask::l1%0Al2'] }), ['l1\nl2'])).toEqual([
      'exec log line 1: value #1 escaped as by @actions/core "l1…" (7 chars)'
    ])
    expect(leaks(fakeResult({ exec: ['::add-mask::line-1%0Aline-2'] }), ['line-1\nline-2'])).toEqual([
      'exec log line 1: value #1 escaped as by @actions/core "line…" (15 chars), a fragment',
      'exec log line 1: line 1 of value #1 "li…" (6 chars)', // lines under 8 characters: searched whole
      'exec log line 1: line 2 of value #1 "li…" (6 chars)'
    ])
    // a multi-line value of short lines only: searched whole, across consecutive lines
    expect(leaks(fakeResult({ daemon: ['x ab', 'cd', 'ef y'] }), ['ab\ncd\nef'])).toEqual([
      'daemon log: value #1 "ab…" (8 chars) appears across consecutive lines'
    ])
  })

  test("leaks() reports the runner's own ::set-env:: line, shown by the web UI after the last step", async () => {
    const r = await run({
      steps: [
        { id: 'e', name: 'export', env: { V: 'exported-but-unmasked' }, run: 'echo "EXPORTED=$V" >> "$GITHUB_ENV"' }
      ]
    })
    expect(r.log.daemon).toContain('  \u2699  ::set-env:: EXPORTED=exported-but-unmasked')
    expect(leaks(r, ['exported-but-unmasked'])).toEqual([
      expect.stringMatching(/^exec log line \d+: value #1 "expo…" \(21 chars\), the whole value$/),
      expect.stringMatching(/^daemon log line \d+: value #1 "expo…" \(21 chars\), the whole value$/)
    ])
  })

  test('secrets are masks from the start; a multi-line secret is masked by the daemon only where its lines are consecutive', async () => {
    const r = await run({
      secrets: { PEM: 'BEGIN-KEY\nkey-body-1\nEND-KEY' },
      steps: [
        { id: 'k', run: 'echo "key: BEGIN-KEY"\necho key-body-1\necho "END-KEY (done)"\necho "alone: key-body-1"' }
      ]
    })
    expect(r.log.daemon).toEqual(expect.arrayContaining(['key: ***', '***', '*** (done)', 'alone: key-body-1']))
    // exec masks the whole value per line: no line holds it
    expect(r.log.exec).toContain('[workflow/apply]   | key-body-1')
  })

  test('what each rule shows of workflow commands', async () => {
    const r = await run({
      steps: [
        {
          id: 'c',
          run: [
            'echo "::warning file=a.ts,line=3::careful%0Anow"',
            'echo "::notice::fyi"',
            'echo "::debug::only in debug"',
            'echo "::group::Details"',
            'echo inside',
            'echo "::endgroup::"',
            'echo "::set-output name=x::y"',
            'echo "::stop-commands::tok123"',
            'echo "::add-mask::not-a-mask"',
            'echo "not-a-mask is visible"',
            'echo "::tok123::"'
          ].join('\n')
        },
        { id: 'middle', name: 'middle', run: 'echo "MIDDLE=hidden-in-ui" >> "$GITHUB_ENV"' },
        { id: 'last', name: 'last', run: 'echo "LAST=shown-in-ui" >> "$GITHUB_ENV"' }
      ]
    })
    const c = step(r, 'c')
    expect(c.annotations).toEqual([
      { level: 'warning', message: 'careful\nnow', properties: { file: 'a.ts', line: '3' } },
      { level: 'notice', message: 'fyi', properties: {} },
      { level: 'debug', message: 'only in debug', properties: {} }
    ])
    expect(c.outputs).toEqual({ x: 'y' }) // act/runner/command.go: set-output is honoured (runners up to v12.8)
    const exec = r.log.exec
    expect(exec).toContain('[workflow/apply]   \u{1F6A7}  ::warning file=a.ts,line=3::careful%0Anow')
    expect(exec).toContain('[workflow/apply]   | ::warning file=a.ts,line=3::careful%0Anow')
    expect(exec).toContain('[workflow/apply]   \u2699  ::set-output:: x=y') // no deprecation warning
    expect(exec.some((l) => /unsupported|deprecated/i.test(l))).toBe(false)
    expect(exec).toContain('[workflow/apply]   \u2699  ::add-mask::not-a-mask') // swallowed while stopped
    expect(exec).toContain('[workflow/apply]   | not-a-mask is visible')
    const daemon = r.log.daemon
    expect(daemon).toEqual(
      expect.arrayContaining([
        '::warning file=a.ts,line=3::careful%0Anow',
        '::notice::fyi',
        '##[group]Details',
        'inside',
        '##[endgroup]'
      ])
    )
    expect(daemon.some((l) => l.includes('only in debug'))).toBe(false)
    expect(daemon.some((l) => l.includes('stop-commands') || l.includes('tok123'))).toBe(false)
    expect(daemon.some((l) => l.includes('::add-mask::not-a-mask'))).toBe(false)
    expect(daemon).toContain('not-a-mask is visible')
    // the daemon shows the runner's own lines once the last main step has its result
    expect(daemon).toContain('  \u2699  ::set-env:: LAST=shown-in-ui')
    expect(daemon.some((l) => l.includes('MIDDLE='))).toBe(false)
  })

  test('ACTIONS_STEP_DEBUG shows ::debug:: messages in the daemon view', async () => {
    const r = await run({
      secrets: { ACTIONS_STEP_DEBUG: 'true' },
      steps: [{ id: 'd', run: 'echo "::debug::now visible"' }]
    })
    expect(r.log.daemon).toContain('now visible')
  })

  test('renderLog renders one step output under either rule', () => {
    const lines = ['::add-mask::a%25b', 'x a%b y', '::add-mask::line1%0Aline2', 'line1']
    expect(renderLog(lines, { rule: 'exec' })).toEqual([
      '  \u2699  ***',
      '::add-mask::a%25b',
      'x *** y',
      '  \u2699  ***',
      '::add-mask::line1%0Aline2',
      'line1'
    ])
    expect(renderLog(lines, { rule: 'daemon' })).toEqual(['x a%b y', 'line1'])
    expect(renderLog(['before line1', 'line2 after'], { rule: 'daemon', secrets: ['line1\nline2'] })).toEqual([
      'before ***',
      '*** after'
    ])
    expect(renderLog(['before line1', 'line2 after'], { rule: 'exec', secrets: ['line1\nline2'] })).toEqual([
      'before line1',
      'line2 after'
    ])
    // the daemon replaces the longest mask first
    expect(renderLog(['::add-mask::abc', '::add-mask::abcdef', 'abcdefg'], { rule: 'daemon' })).toEqual(['***g'])
    // exec replaces in registration order
    expect(renderLog(['::add-mask::abc', '::add-mask::abcdef', 'abcdefg'], { rule: 'exec' }).pop()).toBe('***defg')
  })
})

describe('workflow commands: exec (act/runner/command.go) and daemon (internal/pkg/report/reporter.go) parse them differently', () => {
  test('::add-mask::abc::def::ghi: exec registers nothing (greedy [^ ]+), the daemon registers abc::def::ghi whole', () => {
    const lines = ['::add-mask::abc::def::ghi', 'abc::def::ghi and ghi']
    // act/runner/command.go commandPatternGA: `[^ ]+` is greedy, so the command is `add-mask::abc::def`,
    // an unknown command, echoed with ❓; nothing is registered and the raw line is logged as is
    expect(parseActCommand('::add-mask::abc::def::ghi\n')).toEqual({
      command: 'add-mask::abc::def',
      properties: {},
      data: 'ghi'
    })
    const exec = renderLogDetailed(lines, { rule: 'exec' })
    expect(exec.masks).toEqual([])
    expect(exec.lines).toEqual([
      '  \u2753  ::add-mask::abc::def::ghi',
      '::add-mask::abc::def::ghi',
      'abc::def::ghi and ghi'
    ])
    // internal/pkg/report/reporter.go cmdRegex `^::([^ :]+)( .*)?::(.*)$`: the command stops at the first `:`
    expect(parseDaemonCommand('::add-mask::abc::def::ghi')).toEqual({
      command: 'add-mask',
      parameters: '',
      value: 'abc::def::ghi'
    })
    const daemon = renderLogDetailed(lines, { rule: 'daemon' })
    expect(daemon.masks).toEqual(['abc::def::ghi'])
    expect(daemon.lines).toEqual(['*** and ghi'])
  })

  test('::add-mask:::abc: exec registers nothing (the command is `add-mask:`), the daemon registers :abc', () => {
    const lines = ['::add-mask:::abc', 'x :abc y']
    // act/runner/command.go commandPatternGA, greedy: command `add-mask:`, data `abc`
    expect(parseActCommand('::add-mask:::abc\n')).toEqual({ command: 'add-mask:', properties: {}, data: 'abc' })
    const exec = renderLogDetailed(lines, { rule: 'exec' })
    expect(exec.masks).toEqual([])
    expect(exec.lines).toEqual(['  \u2753  ::add-mask:::abc', '::add-mask:::abc', 'x :abc y'])
    // internal/pkg/report/reporter.go cmdRegex: command `add-mask`, value `:abc`
    const daemon = renderLogDetailed(lines, { rule: 'daemon' })
    expect(daemon.masks).toEqual([':abc'])
    expect(daemon.lines).toEqual(['x *** y'])
  })

  test('::stop-commands::TOKEN turns command handling off under both rules until ::TOKEN::', () => {
    const lines = [
      '::stop-commands::tok-1',
      '::add-mask::hidden-x',
      'shows hidden-x',
      '::tok-1::',
      '::add-mask::later-y',
      'shows later-y'
    ]
    // act/runner/command.go: while stopped, a command line is swallowed and logged as the runner's
    // "  ⚙  <line>" entry, X in clear; nothing is registered; `::tok-1::` resumes
    const exec = renderLogDetailed(lines, { rule: 'exec' })
    expect(exec.masks).toEqual(['later-y'])
    expect(exec.lines).toEqual([
      '  \u2699  ::stop-commands::tok-1',
      '::stop-commands::tok-1',
      '  \u2699  ::add-mask::hidden-x',
      'shows hidden-x',
      '  \u2699  ::tok-1::',
      '::tok-1::',
      '  \u2699  ***',
      '::add-mask::***',
      'shows ***'
    ])
    // internal/pkg/report/reporter.go handleCommand: the stop-commands and token rows are dropped;
    // the swallowed line reaches it only as a runner entry (not shown mid-job); X stays in clear
    const daemon = renderLogDetailed(lines, { rule: 'daemon' })
    expect(daemon.masks).toEqual(['later-y'])
    expect(daemon.lines).toEqual(['shows hidden-x', 'shows ***'])
  })

  test("the daemon's own stop-commands state: a line only the daemon reads as add-mask registers nothing while stopped", () => {
    // `::add-mask ::X` is no command for act/runner/command.go (` (.+)` needs a character after the
    // space), so it is logged raw and reaches internal/pkg/report/reporter.go, whose `( .*)?` takes it
    // as add-mask X, except while its stopCommandEndToken is set
    const lines = [
      '::stop-commands::tok-2',
      '::add-mask ::daemon-only',
      'daemon-only seen',
      '::tok-2::',
      '::add-mask ::daemon-two',
      'daemon-two seen'
    ]
    const daemon = renderLogDetailed(lines, { rule: 'daemon' })
    expect(daemon.masks).toEqual(['daemon-two'])
    expect(daemon.lines).toEqual(['::add-mask ::daemon-only', 'daemon-only seen', '*** seen'])
    const exec = renderLogDetailed(lines, { rule: 'exec' })
    expect(exec.masks).toEqual([])
    expect(exec.lines).toContain('daemon-two seen')
  })

  test('add-mask data: exec decodes %25, %0D and %0A, the daemon registers the text raw', () => {
    const lines = ['::add-mask::a%25b', '::add-mask::c%0Dd', '::add-mask::e%0Af']
    // act/runner/command.go unescapeCommandData
    expect(renderLogDetailed(lines, { rule: 'exec' }).masks).toEqual(['a%b', 'c\rd', 'e\nf'])
    // internal/pkg/report/reporter.go handleCommand: masker.add(value), never unescaped
    expect(renderLogDetailed(lines, { rule: 'daemon' }).masks).toEqual(['a%25b', 'c%0Dd', 'e%0Af'])
  })
})

describe('failures', () => {
  test('a crashing action: stack trace in both logs, later steps skipped unless always()', async () => {
    const r = await run({
      steps: [
        { id: 'crash', uses: './crash' },
        { id: 'skipped', run: 'echo nope' },
        { id: 'always', if: 'always()', run: 'echo "crash was ${{ steps.crash.outcome }}"' },
        { id: 'failure', if: 'failure()', run: 'echo cleanup' }
      ]
    })
    const crash = step(r, 'crash')
    expect(crash.outcome).toBe('failure')
    expect(crash.exitCode).toBe(1)
    for (const logLines of [r.log.exec, r.log.daemon]) {
      expect(logLines.some((l) => l.includes('Error: boom from the fixture'))).toBe(true)
      expect(logLines.some((l) => /^(\[.*\] {3}\| )? {4}at deep /.test(l))).toBe(true)
    }
    expect(step(r, 'skipped').outcome).toBe('skipped')
    expect(step(r, 'always').raw).toEqual(['crash was failure'])
    expect(step(r, 'failure').outcome).toBe('success')
    expect(r.log.exec).toContain('[workflow/apply] \u{1F3C1}  Job failed')
    expect(r.success).toBe(false)
  })

  test('a step past its timeout is killed and fails', async () => {
    const started = Date.now()
    const r = await run({ timeoutMs: 400, steps: [{ id: 't', run: 'echo started\nsleep 10\necho never' }] })
    const t = step(r, 't')
    expect(t.outcome).toBe('failure')
    expect(t.exitCode).toBeNull()
    expect(t.error).toContain('cancelled')
    expect(t.raw).toEqual(['started'])
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('workflows', () => {
  test('a workflow with uses: ./, remote references, run: steps, if: always() and expressions loads and runs', async () => {
    const spec = loadWorkflow(join(FIXTURES, 'workflow.yml'), {
      actionRoot: join(FIXTURES, 'echo'),
      actionRepos: ['platform/infisical-action'],
      secrets: { API_TOKEN: 's3cr3t-token-value' },
      vars: { WHO: 'world' }
    })
    expect(spec.name).toBe('demo')
    expect(spec.matrix).toEqual({ flavour: 'vanilla' })
    expect(spec.env).toEqual({ WF_LEVEL: 'workflow', JOB_LEVEL: 'job-${{ matrix.flavour }}' })
    expect(spec.steps[0]?.noop).toBe('https://code.forgejo.org/actions/checkout@v4')
    expect(spec.steps[2]?.uses).toBe('.')
    expect(spec.steps[7]?.uses).toBe('./verify')
    const r = await run(spec)
    expect(r.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['https://code.forgejo.org/actions/checkout@v4', 'success'],
      ['./', 'success'],
      ['https://forgejo.example.org/platform/infisical-action@v1', 'success'],
      ['uses the outputs', 'success'],
      ['breaks', 'failure'],
      ['skipped after a failure', 'skipped'],
      ['runs anyway', 'success'],
      ['only on failure', 'success'],
      ['expression if', 'success']
    ])
    expect(step(r, 'first').outputs).toEqual({ echoed: 'hello world' })
    expect(step(r, 'uses the outputs').raw).toEqual([
      'first said: hello world',
      'env: workflow job-vanilla job-vanilla',
      `temp=${r.runnerTemp}`,
      `ws=${r.workspace}`
    ])
    expect(step(r, 'runs anyway').raw).toEqual(['breaks was failure'])
    expect(step(r, 'only on failure').raw).toEqual(['verify: cleanup'])
    expect(step(r, 'breaks').annotations).toEqual([{ level: 'error', message: 'asked to fail', properties: {} }])
    expect(r.log.exec[0]).toBe('[harness demo/demo] \u2B50 Run Main https://code.forgejo.org/actions/checkout@v4')
    // the secret is masked in both logs, but the step output carries it
    expect(leaks(r, ['s3cr3t-token-value'])).toEqual([
      "output 'echoed' of step 'https://forgejo.example.org/platform/infisical-action@v1': value #1 \"s3cr…\" (18 chars), the whole value"
    ])
    expect(r.log.exec).toContain('[harness demo/demo]   | echo: token ***')
    expect(r.log.daemon).toContain('echo: token ***')
    expect(r.success).toBe(false)
  })

  test('uses: mapping and expression helpers', () => {
    const repos = ['platform/infisical-action']
    expect(mapUses('./', repos)).toEqual({ uses: '.' })
    expect(mapUses('./verify', repos)).toEqual({ uses: './verify' })
    expect(mapUses('platform/infisical-action/verify@v1', repos)).toEqual({ uses: './verify' })
    expect(mapUses('https://forgejo.example.org/platform/infisical-action@v1.2.3', repos)).toEqual({ uses: '.' })
    expect(mapUses('actions/checkout@v4', repos)).toEqual({ noop: 'actions/checkout@v4' })
    expect(() => mapUses('actions/upload-artifact@v4', repos)).toThrow(/not this action/)
    const ctx = {
      contexts: { env: { A: 'x' }, secrets: {}, steps: { s: { outputs: { o: 'v' }, outcome: 'success' } } },
      jobSucceeded: true
    }
    expect(
      interpolate(
        "a=${{ env.a }} o=${{ steps.s.outputs.o }} m=${{ secrets.MISSING }} f=${{ format('{0}-{1}', 'p', 'q') }}",
        ctx
      )
    ).toBe('a=x o=v m= f=p-q')
    expect(evaluateCondition("steps.s.outputs.o == 'V'", ctx, 'success')).toBe(true)
    expect(evaluateCondition("steps.s.outputs.o == 'V'", { ...ctx, jobSucceeded: false }, 'success')).toBe(false)
    expect(evaluateCondition('${{ !failure() }}', ctx, 'success')).toBe(true)
    expect(() => interpolate("${{ hashFiles('x') }}", ctx)).toThrow(/unsupported function/)
    expect(() => interpolate('${{ inputs.x }}', ctx)).toThrow(/unsupported context/)
    expect(parseActCommand('::add-mask::a::b\n')).toEqual({ command: 'add-mask::a', properties: {}, data: 'b' })
  })
})
