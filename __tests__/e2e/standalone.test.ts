/**
 * The runner clones the action and runs the committed bundles with plain `node`, nothing
 * installed: a copy of action.yml, dist/ and verify/ alone, away from node_modules, must work.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BOT_TOKEN, ROOT, cleanup, fetchStep, job, startPlatform, step } from './platform.js'

const copies: string[] = []
afterEach(async () => {
  try {
    await cleanup()
  } finally {
    for (const c of copies.splice(0)) rmSync(c, { recursive: true, force: true })
  }
})

test('the bundles run from a bare copy of the action (no node_modules anywhere above it)', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'action-copy-'))
  copies.push(copy)
  for (const part of ['action.yml', 'dist', 'verify/action.yml', 'verify/dist'])
    cpSync(join(ROOT, part), join(copy, part), { recursive: true })
  const p = await startPlatform()
  const result = await job({
    actionRoot: copy,
    steps: [
      fetchStep(p),
      { name: 'verify', uses: './verify', with: { 'expect-secrets': 'PLATFORMCTL_FORGEJO_TOKEN' } },
      { name: 'next', run: 'true' }
    ]
  })
  expect(result.steps.map((s) => `${s.name}: ${s.outcome}`)).toEqual(result.steps.map((s) => `${s.name}: success`))
  expect(step(result, 'next').stepEnv.PLATFORMCTL_FORGEJO_TOKEN).toBe(BOT_TOKEN)
  // Only Node's own modules are loaded by name: nothing to resolve from a node_modules.
  for (const bundle of ['dist/index.js', 'verify/dist/index.js']) {
    const names = [
      ...readFileSync(join(copy, bundle), 'utf8').matchAll(/createRequire\(import\.meta\.url\)\("([^"]+)"\)/g)
    ].map((m) => m[1])
    expect(names.length).toBeGreaterThan(0)
    expect(names.filter((n) => !/^(node:)?[a-z_]+$/.test(n ?? ''))).toEqual([])
  }
})
