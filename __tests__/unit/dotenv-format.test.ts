import { parse } from 'dotenv'
import { dotenvFile, dotenvLine } from '../../src/dotenv-format.js'

const values = [
  'plain',
  '',
  'with space and # hash',
  "it's",
  'say "hi"',
  'both \' and "',
  'multi\nline\nvalue\n',
  'dollar $HOME ${X}',
  '%0A as text and %25',
  'unicode ✓ ключ 鍵',
  'trailing newline\n',
  '  padded  ',
  'cr\r\nlf',
  '-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n'
]

describe('dotenv format', () => {
  test.each(values)('%j reads back identically through dotenv', (value) => {
    const line = dotenvLine('V', value)
    expect(line).toBeDefined()
    expect(parse(`${line}\n`).V).toBe(value)
  })

  test('a whole file reads back identically', () => {
    const entries = values.map((value, i) => ({ name: `V${i}`, value }))
    const file = dotenvFile(entries)
    expect('text' in file).toBe(true)
    if (!('text' in file)) return
    const back = parse(file.text)
    for (const e of entries) expect(back[e.name]).toBe(e.value)
  })

  test('a value no quoting can carry is reported, not approximated', () => {
    const impossible = `a'b"c\`d\\ne\r`
    expect(dotenvLine('V', impossible)).toBeUndefined()
    expect(
      dotenvFile([
        { name: 'OK', value: 'x' },
        { name: 'BAD', value: impossible }
      ])
    ).toEqual({ unrepresentable: ['BAD'] })
  })
})
