/**
 * Reads a file that holds a credential (the token file, a fallback env file) and refuses it unless
 * only its owner can read it. The checks apply to the descriptor actually opened, so a symbolic
 * link is judged by its target and nothing can be swapped between check and read.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'
import { ActionError } from './errors.js'

export interface ProtectedFileOwner {
  /** The runner process's user id; root (0) is always accepted too. */
  uid: number
}

function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0')
}

/** Reads `path` (for messages, `input` names the input it came from). Throws `token-file`. */
export function readProtectedFile(path: string, input: string, owner: ProtectedFileOwner): string {
  const fail = (what: string, fix: string): never => {
    throw new ActionError('token-file', `${input} ${path}: ${what}`, { fix })
  }
  let fd: number
  try {
    // O_NONBLOCK: a FIFO must not make the step hang; it is refused below as not a regular file.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return fail('does not exist', `create it on the runner host (mode 0600, owned by the runner user), e.g. with scripts/install-token-file`)
    if (code === 'EACCES') return fail('cannot be read by the runner user', 'make the runner user its owner, with mode 0600')
    return fail(`cannot be opened (${code ?? String(e)})`, 'check the path')
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) fail('is not a regular file', 'point the input at a regular file')
    if ((st.mode & 0o077) !== 0) {
      fail(
        `has mode ${modeText(st.mode)}: group or others may read or write it`,
        `run chmod 600 ${path} on the runner host`
      )
    }
    if (st.uid !== owner.uid && st.uid !== 0) {
      fail(
        `is owned by uid ${st.uid}, not by the runner user (uid ${owner.uid}) or root`,
        `run chown ${owner.uid} ${path} on the runner host`
      )
    }
    const text = readFileSync(fd, 'utf8')
    return text
  } finally {
    closeSync(fd)
  }
}

/** The token from the token file: surrounding white space dropped, empty refused. */
export function readTokenFile(path: string, owner: ProtectedFileOwner): string {
  const token = readProtectedFile(path, 'token-file', owner).trim()
  if (token === '') {
    throw new ActionError('token-file', `token-file ${path}: is empty`, {
      fix: 'write the Token Auth access token into it, e.g. with scripts/install-token-file'
    })
  }
  return token
}
