/** The README as the tests that hold it to action.yml and the code read it. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8')

/**
 * The first table after `heading` (none when another heading comes first): its header and its
 * rows, each the trimmed cells of a line, the `| --- |` line left out; backticks removed unless
 * `keepBackticks`.
 */
export function table(heading: string, { keepBackticks = false } = {}): { header: string[]; rows: string[][] } {
  const start = README.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`README has no heading "${heading}"`)
  const rows: string[][] = []
  let inTable = false
  for (const line of README.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('|')) {
      inTable = true
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim())
      if (cells.every((c) => /^-+$/.test(c))) continue
      rows.push(keepBackticks ? cells : cells.map((c) => c.replace(/`/g, '')))
    } else if (inTable) break
    else if (line.startsWith('#')) break
  }
  return { header: rows[0] ?? [], rows: rows.slice(1) }
}
