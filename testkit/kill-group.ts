/**
 * Kills a child started with `detached: true` together with everything it started (its process
 * group), as the Forgejo runner does with a step at its timeout; the child alone where the group
 * is gone already. Used by the runner harness and the benchmark.
 */
import type { ChildProcess } from 'node:child_process'

export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}
