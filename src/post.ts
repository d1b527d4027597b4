/** The post step: delete the export-file the main step marked as the job's own. */
import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { STATE_CLEANUP_FILE } from './cleanup.js'

export function post(): void {
  const file = core.getState(STATE_CLEANUP_FILE)
  if (file === '') return
  try {
    rmSync(file, { force: true })
    core.info(`Removed the export-file ${file}`)
  } catch (e) {
    core.warning(`The export-file ${file} could not be removed: ${(e as Error).message}`)
  }
}
