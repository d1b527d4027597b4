/**
 * What a test passes to the Infisical test server (start, restart, identities, secrets, tokens)
 * and what the server records of each request.
 */
import type { Route } from './faults.js'
import type { ProfileName, RateLimits } from './profiles.js'

export type TlsMode = 'none' | 'trusted' | 'wrong-host' | 'untrusted'

export interface StartOptions {
  /**
   * How a server of a given period answers (see infisical-server/profiles.ts for each behaviour,
   * its source and period): '2024' standalone, '2025', '2026', 'cloud-free'. Default: none, the
   * behaviour this server always had, closest to '2025' after ~2025-10.
   */
  profile?: ProfileName
  /** default 'none' (plain http); 'trusted' uses the CA of testCertificates(); 'wrong-host' a cert of that CA for wrong.example.test only; 'untrusted' a cert of a CA nobody trusts */
  tls?: TlsMode
  /** default true (the profile's: false for '2024'); false = a server without the v4 routes (GET /api/v4/... answers the 404 of unknown routes) */
  v4?: boolean
  /**
   * Infisical's own limits: requests per window and client IP per route category (secret routes,
   * other reads, writes such as a Universal Auth login), checked after authentication, so a 429
   * has spent a token use. Default: the profile's ('2024': 40/60/200; 'cloud-free': 120/200/90;
   * none otherwise); a partial object overrides those figures; false turns them off.
   */
  rateLimits?: Partial<RateLimits> | false
  /** the window of `rateLimits`, default 60 000 ms as on real servers */
  rateLimitWindowMs?: number
  /** the clock of `rateLimits` (default Date.now), so that tests can move to the next window without waiting */
  rateLimitClock?: () => number
  /** loopback only: 127.0.0.1 (default), ::1 or localhost */
  host?: string
  /**
   * message of the 401 answering the request after the last allowed use. Default: the table's
   * 'No identity access token found'. Real servers said MSG.useLimitReachedLegacy (2024-2025) or
   * MSG.useLimitReachedCurrent (2026) for that one request, then 'No identity access token found'.
   */
  useLimitMessage?: string
  /** default true; false leaves `requests` empty (for long benchmarks) */
  record?: boolean
  /**
   * ALLOW_INTERNAL_IP_CONNECTIONS (lib/validator/validate-url.ts). Default true: a self-hosted
   * server allowed to reach internal addresses, which a loopback issuer needs. With false,
   * configureOidcAuth() refuses a discovery URL on a local or private address (Infisical refuses to
   * save it) and a '2026' server refuses the login with 400 "Local IPs not allowed as URL".
   */
  allowInternalIpConnections?: boolean
}

/** 'refuse': nothing listens (connections refused); 'unavailable': an HTML 502/503/504 page from the proxy in front */
export type OutageMode = 'refuse' | 'unavailable'

export interface RestartOptions {
  /** default 'refuse' */
  mode?: OutageMode
  /** back after this many milliseconds; without it, down until up() */
  ms?: number
  /** the status of 'unavailable', default 503 */
  status?: 502 | 503 | 504
}

export interface RecordedRequest {
  method: string
  /** the path as sent (still percent-encoded), without the query string */
  path: string
  /** the raw request URL, query string included */
  url: string
  route: Route
  /** the client IP the server saw: the socket's, or with a profile `req.realIp` (cf-connecting-ip, x-client-ip, x-forwarded-for) */
  clientIp: string
  /** the decoded secret name, for the secret routes */
  name?: string
  /** first value of each query key */
  query: Record<string, string>
  authorization?: string
  headers: Record<string, string | string[] | undefined>
  remoteAddress: string
  /** Date.now() at arrival */
  at: number
}

export interface CreateIdentityOptions {
  id?: string
  name?: string
  projects?: string[]
  trustedIps?: string[]
  accessTokenTTL?: number
  accessTokenMaxTTL?: number
  accessTokenNumUsesLimit?: number
  clientId?: string
  clientSecret?: string
}

/** An import: the secrets of fromEnvironment:fromPath read as if they were in environment:path. */
export interface AddImportOptions {
  projectId: string
  environment: string
  path: string
  fromEnvironment: string
  fromPath: string
}

export interface SetSecretOptions {
  projectId: string
  environment: string
  path?: string
  name: string
  value: string
  version?: number
  comment?: string
}

export interface IssueTokenOptions {
  ttlSeconds?: number
  numUsesLimit?: number
  expInPast?: boolean
  signWith?: string
  /** no `exp`, as servers before 2026 issued tokens with a TTL of 0 (a '2026' server refuses it: 401 max age) */
  legacyNoExp?: boolean
}
