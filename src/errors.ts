/**
 * The error classes of the contract, and the one error type the pipeline throws.
 * Every failure the operator sees is an ActionError: its class, what happened, where, and what to do.
 */

export const ERROR_CLASSES = [
  'config',
  'token-file',
  'auth-invalid',
  'token-expired',
  'ip-not-allowed',
  'permission-denied',
  'not-in-project',
  'not-found',
  'bad-request',
  'rate-limited',
  'server-error',
  'proxy-blocked',
  'network',
  'tls',
  'timeout',
  'fallback-expired',
  'command-failed'
] as const

export type ErrorClass = (typeof ERROR_CLASSES)[number]

/** What to do, by class: the default advice when the thrower has nothing more precise. */
export const FIXES: Record<ErrorClass, string> = {
  config: 'correct the step inputs',
  'token-file':
    'make the token file a regular, non-empty file owned by the runner user (or root) with mode 0600, e.g. with scripts/install-token-file',
  'auth-invalid':
    'the token or client credentials were refused: issue a new Token Auth access token for the machine identity (or check client-id/client-secret) and update the runner',
  'token-expired':
    'the access token has expired: issue a new Token Auth access token and install it on the runner (scripts/install-token-file --force on a runner host, or update the token secret)',
  'ip-not-allowed':
    "the runner's address is outside the identity's trusted IPs: add it to the Token Auth (or Universal Auth) trusted IPs of the machine identity",
  'permission-denied': 'grant the machine identity read access on that folder in that environment',
  'not-in-project': 'add the machine identity to the project with a role that can read secrets',
  'not-found': 'check project-id, environment, the folder path and the secret name',
  'bad-request': 'check project-id, environment and the secret paths; this answer came from Infisical itself',
  'rate-limited': 'Infisical kept answering 429: spread out the runs, or raise the rate limit of the instance',
  'server-error':
    'Infisical kept answering with a server error: check its health and logs, or add a second infisical-url',
  'proxy-blocked':
    'the answer did not come from Infisical: check the reverse proxy or firewall in front of it, or use a local endpoint (several infisical-url may be given)',
  network: 'check the URL, DNS and that Infisical is reachable from the runner host, or add a second infisical-url',
  tls: 'the certificate was not accepted: check the host name in infisical-url, or give the CA with ca-certificate (or install it in the system bundle)',
  timeout: 'Infisical did not answer in time: check it is reachable, or raise timeout-seconds',
  'fallback-expired':
    'the fallback period is over: fix the Infisical failure above, or (deliberately) move fallback-until',
  'command-failed': 'the secrets were read and given to the command; its own output above says why it failed'
}

export interface ErrorDetails {
  /** The base URL the failure is about. */
  endpoint?: string
  /** Folder path of the secret, e.g. /home-platform/forgejo_accounts. */
  path?: string
  /** Secret name. */
  name?: string
  /** HTTP status, when an answer came. */
  status?: number
  /** The server's own words. */
  serverMessage?: string
  /** What to do; FIXES[class] when absent. */
  fix?: string
  /** `mode: check`: every mapped variable whose secret could not be read. */
  failures?: { env: string; class: ErrorClass; message: string }[]
}

export class ActionError extends Error {
  readonly errorClass: ErrorClass
  readonly what: string
  readonly details: ErrorDetails

  constructor(errorClass: ErrorClass, what: string, details: ErrorDetails = {}) {
    super(formatError(errorClass, what, details))
    this.name = 'ActionError'
    this.errorClass = errorClass
    this.what = what
    this.details = details
  }

  /** The same error with details added (e.g. the secret it was about). */
  with(more: ErrorDetails): ActionError {
    return new ActionError(this.errorClass, this.what, { ...this.details, ...more })
  }
}

/** `<class>: <what happened> (<endpoint>, <path>/<name>, HTTP <status>: <server message>) - <what to do>` */
export function formatError(errorClass: ErrorClass, what: string, d: ErrorDetails): string {
  const where: string[] = []
  if (d.endpoint) where.push(d.endpoint)
  if (d.name !== undefined) where.push(secretLocation(d.path ?? '/', d.name))
  else if (d.path) where.push(d.path)
  if (d.status !== undefined) where.push(`HTTP ${d.status}${d.serverMessage ? `: ${d.serverMessage}` : ''}`)
  else if (d.serverMessage) where.push(d.serverMessage)
  const place = where.length > 0 ? ` (${where.join(', ')})` : ''
  return `${errorClass}: ${what}${place} - ${d.fix ?? FIXES[errorClass]}`
}

export function secretLocation(path: string, name: string): string {
  return `${path === '/' ? '' : path}/${name}`
}

export function isActionError(e: unknown): e is ActionError {
  return e instanceof ActionError
}
