/**
 * A failed answer: the ActionError it becomes and how the attempt continues. Pure.
 */
import { ActionError, type ErrorClass } from '../errors.js'
import { describeUnknownShape, type AnswerContext, type HttpAnswer } from './answer-body.js'

/** How a failed attempt continues: the same URL after a pause, the next URL at once, or not at all. */
export type RetryRule = 'same' | 'next' | 'never'

export interface Failure {
  kind: 'fail'
  error: ActionError
  retry: RetryRule
  /** From Retry-After, when the server named a pause. */
  retryAfterMs?: number
}

export function fail(
  cls: ErrorClass,
  what: string,
  ctx: AnswerContext,
  status: number,
  serverMessage: string,
  retry: RetryRule,
  fix?: string
): Failure {
  return {
    kind: 'fail',
    retry,
    error: new ActionError(cls, what, {
      endpoint: ctx.endpoint,
      ...(ctx.name !== undefined ? { path: ctx.path ?? '/', name: ctx.name } : {}),
      status,
      serverMessage,
      ...(fix ? { fix } : {})
    })
  }
}

/**
 * A 2xx answer without the shape Infisical gives (`what` says what was expected): something else
 * answered, most often a proxy or a login page; the next URL may be Infisical itself.
 */
export function notInfisical(what: string, answer: HttpAnswer, ctx: AnswerContext): Failure {
  return fail('proxy-blocked', what, ctx, answer.status, describeUnknownShape(answer.headers, answer.body, ctx), 'next')
}

export function permissionFix(ctx: AnswerContext): string {
  return `grant the machine identity read access on ${ctx.path ?? '/'} in environment ${ctx.environment} (a project role or additional privilege with read on secrets for that path)`
}

/** Added to the fix of a 404 or 403 that a wrong `environment` slug would also give. */
export function environmentHint(environment: string): string {
  return `check that environment ${environment} exists in the project (environment slugs are short, e.g. prod)`
}
