/**
 * The floor: a bare Node process sending the same GET requests as the action (same URLs, same
 * headers, same token) with node:http and `agent: false` (a fresh connection per request), at most
 * BENCH_CONCURRENCY at once, reading and parsing every answer. Nothing else: no inputs, no
 * masking, no files. Exit code 0 when every answer was a 200 with JSON, else 1.
 *
 * Environment: BENCH_FLOOR_URLS (JSON array of full URLs), BENCH_TOKEN_FILE, BENCH_CONCURRENCY;
 * for https URLs BENCH_CA_FILE, the one CA to trust (node:https, also `agent: false`).
 */
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { readFileSync } from 'node:fs'

const urls = JSON.parse(process.env.BENCH_FLOOR_URLS ?? '[]')
const token = readFileSync(process.env.BENCH_TOKEN_FILE ?? '', 'utf8').trim()
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '1')
const ca = process.env.BENCH_CA_FILE ? readFileSync(process.env.BENCH_CA_FILE, 'utf8') : undefined
const headers = { accept: 'application/json', 'user-agent': 'bench-floor/1', authorization: `Bearer ${token}` }

function one(url) {
  return new Promise((resolve, reject) => {
    const https = url.startsWith('https:')
    const get = https ? httpsGet : httpGet
    const req = get(url, { agent: false, headers, ...(https && ca ? { ca } : {}) }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`)
          JSON.parse(Buffer.concat(chunks).toString('utf8'))
          resolve()
        } catch (e) {
          reject(e)
        }
      })
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

let next = 0
async function worker() {
  while (next < urls.length) await one(urls[next++])
}

try {
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker))
} catch (e) {
  process.stderr.write(`floor: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
}
