/**
 * The platform's setting on an Infisical test server, built once for the end-to-end tests
 * (__tests__/e2e/platform.ts), the demo (testkit/demo.ts) and the benchmark (bench/cases.ts): the
 * platform's project, the bot's token in its folder, a machine identity with read on a folder, its
 * Token Auth token, and the 0600 token file a runner host holds.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Identity, InfisicalTestServer } from './infisical-server.js'

export const PROJECT_ID = '24324af9-3c4e-4f5b-9d2e-1a2b3c4d5e6f'
export const BOT_FOLDER = '/home-platform/forgejo_accounts'
export const BOT_NAME = 'deploy+bot@example.org'
/** the environment the bot's token lives in */
export const ENVIRONMENT = 'prod'

export interface SeedOptions {
  /** the value of the bot's token (BOT_FOLDER/BOT_NAME, version 3) */
  botToken: string
  /** the project's environments; default dev and prod */
  environments?: string[]
  /** the folder the identity may read in ENVIRONMENT (and below); default /home-platform */
  readPath?: string
}

export interface SeededPlatform {
  identity: Identity
  /** the identity's Token Auth token */
  token: string
}

/** Seeds `server` with the platform's project, the bot's token and an identity that may read it. */
export function seedPlatform(server: InfisicalTestServer, opts: SeedOptions): SeededPlatform {
  server.addProject(PROJECT_ID, opts.environments ?? ['dev', ENVIRONMENT])
  server.setSecret({
    projectId: PROJECT_ID,
    environment: ENVIRONMENT,
    path: BOT_FOLDER,
    name: BOT_NAME,
    value: opts.botToken,
    version: 3
  })
  const identity = server.createIdentity({ projects: [PROJECT_ID] })
  server.grantRead(identity.id, {
    projectId: PROJECT_ID,
    environment: ENVIRONMENT,
    path: opts.readPath ?? '/home-platform'
  })
  return { identity, token: server.issueToken(identity.id) }
}

/** A token file as a runner host holds it: the token and a newline, mode 0600 unless told. */
export function writeTokenFile(dir: string, token: string, name = 'infisical-token-auth-token', mode = 0o600): string {
  const path = join(dir, name)
  writeFileSync(path, `${token}\n`)
  chmodSync(path, mode)
  return path
}
