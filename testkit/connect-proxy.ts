/**
 * A forward proxy on loopback that answers HTTP CONNECT (what HTTPS_PROXY clients use) and
 * tunnels every target host to 127.0.0.1 at the same port, so that a test can name a host that is
 * not loopback (and so is proxied) while the server still runs here. It records what it was asked.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { closeServer, trackSockets } from './close-server.js'
import { listen } from './listen.js'

export class ConnectProxy {
  readonly url: string
  /** `host:port` of every CONNECT received. */
  readonly connects: string[] = []
  /** When set, every CONNECT is answered with this status (a proxy that refuses the tunnel). */
  refuseWith: number | undefined
  private readonly sockets = new Set<Socket>()

  private constructor(private readonly server: Server) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  static async start(): Promise<ConnectProxy> {
    const server = createServer((_req, res) => {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('this proxy only tunnels (CONNECT)\n')
    })
    await listen(server, '127.0.0.1')
    const proxy = new ConnectProxy(server)
    trackSockets(server, proxy.sockets)
    server.on('connect', (req, client: Socket, head: Buffer) => {
      const target = req.url ?? ''
      proxy.connects.push(target)
      if (proxy.refuseWith !== undefined) {
        client.end(`HTTP/1.1 ${proxy.refuseWith} Refused\r\ncontent-type: text/html\r\ncontent-length: 0\r\n\r\n`)
        return
      }
      const port = Number(target.split(':').pop())
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      proxy.sockets.add(upstream)
      upstream.on('close', () => proxy.sockets.delete(upstream))
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    return proxy
  }

  close(): Promise<void> {
    return closeServer(this.server, this.sockets)
  }
}
