/**
 * One request carried through the failover plan of retry-policy.ts: attempts, pauses and the
 * give-up error, with the run's record of the URLs (which answered last, which broke, how each
 * attempt went, which failed URL was already warned about) kept across the run's requests.
 */
import { ActionError, type ErrorClass } from '../errors.js'
import { displayUrl } from '../urls.js'
import type { HttpAnswer } from './answer-body.js'
import type { Deadline } from './deadline.js'
import { Cancelled, sendAttempt, timeoutError, type AttemptContext, type Where } from './exchange.js'
import { attemptSummary, endpointOrder, failoverWarnings, noteAttempt, type EndpointAttempts } from './failover.js'
import type { Failure } from './failure.js'
import {
  FailoverPlan,
  answerFailureKind,
  giveUpError,
  transportFailureKind,
  type RetryLimits,
  type Step
} from './retry-policy.js'
import { transportError } from './transport-errors.js'
import type { HttpRequest, Transport } from './transport.js'

export type Interpreted<T> = { kind: 'ok'; value: T } | { kind: 'again' } | Failure

/** What the run knows of its URLs, across its requests. */
export class UrlRecord {
  /** The base URL that last answered as Infisical. */
  endpoint: string | undefined
  preferred: string | undefined
  readonly tried = new Map<string, EndpointAttempts>()
  readonly warned = new Set<string>()
  readonly dead = new Set<string>()
  lastBroken: ActionError | undefined

  note(endpoint: string, outcome: 'ok' | ErrorClass): void {
    this.tried.set(endpoint, noteAttempt(this.tried, endpoint, outcome))
  }

  /** A URL that failed with TLS or a foreign answer is not tried again in this run. */
  broken(endpoint: string, error: ActionError): void {
    this.dead.add(endpoint)
    this.lastBroken = error
  }
}

export interface PlanContext {
  urls: string[]
  retries: number
  random: () => number
  limits: RetryLimits
  deadline: Deadline
  transport: Transport
  sent: () => void
  onFailover?: (text: string) => void
}

export interface Request<T> {
  where: Where
  build: (endpoint: string) => Omit<HttpRequest, 'signal'>
  interpret: (answer: HttpAnswer, endpoint: string) => Interpreted<T>
  cancel?: AbortSignal
}

/** The failures of one request: each attempt's, and each URL's for the failover warning. */
class RequestFailures {
  readonly tried: string[] = []
  readonly byUrl = new Map<string, string[]>()
  last: ActionError | undefined

  add(endpoint: string, what: string, error: ActionError): void {
    this.tried.push(`${endpoint}: ${what}`)
    this.byUrl.set(endpoint, [...(this.byUrl.get(endpoint) ?? []), what])
    this.last = error
  }
}

function warnFailedOver(c: PlanContext, record: UrlRecord, failures: RequestFailures, answered: string): void {
  for (const { endpoint, text } of failoverWarnings(failures.byUrl, answered, record.warned)) {
    record.warned.add(endpoint)
    c.onFailover?.(text)
  }
}

async function pause(step: Extract<Step, { kind: 'wait' }>, deadline: Deadline, r: Request<unknown>): Promise<void> {
  try {
    await deadline.sleep(step.ms, r.cancel ? AbortSignal.any([deadline.signal, r.cancel]) : deadline.signal)
  } catch {
    if (r.cancel?.aborted) throw new Cancelled()
    throw timeoutError(deadline.limitMs, r.where, step.endpoint)
  }
}

/** Sends the request along the plan until an answer ends it; throws the error that ends it otherwise. */
export async function followPlan<T>(c: PlanContext, record: UrlRecord, r: Request<T>): Promise<T> {
  const { deadline } = c
  const order = endpointOrder(c.urls, record.preferred, record.dead)
  if (order.length === 0) throw record.lastBroken ?? timeoutError(deadline.limitMs, r.where)
  const plan = new FailoverPlan(order, c.retries, c.random, c.limits)
  const attempt: AttemptContext = {
    deadline,
    transport: c.transport,
    limits: c.limits,
    sent: c.sent,
    timedOut: (endpoint) => timeoutError(deadline.limitMs, r.where, endpoint)
  }
  if (r.cancel) attempt.cancel = r.cancel
  const failures = new RequestFailures()
  let step: Step = plan.first()
  for (;;) {
    if (step.kind === 'give-up') {
      if (!failures.last) throw timeoutError(deadline.limitMs, r.where)
      const summary = failures.tried.length > 1 ? attemptSummary(failures.tried) : undefined
      throw giveUpError(failures.last, step, summary, deadline.limitMs, deadline.now())
    }
    const endpoint = step.endpoint
    if (step.kind === 'wait') await pause(step, deadline, r)
    const res = await sendAttempt(attempt, endpoint, r.build(endpoint))
    if ('failure' in res) {
      const via = c.transport.proxyOf(endpoint)
      const error = transportError(res.failure, endpoint, r.where, via ? displayUrl(via) : undefined)
      record.note(endpoint, res.failure.cls)
      failures.add(endpoint, res.failure.what, error)
      const kind = transportFailureKind(res.failure.cls)
      if (kind === 'broken') record.broken(endpoint, error)
      step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, deadline.remainingMs())
      continue
    }
    const out = r.interpret(res.answer, endpoint)
    record.note(endpoint, out.kind === 'fail' ? out.error.errorClass : 'ok')
    if (out.kind === 'again') {
      step = { kind: 'try', endpoint }
      continue
    }
    if (out.kind === 'ok') {
      record.preferred = endpoint
      record.endpoint = endpoint
      warnFailedOver(c, record, failures, endpoint)
      return out.value
    }
    const kind = answerFailureKind(res.answer.status, out.retry)
    if (kind === 'final') {
      record.endpoint = endpoint
      warnFailedOver(c, record, failures, endpoint)
      throw out.error
    }
    failures.add(endpoint, `HTTP ${res.answer.status}`, out.error)
    if (kind === 'broken') record.broken(endpoint, out.error)
    step = plan.after(endpoint, kind, deadline.remainingMs(), out.retryAfterMs)
  }
}
