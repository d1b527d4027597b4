/**
 * The request for the job's ID token: over the run's transport (proxy and TLS rules), within the
 * run's deadline, retried like an Infisical request when the CI server is unavailable or busy.
 */
import { ActionError } from './errors.js'
import { oneLine } from './log-text.js'
import { displayUrl } from './urls.js'
import { idTokenEndpoint, type IdTokenRequest } from './id-token.js'
import { interpretIdTokenAnswer } from './id-token-answer.js'
import { sendAttempt, type AttemptContext } from './infisical/exchange.js'
import {
  FailoverPlan,
  LIMITS,
  answerFailureKind,
  giveUpError,
  transportFailureKind,
  type RetryLimits,
  type Step
} from './infisical/retry-policy.js'
import type { Deadline } from './infisical/deadline.js'
import type { Transport } from './infisical/transport.js'

export interface IdTokenRequestOptions {
  request: IdTokenRequest
  transport: Transport
  deadline: Deadline
  retries: number
  userAgent: string
  limits?: RetryLimits
  random?: () => number
  redact?: (text: string) => string
}

/**
 * Asks the CI server for the job's ID token, within the run's deadline: refused, reset or
 * unanswered attempts and 502/503/504 again until the deadline, 429 and other 5xx up to
 * `retries` times, anything else at once. The error names the CI server, never a token.
 */
export async function requestIdToken(o: IdTokenRequestOptions): Promise<string> {
  const endpoint = idTokenEndpoint(o.request.url)
  const limits = o.limits ?? LIMITS
  const plan = new FailoverPlan([endpoint], o.retries, o.random ?? Math.random, limits)
  const timeout = (): ActionError =>
    new ActionError(
      'timeout',
      `no ID token from the CI server within timeout-seconds (${o.deadline.limitMs / 1000} s)`,
      { endpoint, fix: 'check that the CI server (Forgejo) answers, or raise timeout-seconds' }
    )
  // not an Infisical request: it spends no token use, so nothing counts it
  const attempt: AttemptContext = {
    deadline: o.deadline,
    transport: o.transport,
    limits,
    sent: () => {},
    timedOut: timeout
  }
  let last: ActionError | undefined
  let step: Step = plan.first()
  for (;;) {
    if (step.kind === 'give-up')
      throw last ? giveUpError(last, step, undefined, o.deadline.limitMs, o.deadline.now()) : timeout()
    if (step.kind === 'wait') {
      try {
        await o.deadline.sleep(step.ms, o.deadline.signal)
      } catch {
        throw timeout()
      }
    }
    const res = await sendAttempt(attempt, endpoint, {
      method: 'GET',
      url: o.request.url,
      headers: { accept: 'application/json', 'user-agent': o.userAgent, authorization: `Bearer ${o.request.token}` }
    })
    if ('failure' in res) {
      const { failure } = res
      const via = o.transport.proxyOf(o.request.url)
      last = new ActionError(
        failure.cls,
        `the job's ID token could not be requested from the CI server: ${failure.what}${via ? `, through proxy ${oneLine(displayUrl(via))}` : ''}`,
        {
          endpoint,
          fix:
            failure.cls === 'tls'
              ? "the CI server's certificate was not accepted: give its CA with ca-certificate (or install it in the system bundle)"
              : 'check that the CI server (Forgejo) is reachable from the runner host'
        }
      )
      const kind = transportFailureKind(failure.cls)
      step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, o.deadline.remainingMs())
      continue
    }
    const { answer } = res
    const out = interpretIdTokenAnswer(answer, endpoint, o.redact)
    if (out.kind === 'ok') return out.jwt
    const kind = answerFailureKind(answer.status, out.retry)
    if (kind === 'final') throw out.error
    last = out.error
    step = plan.after(endpoint, kind, o.deadline.remainingMs(), out.retryAfterMs)
  }
}
