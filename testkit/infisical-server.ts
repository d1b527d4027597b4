/**
 * An Infisical test server on loopback, for the tests, the demo and the benchmark.
 *
 * It answers the routes the action (and the official SDK) use, faithfully to Infisical's
 * backend as described in docs/infisical-api.md:
 *   GET  /api/v4/secrets/:secretName         (optional: `v4: false` makes a server without the v4 routes)
 *   GET  /api/v3/secrets/raw/:secretName
 *   GET  /api/v4/secrets, GET /api/v3/secrets/raw   (a folder: `{ secrets, imports }`)
 *   POST /api/v1/auth/universal-auth/login
 *   POST /api/v1/auth/oidc-auth/login          (configureOidcAuth(); the server fetches the issuer's
 *                                               discovery document and JWKS over real HTTP(S))
 * Every other route gets the framework's own 404 (the '2024' profile: the front end's HTML 404).
 * State (projects, folders, secrets, imports, identities, grants, tokens) is in memory and set up
 * through the methods below. Server profiles ('2024', '2025', '2026', 'cloud-free') reproduce the
 * periods' differences (routes, 404s, rate limits, tokens, wordings; see infisical-server/profiles.ts).
 * Faults can be injected, restart() refuses connections or answers 503 for a while, every request
 * is recorded, and close() ends everything at once.
 *
 * The pieces: infisical-server/state.ts (data), auth.ts (token checks, use counting, UA login),
 * oidc-auth.ts (the OIDC Auth login), secrets.ts (the read and list routes), errors.ts (error bodies and the table), profiles.ts,
 * faults.ts (faults and limiters), jwt.ts, ip.ts, pages.ts.
 */
import { randomBytes } from 'node:crypto'
import {
  STATUS_CODES,
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'

import { testCertificates } from './certs.js'
import { authenticate, issueTokenAuthToken, universalAuthLogin, type Authenticated } from './infisical-server/auth.js'
import { InfisicalError, MSG, errorBody, frameworkNotFound, newReqId, type Reply } from './infisical-server/errors.js'
import { FaultQueue, RateLimiter, WindowLimiter, type Fault, type Route } from './infisical-server/faults.js'
import { jwtPayload } from './infisical-server/jwt.js'
import { normalizeAddress } from './infisical-server/ip.js'
import { assertNotLocalUrl, oidcAuthLogin, type OidcAuthConfig } from './infisical-server/oidc-auth.js'
import {
  HTML_CONTENT_TYPE,
  NEXT_HTML_CONTENT_TYPE,
  nextJsNotFoundPage,
  nginxErrorPage
} from './infisical-server/pages.js'
import { profileFor, realIp, type Profile, type ProfileName, type RateLimits } from './infisical-server/profiles.js'
import { listSecrets, readSecret, type Query } from './infisical-server/secrets.js'
import { ServerState, normalizePath, type GrantValue, type Identity, type TokenRow } from './infisical-server/state.js'
import { closeServer, trackSockets } from './close-server.js'

export { jwtPayload } from './infisical-server/jwt.js'
export { signJwt, verifyJwt } from './infisical-server/jwt.js'
export { MSG, TABLE_CASES, type TableCase, type TableCaseId } from './infisical-server/errors.js'
export { HIDDEN_VALUE } from './infisical-server/secrets.js'
export { nginxErrorPage, nextJsNotFoundPage } from './infisical-server/pages.js'
export {
  MSG_PROFILES,
  MAX_TOKEN_AGE_SECONDS,
  PROFILE_NAMES,
  type ProfileName,
  type RateLimits
} from './infisical-server/profiles.js'
export type { Fault, Route } from './infisical-server/faults.js'
export type { Grant, GrantValue, Identity } from './infisical-server/state.js'
export type { OidcAuthConfig } from './infisical-server/oidc-auth.js'

export type TlsMode = 'none' | 'trusted' | 'wrong-host' | 'untrusted'

export interface StartOptions {
  /**
   * How a server of a given period answers (see infisical-server/profiles.ts for each behaviour,
   * its source and period): '2024' standalone, '2025', '2026', 'cloud-free'. Default: none, the
   * behaviour this server always had, closest to '2025' after ~2025-10.
   */
  profile?: ProfileName
  /** default 'none' (plain http); 'trusted' uses the CA of testCertificates(); 'wrong-host' a cert of that CA for wrong.example.test only; 'untrusted' a cert of a CA nobody trusts */
  tls?: TlsMode
  /** default true (the profile's: false for '2024'); false = a server without the v4 routes (GET /api/v4/... answers the 404 of unknown routes) */
  v4?: boolean
  /**
   * a fixed 1-second window over ALL requests, checked before anything else (no use spent);
   * beyond it 429 RateLimitExceeded with retry-after. For fast load tests; real servers limit as
   * `rateLimits` does.
   */
  rateLimitPerSecond?: number
  /**
   * Infisical's own limits: requests per window and client IP per route category (secret routes,
   * other reads, writes such as a Universal Auth login), checked after authentication, so a 429
   * has spent a token use. Default: the profile's ('2024': 40/60/200; 'cloud-free': 120/200/90;
   * none otherwise); a partial object overrides those figures; false turns them off.
   */
  rateLimits?: Partial<RateLimits> | false
  /** the window of `rateLimits`, default 60 000 ms as on real servers */
  rateLimitWindowMs?: number
  /** the clock of `rateLimits` (default Date.now), so that tests can move to the next window without waiting */
  rateLimitClock?: () => number
  /** loopback only: 127.0.0.1 (default), ::1 or localhost */
  host?: string
  /**
   * message of the 401 answering the request after the last allowed use. Default: the table's
   * 'No identity access token found'. Real servers said MSG.useLimitReachedLegacy (2024-2025) or
   * MSG.useLimitReachedCurrent (2026) for that one request, then 'No identity access token found'.
   */
  useLimitMessage?: string
  /** default true; false leaves `requests` empty (for long benchmarks) */
  record?: boolean
  /**
   * ALLOW_INTERNAL_IP_CONNECTIONS (lib/validator/validate-url.ts). Default true: a self-hosted
   * server allowed to reach internal addresses, which a loopback issuer needs. With false,
   * configureOidcAuth() refuses a discovery URL on a local or private address (Infisical refuses to
   * save it) and a '2026' server refuses the login with 400 "Local IPs not allowed as URL".
   */
  allowInternalIpConnections?: boolean
}

/** 'refuse': nothing listens (connections refused); 'unavailable': an HTML 502/503/504 page from the proxy in front */
export type OutageMode = 'refuse' | 'unavailable'

export interface RestartOptions {
  /** default 'refuse' */
  mode?: OutageMode
  /** back after this many milliseconds; without it, down until up() */
  ms?: number
  /** the status of 'unavailable', default 503 */
  status?: 502 | 503 | 504
}

export interface RecordedRequest {
  method: string
  /** the path as sent (still percent-encoded), without the query string */
  path: string
  /** the raw request URL, query string included */
  url: string
  route: Route
  /** the client IP the server saw: the socket's, or with a profile `req.realIp` (cf-connecting-ip, x-client-ip, x-forwarded-for) */
  clientIp: string
  /** the decoded secret name, for the secret routes */
  name?: string
  /** first value of each query key */
  query: Record<string, string>
  authorization?: string
  headers: Record<string, string | string[] | undefined>
  remoteAddress: string
  /** Date.now() at arrival */
  at: number
}

export interface CreateIdentityOptions {
  id?: string
  name?: string
  projects?: string[]
  trustedIps?: string[]
  accessTokenTTL?: number
  accessTokenMaxTTL?: number
  accessTokenNumUsesLimit?: number
  clientId?: string
  clientSecret?: string
}

export interface SetSecretOptions {
  projectId: string
  environment: string
  path?: string
  name: string
  value: string
  version?: number
  comment?: string
}

export interface IssueTokenOptions {
  ttlSeconds?: number
  numUsesLimit?: number
  expInPast?: boolean
  signWith?: string
  /** no `exp`, as servers before 2026 issued tokens with a TTL of 0 (a '2026' server refuses it: 401 max age) */
  legacyNoExp?: boolean
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/
const MAX_BODY = 1024 * 1024

const SECRET_ROUTES: { route: Route; method: string; pattern: RegExp }[] = [
  { route: 'v4-get-secret', method: 'GET', pattern: /^\/api\/v4\/secrets\/([^/]+)$/ },
  { route: 'v3-get-secret', method: 'GET', pattern: /^\/api\/v3\/secrets\/raw\/([^/]+)$/ }
]

function classify(method: string, path: string, maxParamLength?: number): { route: Route; rawName?: string } {
  for (const r of SECRET_ROUTES) {
    const m = r.pattern.exec(path)
    if (m && method === r.method) {
      // Fastify's maxParamLength: a longer parameter matches no route (docs/infisical-api.md §4)
      if (maxParamLength !== undefined && m[1]!.length > maxParamLength) return { route: 'other' }
      return { route: r.route, rawName: m[1] }
    }
  }
  if (method === 'GET' && path === '/api/v4/secrets') return { route: 'v4-list-secrets' }
  if (method === 'GET' && path === '/api/v3/secrets/raw') return { route: 'v3-list-secrets' }
  if (method === 'POST' && path === '/api/v1/auth/universal-auth/login') return { route: 'universal-login' }
  if (method === 'POST' && path === '/api/v1/auth/oidc-auth/login') return { route: 'oidc-login' }
  return { route: 'other' }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export class InfisicalTestServer {
  readonly url: string
  readonly port: number
  readonly host: string
  readonly tls: TlsMode
  /** the PEM of the CA to trust (testCertificates().caPem) when tls is not 'none' */
  readonly ca?: string
  /** the server's AUTH_SECRET (HS256 key of the access tokens) */
  readonly authSecret: string
  readonly requests: RecordedRequest[] = []

  private readonly state = new ServerState()
  private readonly faults = new FaultQueue()
  private readonly limiter?: RateLimiter
  private readonly windowLimiters: Partial<Record<keyof RateLimits, WindowLimiter>> = {}
  private readonly clock: () => number
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  private readonly useLimitMessage: string
  private readonly v4: boolean
  /** the server profile's behaviours (infisical-server/profiles.ts) */
  readonly profile: Profile
  private readonly record: boolean
  private readonly oidcConfigs = new Map<string, OidcAuthConfig>()
  /** ALLOW_INTERNAL_IP_CONNECTIONS; may be changed at any time (a restart with another setting) */
  allowInternalIpConnections: boolean
  private closing?: Promise<void>
  private closed = false
  private outage?: {
    mode: OutageMode
    status: number
    timer?: NodeJS.Timeout
    back?: Promise<void>
    ended: Promise<void>
    end: () => void
  }
  /** the last unexpected exception inside the server (answered 500), for debugging tests */
  lastError?: unknown

  private constructor(
    private readonly server: Server,
    opts: Required<Pick<StartOptions, 'tls' | 'host'>> & StartOptions,
    port: number,
    ca: string | undefined,
    authSecret: string
  ) {
    this.host = opts.host
    this.tls = opts.tls
    this.port = port
    this.url = `${opts.tls === 'none' ? 'http' : 'https'}://${urlHost(opts.host)}:${port}`
    this.ca = ca
    this.authSecret = authSecret
    this.profile = profileFor(opts.profile)
    this.v4 = opts.v4 ?? this.profile.v4
    this.record = opts.record ?? true
    this.allowInternalIpConnections = opts.allowInternalIpConnections ?? true
    this.useLimitMessage = opts.useLimitMessage ?? this.profile.useLimitMessage
    if (opts.rateLimitPerSecond !== undefined) this.limiter = new RateLimiter(opts.rateLimitPerSecond)
    this.clock = opts.rateLimitClock ?? Date.now
    const limits =
      opts.rateLimits === false
        ? undefined
        : this.profile.rateLimits || opts.rateLimits
          ? { ...this.profile.rateLimits, ...opts.rateLimits }
          : undefined
    for (const category of ['secret', 'read', 'write'] as const) {
      const n = limits?.[category]
      if (n !== undefined) this.windowLimiters[category] = new WindowLimiter(n, opts.rateLimitWindowMs ?? 60_000)
    }
    trackSockets(server, this.sockets)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res))
  }

  static async start(opts: StartOptions = {}): Promise<InfisicalTestServer> {
    const host = opts.host ?? '127.0.0.1'
    if (!LOOPBACK.test(host)) throw new Error(`InfisicalTestServer listens on loopback only, not on '${host}'`)
    const tls = opts.tls ?? 'none'
    profileFor(opts.profile) // an unknown profile fails before anything listens
    let server: Server
    let ca: string | undefined
    if (tls === 'none') {
      server = createHttpServer()
    } else {
      const certs = await testCertificates()
      ca = certs.caPem
      const [cert, key] =
        tls === 'trusted'
          ? [certs.serverCertPem, certs.serverKeyPem]
          : tls === 'wrong-host'
            ? [certs.wrongHostCertPem, certs.wrongHostKeyPem]
            : [certs.untrustedCertPem, certs.untrustedKeyPem]
      server = createHttpsServer({ cert, key }) as unknown as Server
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const port = (server.address() as AddressInfo).port
    return new InfisicalTestServer(server, { ...opts, host, tls }, port, ca, randomBytes(32).toString('hex'))
  }

  // ---------------------------------------------------------------- state

  addProject(projectId: string, environments?: string[], opts: { slug?: string } = {}): void {
    this.state.addProject(projectId, environments, opts.slug)
  }

  setSecret(s: SetSecretOptions): void {
    this.state.setSecret(s)
  }

  addFolder(projectId: string, environment: string, path: string): void {
    this.state.ensureFolder(projectId, environment, path)
  }

  addImport(i: {
    projectId: string
    environment: string
    path: string
    fromEnvironment: string
    fromPath: string
  }): void {
    this.state.addImport(i)
  }

  createIdentity(i: CreateIdentityOptions = {}): Identity {
    return this.state.createIdentity(i)
  }

  /**
   * Attaches OIDC Auth to an identity (POST /api/v1/auth/oidc-auth/identities/:id in Infisical).
   * Resolves once saved; rejects, as Infisical does on saving, a discovery URL on a local or
   * private address while allowInternalIpConnections is false.
   */
  async configureOidcAuth(identityId: string, config: OidcAuthConfig): Promise<void> {
    this.state.identity(identityId)
    if (!config.oidcDiscoveryUrl || !config.boundIssuer)
      throw new Error('configureOidcAuth: oidcDiscoveryUrl and boundIssuer are required')
    if (!this.allowInternalIpConnections) {
      try {
        await assertNotLocalUrl(config.oidcDiscoveryUrl)
      } catch (err) {
        throw new Error(
          `configureOidcAuth: ${err instanceof InfisicalError ? `${err.status} ${err.message}` : String(err)}`,
          { cause: err }
        )
      }
    }
    // kept as given: Infisical appends "/.well-known/openid-configuration" to the stored value as it is
    this.oidcConfigs.set(identityId, { ...config, boundClaims: { ...(config.boundClaims ?? {}) } })
  }

  /** Removes OIDC Auth from an identity (its logins then answer 404). */
  removeOidcAuth(identityId: string): void {
    this.oidcConfigs.delete(identityId)
  }

  /** Adds a project membership to an existing identity. */
  addMembership(identityId: string, projectId: string): void {
    const identity = this.state.identity(identityId)
    if (!identity.projects.includes(projectId)) identity.projects.push(projectId)
  }

  /** A read grant on a folder and below; `names` limits it to those secret names (a `secretName` condition). */
  grantRead(
    identityId: string,
    g: { projectId: string; environment: string; path: string; value?: GrantValue; names?: string[] }
  ): void {
    this.state.identity(identityId).grants.push({
      projectId: g.projectId,
      environment: g.environment,
      path: normalizePath(g.path),
      value: g.value ?? 'visible',
      ...(g.names ? { names: [...g.names] } : {})
    })
  }

  issueToken(identityId: string, o: IssueTokenOptions = {}): string {
    return issueTokenAuthToken(this.state, this.authSecret, this.state.identity(identityId), o, this.profile.tokens)
      .token
  }

  /** The identity's Universal Auth client secret has expired (its own TTL passed). */
  expireClientSecret(identityId: string): void {
    this.state.identity(identityId).clientSecretExpired = true
  }

  revokeToken(token: string): void {
    this.row(token).revoked = true
  }

  expireServerSide(token: string): void {
    this.row(token).ttlPassed = true
  }

  tokenUses(token: string): number {
    return this.row(token).numUses
  }

  /** The token's database row (a copy), or undefined for a token this server never issued. */
  tokenInfo(token: string): Readonly<TokenRow> | undefined {
    try {
      return { ...this.row(token) }
    } catch {
      return undefined
    }
  }

  private row(token: string): TokenRow {
    const id = jwtPayload(token).identityAccessTokenId
    const row = typeof id === 'string' ? this.state.tokens.get(id) : undefined
    if (!row) throw new Error('not a token of this server')
    return row
  }

  // ---------------------------------------------------------------- restarts

  /**
   * An Infisical restart: with 'refuse' the listener closes (open connections are cut) and reopens
   * on the same port; with 'unavailable' every request answers an HTML 503 (or the status given)
   * as a proxy in front of a restarting backend does, spending no use. Resolves once the server is
   * down; it is back after `ms`, or when up() is called. State (secrets, tokens) survives.
   */
  async restart(o: RestartOptions = {}): Promise<void> {
    if (this.closed) throw new Error('the server is closed')
    if (this.outage) throw new Error('the server is down already')
    const mode = o.mode ?? 'refuse'
    let end = () => {}
    const ended = new Promise<void>((resolve) => {
      end = resolve
    })
    this.outage = { mode, status: o.status ?? 503, ended, end }
    if (mode === 'refuse') {
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve())
        ;(this.server as Server & { closeAllConnections?: () => void }).closeAllConnections?.()
        for (const socket of this.sockets) socket.destroy()
        this.sockets.clear()
      })
    }
    if (o.ms !== undefined && this.outage) {
      this.outage.timer = setTimeout(() => {
        this.up().catch((err: unknown) => {
          this.lastError = err
        })
      }, o.ms)
    }
  }

  /** true while restart() holds the server down */
  get down(): boolean {
    return this.outage !== undefined && this.outage.back === undefined
  }

  /** Ends the outage at once (listening again on the same port); resolves when the server answers again. */
  async up(): Promise<void> {
    const outage = this.outage
    if (!outage) return
    if (outage.back) return outage.back
    if (outage.timer) clearTimeout(outage.timer)
    outage.back = (async () => {
      if (outage.mode === 'refuse' && !this.closed) {
        await new Promise<void>((resolve, reject) => {
          this.server.once('error', reject)
          this.server.listen(this.port, this.host, () => {
            this.server.off('error', reject)
            resolve()
          })
        })
      }
      this.outage = undefined
      outage.end()
    })()
    return outage.back
  }

  /** Resolves when the outage is over (at once when the server is up; also when it is closed). */
  whenUp(): Promise<void> {
    return this.outage?.ended ?? Promise.resolve()
  }

  // ---------------------------------------------------------------- faults, records

  inject(f: Fault): void {
    this.faults.push(f)
  }

  /** queued faults not yet consumed */
  get pendingFaults(): number {
    return this.faults.size
  }

  count(filter: { route?: Route; name?: string } = {}): number {
    return this.requests.filter(
      (r) =>
        (filter.route === undefined || r.route === filter.route) &&
        (filter.name === undefined || r.name === filter.name)
    ).length
  }

  clearRequests(): void {
    this.requests.length = 0
  }

  async close(): Promise<void> {
    if (this.closing) return this.closing
    this.closed = true
    this.faults.clear()
    if (this.outage?.timer) clearTimeout(this.outage.timer)
    this.outage?.end()
    for (const t of this.timers) {
      clearTimeout(t.timer)
      t.resolve()
    }
    this.timers.clear()
    this.closing = closeServer(this.server, this.sockets)
    return this.closing
  }

  // ---------------------------------------------------------------- requests

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const params = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))
    const query: Query = new Map()
    const firstValues: Record<string, string> = {}
    for (const [k, v] of params) {
      const list = query.get(k)
      if (list) list.push(v)
      else {
        query.set(k, [v])
        firstValues[k] = v
      }
    }
    const method = req.method ?? 'GET'
    const { route, rawName } = classify(method, path, this.profile.maxParamLength)
    let name: string | undefined
    let badUrl = false
    if (rawName !== undefined) {
      try {
        name = decodeURIComponent(rawName)
      } catch {
        name = rawName
        badUrl = true
      }
    }
    const remoteAddress = normalizeAddress(req.socket.remoteAddress)
    const clientIp = this.profile.realIp ? realIp(req.headers, remoteAddress) : remoteAddress
    const recorded: RecordedRequest = {
      method,
      path,
      url: rawUrl,
      route,
      clientIp,
      query: firstValues,
      headers: { ...req.headers },
      remoteAddress,
      at: Date.now()
    }
    if (name !== undefined) recorded.name = name
    if (typeof req.headers.authorization === 'string') recorded.authorization = req.headers.authorization
    if (this.record) this.requests.push(recorded)

    this.process(req, res, { method, rawUrl, route, name, badUrl, query, remoteAddress: clientIp }).catch(
      (err: unknown) => {
        this.lastError = err
        if (!res.headersSent && !res.destroyed) {
          this.sendJson(res, 500, errorBody(newReqId(), 500, 'InternalServerError', 'Something went wrong'))
        }
      }
    )
  }

  private async process(
    req: IncomingMessage,
    res: ServerResponse,
    r: {
      method: string
      rawUrl: string
      route: Route
      name?: string
      badUrl: boolean
      query: Query
      remoteAddress: string
    }
  ): Promise<void> {
    const reqId = newReqId()
    if (this.outage?.mode === 'unavailable' && !this.outage.back) {
      this.send(res, this.outage.status, nginxErrorPage(this.outage.status), { 'content-type': HTML_CONTENT_TYPE })
      return
    }
    const fault = this.faults.take(r.route, r.name)
    if (fault) {
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy()
          return
        case 'hang':
          return
        case 'delay':
          await this.sleep(fault.ms)
          if (this.closed) return
          break
        case 'html':
          this.send(res, fault.status, nginxErrorPage(fault.status), { 'content-type': HTML_CONTENT_TYPE })
          return
        case 'rate-limit':
          this.sendRateLimited(res, reqId, fault.retryAfter ?? 1)
          return
        case 'status':
          this.sendStatusFault(res, reqId, fault)
          return
      }
    }

    if (this.limiter) {
      const retryAfter = this.limiter.hit()
      if (retryAfter !== undefined) {
        this.sendRateLimited(res, reqId, retryAfter)
        return
      }
    }

    let reply: Reply
    try {
      reply = await this.route(req, r)
    } catch (err) {
      if (!(err instanceof InfisicalError)) throw err
      reply = {
        status: err.status,
        body: errorBody(reqId, err.status, err.error, err.body, err.details),
        headers: err.headers
      }
    }
    if (this.closed) return
    if (typeof reply.text === 'string')
      this.send(res, reply.status, reply.text, {
        'content-type': reply.contentType ?? 'text/plain; charset=utf-8',
        ...reply.headers
      })
    else this.sendJson(res, reply.status, reply.body, reply.headers)
  }

  /** What an unknown route answers: the front end's HTML 404 (2024 standalone) or Fastify's JSON 404. */
  private notFound(method: string, rawUrl: string): Reply {
    if (this.profile.notFound === 'html')
      return { status: 404, body: undefined, text: nextJsNotFoundPage(), contentType: NEXT_HTML_CONTENT_TYPE }
    return frameworkNotFound(method, rawUrl)
  }

  private async route(
    req: IncomingMessage,
    r: {
      method: string
      rawUrl: string
      route: Route
      name?: string
      badUrl: boolean
      query: Query
      remoteAddress: string
    }
  ): Promise<Reply> {
    if (r.badUrl) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          code: 'FST_ERR_BAD_URL',
          error: 'Bad Request',
          message: `'${r.rawUrl.split('?')[0]}' is not a valid url component`
        }
      }
    }
    // Unknown routes are not authenticated and spend no use (docs/infisical-api.md §2); the server
    // without a profile keeps its old behaviour (authenticated, a use spent).
    const unknown = r.route === 'other' || ((r.route === 'v4-get-secret' || r.route === 'v4-list-secrets') && !this.v4)
    if (unknown && !this.profile.unknownRouteSpendsUse) return this.notFound(r.method, r.rawUrl)
    const auth: Authenticated | null = authenticate(
      this.state,
      {
        authSecret: this.authSecret,
        useLimitMessage: this.useLimitMessage,
        tokens: this.profile.tokens,
        revokedMessage: this.profile.revokedMessage
      },
      req.headers,
      r.remoteAddress
    )
    // the limiter runs at preValidation, after the onRequest authentication: a 429 has spent a use
    const limitHeaders = this.rateLimit(r.route, r.remoteAddress)
    if (!limitHeaders) return this.handle(req, r, auth)
    try {
      const reply = await this.handle(req, r, auth)
      return { ...reply, headers: { ...limitHeaders, ...reply.headers } }
    } catch (err) {
      // @fastify/rate-limit adds its headers to every answer of a limited route, errors too
      if (!(err instanceof InfisicalError)) throw err
      throw new InfisicalError(err.status, err.error, err.body, err.details, { ...limitHeaders, ...err.headers })
    }
  }

  /** The x-ratelimit headers of a request within its window; throws the 429 beyond it. */
  private rateLimit(route: Route, clientIp: string): Record<string, string> | undefined {
    const category =
      route === 'universal-login' || route === 'oidc-login' ? 'write' : route === 'other' ? undefined : 'secret'
    const limiter = category ? this.windowLimiters[category] : undefined
    if (!limiter) return undefined
    const { allowed, remaining, resetSeconds } = limiter.hit(clientIp, this.clock())
    const headers = {
      'x-ratelimit-limit': String(limiter.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(resetSeconds)
    }
    if (allowed) return headers
    throw new InfisicalError(429, 'RateLimitExceeded', MSG.rateLimit(resetSeconds), undefined, {
      ...headers,
      'retry-after': String(resetSeconds)
    })
  }

  private async handle(
    req: IncomingMessage,
    r: {
      method: string
      rawUrl: string
      route: Route
      name?: string
      badUrl: boolean
      query: Query
      remoteAddress: string
    },
    auth: Authenticated | null
  ): Promise<Reply> {
    switch (r.route) {
      case 'v4-get-secret':
      case 'v3-get-secret': {
        if (r.route === 'v4-get-secret' && !this.v4) return this.notFound(r.method, r.rawUrl)
        if (!auth) throw new InfisicalError(401, 'UnauthorizedError', MSG.tokenMissing)
        return {
          status: 200,
          body: readSecret(
            this.state,
            r.route === 'v4-get-secret' ? 'v4' : 'v3',
            r.name ?? '',
            r.query,
            auth,
            this.profile
          )
        }
      }
      case 'v4-list-secrets':
      case 'v3-list-secrets': {
        if (r.route === 'v4-list-secrets' && !this.v4) return this.notFound(r.method, r.rawUrl)
        if (!auth) throw new InfisicalError(401, 'UnauthorizedError', MSG.tokenMissing)
        return {
          status: 200,
          body: listSecrets(this.state, r.route === 'v4-list-secrets' ? 'v4' : 'v3', r.query, auth, this.profile)
        }
      }
      case 'universal-login': {
        const body = await this.readBody(req)
        return {
          status: 200,
          body: universalAuthLogin(this.state, this.authSecret, body, r.remoteAddress, this.profile.tokens)
        }
      }
      case 'oidc-login': {
        const body = await this.readBody(req)
        const answer = await oidcAuthLogin(
          {
            state: this.state,
            configs: this.oidcConfigs,
            authSecret: this.authSecret,
            tokens: this.profile.tokens,
            oidc: this.profile.oidc,
            allowInternalIpConnections: this.allowInternalIpConnections
          },
          body
        )
        return { status: 200, body: answer }
      }
      default:
        return this.notFound(r.method, r.rawUrl)
    }
  }

  /** JSON or form-encoded body, as Fastify (with @fastify/formbody) parses it. */
  private async readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) throw new InfisicalError(413, 'PayloadTooLarge', 'Request body is too large')
      chunks.push(chunk as Buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8')
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase()
    if (type === 'application/x-www-form-urlencoded') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of new URLSearchParams(text)) {
        const prev = out[k]
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
      }
      return out
    }
    if (type === 'application/json' || type.endsWith('+json')) {
      if (!text.trim())
        throw new InfisicalError(
          400,
          'BadRequest',
          "Body cannot be empty when content-type is set to 'application/json'"
        )
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw new InfisicalError(
          400,
          'BadRequest',
          "Body is not valid JSON but content-type is set to 'application/json'"
        )
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
      return parsed as Record<string, unknown>
    }
    if (!type && !text) return {}
    throw new InfisicalError(415, 'UnsupportedMediaType', `Unsupported Media Type: ${type || 'none'}`)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry)
          resolve()
        }, ms),
        resolve
      }
      this.timers.add(entry)
    })
  }

  private sendRateLimited(res: ServerResponse, reqId: string, retryAfter: number): void {
    this.sendJson(res, 429, errorBody(reqId, 429, 'RateLimitExceeded', MSG.rateLimit(retryAfter)), {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(this.limiter?.perSecond ?? 0),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(retryAfter)
    })
  }

  private sendStatusFault(res: ServerResponse, reqId: string, fault: Extract<Fault, { kind: 'status' }>): void {
    const status = fault.status
    if (fault.body === undefined) {
      const [error, message] =
        status === 500
          ? ['InternalServerError', 'Something went wrong']
          : status === 504
            ? ['GatewayTimeoutError', 'Timeout error']
            : [(STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, ''), STATUS_CODES[status] ?? 'Error']
      this.sendJson(res, status, errorBody(reqId, status, error, message), fault.headers)
    } else if (typeof fault.body === 'string') {
      this.send(res, status, fault.body, { 'content-type': 'text/plain; charset=utf-8', ...fault.headers })
    } else {
      this.sendJson(res, status, fault.body, fault.headers)
    }
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
    this.send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    if (res.headersSent || res.destroyed) return
    const buf = Buffer.from(body, 'utf8')
    res.writeHead(status, { ...headers, 'content-length': String(buf.length) })
    res.end(buf)
  }
}

/** A URL on loopback where nothing listens: a port bound, then closed. */
export async function startRefusingUrl(): Promise<string> {
  const server = createNetServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
