import { chmodSync, chownSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readTokenFile } from '../../src/protected-file.js'
import { ActionError } from '../../src/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'token-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const uid = process.getuid?.() ?? 0
function file(name: string, content: string, mode: number): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  chmodSync(p, mode)
  return p
}
function classOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return `${(e as ActionError).errorClass}: ${(e as ActionError).message}`
  }
  return 'no error'
}

describe('token file', () => {
  test('0600 owned by the runner: read, white space trimmed', () => {
    expect(readTokenFile(file('ok', '  tok.en\n', 0o600), { uid })).toBe('tok.en')
  })

  test.each([
    ['missing', () => join(dir, 'nope'), 'does not exist'],
    ['empty', () => file('empty', ' \n', 0o600), 'is empty'],
    ['0644', () => file('wide', 't', 0o644), 'has mode 0644'],
    ['0640', () => file('group', 't', 0o640), 'has mode 0640'],
    ['a folder', () => dir, 'is a folder, not a regular file'],
    ['a device', () => '/dev/null', 'is a device, not a regular file'],
    ['over 1 MiB', () => file('big', 'x'.repeat(1024 * 1024 + 1), 0o600), 'is larger than 1024 KiB']
  ])('%s is refused as token-file', (_n, make, words) => {
    const message = classOf(() => readTokenFile(make(), { uid }))
    expect(message).toMatch(/^token-file: /)
    expect(message).toContain(words)
  })

  test('a FIFO is refused without blocking', () => {
    const p = join(dir, 'fifo')
    execFileSync('mkfifo', ['-m', '600', p])
    expect(classOf(() => readTokenFile(p, { uid }))).toContain(
      `token-file "${p}": is a FIFO (named pipe), not a regular file - point the input at a regular file`
    )
  })

  test('the path is printed quoted, on one line', () => {
    const p = file('odd\nname', 't', 0o644)
    expect(classOf(() => readTokenFile(p, { uid }))).toContain(`token-file "${dir}/odd\\nname": has mode 0644`)
  })

  test('owned by another user than the runner or root is refused', () => {
    const p = file('other', 't', 0o600)
    if (uid === 0) {
      chownSync(p, 12345, 12345)
      expect(classOf(() => readTokenFile(p, { uid: 0 }))).toContain('owned by uid 12345')
    } else {
      expect(classOf(() => readTokenFile(p, { uid: uid + 1 }))).toContain(`owned by uid ${uid}`)
    }
  })

  test('a symbolic link is judged by its target', () => {
    const target = file('target', 't', 0o644)
    const link = join(dir, 'link')
    symlinkSync(target, link)
    expect(classOf(() => readTokenFile(link, { uid }))).toContain('has mode 0644')
  })
})
