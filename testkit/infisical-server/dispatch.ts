/**
 * Which route a request is for, as Fastify's router decides it: the method and path, the secret
 * name decoded (a name that does not decode is Fastify's 400 FST_ERR_BAD_URL), the query keys with
 * all their values; a parameter longer than `maxParamLength` matches no route
 * (docs/infisical-api.md §4).
 */
import type { Route } from './faults.js'
import type { Query } from './secrets.js'

const SECRET_ROUTES: { route: Route; method: string; pattern: RegExp }[] = [
  { route: 'v4-get-secret', method: 'GET', pattern: /^\/api\/v4\/secrets\/([^/]+)$/ },
  { route: 'v3-get-secret', method: 'GET', pattern: /^\/api\/v3\/secrets\/raw\/([^/]+)$/ }
]

function classify(method: string, path: string, maxParamLength?: number): { route: Route; rawName?: string } {
  for (const r of SECRET_ROUTES) {
    const m = r.pattern.exec(path)
    if (m && method === r.method) {
      // Fastify's maxParamLength: a longer parameter matches no route (docs/infisical-api.md §4)
      if (maxParamLength !== undefined && m[1]!.length > maxParamLength) return { route: 'other' }
      return { route: r.route, rawName: m[1] }
    }
  }
  if (method === 'GET' && path === '/api/v4/secrets') return { route: 'v4-list-secrets' }
  if (method === 'GET' && path === '/api/v3/secrets/raw') return { route: 'v3-list-secrets' }
  if (method === 'POST' && path === '/api/v1/auth/universal-auth/login') return { route: 'universal-login' }
  if (method === 'POST' && path === '/api/v1/auth/oidc-auth/login') return { route: 'oidc-login' }
  return { route: 'other' }
}

/** A request as the route handlers see it. */
export interface RouteRequest {
  method: string
  rawUrl: string
  route: Route
  name?: string
  /** the name in the path does not decode: Fastify's 400 */
  badUrl: boolean
  query: Query
  /** the client IP the server uses (realIp with a profile) */
  remoteAddress: string
}

export interface RequestTarget {
  path: string
  query: Query
  /** the first value of each query key */
  firstValues: Record<string, string>
  route: Route
  name?: string
  badUrl: boolean
}

/** The route, the decoded name and the query of a request URL. */
export function parseTarget(method: string, rawUrl: string, maxParamLength?: number): RequestTarget {
  const q = rawUrl.indexOf('?')
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
  const params = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))
  const query: Query = new Map()
  const firstValues: Record<string, string> = {}
  for (const [k, v] of params) {
    const list = query.get(k)
    if (list) list.push(v)
    else {
      query.set(k, [v])
      firstValues[k] = v
    }
  }
  const { route, rawName } = classify(method, path, maxParamLength)
  const target: RequestTarget = { path, query, firstValues, route, badUrl: false }
  if (rawName !== undefined) {
    try {
      target.name = decodeURIComponent(rawName)
    } catch {
      target.name = rawName
      target.badUrl = true
    }
  }
  return target
}
