/**
 * Answers as the transport hands them to the client, for the unit tests of the client and of its
 * interpretation of answers; and the client options those tests share.
 */
import type { HttpAnswer } from '../../src/infisical/answer-body.js'

/** A JSON answer (`application/json`, or the content type given in `headers`). */
export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body)
})

/** Infisical's answer to a read of secret X: value `v`, version 2. */
export const SECRET_ANSWER = jsonAnswer(200, { secret: { secretKey: 'X', secretValue: 'v', version: 2 } })

/** The client options that do not matter to these tests: project `p`, environment `prod`, no jitter. */
export const CLIENT_BASE = {
  projectId: 'p',
  environment: 'prod',
  includeImports: false,
  userAgent: 't',
  random: (): number => 0.5
}
