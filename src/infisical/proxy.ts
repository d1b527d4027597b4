/**
 * Which proxy, if any, a request to a URL goes through: HTTPS_PROXY / HTTP_PROXY / NO_PROXY in
 * either case, as curl reads them. Loopback addresses are never proxied. Pure.
 */
import { isLoopbackHost } from '../urls.js'

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

/** True when NO_PROXY names the host (exact, as a domain suffix, `*`, or with the port). */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase()
    if (entry === '') continue
    if (entry === '*') return true
    let entryPort: string | undefined
    const m = /^(.*):(\d+)$/.exec(entry)
    if (m && !entry.includes('::')) {
      entry = m[1] ?? ''
      entryPort = m[2]
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*/, '')
    if (entryPort !== undefined && entryPort !== port) continue
    if (entry.startsWith('.')) {
      if (host.endsWith(entry) || host === entry.slice(1)) return true
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true
    }
  }
  return false
}

/** The proxy URL for `target`, or undefined for a direct connection. */
export function proxyFor(target: string, env: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(target)
  if (isLoopbackHost(url.hostname)) return undefined
  if (bypassesProxy(url, envValue(env, 'no_proxy'))) return undefined
  return url.protocol === 'https:' ? envValue(env, 'https_proxy') : envValue(env, 'http_proxy')
}
