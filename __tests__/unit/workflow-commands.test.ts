/**
 * The runner protocol of the actions, checked against @actions/core (the reference
 * implementation, a devDependency here): the same command lines, the same file-command entries.
 */
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import {
  commandLine,
  escapeData,
  exportVariables,
  fileCommandEntry,
  getState,
  saveState,
  setOutputs
} from '../../src/workflow-commands.js'
import { captureStdout } from './capture-stdout.js'

const MESSAGES = ['plain', 'multi\nline\r\nvalue', '100% %0A literal', 'colons: a::b, commas']

describe('workflow commands', () => {
  test.each(MESSAGES)('warning %j is the line @actions/core writes', (message) => {
    expect(`${commandLine('warning', {}, message)}\n`).toBe(captureStdout(() => core.warning(message)))
    expect(`${commandLine('error', { title: 'a:b,c' }, message)}\n`).toBe(
      captureStdout(() => core.error(message, { title: 'a:b,c' }))
    )
  })

  test('escaping', () => {
    expect(escapeData('a%b\rc\nd')).toBe('a%25b%0Dc%0Ad')
  })
})

describe('file commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'file-commands-'))
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('an entry has the heredoc shape @actions/core writes, with a fresh delimiter', () => {
    const entry = fileCommandEntry('NAME', 'multi\nline', 'ghadelimiter_x')
    expect(entry).toBe('NAME<<ghadelimiter_x\nmulti\nline\nghadelimiter_x\n')
    expect(() => fileCommandEntry('NAME', 'has ghadelimiter_x in it', 'ghadelimiter_x')).toThrow('delimiter')
    const a = fileCommandEntry('A', 'v')
    const b = fileCommandEntry('A', 'v')
    expect(a).not.toBe(b)
    expect(a).toMatch(/^A<<ghadelimiter_[0-9a-f-]{36}\nv\nghadelimiter_[0-9a-f-]{36}\n$/)
  })

  test('env, output and state files: all entries in one write; the state read back', () => {
    for (const kind of ['ENV', 'OUTPUT', 'STATE']) {
      const file = join(dir, kind)
      writeFileSync(file, '')
      process.env[`GITHUB_${kind}`] = file
    }
    exportVariables([
      ['ONE', 'first'],
      ['TWO', 'second\nline']
    ])
    setOutputs([['source', 'infisical-token-auth']])
    saveState('isPost', 'true')
    expect(readFileSync(join(dir, 'ENV'), 'utf8')).toMatch(
      /^ONE<<(ghadelimiter_\S+)\nfirst\n\1\nTWO<<(ghadelimiter_\S+)\nsecond\nline\n\2\n$/
    )
    expect(process.env.TWO).toBe('second\nline')
    expect(readFileSync(join(dir, 'OUTPUT'), 'utf8')).toContain('source<<')
    expect(readFileSync(join(dir, 'STATE'), 'utf8')).toContain('isPost<<')
    process.env.STATE_isPost = 'true'
    expect(getState('isPost')).toBe('true')
  })

  test('exporting without GITHUB_ENV is refused, never printed', () => {
    delete process.env.GITHUB_ENV
    const out = captureStdout(() => expect(() => exportVariables([['A', 'secret-value']])).toThrow('GITHUB_ENV'))
    expect(out).toBe('')
  })
})
