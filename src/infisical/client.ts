/**
 * The Infisical client: Universal Auth login and secret reads over the transport, with the
 * contract's failover and retries. After a network, TLS, attempt-timeout or proxy failure the next
 * URL is tried at once (and the list again, up to `retries` more rounds); after 429 or 5xx the
 * same URL is retried with back-off; an answer from Infisical about the identity or the secret
 * ends the run at once. Every request sent is counted: each spends a Token Auth use.
 */
import { ActionError } from '../errors.js'
import { displayUrl } from '../urls.js'
import {
  interpretLoginAnswer,
  interpretSecretAnswer,
  type AnswerContext,
  type Failure,
  type HttpAnswer,
  type SecretRead
} from './answers.js'
import { Deadline, sleep } from './deadline.js'
import { attemptLimitMs, pauseMs } from './retry-policy.js'
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

type Interpreted<T> = { kind: 'ok'; value: T } | { kind: 'again' } | Failure
type Attempt = { answer: HttpAnswer } | { failure: TransportFailure }

/** "3 attempts" for one URL; else each distinct outcome with its count, in order. */
export function attemptSummary(tried: string[]): string {
  const counts = new Map<string, number>()
  for (const t of tried) counts.set(t, (counts.get(t) ?? 0) + 1)
  if (counts.size === 1) return `${tried.length} attempts`
  return `${tried.length} attempts: ${[...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join('; ')}`
}

export class InfisicalClient {
  /** HTTP requests sent to Infisical so far (each spends a use of a Token Auth token). */
  requests = 0
  /** The base URL that last answered as Infisical. */
  endpoint: string | undefined
  private preferred: string | undefined
  private readonly api = new Map<string, 'v4' | 'v3'>()
  private readonly random: () => number

  constructor(private readonly opts: ClientOptions) {
    this.random = opts.random ?? Math.random
  }

  async loginUniversal(clientId: string, clientSecret: string): Promise<string> {
    const ctx = (endpoint: string): AnswerContext => ({ endpoint, environment: this.opts.environment, ...this.redaction() })
    return this.exchange<string>(
      {},
      (endpoint) => ({
        method: 'POST',
        url: `${endpoint}/api/v1/auth/universal-auth/login`,
        headers: { ...this.headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, clientSecret })
      }),
      (answer, endpoint) => {
        const out = interpretLoginAnswer(answer, ctx(endpoint))
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
        const out = interpretSecretAnswer(answer, { endpoint, environment: this.opts.environment, path, name, ...this.redaction() })
        if (out.kind === 'route-missing') {
          if (this.api.get(endpoint) === 'v3') {
            return {
              kind: 'fail',
              retry: 'next',
              error: new ActionError('proxy-blocked', 'the server has neither the v4 nor the v3 secrets route: it is not Infisical', {
                endpoint,
                path,
                name,
                status: answer.status
              })
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

  private redaction(): Pick<AnswerContext, 'redact'> {
    return this.opts.redact ? { redact: this.opts.redact } : {}
  }

  /** Which read route a base URL is known to serve. */
  apiOf(endpoint: string): 'v4' | 'v3' {
    return this.api.get(endpoint) ?? 'v4'
  }

  private secretUrl(endpoint: string, path: string, name: string): string {
    const v3 = this.apiOf(endpoint) === 'v3'
    const q = new URLSearchParams({
      [v3 ? 'workspaceId' : 'projectId']: this.opts.projectId,
      environment: this.opts.environment,
      secretPath: path,
      type: 'shared',
      viewSecretValue: 'true',
      expandSecretReferences: 'true',
      include_imports: this.opts.includeImports ? 'true' : 'false'
    })
    const route = v3 ? 'api/v3/secrets/raw' : 'api/v4/secrets'
    return `${endpoint}/${route}/${encodeURIComponent(name)}?${q.toString()}`
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', 'user-agent': this.opts.userAgent }
  }

  /** The URLs in the order to try: the one that answered last first. */
  private order(): string[] {
    const { urls } = this.opts
    return this.preferred ? [this.preferred, ...urls.filter((u) => u !== this.preferred)] : urls
  }

  private timeoutError(where: { path?: string; name?: string }, endpoint?: string): ActionError {
    return new ActionError('timeout', `no answer from Infisical within timeout-seconds (${this.opts.deadline.limitMs / 1000} s)`, {
      ...(endpoint ? { endpoint } : {}),
      ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
    })
  }

  private async attempt(endpoint: string, req: Omit<HttpRequest, 'signal'>, where: { path?: string; name?: string }, cancel?: AbortSignal): Promise<Attempt> {
    const { deadline, transport } = this.opts
    if (deadline.passed) throw this.timeoutError(where, endpoint)
    if (cancel?.aborted) throw new Cancelled()
    const limit = attemptLimitMs(deadline.remainingMs())
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

  private async exchange<T>(
    where: { path?: string; name?: string },
    build: (endpoint: string) => Omit<HttpRequest, 'signal'>,
    interpret: (answer: HttpAnswer, endpoint: string) => Interpreted<T>,
    cancel?: AbortSignal
  ): Promise<T> {
    const { retries, deadline } = this.opts
    const tried: string[] = []
    let last: ActionError | undefined
    for (let round = 0; round <= retries; round++) {
      let onlyMoveOn = true
      for (const endpoint of this.order()) {
        for (let retry = 0; ; ) {
          const res = await this.attempt(endpoint, build(endpoint), where, cancel)
          if ('failure' in res) {
            const via = this.opts.transport.proxyOf(endpoint)
            last = transportError(res.failure, endpoint, where, via ? displayUrl(via) : undefined)
            tried.push(`${endpoint}: ${res.failure.what}`)
            break
          }
          const out = interpret(res.answer, endpoint)
          if (out.kind === 'again') continue
          if (out.kind === 'ok') {
            this.preferred = endpoint
            this.endpoint = endpoint
            return out.value
          }
          if (out.retry === 'never') {
            this.endpoint = endpoint
            throw out.error
          }
          last = out.error
          tried.push(`${endpoint}: HTTP ${res.answer.status}`)
          if (out.retry === 'next') break
          if (retry >= retries) {
            onlyMoveOn = false
            break
          }
          const pause = pauseMs(retry, out.retryAfterMs, this.random())
          if (pause >= deadline.remainingMs()) {
            throw new ActionError(out.error.errorClass, `${out.error.what}; the next retry, in ${Math.ceil(pause / 1000)} s, would pass timeout-seconds`, out.error.details)
          }
          try {
            await sleep(pause, cancel ? AbortSignal.any([deadline.signal, cancel]) : deadline.signal)
          } catch {
            if (cancel?.aborted) throw new Cancelled()
            throw this.timeoutError(where, endpoint)
          }
          retry++
        }
      }
      if (!onlyMoveOn) break
    }
    if (!last) throw this.timeoutError(where)
    throw tried.length > 1 ? new ActionError(last.errorClass, `${last.what} (${attemptSummary(tried)})`, last.details) : last
  }
}
