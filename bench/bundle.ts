/**
 * Checks of the committed bundle that need no run: its size, and that no library is in it twice.
 *
 * Duplicates, two independent ways:
 *  1. The source map (dist/index.js.map, built with the bundle) lists every bundled file. Each
 *     `…/node_modules/<package>/…` path is grouped by package name and by install folder; a package
 *     present under two folders (`node_modules/undici` and `node_modules/x/node_modules/undici`) is
 *     bundled twice, whatever the versions.
 *  2. In the bundle text itself, for undici (once the action's HTTP client, still the library most
 *     likely to come in again through a dependency such as @actions/http-client): every copy carries
 *     its llhttp parser as base64 WebAssembly (lib/llhttp/llhttp-wasm.js and llhttp_simd-wasm.js,
 *     both starting with "AGFzbQ", the base64 of the wasm magic "\0asm"), and its errors module
 *     defines Symbol.for("undici.error.UND_ERR") once. One copy = 2 wasm blobs and 1 symbol.
 * The map is also used to tell how many bytes of the bundle each package makes up.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface BundleReport {
  bytes: number
  sha256: string
  mapFound: boolean
  /** package name → install folders found in the source map */
  packages: Record<string, { roots: string[]; versions: string[]; bytes: number }>
  duplicates: string[]
  /** bytes of the bundle mapped to the action's own sources, webpack runtime, unmapped */
  ownBytes: number
  otherBytes: number
  undici: { wasmBlobs: number; errorSymbols: number; copies: number }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Source index of each mapped span of the generated file, as [line, column, sourceIndex] segments. */
function segments(mappings: string): { line: number; col: number; src: number }[] {
  const out: { line: number; col: number; src: number }[] = []
  let src = 0
  let line = 0
  for (const lineText of mappings.split(';')) {
    let col = 0
    if (lineText) {
      for (const seg of lineText.split(',')) {
        const values: number[] = []
        let shift = 0
        let value = 0
        for (const ch of seg) {
          const digit = B64.indexOf(ch)
          value += (digit & 31) << shift
          if (digit & 32) shift += 5
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1)
            value = 0
            shift = 0
          }
        }
        col += values[0] ?? 0
        if (values.length >= 4) {
          src += values[1] ?? 0
          out.push({ line, col, src })
        } else out.push({ line, col, src: -1 })
      }
    }
    line++
  }
  return out
}

function packageOf(source: string): { name: string; root: string } | undefined {
  const m = /^(.*node_modules\/(@[^/]+\/[^/]+|[^/@][^/]*))\//.exec(source)
  return m ? { root: (m[1] as string).replace(/^(\.\.\/)+/, ''), name: m[2] as string } : undefined
}

function count(text: string, needle: string): number {
  let n = 0
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++
  return n
}

export function checkBundle(path = resolve('dist/index.js')): BundleReport {
  const buf = readFileSync(path)
  const text = buf.toString('utf8')
  const report: BundleReport = {
    bytes: statSync(path).size,
    sha256: createHash('sha256').update(buf).digest('hex'),
    mapFound: false,
    packages: {},
    duplicates: [],
    ownBytes: 0,
    otherBytes: 0,
    undici: {
      wasmBlobs: count(text, '"AGFzbQ') + count(text, "'AGFzbQ") + count(text, '`AGFzbQ'),
      errorSymbols: count(text, '"undici.error.UND_ERR"'),
      copies: 0
    }
  }
  report.undici.copies = Math.max(Math.ceil(report.undici.wasmBlobs / 2), report.undici.errorSymbols)

  const mapPath = `${path}.map`
  if (!existsSync(mapPath)) return report
  report.mapFound = true
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[]; mappings: string }
  for (const source of map.sources) {
    const pkg = packageOf(source)
    if (!pkg) continue
    const entry = (report.packages[pkg.name] ??= { roots: [], versions: [], bytes: 0 })
    if (!entry.roots.includes(pkg.root)) {
      entry.roots.push(pkg.root)
      const pj = join(resolve('.'), pkg.root, 'package.json')
      entry.versions.push(
        existsSync(pj) ? String((JSON.parse(readFileSync(pj, 'utf8')) as { version?: string }).version) : '?'
      )
    }
  }
  report.duplicates = Object.entries(report.packages)
    .filter(([, p]) => p.roots.length > 1)
    .map(([name]) => name)

  // bytes per package: each mapped segment owns the generated text up to the next segment
  const lines = text.split('\n')
  const segs = segments(map.mappings)
  const bySource = new Map<number, number>()
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!
    const next = segs[i + 1]
    const lineLength = Buffer.byteLength(lines[s.line] ?? '')
    const end = next && next.line === s.line ? next.col : (lines[s.line] ?? '').length
    // columns are UTF-16 units; close enough to bytes for this accounting
    const size = Math.max(0, Math.min(end, lineLength) - s.col)
    bySource.set(s.src, (bySource.get(s.src) ?? 0) + size)
  }
  for (const [src, size] of bySource) {
    const pkg = src >= 0 ? packageOf(map.sources[src] ?? '') : undefined
    if (pkg) (report.packages[pkg.name] as { bytes: number }).bytes += size
    else if (src >= 0 && /^(\.\.?\/)*src\//.test(map.sources[src] ?? '')) report.ownBytes += size
    else report.otherBytes += size
  }
  return report
}
