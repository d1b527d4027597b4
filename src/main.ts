/** Entry point of the bundle: run the action, then exit without waiting for idle sockets or timers. */
import { processEnvironment, run } from './run.js'

await run(processEnvironment())
process.exit(process.exitCode ?? 0)
