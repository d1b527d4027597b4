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

/** Stops listening and destroys every open connection; resolves when the server has closed. */
export function closeAll(server: Server & { closeAllConnections?: () => void }, sockets: Set<Socket>): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections?.()
    for (const s of sockets) s.destroy()
    sockets.clear()
  })
}

/** Closes a test server at once: closeAll(), never waiting more than 1 s. */
export async function closeServer(
  server: Server & { closeAllConnections?: () => void },
  sockets: Set<Socket>
): Promise<void> {
  let safety: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    safety = setTimeout(resolve, 1000)
    safety.unref()
  })
  await Promise.race([closeAll(server, sockets), timeout])
  clearTimeout(safety)
}
