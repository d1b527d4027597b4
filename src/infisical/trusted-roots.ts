/**
 * The certificates trusted for https: Node's own roots, NODE_EXTRA_CA_CERTS, the operating
 * system's bundle (SSL_CERT_FILE, else /etc/ssl/certs/ca-certificates.crt, where an internal CA
 * installed with update-ca-certificates lands), and the `ca-certificate` input (PEM text or a path).
 * Node replaces its defaults when a `ca` list is given, so the list holds all of them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import { ActionError } from '../errors.js'

export const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export function pemCertificates(text: string): string[] {
  return text.match(PEM_BLOCK) ?? []
}

function readOptional(path: string | undefined): string[] {
  if (!path || !existsSync(path)) return []
  try {
    return pemCertificates(readFileSync(path, 'utf8'))
  } catch {
    return []
  }
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

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new ActionError('config', `ca-certificate ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      fix: 'give the CA certificate as PEM text or as the path of a readable PEM file'
    })
  }
}

export function trustedRoots(env: NodeJS.ProcessEnv, caCertificate: string | undefined): string[] {
  return [
    ...rootCertificates,
    ...readOptional(env.NODE_EXTRA_CA_CERTS),
    ...readOptional(env.SSL_CERT_FILE || SYSTEM_BUNDLE),
    ...(caCertificate ? extraCertificates(caCertificate) : [])
  ]
}
