/**
 * Entry point of the bundle, for the main step and the post step (told apart by the state the main
 * step saves, as actions/checkout does). Exits as soon as the work is done: no idle socket or
 * timer keeps the process alive.
 */
import { getState, saveState } from './workflow-commands.js'
import { STATE_IS_POST } from './cleanup.js'
import { post } from './post.js'
import { processEnvironment, run } from './run.js'

if (getState(STATE_IS_POST) === 'true') {
  post()
} else {
  saveState(STATE_IS_POST, 'true')
  await run(processEnvironment())
}
process.exit(process.exitCode ?? 0)
