/**
 * Reading the ledger, the audit's one input file, as a stream: chunks of 1 MiB, split at line
 * ends, each line handed over as it is complete, so that memory stays flat however long the
 * ledger is. The file is opened without blocking and judged by its descriptor (regular-file.ts
 * does the same for the other files an input names): a FIFO, a device or a folder is refused at
 * once instead of hanging. A line longer than MAX_LINE_BYTES is not kept (a ledger line is well
 * under 1 KiB): it is handed over as `null`, to be counted as unreadable.
 */
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { FileProblem } from '../regular-file.js'

export const MAX_LINE_BYTES = 64 * 1024
const CHUNK_BYTES = 1024 * 1024
const LF = 0x0a
const CR = 0x0d

function kindOf(st: {
  isDirectory(): boolean
  isFIFO(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
  isSocket(): boolean
}): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * Splits a byte stream into lines (LF, a CR before it dropped), bounded: whatever part of a line
 * lies beyond `maxLine` bytes is not kept. Fed chunk by chunk; `end()` hands over a last line
 * without a line end.
 */
export class LineSplitter {
  private pieces: Buffer[] = []
  private pending = 0
  private tooLong = false
  private line = 0

  constructor(
    private readonly onLine: (line: number, text: string | null) => void,
    private readonly maxLine = MAX_LINE_BYTES
  ) {}

  /** `chunk` may be reused by the caller once this returns. */
  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const lf = chunk.indexOf(LF, start)
      if (lf === -1) {
        this.keep(chunk, start, chunk.length)
        return
      }
      if (this.pending === 0 && !this.tooLong) {
        // The common case: the whole line is in this chunk.
        const end = lf > start && chunk[lf - 1] === CR ? lf - 1 : lf
        this.emit(end - start > this.maxLine ? null : chunk.toString('utf8', start, end))
      } else {
        this.keep(chunk, start, lf)
        this.flush()
      }
      start = lf + 1
    }
  }

  end(): void {
    if (this.pending > 0 || this.tooLong) this.flush()
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from || this.tooLong) return
    if (this.pending + (to - from) > this.maxLine + 1) {
      this.tooLong = true
      this.pieces = []
      this.pending = 0
      return
    }
    this.pieces.push(Buffer.from(chunk.subarray(from, to)))
    this.pending += to - from
  }

  private flush(): void {
    if (this.tooLong) this.emit(null)
    else {
      const all = Buffer.concat(this.pieces, this.pending)
      const end = all.length > 0 && all[all.length - 1] === CR ? all.length - 1 : all.length
      this.emit(end > this.maxLine ? null : all.toString('utf8', 0, end))
    }
    this.pieces = []
    this.pending = 0
    this.tooLong = false
  }

  private emit(text: string | null): void {
    this.line++
    this.onLine(this.line, text)
  }
}

/** Reads the ledger at `path` line by line into `onLine`; a problem when it cannot be opened or is not a regular file. */
export async function readLedger(
  path: string,
  onLine: (line: number, text: string | null) => void
): Promise<{ bytes: number } | { problem: FileProblem }> {
  let handle: FileHandle
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    handle = await open(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK)
  } catch (e) {
    return { problem: { kind: 'open', code: (e as NodeJS.ErrnoException).code ?? String(e) } }
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) return { problem: { kind: 'not-regular', what: kindOf(st) } }
    const splitter = new LineSplitter(onLine)
    const buf = Buffer.allocUnsafe(CHUNK_BYTES)
    let bytes = 0
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      bytes += bytesRead
      splitter.push(buf.subarray(0, bytesRead))
    }
    splitter.end()
    return { bytes }
  } catch (e) {
    return { problem: { kind: 'open', code: (e as NodeJS.ErrnoException).code ?? String(e) } }
  } finally {
    await handle.close()
  }
}
