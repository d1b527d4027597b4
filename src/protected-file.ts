/**
 * Reads a file that holds a credential (the token file, a fallback env file) and refuses it unless
 * it is a regular file of a sane size (readRegularFile: a FIFO or a device fails at once) that
 * only its owner, the runner user or root, can read. The checks apply to the descriptor actually
 * opened, so a symbolic link is judged by its target and nothing can be swapped between check and read.
 */
import { ActionError } from './errors.js'
import { quoted } from './log-text.js'
import { describeFileProblem, readRegularFile, type FileProblem } from './regular-file.js'

export interface ProtectedFileOwner {
  /** The runner process's user id; root (0) is always accepted too. */
  uid: number
}

function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0')
}

/** What to do about a file that could not be read. */
function fixFor(p: FileProblem): string {
  if (p.kind === 'open' && p.code === 'ENOENT')
    return 'create it on the runner host (mode 0600, owned by the runner user), e.g. with scripts/install-token-file'
  if (p.kind === 'open' && p.code === 'EACCES') return 'make the runner user its owner, with mode 0600'
  if (p.kind === 'open') return 'check the path'
  if (p.kind === 'too-large') return 'point the input at the file that holds the credential alone'
  return 'point the input at a regular file'
}

/** Reads `path` (for messages, `input` names the input it came from). Throws `token-file`. */
export function readProtectedFile(path: string, input: string, owner: ProtectedFileOwner): string {
  const named = `${input} ${quoted(path)}`
  const fail = (what: string, fix: string): never => {
    throw new ActionError('token-file', `${named}: ${what}`, { fix })
  }
  const read = readRegularFile(path, undefined, (st) => {
    if ((st.mode & 0o077) !== 0) {
      fail(
        `has mode ${modeText(st.mode)}: group or others may read or write it`,
        `run chmod 600 ${quoted(path)} on the runner host`
      )
    }
    if (st.uid !== owner.uid && st.uid !== 0) {
      fail(
        `is owned by uid ${st.uid}, not by the runner user (uid ${owner.uid}) or root`,
        `run chown ${owner.uid} ${quoted(path)} on the runner host`
      )
    }
  })
  if ('problem' in read) return fail(describeFileProblem(read.problem), fixFor(read.problem))
  return read.text
}

/** The token from the token file: surrounding white space dropped, empty refused. */
export function readTokenFile(path: string, owner: ProtectedFileOwner): string {
  const token = readProtectedFile(path, 'token-file', owner).trim()
  if (token === '') {
    throw new ActionError('token-file', `token-file ${quoted(path)}: is empty`, {
      fix: 'write the Token Auth access token into it, e.g. with scripts/install-token-file'
    })
  }
  return token
}
