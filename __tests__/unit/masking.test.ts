import { execRegisters, Masker, minimalEscape, planMasks, unitsOf } from '../../src/masking.js'
import { renderLog } from '../../testkit/runner/masking.js'

const commands = (v: string) => planMasks([v]).commands

describe('planMasks', () => {
  test('a single-line value that exec reads the same is registered once, raw', () => {
    expect(commands('s3cr3t-token')).toEqual(['::add-mask::s3cr3t-token'])
    expect(commands('50%off')).toEqual(['::add-mask::50%off'])
  })

  test('a multi-line value: each line of 4+ characters raw, then the whole value escaped', () => {
    expect(commands('line-one\r\nab\nline-three\n')).toEqual([
      '::add-mask::line-three',
      '::add-mask::line-one',
      '::add-mask::line-one%0D%0Aab%0Aline-three%0A'
    ])
  })

  test('a value whose only line is short is still masked, trailing newline or not (x9Q\\n)', () => {
    expect(commands('x9Q\n')).toContain('::add-mask::x9Q')
    expect(commands('\n\nab')).toContain('::add-mask::ab')
    expect(commands('ab')).toEqual(['::add-mask::ab'])
  })

  test('a line holding :: : its pieces for exec, then raw for the daemon', () => {
    const p = planMasks(['abcd::efgh::ijkl'])
    expect(p.problems).toEqual([])
    expect(p.commands).toEqual([
      '::add-mask::abcd',
      '::add-mask::efgh',
      '::add-mask::ijkl',
      '::add-mask::abcd::efgh::ijkl'
    ])
  })

  test('a part shorter than 4 characters between separators makes the value unmaskable: nothing is written', () => {
    for (const v of ['user::pa:::ssword', 'ab::cdefgh', ':x9', 'pass%0Aab', 'a\rbcdefgh', '::']) {
      const p = planMasks([v])
      expect(p.problems).toHaveLength(1)
      expect(p.commands).toEqual([])
    }
  })

  test('escape sequences as text: pieces, the escaped form where every decoding order agrees, then raw', () => {
    expect(commands('pass%25word-text')).toEqual([
      '::add-mask::word-text',
      '::add-mask::pass',
      '::add-mask::pass%2525word-text',
      '::add-mask::pass%25word-text'
    ])
    // %0A as text: exec may decode %250A to a newline (Go map order), so only pieces and raw
    expect(commands('pass%0Aword-text')).toEqual([
      '::add-mask::word-text',
      '::add-mask::pass',
      '::add-mask::pass%0Aword-text'
    ])
  })

  test('a value containing another is masked before it, across the batch (exec replaces in order)', () => {
    const p = planMasks(['secretpart', 'secretpart-extra-part'])
    expect(p.commands).toEqual(['::add-mask::secretpart-extra-part', '::add-mask::secretpart'])
  })

  test('what an earlier batch registered leaves of a new value is registered too', () => {
    const p = planMasks(['secretpart-extra-part'], ['secretpart'])
    expect(p.commands).toContain('::add-mask::-extra-part')
    expect(planMasks(['secretpart-x'], ['secretpart']).problems).toHaveLength(1)
  })

  test('blank values and white-space lines register nothing of their own', () => {
    expect(commands('')).toEqual([])
    expect(commands('    ')).toEqual([])
    expect(commands('abcd\n     \n')).toEqual(['::add-mask::abcd', '::add-mask::abcd%0A     %0A'])
    expect(unitsOf('   ')).toEqual({ lines: [] })
  })
})

describe('execRegisters: act/runner/command.go', () => {
  test('greedy command pattern: data with :: or a leading : is no add-mask', () => {
    expect(execRegisters('::add-mask::abc')).toBe('abc')
    expect(execRegisters('::add-mask::abc::def')).toBeUndefined()
    expect(execRegisters('::add-mask:::abc')).toBeUndefined()
    expect(execRegisters('::add-mask::a b::c')).toBeUndefined()
    expect(execRegisters('::add-mask::key: value')).toBe('key: value')
  })

  test('decoding must agree in every map order', () => {
    expect(execRegisters('::add-mask::a%0Db')).toBe('a\rb')
    expect(execRegisters('::add-mask::a%2525b')).toBe('a%25b')
    expect(execRegisters('::add-mask::a%250Ab')).toBeUndefined()
  })

  test('minimal escaping decodes back to the value', () => {
    for (const v of ['a%b', 'x\r\ny%25z', '100%', '%%25%'])
      expect(execRegisters(`::add-mask::${minimalEscape(v)}`)).toBe(v)
  })
})

describe('every line of a value is hidden under both rules, the add-mask lines included', () => {
  const values = [
    'abcd::efgh::ijkl',
    ':leading-colon-value',
    'pass%0Aword-text',
    'pass%25word-text',
    'carriage\rreturn-inside',
    'first-line\nx9\nthird-line\n',
    'x9Q\n',
    'secretpart',
    'secretpart-extra-part',
    'dollar$and`tick`'
  ]
  for (const rule of ['exec', 'daemon'] as const) {
    test(rule, () => {
      const printed: string[] = []
      const m = new Masker(
        (l) => printed.push(l),
        () => undefined
      )
      expect(m.mask(values)).toEqual([])
      const lines = [...printed, ...values.flatMap((v) => v.split('\n'))]
      const shown = renderLog(lines, { rule }).join('\n')
      for (const v of values) {
        const pieces = unitsOf(v).lines.flatMap((line) =>
          line
            .split(/:{2,}|\r|%25|%0A|%0D/)
            .map((x) => x.replace(/^:+/, ''))
            .filter((x) => x.length > 0)
        )
        // something of every value is searched for: an empty unitsOf would leave it out
        expect(pieces.length).toBeGreaterThan(0)
        for (const piece of pieces) expect(shown).not.toContain(piece)
      }
    })
  }
})

test('Masker: each value once; a batch with an unmaskable value writes nothing; the printer learns every value', () => {
  const lines: string[] = []
  const known: string[] = []
  const m = new Masker(
    (l) => lines.push(l),
    (v) => known.push(v)
  )
  expect(m.mask(['abcd'])).toEqual([])
  expect(m.mask(['abcd', undefined])).toEqual([])
  expect(lines).toEqual(['::add-mask::abcd'])
  expect(m.mask(['wxyz', 'a::b'])).toEqual([{ index: 1, reason: expect.stringContaining('a double colon') }])
  expect(lines).toEqual(['::add-mask::abcd'])
  expect(known).toEqual(['abcd', 'abcd', 'wxyz', 'a::b'])
})
