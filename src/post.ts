/** The post step: delete the export-file the main step marked as the job's own. */
import * as runner from './workflow-commands.js'
import { rmSync } from 'node:fs'
import { STATE_CLEANUP_FILE } from './cleanup.js'

export function post(): void {
  const file = runner.getState(STATE_CLEANUP_FILE)
  if (file === '') return
  try {
    rmSync(file, { force: true })
    runner.info(`Removed the export-file ${file}`)
  } catch (e) {
    runner.warning(`The export-file ${file} could not be removed: ${(e as Error).message}`)
  }
}
