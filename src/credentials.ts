/**
 * The credentials stage: from the plan to the bearer token the reads use, and the machine
 * identity the run speaks for. Token Auth: the token, read, cleaned and masked before anything
 * else is done with it, its own claims checked before any request. Universal Auth and OIDC Auth:
 * a login (for OIDC, with the job's ID token asked of the CI server first), the access token
 * masked at once, its identity compared with identity-id.
 */
import * as runner from './workflow-commands.js'
import { ActionError } from './errors.js'
import type { Plan } from './plan.js'
import type { Masker } from './masking.js'
import type { Source } from './marker.js'
import type { RunEnvironment } from './run-environment.js'
import { readTokenFile } from './protected-file.js'
import { checkToken, cleanToken, readTokenClaims, type TokenCheck } from './token-claims.js'
import { describeClaims, idTokenClaims, idTokenEndpoint } from './id-token.js'
import { requestIdToken } from './id-token-request.js'
import { maskOrFail } from './masks.js'
import { USER_AGENT, type Connection } from './connection.js'

/** What the reads need: the bearer token, and the identity it belongs to when known. */
export interface Credentials {
  bearer: string
  identity?: TokenCheck
}

/** What is known before any request: Token Auth's token and its claims; else the identity named. */
export interface GivenCredentials {
  bearer?: string
  identity?: TokenCheck
}

const SOURCES: Record<Plan['auth']['method'], Source> = {
  token: 'infisical-token-auth',
  universal: 'infisical-universal-auth',
  oidc: 'infisical-oidc-auth'
}

export function sourceOf(plan: Plan): Source {
  return SOURCES[plan.auth.method]
}

export function describeAuth(plan: Plan): string {
  if (plan.auth.method === 'universal') return 'Universal Auth'
  if (plan.auth.method === 'oidc')
    return `OIDC Auth (identity ${plan.auth.identityId}, the job's ID token from ${idTokenEndpoint(plan.auth.request.url)})`
  return plan.auth.tokenFile !== undefined
    ? `Token Auth (token file ${plan.auth.tokenFile})`
    : 'Token Auth (token input)'
}

/** The token for `auth-method: token`, masked before anything else is done with it. */
function obtainToken(auth: Extract<Plan['auth'], { method: 'token' }>, uid: number, masker: Masker): string {
  const file = auth.tokenFile
  const given = file !== undefined ? readTokenFile(file, { uid }) : auth.token
  // Redacted from every message at once; masked once cleaned (a refused token is never printed).
  runner.sensitive.add(given)
  const { token, notice } = cleanToken(
    given,
    file !== undefined ? { input: 'token-file', path: file } : { input: 'token' }
  )
  maskOrFail(
    masker,
    [token],
    [file !== undefined ? 'the token in token-file' : 'the token input'],
    file !== undefined ? 'token-file' : 'config'
  )
  if (notice) runner.info(notice)
  return token
}

/** Before any request: Token Auth's token read and checked (an expired one fails here); else the identity the plan names. */
export function givenCredentials(
  plan: Plan,
  rt: Pick<RunEnvironment, 'uid' | 'now'>,
  masker: Masker
): GivenCredentials {
  if (plan.auth.method !== 'token') return plan.identityId ? { identity: { identityId: plan.identityId } } : {}
  const bearer = obtainToken(plan.auth, rt.uid, masker)
  const identity = checkToken(
    readTokenClaims(bearer),
    { ...(plan.identityId ? { identityId: plan.identityId } : {}), warningDays: plan.tokenExpiryWarningDays },
    rt.now()
  )
  if (identity.warning) runner.warning(identity.warning)
  return { bearer, identity }
}

/**
 * OIDC Auth: the job's ID token from the CI server, masked before anything else is done with it,
 * its claims (never the token) in the log, then exchanged at Infisical for an access token.
 */
async function loginWithIdToken(
  auth: Extract<Plan['auth'], { method: 'oidc' }>,
  plan: Plan,
  masker: Masker,
  c: Connection
): Promise<string> {
  runner.sensitive.add(auth.request.token)
  maskOrFail(masker, [auth.request.token], ['the ID-token request token'], 'config')
  const jwt = await requestIdToken({
    request: auth.request,
    transport: c.transport,
    deadline: c.deadline,
    retries: plan.retries,
    userAgent: USER_AGENT,
    ...(c.limits ? { limits: c.limits } : {}),
    redact: (text) => runner.sensitive.redact(text)
  })
  runner.sensitive.add(jwt)
  maskOrFail(masker, [jwt], ["the job's ID token"], 'config')
  const claims = idTokenClaims(jwt)
  runner.info(
    `OIDC: the job's ID token has ${describeClaims(claims)}${claims.exp ? `, valid until ${claims.exp.toISOString()}` : ''}`
  )
  return c.client.loginOidc(auth.identityId, jwt, claims)
}

/** The bearer token for the reads: Token Auth's as given; a login's access token, masked, of the expected identity. */
export async function signIn(plan: Plan, given: GivenCredentials, masker: Masker, c: Connection): Promise<Credentials> {
  const auth = plan.auth
  if (auth.method === 'token')
    return { bearer: given.bearer as string, ...(given.identity ? { identity: given.identity } : {}) }
  const universal = auth.method === 'universal'
  const accessToken = universal
    ? await c.client.loginUniversal(auth.clientId, auth.clientSecret)
    : await loginWithIdToken(auth, plan, masker, c)
  maskOrFail(masker, [accessToken], [`the ${universal ? 'Universal' : 'OIDC'} Auth access token`], 'config')
  const claims = readTokenClaims(accessToken)
  if (plan.identityId && claims.identityId && claims.identityId !== plan.identityId) {
    const whose = universal
      ? `client-id belongs to machine identity ${claims.identityId}, not to`
      : `the OIDC login gave a token of machine identity ${claims.identityId}, not of`
    throw new ActionError('config', `${whose} identity-id ${plan.identityId}; no secret was read`, {
      fix: universal
        ? 'use the Universal Auth client of the expected identity, or correct identity-id'
        : 'correct identity-id'
    })
  }
  const identityId = given.identity?.identityId ?? claims.identityId
  return {
    bearer: accessToken,
    ...(given.identity ? { identity: given.identity } : identityId ? { identity: { identityId } } : {})
  }
}
