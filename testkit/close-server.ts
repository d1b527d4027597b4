/** A test server's connections: tracked from the start, all closed at once at the end. */
import type { Server } from 'node:net'
import type { Socket } from 'node:net'

/** Keeps `sockets` holding the server's open connections, for closeServer(). */
export function trackSockets(server: Server, sockets: Set<Socket>): void {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
}

/** Closes a test server at once: every open connection destroyed, never waiting more than 1 s. */
export function closeServer(
  server: Server & { closeAllConnections?: () => void },
  sockets: Set<Socket>
): Promise<void> {
  return new Promise<void>((resolve) => {
    const safety = setTimeout(resolve, 1000)
    safety.unref()
    server.close(() => {
      clearTimeout(safety)
      resolve()
    })
    server.closeAllConnections?.()
    for (const s of sockets) s.destroy()
    sockets.clear()
  })
}
