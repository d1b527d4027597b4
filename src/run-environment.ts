/** What a run gets from the process: its environment, its clock and the runner's user. */
export interface RunEnvironment {
  env: NodeJS.ProcessEnv
  now: () => Date
  /** The runner user's id, owner expected of credential files. */
  uid: number
}

/** The process's own runtime: its environment, clock and user. */
export function processEnvironment(): RunEnvironment {
  return {
    env: process.env,
    now: () => new Date(),
    uid: typeof process.getuid === 'function' ? process.getuid() : 0
  }
}
