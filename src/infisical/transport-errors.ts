/**
 * What a thrown transport error means: network, TLS, a proxy refusing the tunnel, or an attempt
 * that ran out of time. Pure. All of these move on to the next URL at once.
 */
import { ActionError, type ErrorClass } from '../errors.js'
import { oneLine } from '../log-text.js'

export interface TransportFailure {
  cls: ErrorClass
  what: string
  /** Whether the request may have reached the server (and spent a token use). */
  sent: boolean
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'EPROTO'
])

function codeOf(e: unknown): string {
  let cur: unknown = e
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return ''
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export function classifyTransportError(e: unknown): TransportFailure {
  const code = codeOf(e)
  const message = oneLine(messageOf(e))
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|SSL routines|TLS/i.test(message)
  ) {
    const what =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `the certificate does not name this host (${message})`
        : code === 'CERT_HAS_EXPIRED'
          ? 'the certificate has expired'
          : `the certificate is not trusted or the TLS handshake failed (${code || message})`
    return { cls: 'tls', what, sent: false }
  }
  if (code === 'ERR_PROXY_TUNNEL') {
    return { cls: 'proxy-blocked', what: `the proxy refused the tunnel (${message})`, sent: false }
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { cls: 'network', what: 'connection refused', sent: false }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { cls: 'network', what: `the host name does not resolve (DNS ${code})`, sent: false }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { cls: 'network', what: `the host is unreachable (${code})`, sent: false }
    case 'ETIMEDOUT':
      return { cls: 'timeout', what: 'connecting timed out', sent: false }
    case 'ECONNRESET':
    case 'EPIPE':
      return { cls: 'network', what: 'the connection was reset', sent: true }
    default:
      if (/other side closed|socket/i.test(message))
        return { cls: 'network', what: 'the connection was closed before an answer', sent: true }
      return { cls: 'network', what: `the request failed (${code || message})`, sent: true }
  }
}

/** The error of a failed attempt; `via` is the proxy as displayUrl() shows it. */
export function transportError(
  f: TransportFailure,
  endpoint: string,
  where: { path?: string; name?: string },
  via?: string
): ActionError {
  return new ActionError(f.cls, via ? `${f.what}, through proxy ${oneLine(via)}` : f.what, {
    endpoint,
    ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
  })
}
