/**
 * Writes a file atomically: a temporary file in the same folder, created with the final mode
 * (so it is never readable by others, whatever the umask) and O_EXCL (never an existing file or a
 * link), then renamed over the target. stageFile() splits the two halves, so that a run can put
 * the file in place as its last effect and, when it fails before that, remove only its own
 * temporary file: the target is then exactly as it was.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
  constants
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'

/** A file written next to its target and not yet in place. */
export interface StagedFile {
  /** The target (absolute). */
  readonly path: string
  /** Device and inode of the staged file: the rename keeps them, so they are the target's after commit(). */
  readonly dev: bigint
  readonly ino: bigint
  /** Renames the staged file over the target. */
  commit(): void
  /** Removes the staged file, unless it was committed; never touches the target. */
  discard(): void
}

function folderError(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' })
}

export function stageFile(target: string, content: string, mode: number): StagedFile {
  const path = resolve(target)
  // A folder cannot be replaced by the rename: refused now, before anything is done.
  let existing: ReturnType<typeof lstatSync> | undefined
  try {
    existing = lstatSync(path)
  } catch {
    existing = undefined
  }
  if (existing?.isDirectory()) throw folderError(path)
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const previous = process.umask(0o077)
  let fd: number
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o700)
  } finally {
    process.umask(previous)
  }
  let stat
  try {
    writeSync(fd, content)
    fsyncSync(fd)
    stat = fstatSync(fd, { bigint: true })
    closeSync(fd)
  } catch (e) {
    try {
      closeSync(fd)
    } catch {
      /* already closed */
    }
    unlinkQuietly(tmp)
    throw e
  }
  let state: 'staged' | 'committed' | 'discarded' = 'staged'
  return {
    path,
    dev: stat.dev,
    ino: stat.ino,
    commit() {
      if (state !== 'staged') throw new Error(`internal: ${path} was already ${state}`)
      renameSync(tmp, path)
      state = 'committed'
    },
    discard() {
      if (state !== 'staged') return
      unlinkQuietly(tmp)
      state = 'discarded'
    }
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    /* never created or already gone */
  }
}

export function writeFileAtomic(path: string, content: string, mode: number): void {
  const staged = stageFile(path, content, mode)
  try {
    staged.commit()
  } catch (e) {
    staged.discard()
    throw e
  }
}
