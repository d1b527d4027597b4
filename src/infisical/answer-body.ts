/**
 * Reading an HTTP answer's body and headers: Infisical's error JSON, a missing route, Retry-After,
 * and a few words about a body that is not Infisical's (never its text). Pure.
 */
import { cut } from '../log-text.js'
import { isObject } from '../rules.js'

export interface HttpAnswer {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface AnswerContext {
  endpoint: string
  environment: string
  /** Folder and name, for a secret read; absent for the login. */
  path?: string
  name?: string
  /** A folder's list: `path` without a name, and not the login. */
  folder?: boolean
  /**
   * Removes credentials and values from server text. Applied to the whole text before it is
   * cut to length, so that a cut echo cannot leave a fragment of one.
   */
  redact?: (text: string) => string
}

export interface InfisicalError {
  statusCode?: number
  error: string
  message: string
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** Infisical's error body: `{ reqId, statusCode, message, error }` (message may be an array for 422). */
export function infisicalError(body: string): InfisicalError | undefined {
  const json = parseJson(body)
  if (!isObject(json)) return undefined
  const { message, error, statusCode } = json
  const text = typeof message === 'string' ? message : Array.isArray(message) ? JSON.stringify(message) : undefined
  if (text === undefined || (typeof error !== 'string' && typeof statusCode !== 'number')) return undefined
  return {
    message: text,
    error: typeof error === 'string' ? error : '',
    ...(typeof statusCode === 'number' ? { statusCode } : {})
  }
}

/**
 * A 404 for a route the server does not have: the web framework's own (`Route GET:/api/v4/...
 * not found`), or an HTML page: the standalone image until about 2025-01 hands every unmatched
 * URL, `/api/...` too, to its Next.js front end (docs/infisical-api.md, `server/plugins/external-nextjs.ts`).
 * A proxy's HTML 404 looks the same; the v3 request that follows tells them apart.
 */
export function isMissingRoute(status: number, body: string, headers: HttpAnswer['headers'] = {}): boolean {
  if (status !== 404) return false
  const e = infisicalError(body)
  if (e !== undefined) return /^Route [A-Z]+:\S+ not found/.test(e.message)
  return /html/i.test(contentType(headers)) || /^\s*<(!doctype html|html)/i.test(body)
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (v === undefined || v.trim() === '') return undefined
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** Server text for a message: credentials and values removed first, then cut. */
export function said(ctx: AnswerContext, text: string, max = 200): string {
  return cut((ctx.redact ?? ((t: string) => t))(text), max)
}

/** Infisical's error as the messages quote it: `<error>: <message>`, redacted and cut. */
export function saidError(ctx: AnswerContext, e: InfisicalError): string {
  return said(ctx, `${e.error ? `${e.error}: ` : ''}${e.message}`, 300)
}

function contentType(headers: HttpAnswer['headers']): string {
  return String(headers['content-type'] ?? 'no content-type').split(';')[0] ?? ''
}

/** A few words describing a body that is not Infisical's: the HTML title, or its start. */
export function describeForeignBody(
  headers: HttpAnswer['headers'],
  body: string,
  ctx: AnswerContext = { endpoint: '', environment: '' }
): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]
  const what = title ? `"${said(ctx, title, 80)}"` : body.trim() === '' ? 'empty body' : `"${said(ctx, body, 80)}"`
  return `${contentType(headers)} ${what}`
}

/**
 * A successful answer in a shape the action does not know: never its text, which may hold a
 * credential or values the action cannot recognise (a login's access token under another key,
 * say); only its type, size and top-level keys.
 */
export function describeUnknownShape(headers: HttpAnswer['headers'], body: string, ctx: AnswerContext): string {
  const json = parseJson(body)
  const keys = isObject(json) ? Object.keys(json) : undefined
  const shape = keys
    ? `a JSON object with ${
        keys.length === 0
          ? 'no keys'
          : `the keys ${keys
              .slice(0, 6)
              .map((k) => said(ctx, k, 40))
              .join(', ')}${keys.length > 6 ? ', …' : ''}`
      }`
    : json === undefined
      ? `${Buffer.byteLength(body)} bytes that are not JSON`
      : `JSON that is not an object`
  return `${contentType(headers)}: ${shape}`
}
