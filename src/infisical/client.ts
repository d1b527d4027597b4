/**
 * The Infisical client: Universal Auth and OIDC Auth logins and secret reads over the transport, following the
 * failover plan of retry-policy.ts (outages retried until the deadline, 429 and 5xx retried on the
 * same URL, TLS and foreign answers fail over, answers about the identity or the secret end the
 * run at once). Every request sent is counted: each spends a Token Auth use. Every attempt is
 * recorded per endpoint for the marker, and a URL that failed before another answered is reported.
 */
import type { AnswerContext, HttpAnswer } from './answer-body.js'
import type { Deadline } from './deadline.js'
import type { EndpointAttempts } from './failover.js'
import { followPlan, UrlRecord, type Interpreted, type PlanContext } from './follow-plan.js'
import { interpretLoginAnswer, type LoginOutcome } from './login-answer.js'
import { interpretOidcLoginAnswer } from './oidc-login.js'
import { afterMissingRoute, folderUrl, secretUrl, type Api } from './read-routes.js'
import { LIMITS, type RetryLimits } from './retry-policy.js'
import { interpretFolderAnswer, interpretSecretAnswer, type SecretRead } from './secret-answers.js'
import type { IdTokenClaims } from '../id-token.js'
import type { Where } from './exchange.js'
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
  /** Removes credentials and values from server text before it is cut (see answer-body.ts). */
  redact?: (text: string) => string
}

export class InfisicalClient {
  /** HTTP requests sent to Infisical so far (each spends a use of a Token Auth token). */
  requests = 0
  private readonly api = new Map<string, Api>()
  private readonly record = new UrlRecord()
  private readonly plan: PlanContext

  constructor(private readonly opts: ClientOptions) {
    this.plan = {
      urls: opts.urls,
      retries: opts.retries,
      random: opts.random ?? Math.random,
      limits: opts.limits ?? LIMITS,
      deadline: opts.deadline,
      transport: opts.transport,
      sent: () => {
        this.requests++
      },
      ...(opts.onFailover ? { onFailover: opts.onFailover } : {})
    }
  }

  /** The base URL that last answered as Infisical. */
  get endpoint(): string | undefined {
    return this.record.endpoint
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
        const out = interpret(answer, this.context(endpoint))
        return out.kind === 'ok' ? { kind: 'ok', value: out.accessToken } : out
      }
    )
  }

  async readSecret(token: string, path: string, name: string, cancel?: AbortSignal): Promise<SecretRead> {
    return this.exchange<SecretRead>(
      { path, name },
      (endpoint) => ({
        method: 'GET',
        url: secretUrl(this.opts, this.apiOf(endpoint), endpoint, path, name),
        headers: { ...this.headers(), authorization: `Bearer ${token}` }
      }),
      (answer, endpoint) => {
        const out = interpretSecretAnswer(answer, this.context(endpoint, { path, name }))
        if (out.kind === 'route-missing')
          return this.missingRoute(endpoint, { endpoint, path, name, status: answer.status })
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
        url: folderUrl(this.opts, this.apiOf(endpoint), endpoint, path),
        headers: { ...this.headers(), authorization: `Bearer ${token}` }
      }),
      (answer, endpoint) => {
        const out = interpretFolderAnswer(
          answer,
          this.context(endpoint, { path, folder: true }),
          names,
          this.opts.includeImports
        )
        if (out.kind === 'route-missing') return this.missingRoute(endpoint, { endpoint, path, status: answer.status })
        return out.kind === 'ok' ? { kind: 'ok', value: out.found } : out
      },
      cancel
    )
  }

  /** v4 missing: v3 from now on for this URL, and the request again; v3 missing too: not Infisical. */
  private missingRoute<T>(
    endpoint: string,
    details: { endpoint: string; path: string; name?: string; status: number }
  ): Interpreted<T> {
    const next = afterMissingRoute(this.apiOf(endpoint), details)
    if (next.kind === 'again') this.api.set(endpoint, 'v3')
    return next
  }

  /** What an answer of `endpoint` is read with: the environment, the secret or folder asked for, the redaction. */
  private context(endpoint: string, about: Pick<AnswerContext, 'path' | 'name' | 'folder'> = {}): AnswerContext {
    return {
      endpoint,
      environment: this.opts.environment,
      ...about,
      ...(this.opts.redact ? { redact: this.opts.redact } : {})
    }
  }

  /** Which read route a base URL is known to serve. */
  apiOf(endpoint: string): Api {
    return this.api.get(endpoint) ?? 'v4'
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', 'user-agent': this.opts.userAgent }
  }

  /** One entry per endpoint tried in this run, in the order first tried. */
  attempts(): EndpointAttempts[] {
    return [...this.record.tried.values()].map((a) => ({ ...a }))
  }

  private async exchange<T>(
    where: Where,
    build: (endpoint: string) => Omit<HttpRequest, 'signal'>,
    interpret: (answer: HttpAnswer, endpoint: string) => Interpreted<T>,
    cancel?: AbortSignal
  ): Promise<T> {
    return followPlan(this.plan, this.record, { where, build, interpret, ...(cancel ? { cancel } : {}) })
  }
}
