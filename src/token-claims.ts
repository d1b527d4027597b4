/**
 * What the token says about itself. A Token Auth access token is a JWT whose payload carries
 * `identityId` and, when its TTL is above 0, `exp`. No request is needed to read it (and none is
 * spent). A token that is not a JWT is sent as it is and has no claims.
 */
import { ActionError } from './errors.js'
import { oneLine, quoted } from './log-text.js'

/** Where the token came from, for messages: the input, or the file it names. */
export type TokenOrigin = { input: 'token' } | { input: 'token-file'; path: string }

export interface GivenToken {
  /** The token to send, without a `Bearer ` prefix. */
  token: string
  /** For the log, when a `Bearer ` prefix was dropped. */
  notice?: string
}

const BEARER = /^bearer[ \t]+/i
const NAMED_SPACE: Record<string, string> = {
  '\n': 'a line break',
  '\r': 'a carriage return',
  '\t': 'a tab',
  ' ': 'a space',
  '\u00a0': 'a no-break space'
}

/** What a character of a token must not be (an HTTP header carries Latin-1 without controls), or undefined. */
function characterProblem(c: string): string | undefined {
  if (/\s/.test(c)) return NAMED_SPACE[c] ?? 'white space'
  if (/[\u0000-\u001f\u007f-\u009f]/.test(c)) return 'a control character'
  if (c.codePointAt(0)! > 0xff) return 'a character outside Latin-1'
  return undefined
}

/**
 * The token as given (the input, or the token file's content), checked before any request:
 * surrounding white space and a `Bearer ` prefix (any case) dropped, the prefix with a notice;
 * white space inside, a control character or a character outside Latin-1 fail as `config` (the
 * input) or `token-file` (the file), naming the kind of character and where, never the token.
 */
export function cleanToken(given: string, origin: TokenOrigin): GivenToken {
  const fromFile = origin.input === 'token-file'
  const named = fromFile ? `token-file ${quoted(origin.path)}` : 'token'
  const text = given.trim()
  const prefix = BEARER.exec(text)?.[0] ?? ''
  const token = text.slice(prefix.length)
  let position = [...prefix].length
  for (const c of token) {
    position++
    const problem = characterProblem(c)
    if (problem === undefined) continue
    throw new ActionError(
      fromFile ? 'token-file' : 'config',
      `${named} holds ${problem} at character ${position} (counted after surrounding white space): an access token is one word of printable characters; no request was sent`,
      {
        fix: `put the Token Auth access token alone ${fromFile ? 'in the file, on one line (e.g. with scripts/install-token-file)' : 'in the token input, on one line'}`
      }
    )
  }
  if (prefix === '') return { token }
  return {
    token,
    notice: `${named} starts with a "Bearer " prefix, which was dropped (the action adds it to each request itself): give the token alone`
  }
}

export interface TokenClaims {
  identityId?: string
  /** Expiry, when the token has an `exp` claim. */
  expiresAt?: Date
}

export function readTokenClaims(token: string): TokenClaims {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[1] === undefined) return {}
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    return {}
  }
  if (typeof payload !== 'object' || payload === null) return {}
  const p = payload as Record<string, unknown>
  const claims: TokenClaims = {}
  if (typeof p.identityId === 'string' && p.identityId !== '') claims.identityId = p.identityId
  if (typeof p.exp === 'number' && Number.isFinite(p.exp)) claims.expiresAt = new Date(p.exp * 1000)
  return claims
}

export interface TokenCheck {
  identityId?: string
  expiresAt?: Date
  /** A warning for the log when the token expires soon. */
  warning?: string
}

const DAY_MS = 86_400_000

/**
 * The checks made before any request: an `exp` in the past, an `exp` within the warning window,
 * an `identityId` that is not the one the workflow expects.
 */
export function checkToken(
  claims: TokenClaims,
  expected: { identityId?: string; warningDays: number },
  now: Date
): TokenCheck {
  if (expected.identityId && claims.identityId && claims.identityId !== expected.identityId) {
    throw new ActionError(
      'config',
      `the token belongs to machine identity ${oneLine(claims.identityId)}, not to identity-id ${oneLine(expected.identityId)}`,
      { fix: 'install the token of the expected identity, or correct identity-id' }
    )
  }
  const result: TokenCheck = {}
  const identityId = expected.identityId ?? claims.identityId
  if (identityId) result.identityId = identityId
  if (claims.expiresAt) {
    result.expiresAt = claims.expiresAt
    const day = claims.expiresAt.toISOString().slice(0, 10)
    if (claims.expiresAt.getTime() <= now.getTime()) {
      throw new ActionError(
        'token-expired',
        `the access token expired on ${day} (${claims.expiresAt.toISOString()}); no request was sent`
      )
    }
    const left = claims.expiresAt.getTime() - now.getTime()
    if (left <= expected.warningDays * DAY_MS) {
      const days = Math.floor(left / DAY_MS)
      result.warning = `The Infisical access token expires on ${day} (in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}): issue a new one and install it before then`
    }
  }
  return result
}
