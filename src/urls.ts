/**
 * The `infisical-url` input: one or more base URLs, checked before anything is sent.
 */

export interface UrlCheck {
  urls: string[]
  problems: string[]
}

/** True for 127.0.0.0/8, ::1 and localhost: the addresses that never leave the host. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h)
}

/** A URL for messages: never shows a user name or password. */
export function displayUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@')
}

export function parseInfisicalUrls(input: string, allowInsecureHttp: boolean): UrlCheck {
  const urls: string[] = []
  const problems: string[] = []
  const items = input
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (items.length === 0) problems.push('infisical-url is required (e.g. https://infisical.example.org)')
  for (const item of items) {
    const shown = displayUrl(item)
    let u: URL
    try {
      u = new URL(item)
    } catch {
      problems.push(`infisical-url "${shown}" is not a URL`)
      continue
    }
    if (u.username !== '' || u.password !== '') {
      problems.push(`infisical-url "${displayUrl(u.href)}" holds a user name or password: remove them, credentials go in token, token-file or client-secret`)
      continue
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      problems.push(`infisical-url "${shown}" must start with https://`)
      continue
    }
    if (u.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(u.hostname)) {
      problems.push(
        `infisical-url "${shown}" uses plain http:// to a host that is not loopback: the token would cross the network in clear; use https://, or set allow-insecure-http: true`
      )
      continue
    }
    if (u.search !== '' || u.hash !== '') {
      problems.push(`infisical-url "${shown}" must not have a query or fragment`)
      continue
    }
    const base = `${u.origin}${u.pathname}`.replace(/\/+$/, '')
    if (!urls.includes(base)) urls.push(base)
  }
  return { urls, problems }
}
