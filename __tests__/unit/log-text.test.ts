import { cut, oneLine, quoted, Redactor } from '../../src/log-text.js'

describe('oneLine: text the action did not write', () => {
  test('line breaks and other control characters are escaped', () => {
    expect(oneLine('a\nb\r\nc\td\u0000e\u001bf\u007fg\u2028h')).toBe('a\\nb\\r\\nc\\td\\u0000e\\u001bf\\u007fg\\u2028h')
  })

  test('an injected workflow command cannot start a line', () => {
    const forged = 'p1\n::stop-commands::x\nsecret_source=infisical-token-auth'
    const line = oneLine(forged)
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toBe('p1\\n::stop-commands::x\\nsecret_source=infisical-token-auth')
  })

  test('a text that itself starts with :: or ##[ (after white space) gets its first character escaped', () => {
    expect(oneLine('::add-mask::x')).toBe('\\u003a:add-mask::x')
    expect(oneLine('  ::warning::x')).toBe('  \\u003a:warning::x')
    expect(oneLine('##[group]x')).toBe('\\u0023#[group]x')
    expect(oneLine('a ::b')).toBe('a ::b')
  })

  test('quoted and cut', () => {
    expect(quoted('a\nb')).toBe('"a\\nb"')
    expect(cut('  a \n b  ', 10)).toBe('a b')
    expect(cut('abcdefghij', 4)).toBe('abcd…')
  })
})

describe('Redactor', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGl0eUlkIjoiYWJjIn0.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw'

  test('a cut echo of a credential leaves no fragment of 8 or more characters', () => {
    const r = new Redactor()
    r.add(token)
    const echoed = `invalid token ${token.slice(0, 300 > token.length ? token.length - 5 : 300)}…`
    const out = r.redact(echoed)
    expect(out).toBe('invalid token ***…')
    for (let i = 0; i + 8 <= token.length; i++) expect(out).not.toContain(token.slice(i, i + 8))
  })

  test('a fragment from the middle of a value, in other text', () => {
    const r = new Redactor()
    r.add('correct-horse-battery-staple')
    expect(r.redact('x=horse-battery; y')).toBe('x=***; y')
    expect(r.redact('horse')).toBe('horse')
  })

  test('short values are replaced whole, and lines of 4+ characters of multi-line values', () => {
    const r = new Redactor()
    r.add('abc')
    r.add('first\nxy\nthird-line')
    expect(r.redact('abc first xy third-line')).toBe('*** *** xy ***')
  })

  test('blank values register nothing; values() lists what was added', () => {
    const r = new Redactor()
    r.add('   ')
    r.add(undefined)
    r.add('abcd')
    expect(r.values()).toEqual(['abcd'])
    expect(r.redact('   x')).toBe('   x')
  })
})

test('Redactor without fragments: only whole values and lines (for outputs that hold an operator path)', () => {
  const r = new Redactor()
  r.add('plain-text-token-on-the-runner-host')
  r.add('ab')
  expect(r.redact('/tmp/forgejo-runner-temp/marker.json', { fragments: false })).toBe(
    '/tmp/forgejo-runner-temp/marker.json'
  )
  expect(r.redact('/tmp/forgejo-runner-temp/marker.json')).toBe('/tmp/forgejo***temp/marker.json')
  expect(r.redact('x plain-text-token-on-the-runner-host ab', { fragments: false })).toBe('x *** ***')
})
