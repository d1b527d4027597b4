/**
 * The Infisical client: Universal Auth and OIDC Auth logins and secret reads over the transport, following the
 * failover plan of retry-policy.ts (outages retried until the deadline, 429 and 5xx retried on the
 * same URL, TLS and foreign answers fail over, answers about the identity or the secret end the
 * run at once). Every request sent is counted: each spends a Token Auth use. Every attempt is
 * recorded per endpoint for the marker, and a URL that failed before another answered is reported.
 */
import { ActionError, type ErrorClass } from '../errors.js'
import { displayUrl } from '../urls.js'
import type { AnswerContext, HttpAnswer } from './answer-body.js'
import type { Failure } from './failure.js'
import { interpretLoginAnswer, type LoginOutcome } from './login-answer.js'
import { interpretFolderAnswer, interpretSecretAnswer, type SecretRead } from './secret-answers.js'
import { interpretOidcLoginAnswer } from './oidc-login.js'
import type { IdTokenClaims } from '../id-token.js'
import { Deadline, sleep } from './deadline.js'
import {
  FailoverPlan,
  LIMITS,
  answerFailureKind,
  attemptLimitMs,
  giveUpError,
  transportFailureKind,
  type RetryLimits,
  type Step
} from './retry-policy.js'
import { classifyTransportError, transportError, type TransportFailure } from './transport-errors.js'
import type { HttpRequest, Transport } from './transport.js'

export interface ClientOptions {
  urls: string[]
  retries: number
  deadline: Deadline
  transport: Transport
  projectId: string
  environment: string
  includeImports: boolean
  userAgent: string
  random?: () => number
  /** The policy's limits; the contract's by default (tests make them small). */
  limits?: RetryLimits
  /** Told once per URL that failed in a request another URL then answered (a warning). */
  onFailover?: (text: string) => void
  /** Removes credentials and values from server text before it is cut (see answers.ts). */
  redact?: (text: string) => string
}

/** A request abandoned because another one of the run failed first. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled')
    this.name = 'Cancelled'
  }
}

/** The marker's `attempts` entry: one per endpoint tried. */
export interface EndpointAttempts {
  endpoint: string
  /** `ok`, or the class of the last failed attempt of that endpoint. */
  outcome: 'ok' | ErrorClass
  count: number
}

type Interpreted<T> = { kind: 'ok'; value: T } | { kind: 'again' } | Failure
type Attempt = { answer: HttpAnswer } | { failure: TransportFailure }

/** Each distinct item with its count, in order: `a ×2; b`. */
export function counted(items: string[]): string {
  const counts = new Map<string, number>()
  for (const t of items) counts.set(t, (counts.get(t) ?? 0) + 1)
  return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join('; ')
}

/** "3 attempts" for one outcome of one URL; else each distinct outcome with its count, in order. */
export function attemptSummary(tried: string[]): string {
  if (new Set(tried).size === 1) return `${tried.length} attempts`
  return `${tried.length} attempts: ${counted(tried)}`
}

export class InfisicalClient {
  /** HTTP requests sent to Infisical so far (each spends a use of a Token Auth token). */
  requests = 0
  /** The base URL that last answered as Infisical. */
  endpoint: string | undefined
  private preferred: string | undefined
  private readonly api = new Map<string, 'v4' | 'v3'>()
  private readonly random: () => number
  private readonly limits: RetryLimits
  private readonly tried = new Map<string, EndpointAttempts>()
  private readonly warned = new Set<string>()
  private readonly dead = new Set<string>()
  private lastBroken: ActionError | undefined

  constructor(private readonly opts: ClientOptions) {
    this.random = opts.random ?? Math.random
    this.limits = opts.limits ?? LIMITS
  }

  async loginUniversal(clientId: string, clientSecret: string): Promise<string> {
    return this.login('universal-auth', { clientId, clientSecret }, (answer, ctx) => interpretLoginAnswer(answer, ctx))
  }

  /** OIDC Auth: the job's ID token for an access token; a refusal names the token's claims. */
  async loginOidc(identityId: string, jwt: string, claims: IdTokenClaims): Promise<string> {
    return this.login('oidc-auth', { identityId, jwt }, (answer, ctx) =>
      interpretOidcLoginAnswer(answer, { ...ctx, identityId, claims })
    )
  }

  private async login(
    method: 'universal-auth' | 'oidc-auth',
    body: Record<string, string>,
    interpret: (answer: HttpAnswer, ctx: AnswerContext) => LoginOutcome
  ): Promise<string> {
    return this.exchange<string>(
      {},
      (endpoint) => ({
        method: 'POST',
        url: `${endpoint}/api/v1/auth/${method}/login`,
        headers: { ...this.headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body)
      }),
      (answer, endpoint) => {
        const out = interpret(answer, { endpoint, environment: this.opts.environment, ...this.redaction() })
        return out.kind === 'ok' ? { kind: 'ok', value: out.accessToken } : out
      }
    )
  }

  async readSecret(token: string, path: string, name: string, cancel?: AbortSignal): Promise<SecretRead> {
    return this.exchange<SecretRead>(
      { path, name },
      (endpoint) => ({
        method: 'GET',
        url: this.secretUrl(endpoint, path, name),
        headers: { ...this.headers(), authorization: `Bearer ${token}` }
      }),
      (answer, endpoint) => {
        const out = interpretSecretAnswer(answer, {
          endpoint,
          environment: this.opts.environment,
          path,
          name,
          ...this.redaction()
        })
        if (out.kind === 'route-missing') {
          if (this.api.get(endpoint) === 'v3') {
            return {
              kind: 'fail',
              retry: 'next',
              error: new ActionError(
                'proxy-blocked',
                'the server has neither the v4 nor the v3 secrets route: it is not Infisical',
                {
                  endpoint,
                  path,
                  name,
                  status: answer.status
                }
              )
            }
          }
          this.api.set(endpoint, 'v3')
          return { kind: 'again' }
        }
        return out.kind === 'ok' ? { kind: 'ok', value: out.secret } : out
      },
      cancel
    )
  }

  /**
   * Reads a folder with one list request and keeps the `names` asked for (the others are dropped
   * at once). A name not in the answer is absent from the map: read it alone.
   */
  async readFolder(
    token: string,
    path: string,
    names: string[],
    cancel?: AbortSignal
  ): Promise<Map<string, SecretRead>> {
    return this.exchange<Map<string, SecretRead>>(
      { path },
      (endpoint) => ({
        method: 'GET',
        url: this.folderUrl(endpoint, path),
        headers: { ...this.headers(), authorization: `Bearer ${token}` }
      }),
      (answer, endpoint) => {
        const out = interpretFolderAnswer(
          answer,
          { endpoint, environment: this.opts.environment, path, folder: true, ...this.redaction() },
          names,
          this.opts.includeImports
        )
        if (out.kind === 'route-missing') {
          if (this.api.get(endpoint) === 'v3') {
            return {
              kind: 'fail',
              retry: 'next',
              error: new ActionError(
                'proxy-blocked',
                'the server has neither the v4 nor the v3 secrets route: it is not Infisical',
                { endpoint, path, status: answer.status }
              )
            }
          }
          this.api.set(endpoint, 'v3')
          return { kind: 'again' }
        }
        return out.kind === 'ok' ? { kind: 'ok', value: out.found } : out
      },
      cancel
    )
  }

  private redaction(): Pick<AnswerContext, 'redact'> {
    return this.opts.redact ? { redact: this.opts.redact } : {}
  }

  /** Which read route a base URL is known to serve. */
  apiOf(endpoint: string): 'v4' | 'v3' {
    return this.api.get(endpoint) ?? 'v4'
  }

  private secretUrl(endpoint: string, path: string, name: string): string {
    const v3 = this.apiOf(endpoint) === 'v3'
    const route = v3 ? 'api/v3/secrets/raw' : 'api/v4/secrets'
    return `${endpoint}/${route}/${encodeURIComponent(name)}?${this.query(endpoint, path).toString()}`
  }

  /** A folder's list: the same route without a name, the same query keys, and recursive=false. */
  private folderUrl(endpoint: string, path: string): string {
    const route = this.apiOf(endpoint) === 'v3' ? 'api/v3/secrets/raw' : 'api/v4/secrets'
    const q = this.query(endpoint, path)
    q.set('recursive', 'false')
    return `${endpoint}/${route}?${q.toString()}`
  }

  private query(endpoint: string, path: string): URLSearchParams {
    const v3 = this.apiOf(endpoint) === 'v3'
    return new URLSearchParams({
      [v3 ? 'workspaceId' : 'projectId']: this.opts.projectId,
      environment: this.opts.environment,
      secretPath: path,
      type: 'shared',
      viewSecretValue: 'true',
      expandSecretReferences: 'true',
      include_imports: this.opts.includeImports ? 'true' : 'false'
    })
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', 'user-agent': this.opts.userAgent }
  }

  /** The URLs in the order to try: the one that answered last first; none that broke. */
  private order(): string[] {
    const urls = this.opts.urls.filter((u) => !this.dead.has(u))
    return this.preferred && !this.dead.has(this.preferred)
      ? [this.preferred, ...urls.filter((u) => u !== this.preferred)]
      : urls
  }

  private timeoutError(where: { path?: string; name?: string }, endpoint?: string): ActionError {
    return new ActionError(
      'timeout',
      `no answer from Infisical within timeout-seconds (${this.opts.deadline.limitMs / 1000} s)`,
      {
        ...(endpoint ? { endpoint } : {}),
        ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
      }
    )
  }

  private async attempt(
    endpoint: string,
    req: Omit<HttpRequest, 'signal'>,
    where: { path?: string; name?: string },
    cancel?: AbortSignal
  ): Promise<Attempt> {
    const { deadline, transport } = this.opts
    if (deadline.passed) throw this.timeoutError(where, endpoint)
    if (cancel?.aborted) throw new Cancelled()
    const limit = attemptLimitMs(deadline.remainingMs(), this.limits)
    const attemptSignal = AbortSignal.timeout(limit)
    const signal = AbortSignal.any(cancel ? [deadline.signal, attemptSignal, cancel] : [deadline.signal, attemptSignal])
    try {
      const answer = await transport.send({ ...req, signal })
      this.requests++
      return { answer }
    } catch (e) {
      if (deadline.passed) {
        this.requests++
        throw this.timeoutError(where, endpoint)
      }
      if (cancel?.aborted) throw new Cancelled()
      if (attemptSignal.aborted) {
        this.requests++
        return { failure: { cls: 'timeout', what: `no answer within ${Math.round(limit / 100) / 10} s`, sent: true } }
      }
      const failure = classifyTransportError(e)
      if (failure.sent) this.requests++
      return { failure }
    }
  }

  /** Counts the attempt of `endpoint` for the marker; `outcome` is `ok` or the class it failed with. */
  private note(endpoint: string, outcome: 'ok' | ErrorClass): void {
    const entry = this.tried.get(endpoint)
    if (entry) {
      entry.count++
      entry.outcome = outcome
    } else this.tried.set(endpoint, { endpoint, outcome, count: 1 })
  }

  /** One entry per endpoint tried in this run, in the order first tried. */
  attempts(): EndpointAttempts[] {
    return [...this.tried.values()].map((a) => ({ ...a }))
  }

  /** `answered` answered after other URLs failed in this request: warns once per failed URL. */
  private failedOver(failed: Map<string, string[]>, answered: string): void {
    for (const [endpoint, whats] of failed) {
      if (endpoint === answered || this.warned.has(endpoint)) continue
      this.warned.add(endpoint)
      const how = counted(whats)
      this.opts.onFailover?.(
        `Infisical at ${endpoint} failed (${how}); ${answered} answered instead. Check ${endpoint}, or remove it from infisical-url: every run spends time on it`
      )
    }
  }

  private async exchange<T>(
    where: { path?: string; name?: string },
    build: (endpoint: string) => Omit<HttpRequest, 'signal'>,
    interpret: (answer: HttpAnswer, endpoint: string) => Interpreted<T>,
    cancel?: AbortSignal
  ): Promise<T> {
    const { deadline } = this.opts
    const order = this.order()
    if (order.length === 0) throw this.lastBroken ?? this.timeoutError(where)
    const plan = new FailoverPlan(order, this.opts.retries, this.random, this.limits)
    const tried: string[] = []
    const failed = new Map<string, string[]>()
    const fail = (endpoint: string, what: string): void => {
      tried.push(`${endpoint}: ${what}`)
      failed.set(endpoint, [...(failed.get(endpoint) ?? []), what])
    }
    let last: ActionError | undefined
    let step: Step = plan.first()
    for (;;) {
      if (step.kind === 'give-up') {
        if (!last) throw this.timeoutError(where)
        throw giveUpError(
          last,
          step,
          tried.length > 1 ? attemptSummary(tried) : undefined,
          deadline.limitMs,
          Date.now()
        )
      }
      const endpoint = step.endpoint
      if (step.kind === 'wait') {
        try {
          await sleep(step.ms, cancel ? AbortSignal.any([deadline.signal, cancel]) : deadline.signal)
        } catch {
          if (cancel?.aborted) throw new Cancelled()
          throw this.timeoutError(where, endpoint)
        }
      }
      const res = await this.attempt(endpoint, build(endpoint), where, cancel)
      if ('failure' in res) {
        const via = this.opts.transport.proxyOf(endpoint)
        last = transportError(res.failure, endpoint, where, via ? displayUrl(via) : undefined)
        this.note(endpoint, res.failure.cls)
        fail(endpoint, res.failure.what)
        const kind = transportFailureKind(res.failure.cls)
        if (kind === 'broken') this.broken(endpoint, last)
        step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, deadline.remainingMs())
        continue
      }
      const out = interpret(res.answer, endpoint)
      if (out.kind === 'again') {
        this.note(endpoint, 'ok')
        step = { kind: 'try', endpoint }
        continue
      }
      if (out.kind === 'ok') {
        this.note(endpoint, 'ok')
        this.preferred = endpoint
        this.endpoint = endpoint
        this.failedOver(failed, endpoint)
        return out.value
      }
      this.note(endpoint, out.error.errorClass)
      const kind = answerFailureKind(res.answer.status, out.retry)
      if (kind === 'final') {
        this.endpoint = endpoint
        this.failedOver(failed, endpoint)
        throw out.error
      }
      last = out.error
      fail(endpoint, `HTTP ${res.answer.status}`)
      if (kind === 'broken') this.broken(endpoint, last)
      step = plan.after(endpoint, kind, deadline.remainingMs(), out.retryAfterMs)
    }
  }

  /** A URL that failed with TLS or a foreign answer is not tried again in this run. */
  private broken(endpoint: string, error: ActionError): void {
    this.dead.add(endpoint)
    this.lastBroken = error
  }
}
