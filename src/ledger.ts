/**
 * The run ledger (`ledger-path`): one JSON line per run, success or failure, on the runner host,
 * so that the audit action can count runs per label across jobs and days (CONTRACT 1.2, "The run
 * ledger"). No value and no token: the line is made from the marker, which holds neither.
 *
 * Appending: the file is opened with O_APPEND | O_CREAT | O_NOFOLLOW (created mode 0600) and the
 * whole line is written with one write(2): on a local file system the kernel puts each such write
 * at the end of the file whole, so that concurrent jobs on one host never interleave lines. What
 * is opened is then checked on its descriptor (no race with a swap of the path): a regular file,
 * owned by the runner's user, writable by no one else. Anything else is a warning and no line:
 * a ledger that cannot be written never fails a deploy, but says so.
 */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs'
import type { Marker } from './marker.js'

export interface LedgerLine {
  schema: 1
  createdAt: string
  status: Marker['status']
  source: Marker['source']
  label: string | null
  errorClass: string | null
  endpoint: string | null
  identityId: string | null
  projectId: string | null
  environment: string | null
  secrets: string[]
  tokenExpiresAt: string | null
  fallback: 'env' | 'env-file' | null
  requests: number
  durationMs: number
  run: Marker['run']
}

/**
 * The ledger's line for a run, from its marker. `errorClass` is the failure's class, or
 * `command-failed` for a run whose secrets were read but whose `run` command failed.
 */
export function ledgerLine(marker: Marker): LedgerLine {
  const exitCode = marker.command?.exitCode
  return {
    schema: 1,
    createdAt: marker.createdAt,
    status: marker.status,
    source: marker.source,
    label: marker.label ?? null,
    errorClass:
      marker.error?.class ?? (exitCode !== undefined && exitCode !== null && exitCode !== 0 ? 'command-failed' : null),
    endpoint: marker.endpoint,
    identityId: marker.identityId,
    projectId: marker.projectId,
    environment: marker.environment,
    secrets: marker.secrets.map((s) => s.env),
    tokenExpiresAt: marker.tokenExpiresAt,
    fallback: marker.fallback?.kind ?? null,
    requests: marker.requests,
    durationMs: marker.durationMs,
    run: marker.run
  }
}

/** Why an opened ledger file is refused, or undefined. Pure: the file's stat and the runner's uid. */
export function ledgerFileProblem(
  stat: { isFile(): boolean; uid: number; mode: number },
  uid: number
): string | undefined {
  if (!stat.isFile()) return 'it is not a regular file'
  if (stat.uid !== uid) return `it is owned by user ${stat.uid}, not by the runner's user (${uid})`
  if ((stat.mode & 0o022) !== 0)
    return `others may write to it (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 it`
  return undefined
}

/**
 * Appends `line` to the ledger with one write, or returns why it did not (for a warning).
 * `uid` is the runner's user, the owner the file must have.
 */
export function appendToLedger(path: string, line: LedgerLine, uid: number): string | undefined {
  const text = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8')
  let fd: number
  try {
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      0o600
    )
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    return code === 'ELOOP'
      ? 'it is a symbolic link: give the real path of the ledger'
      : `it cannot be opened for appending (${code})`
  }
  try {
    const problem = ledgerFileProblem(fstatSync(fd), uid)
    if (problem) return problem
    const written = writeSync(fd, text, 0, text.length)
    if (written !== text.length) return `only ${written} of ${text.length} bytes were written (disk full?)`
    return undefined
  } catch (e) {
    return `it cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`
  } finally {
    closeSync(fd)
  }
}
