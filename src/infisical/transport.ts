/**
 * The HTTP transport: one undici dispatcher for every request of the run. It sends a request
 * directly or through the proxy the environment names (never for loopback), with the trusted
 * roots of the contract, reads a bounded body, and is destroyed at the end so that no idle
 * connection keeps the process alive.
 */
import { Agent, Dispatcher, ProxyAgent, request } from 'undici'
import { proxyFor } from './proxy.js'
import type { HttpAnswer } from './answers.js'

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpAnswer>
  /** Whether `url` goes through a proxy (for messages). */
  proxyOf(url: string): string | undefined
  destroy(): Promise<void>
}

export interface TransportOptions {
  env: NodeJS.ProcessEnv
  /** The CA list for https, or undefined to keep Node's defaults. */
  ca?: string[]
  /** Limit for establishing a connection (TCP and TLS). */
  connectTimeoutMs: number
}

/** Larger answers are cut: a secret answer is small, and a proxy's page needs only its start. */
const MAX_BODY = 4 * 1024 * 1024

/** Sends each request directly or through its proxy; one dispatcher for the run. */
class RoutingDispatcher extends Dispatcher {
  private readonly direct: Agent
  private readonly proxies = new Map<string, ProxyAgent>()

  constructor(private readonly opts: TransportOptions) {
    super()
    this.direct = new Agent({ connect: this.connectOptions(), keepAliveTimeout: 2_000 })
  }

  private connectOptions(): Agent.Options['connect'] {
    return { timeout: this.opts.connectTimeoutMs, ...(this.opts.ca ? { ca: this.opts.ca } : {}) }
  }

  agentFor(origin: string): Dispatcher {
    const proxy = proxyFor(origin, this.opts.env)
    if (proxy === undefined) return this.direct
    let agent = this.proxies.get(proxy)
    if (!agent) {
      agent = new ProxyAgent({
        uri: proxy,
        requestTls: this.opts.ca ? { ca: this.opts.ca } : {},
        proxyTls: this.opts.ca ? { ca: this.opts.ca } : {},
        connect: { timeout: this.opts.connectTimeoutMs }
      })
      this.proxies.set(proxy, agent)
    }
    return agent
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    return this.agentFor(String(options.origin)).dispatch(options, handler)
  }

  override close(): Promise<void>
  override close(callback: () => void): void
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all([this.direct.close(), ...[...this.proxies.values()].map((p) => p.close())]).then(() => undefined)
    if (callback) void done.then(callback)
    else return done
  }

  override destroy(): Promise<void>
  override destroy(err: Error | null): Promise<void>
  override destroy(callback: () => void): void
  override destroy(err: Error | null, callback: () => void): void
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const callback = typeof a === 'function' ? a : b
    const err = typeof a === 'function' ? null : (a ?? null)
    const done = Promise.all([this.direct.destroy(err), ...[...this.proxies.values()].map((p) => p.destroy(err))]).then(() => undefined)
    if (callback) void done.then(callback)
    else return done
  }
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(chunk)
    size += chunk.length
    if (size >= MAX_BODY) {
      body.destroy()
      break
    }
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function createTransport(opts: TransportOptions): Transport {
  const dispatcher = new RoutingDispatcher(opts)
  return {
    async send(req) {
      const res = await request(req.url, {
        dispatcher,
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: req.signal,
        // The run's own limits apply (the attempt's signal); undici's 300 s defaults never fire first.
        headersTimeout: 0,
        bodyTimeout: 0
      })
      const headers: HttpAnswer['headers'] = {}
      for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v
      return { status: res.statusCode, headers, body: await readBody(res.body) }
    },
    proxyOf(url) {
      return proxyFor(url, opts.env)
    },
    async destroy() {
      await dispatcher.destroy()
    }
  }
}
