/**
 * A non-2xx answer (or a 2xx that is not Infisical's) as a failure with its retry rule: a server
 * error or rate limit to retry, a redirect or foreign page from something in front, or Infisical's
 * own refusal. Pure.
 */
import { FIXES, type ErrorClass } from '../errors.js'
import {
  describeForeignBody,
  infisicalError,
  retryAfterMs,
  said,
  type AnswerContext,
  type HttpAnswer
} from './answer-body.js'
import { fail, type Failure } from './failure.js'
import { classifyInfisical } from './refusals.js'

/** A non-2xx answer, or a 2xx that is not Infisical's, as a failure with its retry rule. */
export function classifyFailure(answer: HttpAnswer, ctx: AnswerContext): Failure {
  const { status } = answer
  const e = infisicalError(answer.body)
  if (status === 429 || status >= 500) {
    const cls: ErrorClass = status === 429 ? 'rate-limited' : 'server-error'
    const text = e
      ? said(ctx, e.message)
      : `not Infisical's answer: ${describeForeignBody(answer.headers, answer.body, ctx)}`
    const after = retryAfterMs(answer.headers['retry-after'])
    const f = fail(
      cls,
      status === 429 ? 'Infisical is rate limiting this client' : 'Infisical answered with a server error',
      ctx,
      status,
      text,
      'same'
    )
    return after === undefined ? f : { ...f, retryAfterMs: after }
  }
  if (status >= 300 && status < 400) {
    const location = String(answer.headers.location ?? '')
    return fail(
      'proxy-blocked',
      `the URL answered with a redirect${location ? ` to ${said(ctx, location.split('?')[0] ?? '', 120)}` : ''}, not with Infisical's API`,
      ctx,
      status,
      '',
      'next',
      'give the base URL Infisical itself answers on as infisical-url (the https:// one, without a path the proxy rewrites)'
    )
  }
  if (!e) {
    return fail(
      'proxy-blocked',
      `the answer did not come from Infisical (${describeForeignBody(answer.headers, answer.body, ctx)}): something in front of it answered`,
      ctx,
      status,
      '',
      'next',
      FIXES['proxy-blocked']
    )
  }
  return classifyInfisical(e, ctx, status)
}
