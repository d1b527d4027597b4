/**
 * The answers that carry secrets: one secret (`GET /api/v4/secrets/{name}`, v3 raw) and a folder's
 * list. Pure: only the wanted values are kept.
 */
import { isObject } from '../rules.js'
import { isMissingRoute, parseJson, type AnswerContext, type HttpAnswer } from './answer-body.js'
import { classifyFailure } from './error-answers.js'
import { fail, notInfisical, permissionFix, type Failure } from './failure.js'

export interface SecretRead {
  value: string
  version: number | null
}

export type SecretOutcome = { kind: 'ok'; secret: SecretRead } | { kind: 'route-missing' } | Failure

/** The answer to `GET /api/v4/secrets/{name}` (or v3 raw). */
export function interpretSecretAnswer(answer: HttpAnswer, ctx: AnswerContext): SecretOutcome {
  if (isMissingRoute(answer.status, answer.body, answer.headers)) return { kind: 'route-missing' }
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, ctx)
  const json = parseJson(answer.body)
  const secret = isObject(json) ? json.secret : undefined
  if (!isObject(secret) || typeof secret.secretValue !== 'string') {
    return notInfisical('the answer was not a secret from Infisical', answer, ctx)
  }
  if (secret.secretValueHidden === true) {
    return fail(
      'permission-denied',
      'Infisical hid the value (secretValueHidden): the machine identity may see the secret but not its value',
      ctx,
      answer.status,
      'secretValueHidden: true',
      'never',
      permissionFix(ctx).replace('read access', 'read access to secret values')
    )
  }
  return {
    kind: 'ok',
    secret: { value: secret.secretValue, version: typeof secret.version === 'number' ? secret.version : null }
  }
}

export type FolderOutcome = { kind: 'ok'; found: Map<string, SecretRead> } | { kind: 'route-missing' } | Failure

function secretsOf(list: unknown): Record<string, unknown>[] | undefined {
  return Array.isArray(list) && list.every(isObject) ? (list as Record<string, unknown>[]) : undefined
}

/**
 * The answer to a folder's list (`GET /api/v4/secrets`, v3 `GET /api/v3/secrets/raw`):
 * `{ secrets: [...], imports: [{ secretPath, secrets: [...] }] }` (docs/infisical-api.md, "A folder").
 * Only the `wanted` names are kept; every other value is dropped here, never stored. A name of
 * the folder itself wins over the imports, then the imports from the last to the first, as
 * Infisical does for a single read. A name missing (not describable, or hidden) is not in
 * `found`: the caller reads it alone, so that the error names it and its exact class.
 */
export function interpretFolderAnswer(
  answer: HttpAnswer,
  ctx: AnswerContext,
  wanted: string[],
  includeImports: boolean
): FolderOutcome {
  if (isMissingRoute(answer.status, answer.body, answer.headers)) return { kind: 'route-missing' }
  if (answer.status < 200 || answer.status >= 300) return classifyFailure(answer, { ...ctx, folder: true })
  const json = parseJson(answer.body)
  const own = isObject(json) ? secretsOf(json.secrets) : undefined
  const imports = isObject(json)
    ? json.imports === undefined
      ? []
      : Array.isArray(json.imports)
        ? json.imports
        : undefined
    : undefined
  if (!own || !imports) {
    return notInfisical("the answer was not a folder's secrets from Infisical", answer, ctx)
  }
  const names = new Set(wanted)
  const found = new Map<string, SecretRead>()
  const take = (list: Record<string, unknown>[]) => {
    for (const s of list) {
      const key = s.secretKey
      if (typeof key !== 'string' || !names.has(key) || found.has(key)) continue
      if (typeof s.secretValue !== 'string' || s.secretValueHidden === true) continue
      found.set(key, { value: s.secretValue, version: typeof s.version === 'number' ? s.version : null })
    }
  }
  take(own)
  if (includeImports) {
    for (const imp of [...imports].reverse()) {
      const list = isObject(imp) ? secretsOf(imp.secrets) : undefined
      if (list) take(list)
    }
  }
  return { kind: 'ok', found }
}
