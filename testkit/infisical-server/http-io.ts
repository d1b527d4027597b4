/**
 * Reading a request's body and writing an answer, as Fastify does for Infisical: JSON or
 * form-encoded bodies (with @fastify/formbody) up to 1 MiB, Fastify's refusals of the others, and
 * answers with their content-length.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'

import { InfisicalError, MSG, errorBody } from './errors.js'
import type { Fault } from './faults.js'

const MAX_BODY = 1024 * 1024

/** JSON or form-encoded body, as Fastify (with @fastify/formbody) parses it. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new InfisicalError(413, 'PayloadTooLarge', 'Request body is too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k]
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
    }
    return out
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    if (!text.trim())
      throw new InfisicalError(400, 'BadRequest', "Body cannot be empty when content-type is set to 'application/json'")
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new InfisicalError(
        400,
        'BadRequest',
        "Body is not valid JSON but content-type is set to 'application/json'"
      )
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return parsed as Record<string, unknown>
  }
  if (!type && !text) return {}
  throw new InfisicalError(415, 'UnsupportedMediaType', `Unsupported Media Type: ${type || 'none'}`)
}

/** An injected `rate-limit` fault: Infisical's 429 with retry-after (its limit is not modelled, so no x-ratelimit-limit). */
export function sendRateLimited(res: ServerResponse, reqId: string, retryAfter: number): void {
  sendJson(res, 429, errorBody(reqId, 429, 'RateLimitExceeded', MSG.rateLimit(retryAfter)), {
    'retry-after': String(retryAfter),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(retryAfter)
  })
}

/** An injected `status` fault: the body given, or Infisical's error body for that status. */
export function sendStatusFault(res: ServerResponse, reqId: string, fault: Extract<Fault, { kind: 'status' }>): void {
  const status = fault.status
  if (fault.body === undefined) {
    const [error, message] =
      status === 500
        ? ['InternalServerError', 'Something went wrong']
        : status === 504
          ? ['GatewayTimeoutError', 'Timeout error']
          : [(STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, ''), STATUS_CODES[status] ?? 'Error']
    sendJson(res, status, errorBody(reqId, status, error, message), fault.headers)
  } else if (typeof fault.body === 'string') {
    send(res, status, fault.body, { 'content-type': 'text/plain; charset=utf-8', ...fault.headers })
  } else {
    sendJson(res, status, fault.body, fault.headers)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

/** Sends once: nothing when the answer has started or the socket is gone. */
export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return
  const buf = Buffer.from(body, 'utf8')
  res.writeHead(status, { ...headers, 'content-length': String(buf.length) })
  res.end(buf)
}
