/**
 * One whole-process run: spawn `node <script>` with a clean environment and fresh runner files,
 * time it from spawn to exit in this process, and collect what the process left behind: its peak
 * RSS and CPU time, the step outputs (GITHUB_OUTPUT), the source marker. Also the server's view:
 * requests received and the most in flight at once (ServerWatch).
 *
 * Peak RSS and CPU, two ways (see bench/README.md):
 *  - `wait4`: GNU time (`/usr/bin/time -f`), when it is installed, reports the rusage the kernel
 *    returns to the parent for the terminated child: the whole life of the process, teardown
 *    included. The default when present; the process then runs exactly as the runner starts it.
 *  - `exit`: peak.mjs, preloaded (`node --import bench/peak.mjs …`) into every measured process,
 *    writes getrusage(RUSAGE_SELF) from the process's 'exit' event. Needs nothing but Node, costs
 *    ~10-15 ms and ~2.7 MiB per process (the same for every case), and misses what happens after
 *    the 'exit' event: V8 finishing background work while it tears down (a WebAssembly tier-up
 *    compilation adds 25-30 MiB there for the action and for the SDK).
 */
import { spawn, spawnSync } from 'node:child_process'
import { channel, type Channel } from 'node:diagnostics_channel'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { killGroup } from '../testkit/kill-group.js'

export const PEAK_PRELOAD = pathToFileURL(resolve('bench/peak.mjs')).href
export const GNU_TIME = '/usr/bin/time'

/** Whether GNU time is there and understands -f/-o (busybox's does not write %M the same way). */
export function gnuTimeAvailable(): boolean {
  if (!existsSync(GNU_TIME)) return false
  const r = spawnSync(GNU_TIME, ['-f', 'M=%M', process.execPath, '-e', '0'], { encoding: 'utf8' })
  return r.status === 0 && /M=\d+/.test(r.stderr)
}

/**
 * Requests and concurrency as one test server sees them, from Node's built-in diagnostics channel
 * `http.server.request.start` (published just before the server's 'request' event, for every
 * http.Server of this process): a request is in flight from then until its response's 'close'
 * (answered, or its connection gone). Requests are attributed to a server by its port.
 */
export class ServerWatch {
  private static readonly watches = new Map<number, ServerWatch>()
  private static subscribed = false
  private static readonly onStart = (message: unknown): void => {
    const m = message as { request: IncomingMessage; response: ServerResponse; socket: Socket; server: Server }
    const address = m.server.address() as AddressInfo | null
    const watch = address ? ServerWatch.watches.get(address.port) : undefined
    if (watch) watch.started(m.response)
  }

  requests = 0
  inFlight = 0
  maxInFlight = 0
  /** for each request of the run, how many others were in flight when it arrived */
  arrivals: number[] = []

  constructor(readonly port: number) {
    ServerWatch.watches.set(port, this)
    if (!ServerWatch.subscribed) {
      const ch: Channel = channel('http.server.request.start')
      ch.subscribe(ServerWatch.onStart)
      ServerWatch.subscribed = true
    }
  }

  private started(response: ServerResponse): void {
    this.arrivals.push(this.inFlight)
    this.requests++
    this.inFlight++
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight
    response.once('close', () => {
      this.inFlight--
    })
  }

  /** Before a run: counts start again (requests still open from a previous run stay counted in flight). */
  reset(): void {
    this.requests = 0
    this.maxInFlight = this.inFlight
    this.arrivals = []
  }

  static unsubscribe(): void {
    if (ServerWatch.subscribed) channel('http.server.request.start').unsubscribe(ServerWatch.onStart)
    ServerWatch.subscribed = false
    ServerWatch.watches.clear()
  }
}

export interface RunSpec {
  /** node's arguments: the script and its own, or e.g. ['-e', '0'] */
  args: string[]
  /** extra environment (inputs, references' settings); PATH and HOME are added */
  env: Record<string, string>
  /** with or without the peak.mjs preload whatever the mode says (still under GNU time when that is used) */
  preload?: boolean
  /** the watch of the server the run talks to, if any */
  watch?: ServerWatch
  /** kill the child after this long (a hung bench must still end) */
  killAfterMs?: number
}

export type PeakMethod = 'wait4' | 'exit'

export interface RunResult {
  wallMs: number
  /** peak RSS in MiB (ru_maxrss) by the best method available, and how it was taken */
  peakMiB?: number
  peakMethod?: PeakMethod
  /** user + system CPU time in ms, same method */
  cpuMs?: number
  /** the preload's own figures, taken at the 'exit' event */
  exitPeakMiB?: number
  exitCpuMs?: number
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** the step outputs written to GITHUB_OUTPUT */
  outputs: Record<string, string>
  /** the source marker, when one was written to RUNNER_TEMP */
  marker?: Record<string, unknown>
  /** requests the server received during the run, and the most in flight at once */
  serverRequests?: number
  serverMaxInFlight?: number
  /** in flight at the server when the 2nd request arrived (0: the first was answered before) */
  serverInFlightAtSecond?: number
  killed: boolean
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, value lines, `delimiter`; also plain `name=value`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string)
      out[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}

/** How peak RSS and CPU are taken: under GNU time, with the preload, or both. */
export interface Method {
  time: boolean
  preload: boolean
}

let defaultMethod: Method | undefined

/** GNU time alone when it is installed (the process runs exactly as the runner starts it), else the preload. */
export function chooseMethod(peak: 'auto' | 'time' | 'preload' | 'both' = 'auto'): Method {
  const time = gnuTimeAvailable()
  if ((peak === 'time' || peak === 'both') && !time)
    throw new Error(`--peak ${peak}: ${GNU_TIME} (GNU time) is not installed`)
  if (peak === 'auto') return { time, preload: !time }
  return { time: peak !== 'preload', preload: peak !== 'time' }
}

export function describeMethod(m: Method): string {
  if (m.time && m.preload)
    return 'peak RSS and CPU: GNU time (wait4 rusage of the whole process); peak.mjs preloaded in every process as well (its figures in results.json)'
  if (m.time)
    return 'peak RSS and CPU: GNU time (wait4 rusage of the whole process); processes started without a preload'
  return "peak RSS and CPU: peak.mjs preloaded in every process (getrusage at the process's 'exit' event: misses V8's teardown)"
}

export async function runOnce(spec: RunSpec, method: Method = (defaultMethod ??= chooseMethod())): Promise<RunResult> {
  const useTime = method.time
  const preload = spec.preload ?? method.preload
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'))
  const peakFile = join(dir, 'peak.json')
  const timeFile = join(dir, 'time.txt')
  const outputFile = join(dir, 'github-output')
  for (const f of ['github-output', 'github-env', 'github-state']) writeFileSync(join(dir, f), '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_ENV: join(dir, 'github-env'),
    GITHUB_STATE: join(dir, 'github-state'),
    GITHUB_WORKSPACE: dir,
    ...(preload ? { BENCH_PEAK_FILE: peakFile } : {}),
    ...spec.env
  }
  const nodeArgs = preload ? ['--import', PEAK_PRELOAD, ...spec.args] : spec.args
  const timed = useTime
  const [command, args] = timed
    ? [GNU_TIME, ['-o', timeFile, '-f', 'maxrss_kib=%M user_s=%U system_s=%S', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs]
  spec.watch?.reset()

  const started = performance.now()
  // its own process group, so that a run killed for taking too long takes GNU time's child along
  const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  let killed = false
  const killer = setTimeout(() => {
    killed = true
    killGroup(child)
  }, spec.killAfterMs ?? 30_000)
  const { code, signal, wallMs } = await new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    wallMs: number
  }>((done, fail) => {
    child.once('error', fail)
    child.once('exit', (c, s) => done({ code: c, signal: s, wallMs: performance.now() - started }))
  })
  clearTimeout(killer)
  // let the pipes drain (the exit event may come before the last output)
  await new Promise<void>((done) =>
    child.stdout.readableEnded && child.stderr.readableEnded ? done() : child.once('close', () => done())
  )
  // and the server notice the closed connections of this run
  await new Promise<void>((done) => setImmediate(done))

  const result: RunResult = {
    wallMs,
    exitCode: code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    killed
  }
  if (existsSync(peakFile)) {
    const p = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRssKiB: number; userUs: number; systemUs: number }
    result.exitPeakMiB = p.maxRssKiB / 1024
    result.exitCpuMs = (p.userUs + p.systemUs) / 1000
    result.peakMiB = result.exitPeakMiB
    result.cpuMs = result.exitCpuMs
    result.peakMethod = 'exit'
  }
  if (timed && existsSync(timeFile)) {
    // GNU time writes "Command exited with non-zero status N" first when the exit code is not 0
    const m = /maxrss_kib=(\d+) user_s=([\d.]+) system_s=([\d.]+)/.exec(readFileSync(timeFile, 'utf8'))
    if (m) {
      result.peakMiB = Number(m[1]) / 1024
      result.cpuMs = (Number(m[2]) + Number(m[3])) * 1000
      result.peakMethod = 'wait4'
    }
  }
  const markerFile = join(dir, 'infisical-source-marker.json')
  if (existsSync(markerFile)) result.marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Record<string, unknown>
  if (spec.watch) {
    result.serverRequests = spec.watch.requests
    result.serverMaxInFlight = spec.watch.maxInFlight
    if (spec.watch.arrivals.length > 1) result.serverInFlightAtSecond = spec.watch.arrivals[1]
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}
