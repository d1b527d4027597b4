/**
 * Reading the marker file named by marker-path: a regular file of at most 1 MiB, read through
 * the shared reader (src/regular-file.ts), so that a FIFO, a device or a folder fails at once
 * instead of hanging or spinning. The decisions on its text are in parse-marker.ts.
 */
import { MAX_INPUT_FILE_BYTES, readRegularFile } from '../regular-file.js'
import { fileProblemMessage, parseMarkerText, type CheckedMarker } from './parse-marker.js'

export function readMarker(path: string): { marker: CheckedMarker } | { problem: string } {
  const read = readRegularFile(path, MAX_INPUT_FILE_BYTES)
  if ('problem' in read) return { problem: fileProblemMessage(path, read.problem) }
  return parseMarkerText(path, read.text)
}
