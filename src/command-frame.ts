/**
 * The frame around the command's output: `::stop-commands::<token>` … `::<token>::` with a random
 * 128-bit token, so that no line the command prints is a workflow command, and a line break added
 * before the resume line when the output does not end with one (see run-command.ts). Pure but
 * for the token's randomness.
 */
import { randomBytes } from 'node:crypto'

/** A fresh resume token: 32 hex digits. */
export function newStopToken(): string {
  return randomBytes(16).toString('hex')
}

/**
 * The lines around the command's output: `open()` stops command handling, `pass()` hands on the
 * output and remembers whether it ended a line, `close()` ends the last line if needed and resumes.
 * Pure: it returns the text to write.
 */
export class CommandOutputFrame {
  private atLineStart = true

  constructor(readonly token: string = newStopToken()) {
    if (!/^[0-9a-f]{16,}$/.test(token)) throw new Error('the stop-commands token must be 16 or more hex digits')
  }

  open(): string {
    return `::stop-commands::${this.token}\n`
  }

  pass(text: string): string {
    if (text !== '') this.atLineStart = text.endsWith('\n')
    return text
  }

  close(): string {
    const end = this.atLineStart ? '' : '\n'
    this.atLineStart = true
    return `${end}::${this.token}::\n`
  }
}

/** The whole framed text for an output given at once (for tests and for reading). */
export function framedOutput(output: string, token: string = newStopToken()): string {
  const frame = new CommandOutputFrame(token)
  return frame.open() + frame.pass(output) + frame.close()
}
