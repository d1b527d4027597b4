/**
 * Which proxy, if any, a request to a URL goes through: HTTPS_PROXY / HTTP_PROXY / NO_PROXY in
 * either case, as curl reads them; a proxy without a scheme is `http://`. Loopback addresses are
 * never proxied. A proxy's user name and password are never printed (displayUrl). Pure.
 */
import { ActionError } from '../errors.js'
import { quoted } from '../log-text.js'
import { displayUrl, isLoopbackHost } from '../urls.js'

/** The variable that is set (the lower-case one first, as curl) and its value, trimmed. */
function envSetting(env: NodeJS.ProcessEnv, name: string): { variable: string; value: string } | undefined {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const v = env[variable]
    if (v !== undefined) return v.trim() === '' ? undefined : { variable, value: v.trim() }
  }
  return undefined
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return envSetting(env, name)?.value
}

/** A proxy as the environment names it: `proxy.example:3128` means `http://proxy.example:3128`. */
export function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`
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

/** The proxy variable that applies to `target` (and its value as given), or undefined for a direct connection. */
export function proxySetting(target: string, env: NodeJS.ProcessEnv): { variable: string; value: string } | undefined {
  const url = new URL(target)
  if (isLoopbackHost(url.hostname)) return undefined
  if (bypassesProxy(url, envValue(env, 'no_proxy'))) return undefined
  return envSetting(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy')
}

/** The proxy URL for `target` (with its scheme), or undefined for a direct connection. */
export function proxyFor(target: string, env: NodeJS.ProcessEnv): string | undefined {
  const setting = proxySetting(target, env)
  return setting && withScheme(setting.value)
}

/**
 * The proxies the run will use for `targets`, checked before any request: each must be an
 * http:// or https:// URL with a host. Throws `config`, naming the variable, never its credentials.
 */
export function checkProxies(targets: string[], env: NodeJS.ProcessEnv): void {
  for (const target of targets) {
    const setting = proxySetting(target, env)
    if (!setting) continue
    let url: URL | undefined
    try {
      url = new URL(withScheme(setting.value))
    } catch {
      url = undefined
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      throw new ActionError(
        'config',
        `${setting.variable} ${quoted(displayUrl(setting.value))} is not a proxy this action can use`,
        {
          fix: `give ${setting.variable} as http://host:port or https://host:port (user name and password percent-encoded), or name the Infisical host in NO_PROXY`
        }
      )
    }
  }
}
