/**
 * Listening on loopback, the same way for every server of the testkit (the Infisical test server,
 * the OIDC issuer, the HTML proxy): loopback hosts only, a port chosen by the system (or given,
 * when a server listens again after a restart), the address written into URLs; the http or https
 * server of a TLS mode (the Infisical test server, the OIDC issuer); a URL where nothing listens.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net'

import { testCertificates } from './certs.js'
import type { TlsMode } from './infisical-server/options.js'

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/

/** The host to listen on (127.0.0.1 unless given); throws unless it is a loopback address, `who` naming the server. */
export function loopbackHost(host: string | undefined, who: string): string {
  const h = host ?? '127.0.0.1'
  if (!LOOPBACK.test(h)) throw new Error(`${who} listens on loopback only, not on '${h}'`)
  return h
}

/** Listens on `host` (port 0: one the system picks); resolves with the port, rejects on a listen error. */
export async function listen(server: Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

/** The host as written in a URL: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** A server for `tls` (not yet listening), and the PEM of the CA to trust when it speaks https. */
export async function createListener(tls: TlsMode): Promise<{ server: HttpServer; ca?: string }> {
  if (tls === 'none') return { server: createHttpServer() }
  const certs = await testCertificates()
  const [cert, key] =
    tls === 'trusted'
      ? [certs.serverCertPem, certs.serverKeyPem]
      : tls === 'wrong-host'
        ? [certs.wrongHostCertPem, certs.wrongHostKeyPem]
        : [certs.untrustedCertPem, certs.untrustedKeyPem]
  return { server: createHttpsServer({ cert, key }) as unknown as HttpServer, ca: certs.caPem }
}

/** A free loopback port: bound, then closed at once (nothing listens on it afterwards). */
export async function freePort(): Promise<number> {
  const server = createNetServer()
  const port = await listen(server, '127.0.0.1')
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A URL on loopback where nothing listens: a port bound, then closed. */
export async function startRefusingUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`
}
