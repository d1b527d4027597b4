/**
 * The post step's clean-up: an export-file inside the job's workspace or RUNNER_TEMP is the job's
 * and is deleted when the job ends (a host runner keeps its workspace); a file elsewhere (a
 * service's env file, say) is the operator's and stays.
 */
import { isAbsolute, relative, resolve } from 'node:path'

/** True when `path` lies inside `folder` (not the folder itself). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path))
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** Whether the post step deletes this export-file. */
export function removedAtJobEnd(path: string, env: NodeJS.ProcessEnv): boolean {
  return [env.GITHUB_WORKSPACE, env.RUNNER_TEMP].some((folder) => folder !== undefined && folder !== '' && isInside(path, folder))
}

/** The state the main step leaves for the post step. */
export const STATE_CLEANUP_FILE = 'cleanupExportFile'
