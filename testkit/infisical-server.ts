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
 * The pieces, under infisical-server/: options.ts (what a test passes, what is recorded),
 * dispatch.ts (which route a request is for), http-io.ts (request bodies, answers), state.ts
 * (data), auth.ts (token checks, use counting, UA login), oidc-auth.ts (the OIDC Auth login),
 * secrets.ts (the read and list routes), errors.ts (error bodies and the table), profiles.ts,
 * faults.ts (faults and limiters), jwt.ts, ip.ts, pages.ts; the http or https server and listening
 * itself are ../listen.ts. This file holds the server's state and methods, and the
 * order in which a request meets outages, faults, limits, authentication and its route.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

import { closeAll, closeServer, trackSockets } from './close-server.js'
import { authenticate, issueTokenAuthToken, universalAuthLogin, type Authenticated } from './infisical-server/auth.js'
import { parseTarget, type RouteRequest } from './infisical-server/dispatch.js'
import { InfisicalError, MSG, errorBody, frameworkNotFound, newReqId, type Reply } from './infisical-server/errors.js'
import { FaultQueue, WindowLimiter, type Fault, type Route } from './infisical-server/faults.js'
import { readBody, send, sendJson, sendRateLimited, sendStatusFault } from './infisical-server/http-io.js'
import { jwtPayload } from './infisical-server/jwt.js'
import { normalizeAddress } from './infisical-server/ip.js'
import { assertNotLocalUrl, oidcAuthLogin, type OidcAuthConfig } from './infisical-server/oidc-auth.js'
import type {
  AddImportOptions,
  CreateIdentityOptions,
  IssueTokenOptions,
  OutageMode,
  RecordedRequest,
  RestartOptions,
  SetSecretOptions,
  StartOptions,
  TlsMode
} from './infisical-server/options.js'
import {
  HTML_CONTENT_TYPE,
  NEXT_HTML_CONTENT_TYPE,
  nextJsNotFoundPage,
  nginxErrorPage
} from './infisical-server/pages.js'
import { profileFor, realIp, type Profile, type RateLimits } from './infisical-server/profiles.js'
import { listSecrets, readSecret, type SecretRequest } from './infisical-server/secrets.js'
import { ServerState, normalizePath, type GrantValue, type Identity, type TokenRow } from './infisical-server/state.js'
import { createListener, listen, loopbackHost, urlHost } from './listen.js'

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

export type * from './infisical-server/options.js'

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
    const host = loopbackHost(opts.host, 'InfisicalTestServer')
    const tls = opts.tls ?? 'none'
    profileFor(opts.profile) // an unknown profile fails before anything listens
    const { server, ca } = await createListener(tls)
    const port = await listen(server, host)
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

  addImport(i: AddImportOptions): void {
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
    if (mode === 'refuse') await closeAll(this.server, this.sockets)
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
        await listen(this.server, this.host, this.port)
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
    const method = req.method ?? 'GET'
    const { path, query, firstValues, route, name, badUrl } = parseTarget(method, rawUrl, this.profile.maxParamLength)
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
          sendJson(res, 500, errorBody(newReqId(), 500, 'InternalServerError', 'Something went wrong'))
        }
      }
    )
  }

  private async process(req: IncomingMessage, res: ServerResponse, r: RouteRequest): Promise<void> {
    const reqId = newReqId()
    if (this.outage?.mode === 'unavailable' && !this.outage.back) {
      send(res, this.outage.status, nginxErrorPage(this.outage.status), { 'content-type': HTML_CONTENT_TYPE })
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
          send(res, fault.status, nginxErrorPage(fault.status), { 'content-type': HTML_CONTENT_TYPE })
          return
        case 'rate-limit':
          sendRateLimited(res, reqId, fault.retryAfter ?? 1)
          return
        case 'status':
          sendStatusFault(res, reqId, fault)
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
      send(res, reply.status, reply.text, {
        'content-type': reply.contentType ?? 'text/plain; charset=utf-8',
        ...reply.headers
      })
    else sendJson(res, reply.status, reply.body, reply.headers)
  }

  /** What an unknown route answers: the front end's HTML 404 (2024 standalone) or Fastify's JSON 404. */
  private notFound(method: string, rawUrl: string): Reply {
    if (this.profile.notFound === 'html')
      return { status: 404, body: undefined, text: nextJsNotFoundPage(), contentType: NEXT_HTML_CONTENT_TYPE }
    return frameworkNotFound(method, rawUrl)
  }

  private async route(req: IncomingMessage, r: RouteRequest): Promise<Reply> {
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

  /** A read or list route: the v4 one only where it exists, 401 without an identity, else 200 with the answer. */
  private secretRoute(
    r: RouteRequest,
    auth: Authenticated | null,
    answer: (request: SecretRequest) => Record<string, unknown>
  ): Reply {
    const api = r.route === 'v4-get-secret' || r.route === 'v4-list-secrets' ? 'v4' : 'v3'
    if (api === 'v4' && !this.v4) return this.notFound(r.method, r.rawUrl)
    if (!auth) throw new InfisicalError(401, 'UnauthorizedError', MSG.tokenMissing)
    return { status: 200, body: answer({ state: this.state, api, query: r.query, auth, wording: this.profile }) }
  }

  private async handle(req: IncomingMessage, r: RouteRequest, auth: Authenticated | null): Promise<Reply> {
    switch (r.route) {
      case 'v4-get-secret':
      case 'v3-get-secret':
        return this.secretRoute(r, auth, (request) => readSecret(request, r.name ?? ''))
      case 'v4-list-secrets':
      case 'v3-list-secrets':
        return this.secretRoute(r, auth, listSecrets)
      case 'universal-login': {
        const body = await readBody(req)
        return {
          status: 200,
          body: universalAuthLogin(this.state, this.authSecret, body, r.remoteAddress, this.profile.tokens)
        }
      }
      case 'oidc-login': {
        const body = await readBody(req)
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
}

export { startRefusingUrl } from './listen.js'
