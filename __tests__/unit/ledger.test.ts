import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendToLedger, ledgerFileProblem, ledgerLine } from '../../src/ledger.js'
import type { Marker } from '../../src/marker.js'

const uid = process.getuid!()
const marker = (over: Partial<Marker> = {}): Marker => ({
  schema: 1,
  status: 'ok',
  mode: 'fetch',
  source: 'infisical-token-auth',
  markerKey: 'forgejo_token_source',
  label: 'dashboard',
  endpoint: 'https://infisical.example.org',
  identityId: 'id-1',
  projectId: 'p-1',
  environment: 'prod',
  secrets: [
    {
      env: 'PLATFORMCTL_FORGEJO_TOKEN',
      path: '/home-platform/forgejo_accounts',
      name: 'deploy+bot@example.org',
      version: 3
    }
  ],
  tokenExpiresAt: '2027-01-01T00:00:00.000Z',
  fallback: null,
  preexisting: [],
  error: null,
  requests: 1,
  attempts: [{ endpoint: 'https://infisical.example.org', outcome: 'ok', count: 1 }],
  command: null,
  durationMs: 84,
  run: {
    repository: 'platform/platform',
    workflow: 'w.yml',
    runId: '869',
    runNumber: '729',
    runAttempt: '1',
    job: 'apply',
    sha: 'cec1037',
    serverUrl: 'https://forgejo.example.org'
  },
  createdAt: '2026-05-14T07:44:00.000Z',
  ...over
})

describe('the ledger line', () => {
  test('made from the marker: the fields of the contract, secrets by ENV_NAME only', () => {
    expect(ledgerLine(marker())).toEqual({
      schema: 1,
      createdAt: '2026-05-14T07:44:00.000Z',
      status: 'ok',
      source: 'infisical-token-auth',
      label: 'dashboard',
      errorClass: null,
      endpoint: 'https://infisical.example.org',
      identityId: 'id-1',
      projectId: 'p-1',
      environment: 'prod',
      secrets: ['PLATFORMCTL_FORGEJO_TOKEN'],
      tokenExpiresAt: '2027-01-01T00:00:00.000Z',
      fallback: null,
      requests: 1,
      durationMs: 84,
      run: marker().run
    })
  })

  test('a failure, a fallback and a failed command', () => {
    expect(
      ledgerLine(
        marker({
          status: 'failed',
          source: null,
          error: { class: 'auth-invalid', message: 'm', status: 401, endpoint: null }
        })
      )
    ).toMatchObject({ status: 'failed', errorClass: 'auth-invalid' })
    expect(
      ledgerLine(
        marker({ source: 'direct-env-fallback', fallback: { kind: 'env', reason: { class: 'network', message: 'm' } } })
      )
    ).toMatchObject({ fallback: 'env', errorClass: null })
    expect(ledgerLine(marker({ command: { exitCode: 3 } }))).toMatchObject({
      status: 'ok',
      errorClass: 'command-failed'
    })
    expect(ledgerLine(marker({ command: { exitCode: 0 } })).errorClass).toBeNull()
    expect(ledgerLine(marker({ label: undefined })).label).toBeNull()
  })

  test('which files are refused', () => {
    const file = (mode: number, owner = uid, regular = true) => ({ isFile: () => regular, uid: owner, mode })
    expect(ledgerFileProblem(file(0o100600), uid)).toBeUndefined()
    expect(ledgerFileProblem(file(0o100644), uid)).toBeUndefined()
    expect(ledgerFileProblem(file(0o100620), uid)).toContain('others may write to it (mode 0620)')
    expect(ledgerFileProblem(file(0o100602), uid)).toContain('others may write')
    expect(ledgerFileProblem(file(0o100600, uid + 1), uid)).toContain('owned by user')
    expect(ledgerFileProblem(file(0o010600, uid, false), uid)).toBe('it is not a regular file')
  })
})

describe('appending', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('creates the file mode 0600 and appends one whole line a run', () => {
    const path = join(dir, 'ledger.jsonl')
    expect(appendToLedger(path, ledgerLine(marker()), uid)).toBeUndefined()
    expect(appendToLedger(path, ledgerLine(marker({ label: 'matrix' })), uid)).toBeUndefined()
    expect(lstatSync(path).mode & 0o777).toBe(0o600)
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(lines.slice(0, 2).map((l) => JSON.parse(l).label)).toEqual(['dashboard', 'matrix'])
  })

  test('a symbolic link, a file others may write, a FIFO, a folder: refused, nothing written, never a hang', () => {
    const target = join(dir, 'real.jsonl')
    writeFileSync(target, '')
    chmodSync(target, 0o600)
    const link = join(dir, 'link.jsonl')
    symlinkSync(target, link)
    expect(appendToLedger(link, ledgerLine(marker()), uid)).toContain('symbolic link')
    expect(readFileSync(target, 'utf8')).toBe('')
    const dangling = join(dir, 'dangling.jsonl')
    symlinkSync(join(dir, 'nowhere'), dangling)
    expect(appendToLedger(dangling, ledgerLine(marker()), uid)).toContain('symbolic link')
    const open = join(dir, 'open.jsonl')
    writeFileSync(open, '')
    chmodSync(open, 0o666)
    expect(appendToLedger(open, ledgerLine(marker()), uid)).toContain('others may write')
    expect(readFileSync(open, 'utf8')).toBe('')
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect(appendToLedger(fifo, ledgerLine(marker()), uid)).toMatch(/cannot be opened|not a regular file/)
    expect(appendToLedger(dir, ledgerLine(marker()), uid)).toContain('cannot be opened')
    expect(appendToLedger(join(dir, 'missing', 'x.jsonl'), ledgerLine(marker()), uid)).toContain('ENOENT')
  })
})
