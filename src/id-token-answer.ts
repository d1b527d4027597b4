/**
 * What the CI server's answer to the ID-token request means. Pure: an ID token, or a failure with
 * the retry rule that applies to it (as for an Infisical answer).
 */
import { ActionError } from './errors.js'
import { cut } from './log-text.js'
import {
  describeForeignBody,
  infisicalError,
  parseJson,
  retryAfterMs,
  type HttpAnswer
} from './infisical/answer-body.js'
import type { Failure, RetryRule } from './infisical/failure.js'
import { REQUEST_URL_VARIABLE } from './id-token.js'
import { isObject } from './rules.js'

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

type IdTokenOutcome = { kind: 'ok'; jwt: string } | Failure

const REFUSED_FIX =
  "the CI server refused the job's request token: check that the job has `enable-openid-connect: true` (Forgejo) or `permissions: id-token: write` (GitHub), and that the step runs while the job does (the request token ends with the job)"

/** The CI server's answer to the ID-token request. Pure. `endpoint` names it in errors. */
export function interpretIdTokenAnswer(
  answer: HttpAnswer,
  endpoint: string,
  redact: (t: string) => string = (t) => t
): IdTokenOutcome {
  const { status } = answer
  const e = infisicalError(answer.body)
  const said = e ? cut(redact(e.message), 200) : describeForeignBody(answer.headers, redact(answer.body))
  const fail = (cls: ActionError['errorClass'], what: string, retry: RetryRule, fix?: string): Failure => ({
    kind: 'fail',
    retry,
    error: new ActionError(cls, what, { endpoint, status, serverMessage: said, ...(fix ? { fix } : {}) })
  })
  if (status >= 200 && status < 300) {
    const json = parseJson(answer.body)
    const value = isObject(json) ? json.value : undefined
    if (typeof value === 'string' && JWT.test(value)) return { kind: 'ok', jwt: value }
    return {
      kind: 'fail',
      retry: 'next',
      error: new ActionError(
        'proxy-blocked',
        'the CI server\'s answer to the ID-token request held no ID token (expected { "value": "<jwt>" })',
        {
          endpoint,
          status,
          fix: `check that ${REQUEST_URL_VARIABLE} reaches Forgejo (or GitHub) itself, not a proxy page`
        }
      )
    }
  }
  if (status === 429 || status >= 500) {
    const f = fail(
      status === 429 ? 'rate-limited' : 'server-error',
      `the CI server answered the ID-token request with ${status === 429 ? 'a rate limit' : 'a server error'}`,
      'same',
      'check the health of the CI server (Forgejo), then run the job again'
    )
    const after = retryAfterMs(answer.headers['retry-after'])
    return after === undefined ? f : { ...f, retryAfterMs: after }
  }
  if (status === 401 || status === 403)
    return fail('auth-invalid', "the CI server refused the request for the job's ID token", 'never', REFUSED_FIX)
  if (status === 404) {
    return fail(
      'config',
      'the CI server has no ID token for this job at this URL',
      'never',
      'on Forgejo, ID tokens need Forgejo 15 or later and a runner 12.5 or later, and `enable-openid-connect: true` on the job'
    )
  }
  return fail(
    'server-error',
    'the CI server answered the ID-token request with an unexpected status',
    'never',
    'check the CI server (Forgejo) and its logs'
  )
}
