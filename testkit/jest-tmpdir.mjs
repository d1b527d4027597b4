/**
 * Jest's global setup and teardown: every temporary file of a test run (the test kit's
 * certificates, which jest's workers cannot remove at their exit, and anything a test leaves by
 * mistake) goes into one folder made for the run, which the teardown removes. 0711 so that the
 * installer test's runner-like user can reach its own folders below it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const KEY = 'INFISICAL_ACTION_TEST_TMPDIR'

export async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'infisical-action-tests-'))
  chmodSync(dir, 0o711)
  process.env[KEY] = dir
  process.env.TMPDIR = dir
}

export async function teardown() {
  const dir = process.env[KEY]
  if (dir) rmSync(dir, { recursive: true, force: true })
}

export default setup
