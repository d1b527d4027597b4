/**
 * The `export-file` input, checked before any request: its folder must exist and be writable by
 * the runner user, and the path must not name a folder, so that a run never spends token uses
 * on secrets it then cannot write.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { quoted } from './log-text.js'

/** What is wrong with `export-file`'s folder, or undefined. Relative paths are taken from `cwd`. */
export function exportFolderProblem(file: string, cwd = process.cwd()): string | undefined {
  const path = resolve(cwd, file)
  const folder = dirname(path)
  const named = `export-file ${quoted(file)}`
  try {
    if (!statSync(folder).isDirectory()) return `${named}: ${quoted(folder)} is not a folder`
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT')
      return `${named}: its folder ${quoted(folder)} does not exist (ENOENT): create it first, the action creates no folders`
    if (code === 'ENOTDIR') return `${named}: ${quoted(folder)} is not a folder (ENOTDIR: a part of the path is a file)`
    return `${named}: its folder ${quoted(folder)} cannot be reached (${code ?? String(e)})`
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK)
  } catch (e) {
    return `${named}: its folder ${quoted(folder)} is not writable by the runner user (${(e as NodeJS.ErrnoException).code ?? String(e)})`
  }
  try {
    if (statSync(path).isDirectory()) return `${named} is a folder: give the path of a file in it`
  } catch {
    // Not there yet: it will be created.
  }
  return undefined
}
