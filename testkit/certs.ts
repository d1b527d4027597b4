/**
 * Test certificates made with the `openssl` CLI into a temporary folder, once per process.
 *
 * - a CA ("Infisical Testkit CA") and a server certificate signed by it for 127.0.0.1, ::1 and localhost;
 * - a second server certificate from the same CA, valid only for `wrong.example.test`;
 * - an unrelated CA that nobody trusts, with its own server certificate for 127.0.0.1, ::1 and localhost.
 *
 * Keys are ECDSA P-256 (fast to make). The folder is removed when the process exits.
 * Under jest every test file has its own module registry, so the cache lives on `globalThis`
 * to be shared by all test files that run in the same worker process.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const OPENSSL = process.env.OPENSSL_BIN || 'openssl'

export const WRONG_HOST_NAME = 'wrong.example.test'

export interface TestCertificates {
  dir: string
  caPem: string
  caPath: string
  serverCertPem: string
  serverCertPath: string
  serverKeyPem: string
  serverKeyPath: string
  wrongHostCertPem: string
  wrongHostCertPath: string
  wrongHostKeyPem: string
  wrongHostKeyPath: string
  untrustedCaPem: string
  untrustedCaPath: string
  untrustedCertPem: string
  untrustedCertPath: string
  untrustedKeyPem: string
  untrustedKeyPath: string
}

const CACHE_KEY = Symbol.for('infisical-forgejo-action.testkit.certs')
type Cache = { promise?: Promise<TestCertificates> }
const cache: Cache = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] as Cache | undefined) ?? {}
;(globalThis as Record<symbol, unknown>)[CACHE_KEY] = cache

/** The certificates of this process, generated on first call. */
export function testCertificates(): Promise<TestCertificates> {
  if (!cache.promise) {
    cache.promise = generate()
    cache.promise.catch(() => {
      cache.promise = undefined
    })
  }
  return cache.promise
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run(OPENSSL, args, { cwd, timeout: 20_000 })
  } catch (err) {
    const e = err as Error & { stderr?: string }
    throw new Error(`openssl ${args[0]} failed: ${e.stderr || e.message}`, { cause: err })
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

async function makeCa(dir: string, name: string, cn: string): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '3650',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ],
    dir
  )
}

async function makeLeaf(dir: string, name: string, ca: string, cn: string, san: string): Promise<void> {
  await writeFile(
    join(dir, `${name}.ext`),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${san}`,
      'authorityKeyIdentifier=keyid,issuer'
    ].join('\n') + '\n'
  )
  await openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir)
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
      '-days',
      '825',
      '-sha256',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`
    ],
    dir
  )
}

async function generate(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'infisical-testkit-certs-'))
  process.once('exit', () => {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      /* best effort */
    }
  })
  const loopbackSan = 'IP:127.0.0.1,IP:::1,DNS:localhost'
  await Promise.all([makeCa(dir, 'ca', 'Infisical Testkit CA'), makeCa(dir, 'untrusted-ca', 'Untrusted Testkit CA')])
  await Promise.all([
    makeLeaf(dir, 'server', 'ca', '127.0.0.1', loopbackSan),
    makeLeaf(dir, 'wrong-host', 'ca', WRONG_HOST_NAME, `DNS:${WRONG_HOST_NAME}`),
    makeLeaf(dir, 'untrusted', 'untrusted-ca', '127.0.0.1', loopbackSan)
  ])
  const p = (f: string) => join(dir, f)
  const read = (f: string) => readFile(p(f), 'utf8')
  const [
    caPem,
    serverCertPem,
    serverKeyPem,
    wrongHostCertPem,
    wrongHostKeyPem,
    untrustedCaPem,
    untrustedCertPem,
    untrustedKeyPem
  ] = await Promise.all([
    read('ca.pem'),
    read('server.pem'),
    read('server.key'),
    read('wrong-host.pem'),
    read('wrong-host.key'),
    read('untrusted-ca.pem'),
    read('untrusted.pem'),
    read('untrusted.key')
  ])
  return {
    dir,
    caPem,
    caPath: p('ca.pem'),
    serverCertPem,
    serverCertPath: p('server.pem'),
    serverKeyPem,
    serverKeyPath: p('server.key'),
    wrongHostCertPem,
    wrongHostCertPath: p('wrong-host.pem'),
    wrongHostKeyPem,
    wrongHostKeyPath: p('wrong-host.key'),
    untrustedCaPem,
    untrustedCaPath: p('untrusted-ca.pem'),
    untrustedCertPem,
    untrustedCertPath: p('untrusted.pem'),
    untrustedKeyPem,
    untrustedKeyPath: p('untrusted.key')
  }
}
