/**
 * One attempt of one request to one URL: sent within the attempt's own limit, the run's deadline
 * and the run's cancellation, and what came of it (an answer, or a transport failure). Every
 * request that left is counted: each spends a Token Auth use.
 */
import { ActionError } from '../errors.js'
import type { HttpAnswer } from './answer-body.js'
import type { Deadline } from './deadline.js'
import { attemptLimitMs, type RetryLimits } from './retry-policy.js'
import { classifyTransportError, type TransportFailure } from './transport-errors.js'
import type { HttpRequest, Transport } from './transport.js'

/** A request abandoned because another one of the run failed first. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled')
    this.name = 'Cancelled'
  }
}

/** The secret or folder a request is about; neither for a login. */
export interface Where {
  path?: string
  name?: string
}

export type Attempt = { answer: HttpAnswer } | { failure: TransportFailure }

export interface AttemptContext {
  deadline: Deadline
  transport: Transport
  limits: RetryLimits
  cancel?: AbortSignal
  /** Told of each request that left (answered or not). */
  sent: () => void
  /** The error when the run's deadline passes during the attempt (its wording names the server asked). */
  timedOut: (endpoint: string) => ActionError
}

/** The run's deadline passed before Infisical answered. */
export function timeoutError(limitMs: number, where: Where, endpoint?: string): ActionError {
  return new ActionError('timeout', `no answer from Infisical within timeout-seconds (${limitMs / 1000} s)`, {
    ...(endpoint ? { endpoint } : {}),
    ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
  })
}

/** Sends `req` to `endpoint` once; throws on the deadline (timeout) or the run's cancellation. */
export async function sendAttempt(
  c: AttemptContext,
  endpoint: string,
  req: Omit<HttpRequest, 'signal'>
): Promise<Attempt> {
  const { deadline, transport, cancel } = c
  if (deadline.passed) throw c.timedOut(endpoint)
  if (cancel?.aborted) throw new Cancelled()
  const limit = attemptLimitMs(deadline.remainingMs(), c.limits)
  const attemptSignal = AbortSignal.timeout(limit)
  const signal = AbortSignal.any(cancel ? [deadline.signal, attemptSignal, cancel] : [deadline.signal, attemptSignal])
  try {
    const answer = await transport.send({ ...req, signal })
    c.sent()
    return { answer }
  } catch (e) {
    if (deadline.passed) {
      c.sent()
      throw c.timedOut(endpoint)
    }
    if (cancel?.aborted) throw new Cancelled()
    if (attemptSignal.aborted) {
      c.sent()
      return { failure: { cls: 'timeout', what: `no answer within ${Math.round(limit / 100) / 10} s`, sent: true } }
    }
    const failure = classifyTransportError(e)
    if (failure.sent) c.sent()
    return { failure }
  }
}
