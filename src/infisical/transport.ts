/**
 * The HTTP transport, on Node's own http and https: one agent per kind of connection, shared by
 * every request of the run (at most 8 sockets a host, kept alive between requests), going
 * directly or through the proxy the environment names (never for loopback) with a CONNECT
 * tunnel, with the run's TLS context; bodies read up to a bound; every socket destroyed at the end.
 * Certificates are always verified: `rejectUnauthorized: true` is given wherever a TLS connection
 * is made, so that NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing.
 * (undici, measured, costs every run a WebAssembly compile of its HTTP parser: ~150 ms and
 * ~45 MiB for a single request; Node's built-in parser costs nothing to start.)
 */
import http from 'node:http'
import https from 'node:https'
import tls from 'node:tls'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { checkProxies, proxyFor } from './proxy.js'
import type { HttpAnswer } from './answer-body.js'

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpAnswer>
  /** The proxy `url` goes through, if any (for messages). */
  proxyOf(url: string): string | undefined
  destroy(): void
}

export interface TransportOptions {
  env: NodeJS.ProcessEnv
  /** The URLs the run will ask: the proxies they go through are checked at once (`config`). */
  urls?: string[]
  /** TLS context with the extra trusted roots; undefined keeps Node's defaults. */
  secureContext?: tls.SecureContext
}

/** Concurrent connections to one host: the reads go at most 8 at once. */
export const MAX_SOCKETS = 8
/** Larger answers are cut: a secret answer is small, and a proxy's page needs only its start. */
const MAX_BODY = 4 * 1024 * 1024
/** Node's default follows NODE_TLS_REJECT_UNAUTHORIZED; every TLS connection of the run says it. */
const VERIFY = { rejectUnauthorized: true } as const

/** A proxy that answered CONNECT with something else than 200. */
export class ProxyTunnelError extends Error {
  readonly code = 'ERR_PROXY_TUNNEL'
  constructor(readonly status: number) {
    super(`the proxy answered the CONNECT request with HTTP ${status}`)
    this.name = 'ProxyTunnelError'
  }
}

type Callback = (err: Error | null, socket?: Duplex) => void

/** A URL's user name or password, percent-decoded where it can be (a lone `%` stays as it is). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Opens a CONNECT tunnel to `host:port` through `proxy`. */
function openTunnel(
  proxy: URL,
  host: string,
  port: number,
  secureContext: tls.SecureContext | undefined,
  done: Callback
): void {
  let settled = false
  const finish: Callback = (err, socket) => {
    if (settled) return
    settled = true
    done(err, socket)
  }
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const auth =
    proxy.username || proxy.password
      ? {
          'proxy-authorization': `Basic ${Buffer.from(`${decoded(proxy.username)}:${decoded(proxy.password)}`).toString('base64')}`
        }
      : {}
  const viaTls = proxy.protocol === 'https:'
  const req = (viaTls ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.port || (viaTls ? 443 : 80),
    method: 'CONNECT',
    path: target,
    headers: { host: target, ...auth },
    agent: false,
    ...(viaTls ? { ...VERIFY, ...(secureContext ? { secureContext } : {}) } : {})
  })
  req.once('connect', (res: http.IncomingMessage, socket: Socket) => {
    if (res.statusCode === 200) return finish(null, socket)
    socket.destroy()
    finish(new ProxyTunnelError(res.statusCode ?? 0))
  })
  req.once('error', (e) => finish(e))
  req.end()
}

interface ConnectOptions {
  host?: string | null
  hostname?: string | null
  port?: number | string | null
  servername?: string
}

function hostAndPort(options: ConnectOptions, defaultPort: number): [string, number] {
  return [String(options.hostname ?? options.host ?? 'localhost'), Number(options.port || defaultPort)]
}

/** An agent for http targets reached through a proxy's tunnel. */
class TunnelHttpAgent extends http.Agent {
  constructor(
    private readonly proxy: URL,
    private readonly secureContext: tls.SecureContext | undefined
  ) {
    super({ keepAlive: true, maxSockets: MAX_SOCKETS })
  }

  override createConnection(options: ConnectOptions, callback: Callback): undefined {
    const [host, port] = hostAndPort(options, 80)
    openTunnel(this.proxy, host, port, this.secureContext, callback)
    return undefined
  }
}

/** An agent for https targets reached through a proxy's tunnel: TLS to the target inside it. */
class TunnelHttpsAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    private readonly secureContext: tls.SecureContext | undefined
  ) {
    super({ keepAlive: true, maxSockets: MAX_SOCKETS, ...VERIFY, ...(secureContext ? { secureContext } : {}) })
  }

  override createConnection(options: ConnectOptions & tls.ConnectionOptions, callback: Callback): undefined {
    const [host, port] = hostAndPort(options, 443)
    openTunnel(this.proxy, host, port, this.secureContext, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no tunnel'))
      const secure = tls.connect({ ...options, ...VERIFY, socket, servername: options.servername || host })
      secure.once('secureConnect', () => callback(null, secure))
      secure.once('error', (e) => callback(e))
    })
    return undefined
  }
}

function readAnswer(res: http.IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (): void =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
    res.on('data', (chunk: Buffer) => {
      size += chunk.length
      chunks.push(chunk)
      if (size >= MAX_BODY) {
        res.destroy()
        done()
      }
    })
    res.once('end', done)
    res.once('error', reject)
  })
}

export function createTransport(opts: TransportOptions): Transport {
  const { secureContext } = opts
  if (opts.urls) checkProxies(opts.urls, opts.env)
  const direct = {
    http: new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    https: new https.Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      ...VERIFY,
      ...(secureContext ? { secureContext } : {})
    })
  }
  const tunnels = new Map<string, http.Agent>()
  const agentFor = (url: URL): http.Agent => {
    const proxy = proxyFor(url.href, opts.env)
    const secure = url.protocol === 'https:'
    if (proxy === undefined) return secure ? direct.https : direct.http
    const key = `${secure ? 'https' : 'http'} ${proxy}`
    let agent = tunnels.get(key)
    if (!agent) {
      agent = secure
        ? new TunnelHttpsAgent(new URL(proxy), secureContext)
        : new TunnelHttpAgent(new URL(proxy), secureContext)
      tunnels.set(key, agent)
    }
    return agent
  }
  return {
    send(req) {
      return new Promise((resolve, reject) => {
        const url = new URL(req.url)
        const headers =
          req.body === undefined
            ? req.headers
            : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) }
        const secure = url.protocol === 'https:'
        const request = (secure ? https : http).request(
          url,
          { method: req.method, headers, agent: agentFor(url), signal: req.signal, ...(secure ? VERIFY : {}) },
          (res) => readAnswer(res).then(resolve, reject)
        )
        request.once('error', reject)
        request.end(req.body)
      })
    },
    proxyOf(url) {
      return proxyFor(url, opts.env)
    },
    destroy() {
      direct.http.destroy()
      direct.https.destroy()
      for (const agent of tunnels.values()) agent.destroy()
    }
  }
}
