/**
 * Entry point of the main step (dist/index.js). The post step has a bundle of its own
 * (post-main.ts), so nothing in the job's environment can turn this step into the post step.
 * Exits as soon as the work is done: no idle socket or timer keeps the process alive. Whatever
 * run() does not turn into a failed step itself (a file command that cannot be written while it
 * reports a failure, say) ends here as one `::error::` line and exit code 1, never a stack trace.
 */
import * as runner from './workflow-commands.js'
import { processEnvironment, run } from './run.js'

function fail(e: unknown): never {
  const text =
    e instanceof runner.FileCommandError
      ? e.message
      : `unexpected failure: ${e instanceof Error ? e.message : String(e)}`
  try {
    runner.setFailed(text)
  } finally {
    process.exit(1)
  }
}

process.on('uncaughtException', fail)
process.on('unhandledRejection', fail)
try {
  await run(processEnvironment())
} catch (e) {
  fail(e)
}
process.exit(process.exitCode ?? 0)
