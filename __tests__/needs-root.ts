/**
 * Tests that need root (they give files to other users, or create a user): run as root, as CI
 * does (.ci/run refuses to run as anyone else); for anyone else, skipped, with the reason in the
 * name jest prints, never failing and never silently passing.
 */
import { execFileSync } from 'node:child_process'

export const IS_ROOT = process.getuid?.() === 0

const SKIPPED = ' [skipped: needs root; CI runs it as root]'

export function describeAsRoot(name: string, fn: () => void): void {
  if (IS_ROOT) describe(name, fn)
  else describe.skip(`${name}${SKIPPED}`, fn)
}

export function testAsRoot(name: string, fn: NonNullable<Parameters<typeof test>[1]>, timeout?: number): void {
  if (IS_ROOT) test(name, fn, timeout)
  else test.skip(`${name}${SKIPPED}`, fn, timeout)
}

/** A user's uid and gid, from `id` (tests that give files to another user, or run a process as one). */
export function idsOf(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }))
  return { uid: id('-u'), gid: id('-g') }
}
