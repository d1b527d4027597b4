/**
 * The post step: deletes the export-file the main step recorded as the job's own, when it is still
 * that file (see cleanup.ts). It reads only the id saved in the step's state; every other outcome
 * leaves the file in place and says why.
 */
import * as runner from './workflow-commands.js'
import { cleanUp, STATE_CLEANUP_ID } from './cleanup.js'

export function post(env: NodeJS.ProcessEnv): void {
  const outcome = cleanUp(runner.getState(STATE_CLEANUP_ID), env)
  switch (outcome.kind) {
    case 'nothing':
      return
    case 'bad-id':
      runner.warning(`The state ${STATE_CLEANUP_ID} of this step is not an id this action saves: nothing removed`)
      return
    case 'no-record':
      runner.info(`No clean-up record ${outcome.record} (the run failed, or RUNNER_TEMP changed): nothing removed`)
      return
    case 'bad-record':
      runner.warning(`The clean-up record ${outcome.record} ${outcome.why}: nothing removed`)
      return
    case 'removed':
      runner.info(`Removed the export-file ${outcome.path}`)
      return
    case 'gone':
      runner.info(`The export-file ${outcome.path} is already gone`)
      return
    case 'replaced':
      runner.warning(
        `The export-file ${outcome.path} is no longer the file this action wrote (replaced, or a link now): left in place`
      )
      return
    case 'outside':
      runner.warning(
        `The export-file ${outcome.path} now lies outside the workspace and RUNNER_TEMP (a symbolic link on its path): left in place`
      )
      return
    case 'failed':
      runner.warning(`The export-file ${outcome.path} could not be removed (${outcome.code})`)
      return
  }
}
