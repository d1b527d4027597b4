/**
 * Writes a file atomically: a temporary file in the same folder, created with the final mode
 * (so it is never readable by others, whatever the umask), then renamed over the target.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

export function writeFileAtomic(path: string, content: string, mode: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const previous = process.umask(0o077)
  let fd: number
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o700)
  } finally {
    process.umask(previous)
  }
  try {
    writeSync(fd, content)
    fsyncSync(fd)
    closeSync(fd)
    renameSync(tmp, path)
  } catch (e) {
    try {
      closeSync(fd)
    } catch {
      /* already closed */
    }
    try {
      unlinkSync(tmp)
    } catch {
      /* never created or already renamed */
    }
    throw e
  }
}
