/**
 * Entry point of the post step: its own bundle (dist/post/index.js, `runs.post`), so that nothing
 * in the job's environment can make the main step act as the post step or the other way round.
 * Small, and only Node's own modules. Anything unexpected is one `::error::` line and exit code 1.
 */
import * as runner from './workflow-commands.js'
import { post } from './post.js'

try {
  post(process.env)
} catch (e) {
  runner.setFailed(`unexpected failure of the clean-up: ${e instanceof Error ? e.message : String(e)}`)
}
process.exit(process.exitCode ?? 0)
