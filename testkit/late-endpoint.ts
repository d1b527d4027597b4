/**
 * An Infisical that restarts: a loopback URL where connections are refused until `afterMs` has
 * passed, and then forwarded, byte for byte, to a running test server. Loopback only.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { closeServer } from './close-server.js'
import { freePort, listen } from './listen.js'

export interface LateEndpoint {
  url: string
  /** Whether it has started to accept connections. */
  readonly listening: boolean
  /** Connections accepted since it opened (refused ones are never seen). */
  readonly accepted: number
  close(): Promise<void>
}

/** Refuses connections for `afterMs`, then forwards them to `targetPort` on 127.0.0.1. */
export async function startLateEndpoint(targetPort: number, afterMs: number): Promise<LateEndpoint> {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let accepted = 0
  let closed = false
  const open = async (): Promise<void> => {
    if (closed) return
    const s = createServer((client) => {
      accepted++
      const upstream = connect(targetPort, '127.0.0.1')
      for (const sock of [client, upstream]) {
        sockets.add(sock)
        sock.on('close', () => sockets.delete(sock))
        sock.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await listen(s, '127.0.0.1', port)
    server = s
  }
  const timer = setTimeout(() => {
    open().catch((e: unknown) => {
      // The port was taken in between: the test fails by itself (the URL never answers).
      console.error(`late endpoint could not open port ${port}: ${String(e)}`)
    })
  }, afterMs)
  return {
    url: `http://127.0.0.1:${port}`,
    get listening() {
      return server !== undefined
    },
    get accepted() {
      return accepted
    },
    async close() {
      closed = true
      clearTimeout(timer)
      if (server) await closeServer(server, sockets)
      for (const s of sockets) s.destroy()
    }
  }
}
