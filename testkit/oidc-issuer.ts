/**
 * A Forgejo-like issuer of Actions ID tokens (OpenID Connect) on loopback, for the OIDC tests: what a
 * Forgejo server ≥ v15.0 (commit c84cbd56a1, released 2026-04-16) serves under `/api/actions` when
 * Actions are enabled, and what it gives a job with `enable-openid-connect: true`.
 *
 * Sources (Forgejo server, as of v15; docs/forgejo-runner.md "OIDC ID tokens"):
 *  - routers/init.go: the Actions routes are mounted at `/api/actions`; routers/api/actions/actions.go
 *    mounts `/.well-known` (OIDCRoutes) there.
 *  - routers/api/actions/oidc.go: `GET /api/actions/.well-known/openid-configuration` answers
 *    `{ issuer: AppURL + "api/actions", jwks_uri: AppURL + "api/actions/.well-known/keys",
 *    subject_types_supported: ["public"], response_types_supported: ["id_token"], claims_supported:
 *    [sub, aud, exp, iat, iss, nbf, then the json names of IDTokenCustomClaims in order],
 *    id_token_signing_alg_values_supported: [alg], scopes_supported: ["openid"] }` (fields in that
 *    order); `GET …/.well-known/keys` answers `{ keys: [jwk] }`, the JWK being a Go map (keys sorted):
 *    `alg, e, kid, kty, n` (modules/jwtx/signingkey.go rsaSigningKey.ToJWK) plus `use: "sig"`.
 *    Both with `Content-Type: application/json;charset=utf-8` (services/context/base.go JSON).
 *  - modules/jwtx/signingkey.go: RS256 keys are 2048-bit RSA; the `kid` is the base64url (no
 *    padding) SHA-256 of the public key's PKIX DER (util.CreatePublicKeyFingerprint) and is put in
 *    every token's header. ID_TOKEN_SIGNING_ALGORITHM defaults to RS256, ID_TOKEN_EXPIRATION_TIME to
 *    3600 s (docs/forgejo-runner.md).
 *  - routers/api/actions/id_token.go (`/_apis/pipelines/workflows/{run_id}/idtoken`, GET):
 *    1. no Authorization header, or one not starting with "bearer " (case-insensitive) → 401
 *       "Bad authorization header";
 *    2. the token after the first space is parsed as the job's runtime JWT (HS256 with the server's
 *       secret, exp/nbf checked; services/actions/auth.go ParseAuthorizationTokenClaims); failure →
 *       500 "Error runner api parsing authorization token";
 *    3. its `oidc_extra` claim is unmarshalled; failure → 500 "Error runner api parsing custom
 *       claims" (a runtime token of a job without OIDC has none);
 *    4. the task is looked up (unknown → 500 "Error runner api getting task by ID") and must be
 *       running (else 500 "Error runner api getting task: task is not running");
 *    5. the `run_id` path parameter (ParamsInt64: 0 when not a number) must equal the task's run →
 *       else 400 "run-id does not match";
 *    6. (later Forgejo, ≈ v15.x/v16 dev) the runtime token's `scp` must hold
 *       `generate_id_token:<run>:<job>` → else 403 "missing scp generate_id_token";
 *    7. `aud` = the `audience` query parameter, or `AppURL + <repository owner>` (AppURL keeps its
 *       trailing slash: `https://forgejo.example.org/platform`);
 *    8. the token: the custom claims (IDTokenCustomClaims) plus sub (the runtime token's oidc_sub),
 *       aud, exp (now + ID_TOKEN_EXPIRATION_TIME, seconds), iat, nbf (now), iss (AppURL without its
 *       trailing slash + "/api/actions"), a jwt.MapClaims: the payload keys come out sorted. No
 *       `jti`. Answer `{"value":"<jwt>"}` (ctx.JSON).
 *    Errors go through ctx.Error → net/http's http.Error: `text/plain; charset=utf-8`,
 *    `X-Content-Type-Options: nosniff`, the message and "\n".
 *  - services/actions/auth.go (v15.0): IDTokenCustomClaims = actor, base_ref, event_name, head_ref,
 *    ref, ref_protected, ref_type, repository, repository_owner, run_attempt, run_id, run_number, sha,
 *    workflow, workflow_ref, all strings (ref_protected is fmt.Sprint(false) = "false"); sub =
 *    `repo:<owner>/<repo>:pull_request` when event_name is exactly "pull_request" (not
 *    pull_request_target), else `repo:<owner>/<repo>:ref:<ref>` (generateOIDCSub). The runtime token
 *    (CreateAuthorizationToken): HS256, claims exp (24 h), nbf, scp `Actions.Results:<run>:<job>`
 *    plus ` generate_id_token:<run>:<job>` when OIDC is on, TaskID, RunID, JobID, ac, oidc_extra
 *    (the custom claims as JSON), oidc_sub. Later Forgejo (v16 development) adds actor_id,
 *    repository_id, repository_owner_id and a new default subject `repo:<owner>-<id>/<repo>-<id>:…`
 *    (the v15 form kept as OIDCSubjectFormatLegacyForgejo15): not imitated here.
 *  - services/actions/task.go generateTaskContext: ACTIONS_ID_TOKEN_REQUEST_URL =
 *    `AppURL + AppSubURL + "api/actions/_apis/pipelines/workflows/<run id>/idtoken?placeholder=true"`;
 *    the request token is that same runtime token. workflow_ref (GenerateGiteaContext) is
 *    `<owner>/<repo>/<workflow dir>/<workflow file>@<ref>`.
 *
 * Deviations: one key pair per process, made at the first start (Forgejo keeps one per instance); no database: jobRequest() registers a job
 * (a running task) and endJob() ends it; the issuer answers unknown paths with a plain 404
 * "404 page not found" (Go's default mux wording; Forgejo's own 404 page is not imitated).
 * stopServingKeys() makes the discovery document and the JWKS unreachable (reset connections by
 * default) while the token endpoint still works: an issuer the runner reaches but Infisical does not.
 */
import {
  createHash,
  createHmac,
  generateKeyPair,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
  type KeyPairKeyObjectResult
} from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { promisify } from 'node:util'

import { closeServer, trackSockets } from './close-server.js'
import { createListener, listen, loopbackHost, urlHost } from './listen.js'

const generateKeyPairAsync = promisify(generateKeyPair)

let keys: Promise<[KeyPairKeyObjectResult, KeyPairKeyObjectResult]> | undefined
/**
 * The signing key, and a second one (not in the JWKS) for mint({ foreignKey }): made at the first
 * start in a process and shared by the issuers after it, as one Forgejo instance keeps one key.
 * An RSA-2048 pair takes 0.1-0.5 s to make; two per issuer were most of the OIDC tests' time.
 */
function issuerKeys(): Promise<[KeyPairKeyObjectResult, KeyPairKeyObjectResult]> {
  keys ??= Promise.all([
    generateKeyPairAsync('rsa', { modulusLength: 2048 }),
    generateKeyPairAsync('rsa', { modulusLength: 2048 })
  ])
  return keys
}

const ID_TOKEN_ROUTE = /^\/api\/actions\/_apis\/pipelines\/workflows\/([^/]*)\/idtoken$/
const DISCOVERY_PATH = '/api/actions/.well-known/openid-configuration'
const KEYS_PATH = '/api/actions/.well-known/keys'

/** The json names of Forgejo v15's IDTokenCustomClaims, in struct order (services/actions/auth.go). */
export const FORGEJO_CUSTOM_CLAIMS = [
  'actor',
  'base_ref',
  'event_name',
  'head_ref',
  'ref',
  'ref_protected',
  'ref_type',
  'repository',
  'repository_owner',
  'run_attempt',
  'run_id',
  'run_number',
  'sha',
  'workflow',
  'workflow_ref'
] as const

/** The messages of id_token.go's ctx.Error calls. */
export const FORGEJO_ID_TOKEN_ERRORS = {
  badHeader: 'Bad authorization header',
  parseToken: 'Error runner api parsing authorization token',
  parseClaims: 'Error runner api parsing custom claims',
  taskById: 'Error runner api getting task by ID',
  notRunning: 'Error runner api getting task: task is not running',
  runIdMismatch: 'run-id does not match',
  missingScope: 'missing scp generate_id_token'
} as const

/** What Forgejo knows of a job when it issues its ID tokens (the git context of the task). */
export interface IdTokenJob {
  /** owner/repo */
  repository: string
  /** e.g. refs/heads/main */
  ref: string
  /** the run's id (numeric in Forgejo) */
  runId: string
  /** default '1' */
  runNumber?: string
  /** default '1' */
  runAttempt?: string
  /** the workflow FILE name, e.g. deploy.yml (the `workflow` claim; GITHUB_WORKFLOW is the `name:`) */
  workflow: string
  /** default '.forgejo/workflows' (in workflow_ref) */
  workflowDirectory?: string
  /** default 'push' */
  eventName?: string
  /** default 'forgejo-user' */
  actor?: string
  /** default forty zeros */
  sha?: string
  /** default from ref: 'tag' for refs/tags/…, 'branch' for refs/heads/…, else '' */
  refType?: string
  /** default '' */
  headRef?: string
  /** default '' */
  baseRef?: string
}

/** What the runner gives the job: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
export interface IdTokenRequest {
  requestUrl: string
  requestToken: string
}

/** Anything that can register a job and give it its ID-token request variables (the harness takes this). */
export interface IdTokenProvider {
  jobRequest(job: IdTokenJob): IdTokenRequest
}

export interface IssuerStartOptions {
  /** loopback only: 127.0.0.1 (default), ::1 or localhost */
  host?: string
  /** 'none' (default, http) or 'trusted' (the certificate of testCertificates(), CA in `ca`) */
  tls?: 'none' | 'trusted'
  /** ID_TOKEN_EXPIRATION_TIME, default 3600 s */
  lifetimeSeconds?: number
  /**
   * the CI server's clock, this many seconds off (negative: behind) when it signs ID tokens; with
   * -7200 every token it hands out expired an hour ago, as a host without NTP would make it
   */
  clockOffsetSeconds?: number
}

export interface MintOptions {
  /** default: AppURL + owner, as the token endpoint without `audience` */
  audience?: string
  /** exp = now + this; negative: already expired (iat = nbf = exp - lifetime). Default: the lifetime */
  expiresInSeconds?: number
  /**
   * signed by a key that is not in the JWKS: true → that key's own `kid` in the header (Infisical
   * cannot find the key); 'same-kid' → the JWKS key's `kid` (the signature does not verify)
   */
  foreignKey?: boolean | 'same-kid'
  /** the `iss` claim, default `issuer` */
  issuer?: string
  /** claims to set (or, with undefined, to remove) after the others, e.g. `{ repository_owner: undefined }` */
  claims?: Record<string, unknown>
  /** omit the `kid` header */
  noKid?: boolean
}

export interface IssuerRecordedRequest {
  method: string
  /** without the query string */
  path: string
  /** the raw request URL */
  url: string
  authorization?: string
  /** Date.now() at arrival */
  at: number
}

/** How stopServingKeys() makes the discovery document and the JWKS unreachable. */
export type KeysOutage = 'reset' | 'not-found' | 'unavailable'

interface Task {
  taskId: number
  runId: number
  jobId: number
  running: boolean
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')

/** JSON with the keys sorted, as Go marshals a map (jwt.MapClaims, the JWK map). */
function sortedJson(obj: Record<string, unknown>): string {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(obj).sort()) out[k] = obj[k]
  return JSON.stringify(out)
}

function kidOf(publicKey: KeyObject): string {
  return b64url(
    createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest()
  )
}

function refTypeOf(ref: string): string {
  if (ref.startsWith('refs/tags/')) return 'tag'
  if (ref.startsWith('refs/heads/')) return 'branch'
  return ''
}

export class ForgejoIdTokenIssuer implements IdTokenProvider {
  /** ROOT_URL without its trailing slash */
  readonly url: string
  /** the `iss` of its tokens: `${url}/api/actions` */
  readonly issuer: string
  /** what goes in Infisical's oidcDiscoveryUrl (Infisical appends /.well-known/openid-configuration) */
  readonly discoveryUrl: string
  /** PEM of the CA to trust when tls is 'trusted' */
  readonly ca?: string
  readonly port: number
  readonly lifetimeSeconds: number
  /** see IssuerStartOptions.clockOffsetSeconds; may be changed between requests */
  clockOffsetSeconds = 0
  /** the `kid` of the signing key (header and JWKS) */
  readonly kid: string
  readonly requests: IssuerRecordedRequest[] = []
  /** every ID token the token endpoint handed out, in order (for the tests' leak checks) */
  readonly issued: string[] = []

  private readonly sockets = new Set<Socket>()
  private readonly tasks = new Map<number, Task>()
  /** the server's secret for runtime tokens (GetGeneralTokenSigningSecret) */
  private readonly runtimeSecret = randomBytes(32)
  private nextId = 1
  private refusal?: { status: number; body?: string }
  private keysOutage?: KeysOutage
  private closing?: Promise<void>

  private constructor(
    private readonly server: Server,
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly foreign: { privateKey: KeyObject; kid: string },
    host: string,
    port: number,
    tls: 'none' | 'trusted',
    ca: string | undefined,
    lifetimeSeconds: number
  ) {
    this.port = port
    this.url = `${tls === 'none' ? 'http' : 'https'}://${urlHost(host)}:${port}`
    this.issuer = `${this.url}/api/actions`
    this.discoveryUrl = `${this.url}/api/actions`
    this.ca = ca
    this.lifetimeSeconds = lifetimeSeconds
    this.kid = kidOf(publicKey)
    trackSockets(server, this.sockets)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res))
  }

  static async start(opts: IssuerStartOptions = {}): Promise<ForgejoIdTokenIssuer> {
    const host = loopbackHost(opts.host, 'ForgejoIdTokenIssuer')
    const tls = opts.tls ?? 'none'
    const lifetimeSeconds = opts.lifetimeSeconds ?? 3600
    if (!(lifetimeSeconds > 0)) throw new Error('lifetimeSeconds must be positive')
    const [{ privateKey, publicKey }, other] = await issuerKeys()
    const { server, ca } = await createListener(tls)
    const port = await listen(server, host)
    const foreign = { privateKey: other.privateKey, kid: kidOf(other.publicKey) }
    const issuer = new ForgejoIdTokenIssuer(
      server,
      privateKey,
      publicKey,
      foreign,
      host,
      port,
      tls,
      ca,
      lifetimeSeconds
    )
    issuer.clockOffsetSeconds = opts.clockOffsetSeconds ?? 0
    return issuer
  }

  /** AppURL: ROOT_URL with its trailing slash, as Forgejo's setting.AppURL */
  get rootUrl(): string {
    return `${this.url}/`
  }

  /** The discovery document (oidc.go openIDConfiguration). */
  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: `${this.rootUrl}api/actions`,
      jwks_uri: `${this.rootUrl}api/actions/.well-known/keys`,
      subject_types_supported: ['public'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'nbf', ...FORGEJO_CUSTOM_CLAIMS],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid']
    }
  }

  /** The JWKS (oidc.go keys): one RSA key. */
  jwks(): { keys: Record<string, string>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' }) as { n: string; e: string }
    const key: Record<string, string> = { alg: 'RS256', e: jwk.e, kid: this.kid, kty: 'RSA', n: jwk.n, use: 'sig' }
    return { keys: [JSON.parse(sortedJson(key)) as Record<string, string>] }
  }

  /**
   * Registers a running job (a task) and returns the two variables the runner gives it: the request
   * URL as task.go builds it and the request token (the job's HS256 runtime JWT, with OIDC scope).
   */
  jobRequest(job: IdTokenJob): IdTokenRequest {
    const runId = Number.parseInt(job.runId, 10)
    if (!Number.isSafeInteger(runId) || String(runId) !== job.runId)
      throw new Error(`runId must be a decimal number (Forgejo's run id), got '${job.runId}'`)
    const task: Task = { taskId: this.nextId, runId, jobId: this.nextId, running: true }
    this.nextId += 1
    this.tasks.set(task.taskId, task)
    const now = Math.floor(Date.now() / 1000)
    const runJob = `${task.runId}:${task.jobId}`
    // Go struct order: the embedded RegisteredClaims (exp, nbf), then Scp, TaskID, RunID, JobID, ac, oidc_extra, oidc_sub
    const claims = {
      exp: now + 24 * 3600,
      nbf: now,
      scp: `Actions.Results:${runJob} generate_id_token:${runJob}`,
      TaskID: task.taskId,
      RunID: task.runId,
      JobID: task.jobId,
      ac: JSON.stringify([{ Scope: '', Permission: 2 }]),
      oidc_extra: JSON.stringify(this.customClaims(job)),
      oidc_sub: this.subject(job)
    }
    const requestToken = this.signHs256(claims)
    return {
      requestUrl: `${this.rootUrl}api/actions/_apis/pipelines/workflows/${task.runId}/idtoken?placeholder=true`,
      requestToken
    }
  }

  /** The job of this request token has finished: its token requests now get Forgejo's 500 "task is not running". */
  endJob(requestToken: string): void {
    const claims = this.verifyRuntimeToken(requestToken)
    const task = claims ? this.tasks.get(Number(claims.TaskID)) : undefined
    if (!task) throw new Error('not a request token of this issuer')
    task.running = false
  }

  /** A token for this job minted directly (no request), as the endpoint would issue it unless told otherwise. */
  mint(job: IdTokenJob, opts: MintOptions = {}): string {
    const now = Math.floor(Date.now() / 1000)
    const expiresIn = opts.expiresInSeconds ?? this.lifetimeSeconds
    const exp = now + expiresIn
    const iat = expiresIn < 0 ? exp - this.lifetimeSeconds : now
    const claims: Record<string, unknown> = {
      ...this.customClaims(job),
      sub: this.subject(job),
      aud: opts.audience ?? this.defaultAudience(job.repository),
      exp,
      iat,
      nbf: iat,
      iss: opts.issuer ?? this.issuer
    }
    for (const [k, v] of Object.entries(opts.claims ?? {})) {
      if (v === undefined) delete claims[k]
      else claims[k] = v
    }
    let key = this.privateKey
    let kid: string | undefined = this.kid
    if (opts.foreignKey) {
      key = this.foreign.privateKey
      if (opts.foreignKey !== 'same-kid') kid = this.foreign.kid
    }
    if (opts.noKid) kid = undefined
    return this.signRs256(claims, key, kid)
  }

  /** The token request answers `status` with Forgejo's message for it (or `body`) until acceptRequests(). */
  refuseRequests(status: number, body?: string): void {
    this.refusal = body === undefined ? { status } : { status, body }
  }

  acceptRequests(): void {
    this.refusal = undefined
  }

  /**
   * The discovery document and the JWKS become unreachable (the token endpoint keeps working):
   * 'reset' (default) destroys the connection before any answer (a network failure for the
   * client), 'not-found' answers 404, 'unavailable' an HTML 503 from a proxy in front.
   */
  stopServingKeys(how: KeysOutage = 'reset'): void {
    this.keysOutage = how
  }

  serveKeys(): void {
    this.keysOutage = undefined
  }

  clearRequests(): void {
    this.requests.length = 0
  }

  /** Closes the listener and destroys every open connection at once. */
  close(): Promise<void> {
    if (!this.closing) this.closing = closeServer(this.server, this.sockets)
    return this.closing
  }

  // ---------------------------------------------------------------- internals

  private defaultAudience(repository: string): string {
    return `${this.rootUrl}${repository.split('/')[0] ?? ''}`
  }

  private subject(job: IdTokenJob): string {
    return (job.eventName ?? 'push') === 'pull_request'
      ? `repo:${job.repository}:pull_request`
      : `repo:${job.repository}:ref:${job.ref}`
  }

  /** IDTokenCustomClaims of the job, in struct order. */
  private customClaims(job: IdTokenJob): Record<string, string> {
    const owner = job.repository.split('/')[0] ?? ''
    return {
      actor: job.actor ?? 'forgejo-user',
      base_ref: job.baseRef ?? '',
      event_name: job.eventName ?? 'push',
      head_ref: job.headRef ?? '',
      ref: job.ref,
      ref_protected: 'false',
      ref_type: job.refType ?? refTypeOf(job.ref),
      repository: job.repository,
      repository_owner: owner,
      run_attempt: job.runAttempt ?? '1',
      run_id: job.runId,
      run_number: job.runNumber ?? '1',
      sha: job.sha ?? '0'.repeat(40),
      workflow: job.workflow,
      workflow_ref: `${job.repository}/${job.workflowDirectory ?? '.forgejo/workflows'}/${job.workflow}@${job.ref}`
    }
  }

  private signHs256(claims: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const body = b64url(JSON.stringify(claims))
    return `${head}.${body}.${createHmac('sha256', this.runtimeSecret).update(`${head}.${body}`).digest('base64url')}`
  }

  private signRs256(claims: Record<string, unknown>, key: KeyObject, kid: string | undefined): string {
    const header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }
    if (kid !== undefined) header.kid = kid
    const head = b64url(sortedJson(header))
    const body = b64url(sortedJson(claims))
    return `${head}.${body}.${b64url(cryptoSign('sha256', Buffer.from(`${head}.${body}`), key))}`
  }

  /** golang-jwt's ParseWithClaims with the HS256 secret: the claims, or undefined when invalid. */
  private verifyRuntimeToken(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.')
    if (parts.length !== 3) return undefined
    const [h, p, s] = parts as [string, string, string]
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown }
      if (header.alg !== 'HS256') return undefined
      const expected = createHmac('sha256', this.runtimeSecret).update(`${h}.${p}`).digest('base64url')
      if (expected !== s) return undefined
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>
      const now = Math.floor(Date.now() / 1000)
      if (typeof claims.exp === 'number' && now >= claims.exp) return undefined
      if (typeof claims.nbf === 'number' && now < claims.nbf) return undefined
      return claims
    } catch {
      return undefined
    }
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const method = req.method ?? 'GET'
    const recorded: IssuerRecordedRequest = { method, path, url: rawUrl, at: Date.now() }
    if (typeof req.headers.authorization === 'string') recorded.authorization = req.headers.authorization
    this.requests.push(recorded)

    if (method === 'GET' && (path === DISCOVERY_PATH || path === KEYS_PATH)) {
      if (this.keysOutage === 'reset') {
        req.socket.destroy()
        return
      }
      if (this.keysOutage === 'not-found') return this.goError(res, 404, '404 page not found')
      if (this.keysOutage === 'unavailable') {
        const page =
          '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
        return this.send(res, 503, page, { 'content-type': 'text/html' })
      }
      return this.json(res, 200, path === DISCOVERY_PATH ? this.openIdConfiguration() : this.jwks())
    }
    const m = ID_TOKEN_ROUTE.exec(path)
    if (method === 'GET' && m)
      return this.idToken(req, res, m[1] ?? '', new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)))
    this.goError(res, 404, '404 page not found')
  }

  /** id_token.go IDTokenContexter + generateIDToken, in that order. */
  private idToken(req: IncomingMessage, res: ServerResponse, runIdParam: string, query: URLSearchParams): void {
    if (this.refusal) {
      const status = this.refusal.status
      const E = FORGEJO_ID_TOKEN_ERRORS
      const message =
        this.refusal.body ??
        (status === 401
          ? E.badHeader
          : status === 403
            ? E.missingScope
            : status === 400
              ? E.runIdMismatch
              : status === 500
                ? E.notRunning
                : undefined)
      return this.goError(res, status, message ?? statusText(status))
    }
    const authorization = req.headers.authorization
    if (
      typeof authorization !== 'string' ||
      authorization.length === 0 ||
      !authorization.toLowerCase().startsWith('bearer ')
    ) {
      return this.goError(res, 401, FORGEJO_ID_TOKEN_ERRORS.badHeader)
    }
    const token = authorization.slice(authorization.indexOf(' ') + 1)
    const claims = this.verifyRuntimeToken(token)
    if (!claims) return this.goError(res, 500, FORGEJO_ID_TOKEN_ERRORS.parseToken)
    let custom: Record<string, unknown>
    try {
      custom = JSON.parse(String(claims.oidc_extra ?? '')) as Record<string, unknown>
      if (!custom || typeof custom !== 'object') throw new Error('not an object')
    } catch {
      return this.goError(res, 500, FORGEJO_ID_TOKEN_ERRORS.parseClaims)
    }
    const task = this.tasks.get(Number(claims.TaskID))
    if (!task) return this.goError(res, 500, FORGEJO_ID_TOKEN_ERRORS.taskById)
    if (!task.running) return this.goError(res, 500, FORGEJO_ID_TOKEN_ERRORS.notRunning)
    const runId = /^[+-]?\d+$/.test(runIdParam) ? Number(runIdParam) : 0
    if (runId !== task.runId) return this.goError(res, 400, FORGEJO_ID_TOKEN_ERRORS.runIdMismatch)
    const scope = `generate_id_token:${task.runId}:${task.jobId}`
    if (
      !String(claims.scp ?? '')
        .split(' ')
        .includes(scope)
    )
      return this.goError(res, 403, FORGEJO_ID_TOKEN_ERRORS.missingScope)
    const audience = query.get('audience') || `${this.rootUrl}${String(custom.repository_owner ?? '')}`
    const now = Math.floor(Date.now() / 1000) + this.clockOffsetSeconds
    const idClaims: Record<string, unknown> = {
      ...custom,
      sub: String(claims.oidc_sub ?? ''),
      aud: audience,
      exp: now + this.lifetimeSeconds,
      iat: now,
      nbf: now,
      iss: this.issuer
    }
    const value = this.signRs256(idClaims, this.privateKey, this.kid)
    this.issued.push(value)
    this.json(res, 200, { value })
  }

  /** services/context/base.go JSON: Go's json.Encoder adds a newline. */
  private json(res: ServerResponse, status: number, body: unknown): void {
    this.send(res, status, `${JSON.stringify(body)}\n`, { 'content-type': 'application/json;charset=utf-8' })
  }

  /** net/http's http.Error. */
  private goError(res: ServerResponse, status: number, message: string): void {
    this.send(res, status, `${message}\n`, {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff'
    })
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    if (res.headersSent || res.destroyed) return
    const buf = Buffer.from(body, 'utf8')
    res.writeHead(status, { ...headers, 'content-length': String(buf.length) })
    res.end(buf)
  }
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable'
  }
  return texts[status] ?? 'Error'
}
