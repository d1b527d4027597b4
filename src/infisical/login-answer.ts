/**
 * The answer to a Universal Auth login. Pure.
 */
import { isObject } from '../rules.js'
import { parseJson, type AnswerContext, type HttpAnswer } from './answer-body.js'
import { classifyFailure } from './error-answers.js'
import { notInfisical, type Failure } from './failure.js'

export type LoginOutcome = { kind: 'ok'; accessToken: string } | Failure

/** The answer to `POST /api/v1/auth/universal-auth/login`. */
export function interpretLoginAnswer(answer: HttpAnswer, ctx: AnswerContext): LoginOutcome {
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  if (!isObject(json) || typeof json.accessToken !== 'string' || json.accessToken === '') {
    return notInfisical("the login answer was not Infisical's", answer, ctx)
  }
  return { kind: 'ok', accessToken: json.accessToken }
}
