import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rootCertificates } from 'node:tls'
import { extraCertificates, ignoredTlsSwitch, tlsContext } from '../../src/infisical/trusted-roots.js'
import { ActionError } from '../../src/errors.js'

/** A well-formed certificate (one of Node's own roots). */
const PEM = rootCertificates[0] as string

describe('NODE_TLS_REJECT_UNAUTHORIZED', () => {
  test("0 (what turns Node's checks off) is named as ignored; anything else says nothing", () => {
    expect(ignoredTlsSwitch({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toMatch(
      /^NODE_TLS_REJECT_UNAUTHORIZED=0 is set .* is ignored: this action always verifies certificates/
    )
    for (const v of [undefined, '1', '', 'false'])
      expect(ignoredTlsSwitch({ NODE_TLS_REJECT_UNAUTHORIZED: v })).toBeUndefined()
  })
})

describe('ca-certificate', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-roots-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function failure(input: string): ActionError {
    try {
      extraCertificates(input)
    } catch (e) {
      return e as ActionError
    }
    throw new Error('no error')
  }

  test('PEM text, and the path of a PEM file', () => {
    writeFileSync(join(dir, 'ca.pem'), PEM)
    expect(extraCertificates(PEM)).toEqual([PEM])
    expect(extraCertificates(join(dir, 'ca.pem'))).toEqual([PEM])
  })

  test('a FIFO is refused at once with config, never read', () => {
    const fifo = join(dir, 'ca.pem')
    execFileSync('mkfifo', [fifo])
    const e = failure(fifo)
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain(`ca-certificate "${fifo}" is a FIFO (named pipe), not a regular file`)
  })

  test.each([
    ['a device', () => '/dev/zero', 'is a device, not a regular file'],
    ['a folder', () => dir, 'is a folder, not a regular file'],
    ['a missing file', () => join(dir, 'nope.pem'), 'does not exist'],
    [
      'a file over 1 MiB',
      () => {
        writeFileSync(join(dir, 'big.pem'), `${PEM}\n${'#'.repeat(1024 * 1024)}`)
        return join(dir, 'big.pem')
      },
      'is larger than 1024 KiB'
    ]
  ])('%s is refused with config', (_what, path, words) => {
    const e = failure(path())
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain(words)
  })

  test('a bundle the environment names that is a FIFO is skipped, not read', () => {
    const fifo = join(dir, 'bundle.crt')
    execFileSync('mkfifo', [fifo])
    expect(tlsContext({ SSL_CERT_FILE: fifo, NODE_EXTRA_CA_CERTS: fifo }, undefined)).toBeUndefined()
  })
})
