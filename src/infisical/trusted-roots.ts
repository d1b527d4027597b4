/**
 * The certificates trusted for https: Node's own roots, NODE_EXTRA_CA_CERTS, the operating
 * system's bundle (SSL_CERT_FILE, else /etc/ssl/certs/ca-certificates.crt, where an internal CA
 * installed with update-ca-certificates lands), and the `ca-certificate` input (PEM text or a path).
 */
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import { ActionError } from '../errors.js'
import { quoted } from '../log-text.js'
import { describeFileProblem, readRegularFile } from '../regular-file.js'

export const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

/**
 * The warning for NODE_TLS_REJECT_UNAUTHORIZED=0 (Node's switch that turns certificate checks
 * off): the transport ignores it, and says so once. Undefined when it is not set to 0.
 */
export function ignoredTlsSwitch(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return undefined
  return `NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the environment and is ignored: this action always verifies certificates (Node's own warning about it does not apply to its connections). Trust a private CA with ca-certificate (or the system bundle) instead, and remove the variable.`
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export function pemCertificates(text: string): string[] {
  return text.match(PEM_BLOCK) ?? []
}

/** A system bundle holds a few hundred KiB of roots; allow some more than for an input's file. */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024

/** The certificates of a bundle the environment names, if it is a readable regular file; else none. */
function readOptional(path: string | undefined): string[] {
  if (!path) return []
  const read = readRegularFile(path, MAX_BUNDLE_BYTES)
  return 'text' in read ? pemCertificates(read.text) : []
}

/** The `ca-certificate` input: PEM text, or the path of a PEM file. */
export function extraCertificates(input: string): string[] {
  const text = input.includes('-----BEGIN') ? input : readCaFile(input)
  const certs = pemCertificates(text)
  if (certs.length === 0) {
    throw new ActionError('config', 'ca-certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)', {
      fix: 'give the CA certificate as PEM text or as the path of a PEM file'
    })
  }
  return certs
}

/** The `ca-certificate` file: a regular file of at most 1 MiB (a FIFO or a device fails at once). */
function readCaFile(path: string): string {
  const read = readRegularFile(path)
  if ('text' in read) return read.text
  throw new ActionError('config', `ca-certificate ${quoted(path)} ${describeFileProblem(read.problem)}`, {
    fix: 'give the CA certificate as PEM text or as the path of a readable PEM file'
  })
}

function body(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
}

/**
 * The TLS context of the run, made once: Node's roots and NODE_EXTRA_CA_CERTS (Node's default
 * store), plus the certificates of the system bundle and `ca-certificate` that Node does not
 * already have. Undefined when there are none: Node's default context then serves.
 */
export function tlsContext(env: NodeJS.ProcessEnv, caCertificate: string | undefined): SecureContext | undefined {
  const known = new Set(rootCertificates.map(body))
  const extras = new Map<string, string>()
  for (const pem of [
    ...readOptional(env.SSL_CERT_FILE || SYSTEM_BUNDLE),
    ...(caCertificate ? extraCertificates(caCertificate) : [])
  ]) {
    const key = body(pem)
    if (!known.has(key)) extras.set(key, pem)
  }
  if (extras.size === 0) return undefined
  // A context of its own starts from Node's roots alone: NODE_EXTRA_CA_CERTS must be added again.
  for (const pem of readOptional(env.NODE_EXTRA_CA_CERTS)) extras.set(body(pem), pem)
  // Adding to a context made with the default store costs a few ms; a `ca` list of every root
  // makes OpenSSL parse them all again (~50 ms here). The first is internal API: guarded.
  const context = createSecureContext()
  const native = (context as unknown as { context?: { addCACert?: (pem: string) => void } }).context
  if (typeof native?.addCACert === 'function') {
    for (const pem of extras.values()) native.addCACert(pem)
    return context
  }
  return createSecureContext({ ca: [...rootCertificates, ...extras.values()] })
}
