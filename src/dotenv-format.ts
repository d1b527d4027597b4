/**
 * Writing a value in the dotenv format so that the `dotenv` package reads back the identical
 * value. Each candidate quoting is checked with dotenv's own parser; a value none of them
 * represents is reported, never written approximately.
 */
import { parse } from 'dotenv'

function candidates(value: string): string[] {
  return [`'${value}'`, `\`${value}\``, `"${value.replace(/\r/g, '\\r')}"`]
}

/** `NAME=<quoted value>`, or undefined when dotenv cannot represent the value. */
export function dotenvLine(name: string, value: string): string | undefined {
  for (const quoted of candidates(value)) {
    const line = `${name}=${quoted}`
    if (parse(`${line}\n`)[name] === value) return line
  }
  return undefined
}

/** The whole file, checked once more as a whole: undefined entries name what cannot be written. */
export function dotenvFile(
  entries: { name: string; value: string }[]
): { text: string } | { unrepresentable: string[] } {
  const lines: string[] = []
  const bad: string[] = []
  for (const { name, value } of entries) {
    const line = dotenvLine(name, value)
    if (line === undefined) bad.push(name)
    else lines.push(line)
  }
  if (bad.length > 0) return { unrepresentable: bad }
  const text = lines.map((l) => `${l}\n`).join('')
  const back = parse(text)
  const differ = entries.filter(({ name, value }) => back[name] !== value).map((e) => e.name)
  return differ.length > 0 ? { unrepresentable: differ } : { text }
}
