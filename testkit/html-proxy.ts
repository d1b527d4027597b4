/**
 * A reverse proxy on loopback in front of a target URL, standing for the nginx or WAF that sits in
 * front of a self-hosted Infisical. While `blocked` (the default) it answers every request itself with
 * an HTML error page (403, or 502 with `status: 502`), never touching the target; otherwise it
 * forwards each request to the target and streams the answer back (a target that cannot be reached
 * gives the HTML 502, as nginx does). It counts and records the requests it receives.
 */
import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'

import { HTML_CONTENT_TYPE, nginxErrorPage } from './infisical-server/pages.js'
import { closeServer, trackSockets } from './close-server.js'
import { listen, loopbackHost, urlHost } from './listen.js'

export interface HtmlProxyOptions {
  /** base URL requests are forwarded to when not blocked, e.g. server.url */
  target: string
  /** default true */
  blocked?: boolean
  /** the status of the HTML page while blocked: 403 (default) or 502 */
  status?: 403 | 502
  /** PEM of a CA to trust when the target is https (e.g. server.ca) */
  ca?: string
  /** loopback address to listen on, default 127.0.0.1 */
  host?: string
}

export interface ProxiedRequest {
  method: string
  url: string
  /** true when the request was forwarded to the target, false when the proxy answered it */
  forwarded: boolean
  at: number
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']

export class HtmlProxy {
  readonly url: string
  readonly port: number
  readonly target: string
  /** answer with the HTML page instead of forwarding */
  blocked: boolean
  /** the status of the HTML page: 403 or 502 */
  status: 403 | 502
  readonly requests: ProxiedRequest[] = []
  private readonly sockets = new Set<Socket>()
  private readonly targetUrl: URL
  private readonly ca?: string
  private closing?: Promise<void>

  private constructor(
    private readonly server: Server,
    opts: HtmlProxyOptions,
    host: string,
    port: number
  ) {
    this.port = port
    this.url = `http://${urlHost(host)}:${port}`
    this.target = opts.target.replace(/\/+$/, '')
    this.targetUrl = new URL(this.target)
    this.blocked = opts.blocked ?? true
    this.status = opts.status ?? 403
    this.ca = opts.ca
    trackSockets(server, this.sockets)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res))
  }

  static async start(opts: HtmlProxyOptions): Promise<HtmlProxy> {
    const host = loopbackHost(opts.host, 'HtmlProxy')
    const server = createServer()
    return new HtmlProxy(server, opts, host, await listen(server, host))
  }

  /** requests received so far */
  get count(): number {
    return this.requests.length
  }

  /** requests forwarded to the target so far */
  get forwarded(): number {
    return this.requests.filter((r) => r.forwarded).length
  }

  clearRequests(): void {
    this.requests.length = 0
  }

  async close(): Promise<void> {
    if (this.closing) return this.closing
    this.closing = closeServer(this.server, this.sockets)
    return this.closing
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const forwarded = !this.blocked
    this.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', forwarded, at: Date.now() })
    if (!forwarded) {
      this.page(res, this.status)
      return
    }
    const headers: OutgoingHttpHeaders = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.includes(k)) headers[k] = v
    }
    headers.host = this.targetUrl.host
    const basePath = this.targetUrl.pathname.replace(/\/+$/, '')
    const options = {
      protocol: this.targetUrl.protocol,
      hostname: this.targetUrl.hostname.replace(/^\[|\]$/g, ''),
      port: this.targetUrl.port || (this.targetUrl.protocol === 'https:' ? 443 : 80),
      method: req.method,
      path: `${basePath}${req.url ?? '/'}`,
      headers,
      agent: false as const,
      ...(this.targetUrl.protocol === 'https:' && this.ca ? { ca: this.ca } : {})
    }
    const upstream = (this.targetUrl.protocol === 'https:' ? httpsRequest : httpRequest)(options, (up) => {
      const out: OutgoingHttpHeaders = {}
      for (const [k, v] of Object.entries(up.headers)) {
        if (v !== undefined && !HOP_BY_HOP.includes(k)) out[k] = v
      }
      res.writeHead(up.statusCode ?? 502, out)
      up.pipe(res)
      up.on('error', () => res.destroy())
    })
    upstream.on('error', () => {
      if (!res.headersSent) this.page(res, 502)
      else res.destroy()
    })
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    req.pipe(upstream)
  }

  private page(res: ServerResponse, status: number): void {
    if (res.headersSent || res.destroyed) return
    const body = Buffer.from(nginxErrorPage(status), 'utf8')
    res.writeHead(status, { 'content-type': HTML_CONTENT_TYPE, 'content-length': String(body.length), server: 'nginx' })
    res.end(body)
  }
}
