/** Closes a test server at once: every open connection destroyed, never waiting more than 1 s. */
import type { Server } from 'node:net'
import type { Socket } from 'node:net'

export function closeServer(server: Server & { closeAllConnections?: () => void }, sockets: Set<Socket>): Promise<void> {
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
