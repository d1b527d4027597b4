/**
 * Server profiles: how Infisical servers of a given period answer, each behaviour with its source
 * and the period it holds for (from docs/infisical-api.md, "the doc" below).
 *
 * - '2024'       self-hosted standalone image (or Helm), late 2024 (~2024-10 … ~2025-01): the
 *                401/403 swap is fixed (~2024-10, PR #2494), `reqId` is in error bodies (~2024-11,
 *                PR #2760), validation answers 422 (~2024-12, PR #2828); Next.js still runs in the
 *                backend, so every unmatched URL, `/api/...` included, gets its HTML 404 page
 *                (until ~2025-01: `server/plugins/external-nextjs.ts`, issue #1233); no v4 routes
 *                (PR #4530 is 2025-09-15); unlicensed secret-route limit 40/min/IP, read 60, write
 *                200 (2024-08-02 … ~2025-04-10, PRs #2223, #3386); `exp` = iat + MaxTTL, refused
 *                server-side once the TTL has passed (2024 `identity-token-auth-service.ts`).
 * - '2025'       self-hosted between 2025-09-15 (v4 routes, PR #4530) and ~2025-10 (the new
 *                not-member wording, `permission-service.ts`): Fastify's JSON 404 (PR #2935), no
 *                rate limit on self-hosted (~2025-04-10+, PR #3386), `describeSecret` wording
 *                (~2025-02), `exp` = iat + TTL only when TTL > 0.
 * - '2026'       self-hosted 2026 (v0.16x): every token gets `exp` = min(TTL, remaining MaxTTL,
 *                90 d) and tokens without `exp` are refused with 401 "…exceeded max age…"
 *                (`identity-access-token-fns.ts`, `-service.ts`; enforced after ≈ 2026-08-02);
 *                the 2026 401 wordings; uses counted atomically before the trusted-IP check.
 * - 'cloud-free' Infisical Cloud on the Free plan, today (2026 code): secret routes 120/min/IP,
 *                read 200, write 90 (`docs/api-reference/overview/rate-limits.mdx`).
 *
 * OIDC Auth (`POST /api/v1/auth/oidc-auth/login`, oidc-auth.ts) by profile, from
 * services/identity-oidc-auth/identity-oidc-auth-service.ts and -fns.ts:
 * - '2024'       the login as first released (mid-2024, before PR #2389 of 2024-09-09): exact
 *                matching of subject, audiences and claims (claims by top-level name only); subject,
 *                audience and claim refusals are ForbiddenRequestError (403); the ID token's
 *                verification errors are not caught, so the global handler answers them as a
 *                TokenError (403 here, with the handler's late-2024 rewrites: "Your token has
 *                expired…"); a token that does not decode is 400 "Invalid JWT"; failures to fetch the
 *                discovery document or the signing key are 500. NB: a real server of the profile's
 *                own period (late 2024) already had PR #2389's globs; this profile keeps the older
 *                OIDC login on purpose (the strictest one a client may meet).
 * - '2025'       (and the default) the login of 2025 (PR #2389's picomatch globs, dot paths for
 *                claims): audience and claim refusals 401, "token has no <claim> field", the
 *                verification errors 401 "Access denied: <jsonwebtoken message>", subject 403;
 *                failures to fetch the discovery document or the signing key still 500 (uncaught
 *                axios / jwks-rsa errors); without caCert TLS is not verified (`rejectUnauthorized:
 *                !!caCert`).
 * - '2026'       (and 'cloud-free') the login of 2026: the same, plus 401 "Access denied: Failed to
 *                fetch OIDC discovery document from <url>. <cause>", 401 for a missing jwks_uri, an
 *                unknown `kid` and a signing-key fetch failure, up to 10 keys tried for a token
 *                without `kid`, the internal-IP check of discovery URL and jwks_uri at each login,
 *                and without caCert the default trust store (`caCert ? new https.Agent(…) : undefined`).
 *
 * No profile (the default) keeps the test server's behaviour from before profiles existed, which
 * best matches '2025' after ~2025-10 (v4 routes, JSON 404, no rate limit, `exp` only with a TTL,
 * the ~2025-10+ not-member wording), with three differences kept for the existing tests: the
 * 2024 permission wording "read on secrets", unknown routes authenticate and spend a use, and no
 * 100-character route-parameter limit.
 */
import { MSG } from './errors.js'

export type ProfileName = '2024' | '2025' | '2026' | 'cloud-free'
export const PROFILE_NAMES: readonly ProfileName[] = ['2024', '2025', '2026', 'cloud-free']

/** Requests per window and client IP, per route category (the doc §6). */
export interface RateLimits {
  /** secret routes (`secretsLimit`): reads of one secret and lists */
  secret: number
  /** other GET routes (`readLimit`) */
  read: number
  /** mutations (`writeLimit`); a Universal Auth login is one */
  write: number
}

export type TokenStyle = '2024' | '2025' | '2026'

/** Which OIDC Auth login the server has (see the header and oidc-auth.ts). */
export type OidcStyle = '2024' | '2025' | '2026'

export interface Profile {
  name: ProfileName | 'default'
  /** unknown routes: Fastify's JSON 404 or the web front end's HTML 404 page */
  notFound: 'json' | 'html'
  /** the v4 secret routes exist */
  v4: boolean
  /** unknown routes go through authentication and spend a use (true only for the default: the doc says they do not) */
  unknownRouteSpendsUse: boolean
  /** Fastify's maxParamLength: a longer (encoded) route parameter matches no route */
  maxParamLength?: number
  /** limits per 60 s window and client IP; undefined = none */
  rateLimits?: RateLimits
  /** the client IP from cf-connecting-ip, x-client-ip, x-forwarded-for (else the socket), as req.realIp */
  realIp: boolean
  tokens: TokenStyle
  /** the `error` of the not-member 403 */
  notMemberError: (projectId: string) => string
  permissionDenied: string
  projectNotFound: (projectId: string) => string
  /** answers carry `secretValueHidden` (2025+) */
  secretValueHidden: boolean
  /** the 401 for the request after the last use */
  useLimitMessage: string
  /** the 401 for a revoked token */
  revokedMessage: string
  /** the OIDC Auth login's behaviour */
  oidc: OidcStyle
}

export const MSG_PROFILES = {
  notMemberLegacy: (projectId: string) => `Identity is not a member of the specified project with ID '${projectId}'`,
  permissionDeniedDescribe: 'You are not allowed to describeSecret on secrets',
  projectNotFound2026: (projectId: string) => `Project with ${projectId} not found`,
  revoked2026: 'Failed to authorize: token has been revoked',
  maxAge: 'Identity access token exceeded max age, please re-authenticate',
  expiredClientSecret: 'Access denied due to expired client secret',
  notFoundHtmlTitle: '404: This page could not be found'
} as const

/** 90 days, MAX_MACHINE_IDENTITY_TOKEN_AGE's default (2026). */
export const MAX_TOKEN_AGE_SECONDS = 90 * 24 * 3600

const DEFAULT: Profile = {
  name: 'default',
  notFound: 'json',
  v4: true,
  unknownRouteSpendsUse: true,
  realIp: false,
  tokens: '2025',
  notMemberError: () => MSG.notMemberError,
  permissionDenied: MSG.permissionDenied,
  projectNotFound: MSG.projectNotFound,
  secretValueHidden: true,
  useLimitMessage: MSG.noToken,
  revokedMessage: MSG.noToken,
  oidc: '2025'
}

/** '2026' (see the header); 'cloud-free' is built on it. */
const P2026: Profile = {
  name: '2026',
  notFound: 'json',
  v4: true,
  unknownRouteSpendsUse: false,
  maxParamLength: 100,
  realIp: true,
  tokens: '2026',
  notMemberError: () => MSG.notMemberError,
  permissionDenied: MSG_PROFILES.permissionDeniedDescribe,
  projectNotFound: MSG_PROFILES.projectNotFound2026,
  secretValueHidden: true,
  useLimitMessage: MSG.useLimitReachedCurrent,
  revokedMessage: MSG_PROFILES.revoked2026,
  oidc: '2026'
}

const PROFILES: Record<ProfileName, Profile> = {
  '2024': {
    name: '2024',
    notFound: 'html',
    v4: false,
    unknownRouteSpendsUse: false,
    maxParamLength: 100,
    rateLimits: { secret: 40, read: 60, write: 200 },
    realIp: true,
    tokens: '2024',
    notMemberError: MSG_PROFILES.notMemberLegacy,
    permissionDenied: MSG.permissionDenied,
    projectNotFound: MSG.projectNotFound,
    secretValueHidden: false,
    useLimitMessage: MSG.useLimitReachedLegacy,
    revokedMessage: MSG.noToken,
    oidc: '2024'
  },
  '2025': {
    name: '2025',
    notFound: 'json',
    v4: true,
    unknownRouteSpendsUse: false,
    maxParamLength: 100,
    realIp: true,
    tokens: '2025',
    notMemberError: MSG_PROFILES.notMemberLegacy,
    permissionDenied: MSG_PROFILES.permissionDeniedDescribe,
    projectNotFound: MSG.projectNotFound,
    secretValueHidden: true,
    useLimitMessage: MSG.useLimitReachedLegacy,
    revokedMessage: MSG.noToken,
    oidc: '2025'
  },
  '2026': P2026,
  // Infisical Cloud's Free plan is the 2026 server with rate limits (rate-limits.mdx, see the header)
  'cloud-free': { ...P2026, name: 'cloud-free', rateLimits: { secret: 120, read: 200, write: 90 } }
}

export function profileFor(name: ProfileName | undefined): Profile {
  if (name === undefined) return DEFAULT
  const p = PROFILES[name]
  if (!p) throw new Error(`unknown server profile '${String(name)}': one of ${PROFILE_NAMES.join(', ')}`)
  return p
}

/** The client IP as Infisical's `req.realIp` finds it (`server/plugins/ip.ts`). */
export function realIp(headers: Record<string, string | string[] | undefined>, socketAddress: string): string {
  for (const key of ['cf-connecting-ip', 'x-client-ip', 'x-forwarded-for']) {
    const v = headers[key]
    const first = (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim()
    if (first) return first
  }
  return socketAddress
}
