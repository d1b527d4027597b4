/**
 * Preloaded into every measured process (`node --import ./bench/peak.mjs …`), the action and the
 * references alike, so that its small cost is in every figure. When the process exits (also
 * through process.exit()), it writes the process's own accounting to BENCH_PEAK_FILE:
 * getrusage(2) peak resident set size (ru_maxrss, KiB on Linux) and CPU times (µs).
 */
import { writeFileSync } from 'node:fs'

const out = process.env.BENCH_PEAK_FILE
if (out) {
  process.on('exit', (code) => {
    const u = process.resourceUsage()
    try {
      writeFileSync(
        out,
        JSON.stringify({ maxRssKiB: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime, code })
      )
    } catch {
      // the figure is missing, and the bench says so
    }
  })
}
