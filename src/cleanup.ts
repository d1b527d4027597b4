/**
 * Clean-up of the export-file when the job ends. An export-file inside the job's workspace or
 * RUNNER_TEMP is the job's and is deleted by the post step; a file elsewhere (a service's env
 * file, say) is the operator's and stays. "Inside" is judged on real paths: a file under a
 * symbolic link to a folder elsewhere is elsewhere. The Forgejo runner removes a host job's folder
 * (workspace and RUNNER_TEMP) at job end too, but not under LXC (forgejo/runner
 * act/container/host_environment.go, act/runner/run_context.go), and GitHub's self-hosted runners
 * keep the workspace between jobs: the post step does not depend on the runner for it.
 *
 * The post step runs in the job's environment, which every earlier step can change through
 * GITHUB_ENV (`STATE_x=…`, `RUNNER_TEMP=…`). So it takes no path from it. The main step, once it
 * has staged the export-file, writes a record of it ({ path, dev, ino }: the real path and the
 * file's device and inode) to a file of its own: created with O_EXCL and mode 0600 in RUNNER_TEMP
 * (or the system temp folder), named with a random id. Only that id goes through GITHUB_STATE.
 * The post step accepts a 32-hex-digit id and a record that is a small regular file of this user,
 * not a link, readable by no one else; then it deletes the path only when it is still that very
 * file (lstat: a regular file, not a link, same device and inode) and its real folder is still
 * inside the real workspace or RUNNER_TEMP, and it deletes it in that real folder, never through
 * a link. A forged state names at most a record that does not exist: nothing is deleted.
 */
import { closeSync, constants, lstatSync, openSync, realpathSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { stageFile } from './atomic-file.js'
import { readRegularFile } from './regular-file.js'
import * as runner from './workflow-commands.js'

/** The one state the main step saves for the post step: the id of its record. */
export const STATE_CLEANUP_ID = 'exportFileRecord'

const ID = /^[0-9a-f]{32}$/
const MAX_RECORD_BYTES = 4096

/** True when `path` lies inside `folder` (not the folder itself). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path))
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/** The real folder of `path` when it is the workspace, RUNNER_TEMP or a folder inside them (real paths). */
export function jobFolderOf(path: string, env: NodeJS.ProcessEnv): string | undefined {
  const folder = realOrUndefined(dirname(resolve(path)))
  if (folder === undefined) return undefined
  const roots = [env.GITHUB_WORKSPACE, env.RUNNER_TEMP]
    .filter((f): f is string => f !== undefined && f !== '')
    .map(realOrUndefined)
  return roots.some((root) => root !== undefined && (folder === root || isInside(folder, root))) ? folder : undefined
}

/** Whether the post step deletes this export-file. */
export function removedAtJobEnd(path: string, env: NodeJS.ProcessEnv): boolean {
  return jobFolderOf(path, env) !== undefined
}

/** What the main step records of the export-file. */
export interface CleanupRecord {
  path: string
  dev: string
  ino: string
}

export function recordFile(id: string, env: NodeJS.ProcessEnv): string {
  return join(env.RUNNER_TEMP || tmpdir(), `infisical-export-file-${id}.json`)
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    /* already gone */
  }
}

/**
 * Main step: writes the record (O_EXCL, 0600) and saves its id as the step's state. Returns what
 * removes the record again, for a run that fails. A state that cannot be saved throws
 * FileCommandError, the record removed.
 */
export function recordForPostStep(record: CleanupRecord, env: NodeJS.ProcessEnv): () => void {
  const id = randomBytes(16).toString('hex')
  const file = recordFile(id, env)
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
  try {
    writeSync(fd, JSON.stringify(record))
    closeSync(fd)
    runner.saveState(STATE_CLEANUP_ID, id)
  } catch (e) {
    try {
      closeSync(fd)
    } catch {
      /* already closed */
    }
    unlinkQuietly(file)
    throw e
  }
  return () => unlinkQuietly(file)
}

/** The export-file of a run, staged next to its target: commit() puts it in place, as the run's last effect. */
export interface ExportFile {
  path: string
  removedAtJobEnd: boolean
  commit(): void
  /** For a run that fails: removes the staged file and the record; the target is left as it was. */
  discard(): void
}

export function stageExportFile(path: string, text: string, env: NodeJS.ProcessEnv): ExportFile {
  const staged = stageFile(path, text, 0o600)
  let forget = (): void => {}
  let committed = false
  const folder = jobFolderOf(staged.path, env)
  try {
    if (folder !== undefined)
      forget = recordForPostStep(
        { path: join(folder, basename(staged.path)), dev: String(staged.dev), ino: String(staged.ino) },
        env
      )
  } catch (e) {
    staged.discard()
    throw e
  }
  return {
    path: staged.path,
    removedAtJobEnd: folder !== undefined,
    commit() {
      staged.commit()
      committed = true
    },
    discard() {
      if (committed) return
      staged.discard()
      forget()
    }
  }
}

export type CleanupOutcome =
  | { kind: 'nothing' }
  | { kind: 'bad-id' }
  | { kind: 'no-record'; record: string }
  | { kind: 'bad-record'; record: string; why: string }
  | { kind: 'removed' | 'gone' | 'replaced' | 'outside'; path: string }
  | { kind: 'failed'; path: string; code: string }

function readRecord(file: string): CleanupRecord | { why: string } {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined
  const st = lstatSync(file)
  if (!st.isFile()) return { why: 'is not a regular file' }
  const read = readRegularFile(file, MAX_RECORD_BYTES)
  if ('problem' in read) return { why: `cannot be read (${read.problem.kind})` }
  if (uid !== undefined && read.stat.uid !== uid) return { why: 'belongs to another user' }
  if ((read.stat.mode & 0o077) !== 0) return { why: 'is open to other users' }
  let r: unknown
  try {
    r = JSON.parse(read.text)
  } catch {
    return { why: 'is not JSON' }
  }
  const { path, dev, ino } = (r ?? {}) as Record<string, unknown>
  if (
    typeof path !== 'string' ||
    !isAbsolute(path) ||
    typeof dev !== 'string' ||
    !/^\d+$/.test(dev) ||
    typeof ino !== 'string' ||
    !/^\d+$/.test(ino)
  ) {
    return { why: 'is not a record of this action' }
  }
  return { path, dev, ino }
}

/** Post step: deletes the export-file recorded under `id`, when it is still that file, in the job's folders. */
export function cleanUp(id: string, env: NodeJS.ProcessEnv): CleanupOutcome {
  if (id === '') return { kind: 'nothing' }
  if (!ID.test(id)) return { kind: 'bad-id' }
  const file = recordFile(id, env)
  let record: CleanupRecord | { why: string }
  try {
    record = readRecord(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { kind: 'no-record', record: file }
    return { kind: 'bad-record', record: file, why: `cannot be read (${code ?? String(e)})` }
  }
  if ('why' in record) return { kind: 'bad-record', record: file, why: record.why }
  try {
    return removeRecorded(record, env)
  } finally {
    unlinkQuietly(file)
  }
}

function removeRecorded(record: CleanupRecord, env: NodeJS.ProcessEnv): CleanupOutcome {
  const path = record.path
  if (realOrUndefined(dirname(path)) === undefined) return { kind: 'gone', path }
  const folder = jobFolderOf(path, env)
  if (folder === undefined) return { kind: 'outside', path }
  const target = join(folder, basename(path))
  let st
  try {
    st = lstatSync(target, { bigint: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone', path }
    return { kind: 'failed', path, code: (e as NodeJS.ErrnoException).code ?? String(e) }
  }
  if (!st.isFile() || String(st.dev) !== record.dev || String(st.ino) !== record.ino) return { kind: 'replaced', path }
  try {
    unlinkSync(target)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    return code === 'ENOENT' ? { kind: 'gone', path } : { kind: 'failed', path, code }
  }
  return { kind: 'removed', path }
}
