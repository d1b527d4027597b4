/**
 * The soak fallback and the clean-up step, through the harness running dist/: a fallback is used
 * only after Infisical failed, loudly, and only until its date.
 */
import { existsSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import {
  BOT_FOLDER,
  BOT_TOKEN,
  cleanup,
  expectNoLeak,
  exported,
  fetchStep,
  job,
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
afterEach(cleanup)

const PLAIN = 'pT7vq2Xk9LmW4rZs8YbN3hQe6JdC1uF5' // the plain-text copy; random, so that no 8 characters of it are also the action's words or a path
const FUTURE = soakUntil()
const PAST = '2020-01-01'
const denied = {
  kind: 'status' as const,
  status: 403,
  body: {
    reqId: 'r',
    statusCode: 403,
    error: 'PermissionDenied',
    message: 'You are not allowed to read on secrets',
    details: []
  }
}

function envFile(): string {
  const file = join(p.dir, 'platformctl-deploy.env')
  writeFileSync(file, `# the runner's env file\nPLATFORMCTL_FORGEJO_TOKEN=${PLAIN}\n`)
  chmodSync(file, 0o600)
  return file
}

describe.each(['env', 'env-file'] as const)('fallback: %s', (kind) => {
  const inputs = (until: string): Record<string, string> =>
    kind === 'env'
      ? { fallback: 'env', 'fallback-until': until }
      : { fallback: 'env-file', 'fallback-env-file': envFile(), 'fallback-until': until }
  const hostEnv: Record<string, string> = kind === 'env' ? { PLATFORMCTL_FORGEJO_TOKEN: PLAIN } : {}

  test('after a 403: the fallback value, loudly', async () => {
    p.server.inject(denied)
    const result = await job({ hostEnv, steps: [fetchStep(p, inputs(FUTURE)), { name: 'next', run: 'true' }] })
    expect(result.success).toBe(true)
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(PLAIN)
    const s = step(result, 'infisical')
    expect(s.outputs.source).toBe('direct-env-fallback')
    const warning = s.annotations.find((a) => a.level === 'warning' && a.message.includes('fallback'))?.message ?? ''
    expect(warning).toContain('permission-denied')
    expect(warning).toContain('not from Infisical')
    expect(markerLines(result.log.daemon, 'forgejo_token_source=direct-env-fallback')).toHaveLength(1)
    const marker = markerOf(result)
    expect(marker).toMatchObject({
      status: 'ok',
      source: 'direct-env-fallback',
      fallback: { kind, reason: { class: 'permission-denied' } },
      secrets: [{ env: 'PLATFORMCTL_FORGEJO_TOKEN', path: BOT_FOLDER, version: null }]
    })
    expectNoLeak(result, [PLAIN, p.token])
  })

  test('after fallback-until: fallback-expired, nothing exported', async () => {
    p.server.inject(denied)
    const result = await job({ hostEnv, steps: [fetchStep(p, inputs(PAST))] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('fallback-expired')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('permission-denied')
    expect(result.steps.flatMap((x) => Object.keys(x.envSet))).not.toContain('PLATFORMCTL_FORGEJO_TOKEN')
    expect(markerOf(result)).toMatchObject({ status: 'failed', source: null, error: { class: 'fallback-expired' } })
    expectNoLeak(result, [PLAIN, p.token])
  })

  test('Infisical working: the fallback is never used', async () => {
    const result = await job({ hostEnv, steps: [fetchStep(p, inputs(FUTURE)), { name: 'next', run: 'true' }] })
    expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
    expect(markerOf(result)).toMatchObject({ source: 'infisical-token-auth', fallback: null })
  })
})

describe('fallback rules', () => {
  test('a fallback without fallback-until: config before any request', async () => {
    const result = await job({ steps: [fetchStep(p, { fallback: 'env' })] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('config')
    expect(p.server.count()).toBe(0)
  })

  test('fallback: none never reads the copy in the environment', async () => {
    p.server.inject(denied)
    const result = await job({ hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: PLAIN }, steps: [fetchStep(p)] })
    expect(step(result, 'infisical').outputs['error-class']).toBe('permission-denied')
    expect(result.steps.flatMap((x) => Object.keys(x.envSet))).not.toContain('PLATFORMCTL_FORGEJO_TOKEN')
    expect(markerOf(result).fallback).toBeNull()
  })

  test('a fallback lacking a mapped name fails and exports nothing', async () => {
    // the folder's list, then each name alone: all refused
    p.server.inject({ ...denied, times: 3 })
    const result = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: PLAIN },
      steps: [
        fetchStep(p, {
          fallback: 'env',
          'fallback-until': FUTURE,
          secrets: `PLATFORMCTL_FORGEJO_TOKEN=${BOT_FOLDER}/x\nOTHER=${BOT_FOLDER}/y`
        })
      ]
    })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('permission-denied')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('lacks OTHER')
    expect(exported(result, ['OTHER'])).toEqual([])
    expect(result.steps.flatMap((x) => Object.keys(x.envSet))).toEqual([])
  })

  test('a config failure never falls back', async () => {
    const result = await job({
      hostEnv: { PLATFORMCTL_FORGEJO_TOKEN: PLAIN },
      steps: [fetchStep(p, { fallback: 'env', 'fallback-until': FUTURE, 'token-file': join(p.dir, 'missing') })]
    })
    expect(step(result, 'infisical').outputs['error-class']).toBe('token-file')
  })

  test('a fallback env file readable by others is refused as token-file', async () => {
    p.server.inject(denied)
    const file = envFile()
    chmodSync(file, 0o644)
    const result = await job({
      steps: [fetchStep(p, { fallback: 'env-file', 'fallback-env-file': file, 'fallback-until': FUTURE })]
    })
    expect(step(result, 'infisical').outputs['error-class']).toBe('token-file')
  })
})

describe('files that cannot be written', () => {
  test('an export-file in a folder that does not exist: config, naming it, nothing exported', async () => {
    const result = await job({ steps: [fetchStep(p, { 'export-file': join(p.dir, 'no', 'such', 'secrets.env') })] })
    const s = step(result, 'infisical')
    expect(s.outputs['error-class']).toBe('config')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('export-file')
    expect(s.annotations.find((a) => a.level === 'error')?.message).toContain('ENOENT')
    expect(exported(result, ['PLATFORMCTL_FORGEJO_TOKEN'])).toEqual([])
  })
})

describe('clean-up when the job ends', () => {
  test('an export-file inside RUNNER_TEMP or the workspace is deleted by the post step; one elsewhere stays', async () => {
    const outside = join(p.dir, 'service.env')
    const result = await job({
      steps: [
        fetchStep(p, { 'export-file': '${{ runner.temp }}/secrets.env' }, { id: 'temp' }),
        fetchStep(p, { 'export-file': '${{ github.workspace }}/.secrets.env' }, { id: 'ws' }),
        fetchStep(p, { 'export-file': outside }, { id: 'outside' }),
        {
          name: 'files exist during the job',
          run: 'test -f "$RUNNER_TEMP/secrets.env" && test -f .secrets.env && echo present'
        }
      ]
    })
    const inTemp = join(result.runnerTemp, 'secrets.env')
    const inWorkspace = join(result.workspace, '.secrets.env')
    expect(result.steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual([
      'action:success',
      'action:success',
      'action:success',
      'run:success',
      'post:success',
      'post:success',
      'post:success'
    ])
    expect(existsSync(inTemp)).toBe(false)
    expect(existsSync(inWorkspace)).toBe(false)
    expect(existsSync(outside)).toBe(true)
  })
})
