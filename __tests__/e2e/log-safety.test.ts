/**
 * Issue 8, points 2–4, through the harness running the committed bundle: text the action did not
 * write cannot inject workflow commands or forge the marker line; credentials echoed by a server
 * or proxy leave no fragment; every line of every value is masked under both rules, or the run
 * fails as config before anything of it is printed or exported.
 */
import {
  BOT_FOLDER,
  PROJECT_ID,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
  markerLines,
  markerOf,
  startPlatform,
  step,
  type Platform
} from './platform.js'
import { join } from 'node:path'

let p: Platform
beforeEach(async () => {
  p = await startPlatform()
})
afterEach(() => cleanup(extraValues.splice(0)))

/** Values of a test, searched for by the cleanup's leak search too. */
const extraValues: string[] = []

const FORGED = 'forgejo_token_source=infisical-token-auth'
const INJECTION = `\n::stop-commands::pwned\n${FORGED}\n`

/** Every line of both logs that looks like a workflow command the action did not write. */
function injectedCommands(lines: string[]): string[] {
  return lines.map((l) => l.replace(/^\[[^\]]*\]\s+\| /, '')).filter((l) => /^\s*::(stop-commands|pwned)/.test(l))
}

describe('point 2: no input, path or server text can inject a command or forge the marker line', () => {
  test('project-id holding line breaks, ::stop-commands:: and the marker line', async () => {
    const result = await job({
      steps: [
        fetchStep(p, { 'project-id': `${PROJECT_ID}${INJECTION}` }),
        // always(): after the failed fetch step, so that it runs
        { name: 'Later step', if: 'always()', run: 'echo "::add-mask::later-mask-value" && echo later-mask-value' }
      ]
    })
    expect(step(result, 'infisical').outcome).toBe('failure')
    // the later step ran and printed the value: its masking below is not a check of an empty log
    expect(step(result, 'Later step').outcome).toBe('success')
    expect(step(result, 'Later step').raw).toEqual(['::add-mask::later-mask-value', 'later-mask-value'])
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], FORGED)).toEqual([])
      expect(injectedCommands(result.log[rule]).filter((l) => !l.includes('later-mask-value'))).toEqual([])
      // masking still works in the later step: the runner never saw ::stop-commands::
      expect(result.log[rule].some((l) => l.includes('later-mask-value'))).toBe(false)
      expect(markerLines(result.log[rule], '***')).toHaveLength(1)
    }
  })

  test('a token-file path holding the same', async () => {
    const result = await job({ steps: [fetchStep(p, { 'token-file': join(p.dir, `missing${INJECTION}`) })] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('token-file')
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], FORGED)).toEqual([])
      expect(injectedCommands(result.log[rule])).toEqual([])
    }
    expect(step(result, 'infisical').annotations.find((a) => a.level === 'error')?.message).toContain(
      'missing\\n: :stop-commands: :pwned\\n'
    )
  })

  test('a server message holding the same', async () => {
    p.server.inject({
      kind: 'status',
      status: 403,
      body: { reqId: 'r', statusCode: 403, error: 'PermissionDenied', message: `You are not allowed${INJECTION}` }
    })
    const result = await job({ steps: [fetchStep(p)] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('permission-denied')
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], FORGED)).toEqual([])
      expect(injectedCommands(result.log[rule])).toEqual([])
    }
  })

  test('a secret name and an environment holding line breaks fail as config, on one line', async () => {
    const result = await job({
      steps: [fetchStep(p, { environment: `prod${INJECTION}`, secrets: `A=${BOT_FOLDER}/x${INJECTION}` })]
    })
    expect(step(result, 'infisical').outputs['error-class']).toBe('config')
    for (const rule of ['exec', 'daemon'] as const) {
      expect(markerLines(result.log[rule], FORGED)).toEqual([])
      expect(injectedCommands(result.log[rule])).toEqual([])
    }
  })
})

describe('point 3: echoed credentials leave no fragment of 8 characters', () => {
  test('a server echoing the whole token in a long message: redacted before it is cut', async () => {
    const long = `${p.token}${p.token}`.slice(0, 332)
    extraValues.push(long)
    p.server.inject({
      kind: 'status',
      status: 401,
      body: { reqId: 'r', statusCode: 401, error: 'UnauthorizedError', message: `Invalid token ${long} (received)` }
    })
    const result = await job({ steps: [fetchStep(p)] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('auth-invalid')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('Invalid token ***')
    expectNoLeak(result, [p.token], [JSON.stringify(markerOf(result))])
  })

  test('a proxy (HTML) page echoing the Authorization header', async () => {
    p.server.inject({
      kind: 'status',
      status: 502,
      body: `<html><head><title>Bad gateway for Bearer ${p.token}</title></head></html>`,
      headers: { 'content-type': 'text/html' },
      times: 10
    })
    const result = await job({ steps: [fetchStep(p, { retries: '0', 'timeout-seconds': '3' })] })
    expect(step(result, 'infisical').outcome).toBe('failure')
    expectNoLeak(result, [p.token])
  })

  test('a Universal Auth login answer in an unknown shape: its keys are named, never its text', async () => {
    p.server.createIdentity({
      projects: [PROJECT_ID],
      clientId: 'ua-echo-client',
      clientSecret: 'ua-echo-secret-9f8e7d6c5b4a'
    })
    const hidden = 'eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGl0eUlkIjoidW5rbm93biJ9.dW5rbm93bi1zaGFwZS1hY2Nlc3MtdG9rZW4'
    extraValues.push(hidden, 'ua-echo-secret-9f8e7d6c5b4a')
    p.server.inject({
      route: 'universal-login',
      kind: 'status',
      status: 200,
      body: { token: hidden, expiresIn: 7200 },
      times: 3
    })
    const result = await job({
      steps: [
        fetchStep(p, {
          'token-file': '',
          'auth-method': 'universal',
          'client-id': 'ua-echo-client',
          'client-secret': 'ua-echo-secret-9f8e7d6c5b4a',
          'timeout-seconds': '3'
        })
      ]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('proxy-blocked')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('the keys token, expiresIn')
  })
})

describe('point 4: every line of every value masked under both rules, or config before anything of it', () => {
  const HARD: Record<string, string> = {
    COLONS: 'abcd::efgh::ijkl-mnop',
    LEADING_COLON: ':leading-colon-value-77',
    PERCENT_0A: 'pass%0Aword-text-99',
    PERCENT_25: 'pass%25word-text-88',
    PERCENT_0D: 'pass%0Dword-text-66',
    CR_INSIDE: 'carriage\rreturn-inside-42',
    SHORT_LAST_LINE: 'x9Q\n',
    INNER: 'secretpart-4711',
    OUTER: 'secretpart-4711-extra-part'
  }

  test('hard values: exported, echoed by a later step, and never shown (the runner prints ::set-env:: NAME=VALUE)', async () => {
    for (const [name, value] of Object.entries(HARD))
      p.server.setSecret({ projectId: PROJECT_ID, environment: 'prod', path: BOT_FOLDER, name, value })
    extraValues.push(...Object.values(HARD))
    const secrets = Object.keys(HARD)
      .map((n) => `${n}=${BOT_FOLDER}/${n}`)
      .join('\n')
    const echo = Object.keys(HARD)
      .map((n) => `printf '%s\\n' "$${n}"`)
      .join(' && ')
    const result = await job({ steps: [fetchStep(p, { secrets }), { name: 'Use them', run: echo }] })
    expect(step(result, 'infisical').outcome).toBe('success')
    expect(step(result, 'Use them').raw.length).toBeGreaterThan(0)
    for (const rule of ['exec', 'daemon'] as const) {
      const all = result.log[rule].join('\n')
      expect(all).not.toContain('x9Q')
      expect(all).not.toContain('extra-part')
      if (rule === 'exec') expect(all).toContain('::set-env:: OUTER=***')
    }
  })

  test('a value that cannot be masked under exec fails as config naming the secret; nothing of it printed or exported', async () => {
    p.server.setSecret({
      projectId: PROJECT_ID,
      environment: 'prod',
      path: BOT_FOLDER,
      name: 'SHORT_PARTS',
      value: 'ab::cd-secret'
    })
    extraValues.push('ab::cd-secret')
    const result = await job({ steps: [fetchStep(p, { secrets: `SHORT_PARTS=${BOT_FOLDER}/SHORT_PARTS` })] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    const message = s.annotations.find((a) => a.level === 'error')?.message ?? ''
    expect(message).toContain(`SHORT_PARTS (${BOT_FOLDER}/SHORT_PARTS)`)
    expect(message).toContain('a double colon')
    expect(exported(result, ['SHORT_PARTS'])).toEqual([])
    expect(markerOf(result)).toMatchObject({ status: 'failed', error: { class: 'config' } })
    for (const rule of ['exec', 'daemon'] as const) {
      const all = result.log[rule].join('\n')
      expect(all).not.toContain('ab::cd')
      expect(all).not.toContain('cd-secret')
    }
  })
})
