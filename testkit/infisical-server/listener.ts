/**
 * The socket side of the Infisical test server: an http server, or an https one with a
 * certificate of testCertificates() (trusted, for the wrong host, or of an untrusted CA); and a URL
 * where nothing listens.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer } from 'node:net'

import { testCertificates } from '../certs.js'
import { listen } from '../listen.js'
import type { TlsMode } from './options.js'

/** A server for `tls` (not yet listening), and the PEM of the CA to trust when it speaks https. */
export async function createListener(tls: TlsMode): Promise<{ server: Server; ca?: string }> {
  if (tls === 'none') return { server: createHttpServer() }
  const certs = await testCertificates()
  const [cert, key] =
    tls === 'trusted'
      ? [certs.serverCertPem, certs.serverKeyPem]
      : tls === 'wrong-host'
        ? [certs.wrongHostCertPem, certs.wrongHostKeyPem]
        : [certs.untrustedCertPem, certs.untrustedKeyPem]
  return { server: createHttpsServer({ cert, key }) as unknown as Server, ca: certs.caPem }
}

/** A URL on loopback where nothing listens: a port bound, then closed. */
export async function startRefusingUrl(): Promise<string> {
  const server = createNetServer()
  const port = await listen(server, '127.0.0.1')
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
