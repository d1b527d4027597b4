/**
 * The OIDC floor: a bare Node process making the three requests of an OIDC run, one after the
 * other, with node:http and `agent: false` (a fresh connection per request, as floor.mjs): the
 * job's ID token from the CI server (bearer request token), the OIDC login at Infisical, then one
 * secret read with the access token. Nothing else: no inputs, no masking, no files. Exit code 0
 * when every answer was a 200 with the JSON expected, else 1.
 *
 * Environment: ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN (as the runner gives
 * them), BENCH_AUDIENCE, BENCH_INFISICAL_URL, BENCH_IDENTITY_ID, BENCH_SECRET_URL (the full read URL).
 */
import { request } from 'node:http'

function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent: false, headers: { accept: 'application/json', 'user-agent': 'bench-floor/1', ...headers } },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          try {
            if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${url}`)
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          } catch (e) {
            reject(e)
          }
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

try {
  const idUrl = new URL(process.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '')
  if (process.env.BENCH_AUDIENCE) idUrl.searchParams.set('audience', process.env.BENCH_AUDIENCE)
  const { value } = await call(idUrl.href, {
    headers: { authorization: `Bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
  })
  const body = JSON.stringify({ identityId: process.env.BENCH_IDENTITY_ID, jwt: value })
  const { accessToken } = await call(`${process.env.BENCH_INFISICAL_URL}/api/v1/auth/oidc-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body
  })
  const { secret } = await call(process.env.BENCH_SECRET_URL ?? '', {
    headers: { authorization: `Bearer ${accessToken}` }
  })
  if (typeof secret?.secretValue !== 'string') throw new Error('no secret value')
} catch (e) {
  process.stderr.write(`oidc floor: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
}
