/**
 * Jest's global setup and teardown: every temporary file of a test run (the test kit's
 * certificates, which jest's workers cannot remove at their exit) goes into one folder made for the
 * run, which the teardown removes; anything else a test leaves there fails the run. 0711 so that the
 * installer test's runner-like user can reach its own folders below it.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const KEY = 'INFISICAL_ACTION_TEST_TMPDIR'

export async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'infisical-action-tests-'))
  chmodSync(dir, 0o711)
  process.env[KEY] = dir
  process.env.TMPDIR = dir
}

/** What a test run may leave for the teardown: the test kit's certificates (workers cannot remove them at exit). */
const EXPECTED = /^infisical-testkit-certs-/

/**
 * Removes the run's folder. Anything else left in it is a test that did not remove what it made:
 * named, and the run fails (the files are removed all the same).
 */
export async function teardown() {
  const dir = process.env[KEY]
  if (!dir) return
  const left = existsSync(dir) ? readdirSync(dir).filter((name) => !EXPECTED.test(name)) : []
  rmSync(dir, { recursive: true, force: true })
  if (left.length > 0) {
    throw new Error(
      `tests left ${left.length} file(s) or folder(s) in the temporary folder: ${left.slice(0, 20).join(', ')}${left.length > 20 ? ', …' : ''}`
    )
  }
}

export default setup
