import { escapeCommandData, maskCommands, Masker, scrub } from '../../src/masking.js'

describe('masks', () => {
  test('a single-line value without % is registered once', () => {
    expect(maskCommands('s3cr3t-token')).toEqual(['::add-mask::s3cr3t-token'])
  })

  test('a multi-line value: whole (escaped) and each line of 4+ characters', () => {
    expect(maskCommands('line-one\r\nab\nline-three\n')).toEqual([
      '::add-mask::line-one%0D%0Aab%0Aline-three%0A',
      '::add-mask::line-one',
      '::add-mask::line-three'
    ])
  })

  test('a line holding % is registered escaped (for decoding runners) and raw (for the daemon)', () => {
    expect(maskCommands('50%off%0Atext')).toEqual(['::add-mask::50%25off%250Atext', '::add-mask::50%off%0Atext'])
  })

  test('blank values and white-space lines register nothing', () => {
    expect(maskCommands('')).toEqual([])
    expect(maskCommands('    ')).toEqual([])
    expect(maskCommands('abcd\n     \n')).toEqual(['::add-mask::abcd%0A     %0A', '::add-mask::abcd'])
  })

  test('escaping is the one of @actions/core', () => {
    expect(escapeCommandData('a%b\rc\nd')).toBe('a%25b%0Dc%0Ad')
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
