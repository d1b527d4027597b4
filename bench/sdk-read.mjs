/**
 * The official SDK (@infisical/sdk, a devDependency) reading the same secret with the same
 * token, in a whole process: `new InfisicalSDK({ siteUrl })`, `auth().accessToken(token)`,
 * `secrets().getSecret(…)`. It ends with process.exit(), as the action does, so that an idle
 * keep-alive socket of its HTTP client does not count against it.
 *
 * Environment: BENCH_SITE_URL, BENCH_TOKEN_FILE, BENCH_PROJECT_ID, BENCH_ENVIRONMENT,
 * BENCH_SECRET_PATH, BENCH_SECRET_NAME.
 */
import { readFileSync } from 'node:fs'
import { InfisicalSDK } from '@infisical/sdk'

const env = process.env
try {
  const token = readFileSync(env.BENCH_TOKEN_FILE ?? '', 'utf8').trim()
  const sdk = new InfisicalSDK({ siteUrl: env.BENCH_SITE_URL })
  const secret = await sdk.auth().accessToken(token).secrets().getSecret({
    projectId: env.BENCH_PROJECT_ID,
    environment: env.BENCH_ENVIRONMENT,
    secretPath: env.BENCH_SECRET_PATH,
    secretName: env.BENCH_SECRET_NAME
  })
  if (typeof secret.secretValue !== 'string') throw new Error('no value')
  process.exit(0)
} catch (e) {
  process.stderr.write(`sdk-read: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
}
