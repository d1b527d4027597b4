/**
 * Listening on loopback, the same way for every server of the testkit (the Infisical test server,
 * the OIDC issuer, the HTML proxy): loopback hosts only, a port chosen by the system (or given,
 * when a server listens again after a restart), the address written into URLs.
 */
import type { AddressInfo, Server } from 'node:net'

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
