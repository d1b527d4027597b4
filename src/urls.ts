/**
 * The `infisical-url` input: one or more base URLs, checked before anything is sent.
 */
import { quoted } from './log-text.js'

export interface UrlCheck {
  urls: string[]
  problems: string[]
  /** Lines for the log: a URL taken without its `/api` suffix. */
  notices: string[]
}

/** A path ending in `/api` or `/api/`: the form Infisical's CLI takes (`INFISICAL_API_URL`). */
const API_SUFFIX = /\/api\/?$/

/**
 * True for localhost, 127.0.0.0/8 and ::1 (a URL's hostname, normalised by the URL parser): the
 * addresses that never leave the host. Not a name under `.localhost`: the resolver may send it
 * anywhere.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/**
 * A URL (or a proxy given without a scheme) for messages: never shows a user name or password.
 * Everything before the last `@` is hidden, so that a password holding `@`, `/`, `?` or `#` (which
 * a URL parser may read as something else) is hidden whole; an `@` in a path hides more than
 * needed, never less. Callers print the result with quoted() or oneLine().
 */
export function displayUrl(text: string): string {
  const scheme = SCHEME.exec(text)?.[0] ?? ''
  const rest = text.slice(scheme.length)
  const at = rest.lastIndexOf('@')
  return at < 0 ? text : `${scheme}***@${rest.slice(at + 1)}`
}

export function parseInfisicalUrls(input: string, allowInsecureHttp: boolean): UrlCheck {
  const urls: string[] = []
  const problems: string[] = []
  const notices: string[] = []
  const items = input
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (items.length === 0) problems.push('infisical-url is required (e.g. https://infisical.example.org)')
  for (const item of items) {
    const shown = quoted(displayUrl(item))
    // An `@` anywhere is taken for credentials: `https://user:12/pw@host` parses as host `user`.
    if (item.includes('@')) {
      problems.push(
        `infisical-url ${shown} holds a user name or password: remove them, credentials go in token, token-file or client-secret`
      )
      continue
    }
    let u: URL
    try {
      u = new URL(item)
    } catch {
      problems.push(`infisical-url ${shown} is not a URL`)
      continue
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      problems.push(`infisical-url ${shown} must start with https://`)
      continue
    }
    if (u.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(u.hostname)) {
      problems.push(
        `infisical-url ${shown} uses plain http:// to a host that is not loopback: the token would cross the network in clear; use https://, or set allow-insecure-http: true`
      )
      continue
    }
    if (u.search !== '' || u.hash !== '') {
      problems.push(`infisical-url ${shown} must not have a query or fragment`)
      continue
    }
    let base = `${u.origin}${u.pathname}`
    // The CLI's form: the action adds /api/... to each request itself. Any other path is kept
    // (an Infisical served under a sub-path).
    if (API_SUFFIX.test(u.pathname)) {
      base = `${u.origin}${u.pathname.replace(API_SUFFIX, '')}`
      notices.push(
        `infisical-url ${shown} ends in /api (the form Infisical's CLI uses): taken as ${quoted(base.replace(/\/+$/, ''))}, the action adds /api/... itself`
      )
    }
    base = base.replace(/\/+$/, '')
    if (!urls.includes(base)) urls.push(base)
  }
  return { urls, problems, notices }
}
