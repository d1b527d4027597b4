/**
 * What Infisical's answer to `POST /api/v1/auth/oidc-auth/login` means. Pure.
 *
 * Infisical fetches the issuer's discovery document and keys, verifies the ID token (signature,
 * `exp`, `iss` exactly), then the identity's bound subject, audiences and claims
 * (docs/infisical-api.md, "OIDC Auth"; `services/identity-oidc-auth/`). Its refusals (401, 403; 2024
 * servers 403 for audience and claims) are `auth-invalid`, naming the ID token's `iss`, `sub` and
 * `aud` and which setting of the identity's OIDC Auth to compare them with. Everything that is not
 * about OIDC (trusted IPs, rate limits, 5xx, a proxy's page) is read as for any other request.
 */
import { ActionError } from '../errors.js'
import { describeClaims, type IdTokenClaims } from '../id-token.js'
import { infisicalError, saidError, type AnswerContext, type HttpAnswer, type InfisicalError } from './answer-body.js'
import { classifyFailure } from './error-answers.js'
import type { Failure } from './failure.js'
import { interpretLoginAnswer, type LoginOutcome } from './login-answer.js'
import { WORDING } from './refusals.js'

/** Infisical's OIDC wordings (docs/infisical-api.md, "OIDC Auth", 2024–2026). */
export const OIDC_WORDING = {
  /** 404 "OIDC auth method not found for identity, did you configure OIDC auth?" */
  notConfigured: /OIDC auth method not found/i,
  /**
   * 2026 401 "Access denied: Failed to fetch OIDC discovery document from <url>. <cause>",
   * "…Failed to retrieve signing key(s) from OIDC provider: <cause>"
   */
  discovery: /discovery document|Failed to retrieve signing keys?|Failed to fetch/i,
  /** "jwt issuer invalid. expected: <iss>" */
  issuer: /issuer invalid/i,
  /** "jwt expired" (2024 TokenError "jwt expired") */
  expired: /jwt expired|token has expired/i,
  /**
   * "invalid signature", "jwt malformed", 2026 "Unable to verify JWT signature. The signing key
   * '<kid>' was not found in the OIDC provider's JWKS endpoint…", "Invalid JWT"
   */
  signature: /signature|malformed|invalid token|invalid jwt|signing key '[^']*' was not found/i,
  subject: /subject not allowed/i,
  audience: /audience not allowed/i,
  /** "token has no <claim> field" / "OIDC claim not allowed." */
  claim: /claim not allowed|token has no .+ field/i,
  /** 400 "Local IPs not allowed as URL" (validate-url.ts; 2026 also at each login) */
  localIp: /Local IPs not allowed/i,
  /** The framework's 404 for a server without the route (OIDC Auth came in mid-2024) */
  noRoute: /^Route [A-Z]+:\S+ not found/
} as const

export interface OidcLoginContext extends AnswerContext {
  identityId: string
  claims: IdTokenClaims
}

function refused(
  ctx: OidcLoginContext,
  status: number,
  serverMessage: string,
  what: string,
  compare: string
): LoginOutcome {
  const error = new ActionError(
    'auth-invalid',
    `Infisical refused the OIDC login of machine identity ${ctx.identityId}: ${what}; the ID token says ${describeClaims(ctx.claims)}`,
    {
      endpoint: ctx.endpoint,
      status,
      serverMessage,
      fix: compare
    }
  )
  return { kind: 'fail', error, retry: 'never' }
}

/** Where an operator compares what the ID token says with what the identity expects. */
interface Where {
  settings: string
  iss: string
}

/** A refusal of the OIDC login, recognised by Infisical's wording: what it means and what to compare. */
interface OidcRefusal {
  statuses: number[]
  test: (e: InfisicalError) => boolean
  what: string
  compare: (where: Where) => string
}

const REFUSED = [401, 403]

/** Infisical's refusals of an OIDC login, the first that matches wins. */
const OIDC_REFUSALS: readonly OidcRefusal[] = [
  {
    statuses: [404],
    test: (e) => OIDC_WORDING.notConfigured.test(e.message),
    what: 'the identity has no OIDC Auth method (or no such identity)',
    compare: ({ settings, iss }) =>
      `check identity-id, and add OIDC Auth to the machine identity (${settings}) with discovery URL and issuer ${iss}`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.subject.test(e.message),
    what: 'the subject is not allowed',
    compare: ({ settings }) =>
      `compare sub with the identity's Subject (${settings}); a glob such as repo:platform/platform:ref:refs/heads/* needs Infisical from 2024-09`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.audience.test(e.message),
    what: 'the audience is not allowed',
    compare: ({ settings }) =>
      `compare aud with the identity's Audiences (${settings}), or request the ID token for one of them with oidc-audience`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.claim.test(e.message),
    what: 'a bound claim is missing or does not match',
    compare: ({ settings }) =>
      `compare the ID token's claims with the identity's Claims (${settings}); Forgejo's claims include repository, ref, workflow (the file name) and event_name, and ref_protected is always false`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.issuer.test(e.message),
    what: 'the issuer does not match',
    compare: ({ settings, iss }) => `set the identity's Issuer to exactly ${iss} (${settings})`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.expired.test(e.message),
    what: 'the ID token had expired when Infisical checked it',
    compare: () =>
      'check that the clocks of the CI server and of Infisical are right (NTP); the ID token was requested just before the login'
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.signature.test(e.message) || e.error === 'TokenError',
    what: "the ID token's signature could not be verified with the issuer's keys",
    compare: ({ settings, iss }) =>
      `check that the identity's discovery URL is the CI server's (${iss}), not another instance's (${settings})`
  },
  {
    statuses: REFUSED,
    test: (e) => OIDC_WORDING.discovery.test(e.message),
    what: "Infisical could not fetch the issuer's discovery document or keys",
    compare: ({ settings, iss }) =>
      `Infisical itself must reach ${iss}/.well-known/openid-configuration and the keys it names; check the identity's discovery URL and, for a private CA, its CA certificate (${settings})`
  },
  {
    // A refusal for the runner's IP is read as for any other request.
    statuses: REFUSED,
    test: (e) => !WORDING.ip.test(e.message),
    what: 'the login was refused',
    compare: ({ settings }) => `compare the ID token's claims with the identity's OIDC Auth settings (${settings})`
  }
]

/** Answers that are not a refusal of this identity: a server without the route, a private issuer. */
function notOidcReady(status: number, e: InfisicalError, ctx: OidcLoginContext, msg: string, where: Where) {
  if (status === 404 && OIDC_WORDING.noRoute.test(e.message)) {
    return new ActionError('not-found', 'this Infisical has no OIDC Auth login route (OIDC Auth came in mid-2024)', {
      endpoint: ctx.endpoint,
      status,
      serverMessage: msg,
      fix: 'upgrade Infisical, or use auth-method token or universal'
    })
  }
  if (status === 400 && OIDC_WORDING.localIp.test(e.message)) {
    return new ActionError(
      'bad-request',
      'Infisical refuses to fetch the OIDC discovery document from a private address',
      {
        endpoint: ctx.endpoint,
        status,
        serverMessage: msg,
        fix: `a self-hosted Infisical reaches an issuer on a private address only with ALLOW_INTERNAL_IP_CONNECTIONS=true in its environment (the issuer is ${where.iss})`
      }
    )
  }
  return undefined
}

/** A server error: before 2026, Infisical answers 500 when it cannot fetch the issuer's discovery document. */
function withDiscoveryHint(read: Failure, iss: string): Failure {
  if (read.error.errorClass !== 'server-error') return read
  const hint = `Infisical answered with a server error to the OIDC login; before 2026 it does so when it cannot fetch ${iss}/.well-known/openid-configuration or the keys it names, or finds no key for the ID token's kid: check that Infisical reaches the CI server, and the identity's discovery URL`
  return { ...read, error: new ActionError('server-error', read.error.what, { ...read.error.details, fix: hint }) }
}

/** The answer to the OIDC login: an access token, or a failure naming the claims to compare. */
export function interpretOidcLoginAnswer(answer: HttpAnswer, ctx: OidcLoginContext): LoginOutcome {
  const { status } = answer
  if (status >= 200 && status < 300) return interpretLoginAnswer(answer, ctx)
  const e = infisicalError(answer.body)
  if (!e) return classifyFailure(answer, ctx)
  const msg = saidError(ctx, e)
  const where: Where = {
    settings: `in Infisical, Access Control > Machine Identities > ${ctx.identityId} > Authentication > OIDC Auth`,
    iss: ctx.claims.iss ?? '(the issuer)'
  }
  const error = notOidcReady(status, e, ctx, msg, where)
  if (error) return { kind: 'fail', error, retry: 'never' }
  const refusal = OIDC_REFUSALS.find((r) => r.statuses.includes(status) && r.test(e))
  if (refusal) return refused(ctx, status, msg, refusal.what, refusal.compare(where))
  return withDiscoveryHint(classifyFailure(answer, ctx), where.iss)
}
