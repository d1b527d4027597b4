import { maskCommands, minimalEscape, readsTheSame, Masker, scrub } from '../../src/masking.js'

describe('masks', () => {
  test('a single-line value that reads the same everywhere is registered once, raw', () => {
    expect(maskCommands('s3cr3t-token')).toEqual(['::add-mask::s3cr3t-token'])
    expect(maskCommands('50%off')).toEqual(['::add-mask::50%off'])
  })

  test('a multi-line value: each line of 4+ characters raw, then the whole value escaped', () => {
    expect(maskCommands('line-one\r\nab\nline-three\n')).toEqual([
      '::add-mask::line-one',
      '::add-mask::line-three',
      '::add-mask::line-one%0D%0Aab%0Aline-three%0A'
    ])
  })

  test('a line holding an escape sequence as text: safe pieces, escaped (decoders), raw (daemon)', () => {
    expect(maskCommands('pass%0Aword-text')).toEqual([
      '::add-mask::pass',
      '::add-mask::word-text',
      '::add-mask::pass%250Aword-text',
      '::add-mask::pass%0Aword-text'
    ])
  })

  test('a line holding :: cannot be read by the decoding runners: its pieces are, the daemon reads it raw', () => {
    expect(maskCommands('user::pa:::ssword')).toEqual(['::add-mask::user', '::add-mask::ssword', '::add-mask::user::pa:::ssword'])
  })

  test('blank values and white-space lines register nothing of their own', () => {
    expect(maskCommands('')).toEqual([])
    expect(maskCommands('    ')).toEqual([])
    expect(maskCommands('abcd\n     \n')).toEqual(['::add-mask::abcd', '::add-mask::abcd%0A     %0A'])
  })

  test('short values are still masked whole', () => {
    expect(maskCommands('ab')).toEqual(['::add-mask::ab'])
  })

  test('minimal escaping decodes back to the value', () => {
    const decode = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
    for (const v of ['a%b', 'a%0Ab', 'x\r\ny%25z', '100%', '%%0A%']) {
      expect(decode(minimalEscape(v))).toBe(v)
    }
    expect(readsTheSame('a%b')).toBe(true)
    expect(readsTheSame('a%0ab')).toBe(false)
    expect(readsTheSame(':x')).toBe(false)
  })

  test('Masker writes each value once and remembers them', () => {
    const lines: string[] = []
    const m = new Masker((l) => lines.push(l))
    m.mask('abcd')
    m.mask('abcd')
    m.mask(undefined)
    expect(lines).toEqual(['::add-mask::abcd'])
    expect(m.values()).toEqual(['abcd'])
  })

  test('scrub replaces values and their lines, longest first', () => {
    expect(scrub('token eyJabc.def and line-two here', ['eyJabc.def', 'line-one\nline-two'])).toBe('token *** and *** here')
  })
})

test('a CR inside a line: the decoding runners cannot read it raw, so pieces and the escaped form come first', () => {
  expect(maskCommands('carriage\rreturn-inside')).toEqual([
    '::add-mask::carriage',
    '::add-mask::return-inside',
    '::add-mask::carriage%0Dreturn-inside',
    '::add-mask::carriage\rreturn-inside'
  ])
})
