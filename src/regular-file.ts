/**
 * Reading a file named by an input (a CA bundle, a fallback env file, the token file, a marker):
 * it must be a regular file of a sane size. The file is opened without blocking and judged by its
 * descriptor, so a FIFO, a device or a folder fails at once instead of hanging or spinning, and
 * nothing can be swapped between the check and the read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'

/** The largest file read: 1 MiB. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024

export type FileProblem =
  { kind: 'open'; code: string } | { kind: 'not-regular'; what: string } | { kind: 'too-large'; bytes: number }

export type RegularFileRead = { text: string; stat: Stats } | { problem: FileProblem }

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** What to say of a problem, after the path: "is a FIFO (named pipe), not a regular file". */
export function describeFileProblem(p: FileProblem, maxBytes = MAX_INPUT_FILE_BYTES): string {
  switch (p.kind) {
    case 'open':
      if (p.code === 'ENOENT') return 'does not exist'
      if (p.code === 'EACCES') return 'cannot be read by the runner user'
      return `cannot be opened (${p.code})`
    case 'not-regular':
      return `is ${p.what}, not a regular file`
    case 'too-large':
      return `is larger than ${Math.round(maxBytes / 1024)} KiB (${p.bytes} bytes)`
  }
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8, judging the descriptor opened. `check`
 * may refuse the file from its stat (owner, mode) before anything is read: it throws.
 */
export function readRegularFile(
  path: string,
  maxBytes = MAX_INPUT_FILE_BYTES,
  check?: (st: Stats) => void
): RegularFileRead {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK)
  } catch (e) {
    return { problem: { kind: 'open', code: (e as NodeJS.ErrnoException).code ?? String(e) } }
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) return { problem: { kind: 'not-regular', what: kindOf(stat) } }
    if (stat.size > maxBytes) return { problem: { kind: 'too-large', bytes: stat.size } }
    check?.(stat)
    // Read at most maxBytes + 1: a file that grows after the stat is still bounded.
    const buf = Buffer.alloc(maxBytes + 1)
    let n = 0
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null)
      if (got === 0) break
      n += got
      if (n > maxBytes) return { problem: { kind: 'too-large', bytes: n } }
    }
    return { text: buf.subarray(0, n).toString('utf8'), stat }
  } finally {
    closeSync(fd)
  }
}
