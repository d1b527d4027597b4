import { parseEnvFile } from '../../testkit/runner/env-file.js'
import { fileCommandEntry } from '../../src/workflow-commands.js'
import { checkEnvExport, exportFileText, type ResolvedSecret } from '../../src/values.js'
import { thrownActionError } from './thrown.js'

const secret = (value: string, env = 'DB_PASSWORD'): ResolvedSecret => ({
  env,
  path: '/db',
  name: 'password',
  value,
  version: 1
})

const failure = thrownActionError

/** What a later step receives through GITHUB_ENV, as the runner parses the file. */
function throughEnvFile(value: string): string | undefined {
  return parseEnvFile(fileCommandEntry('V', value)).values.V
}

describe('values exported through GITHUB_ENV', () => {
  test.each([
    'plain',
    '',
    'a\n\nb',
    'trailing\n',
    ' \nleading blank but not empty',
    '-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n'
  ])('%j is exported: the runner reads it back identically', (value) => {
    expect(() => checkEnvExport([secret(value)])).not.toThrow()
    expect(throughEnvFile(value)).toBe(value)
  })

  test.each([
    ['\nafter an empty line', 'the value starts with an empty line'],
    ['\n\n', 'the value starts with an empty line'],
    ['nul\u0000inside', 'the value holds a NUL character'],
    ['cr\r\nlf', 'the value has CR LF line endings']
  ])('%j is refused with config, naming the variable and the secret, never the value', (value, words) => {
    const e = failure(() => checkEnvExport([secret('fine'), secret(value, 'API_KEY')]))
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain(`API_KEY (/db/password): ${words}`)
    expect(e.message).not.toContain('DB_PASSWORD')
    for (const line of value.split(/[\r\n\u0000]/).filter((l) => l.length >= 4)) expect(e.message).not.toContain(line)
  })

  test('what the runner would change is what is refused', () => {
    expect(throughEnvFile('\nafter an empty line')).toBe('after an empty line')
  })
})

describe('values written to export-file', () => {
  test('a leading empty line is fine in the file', () => {
    expect(exportFileText([secret('\nafter an empty line')])).toContain('DB_PASSWORD=')
  })

  test('a NUL is refused with config, naming the variable and the secret', () => {
    const e = failure(() => exportFileText([secret('nul\u0000inside')]))
    expect(e.errorClass).toBe('config')
    expect(e.message).toContain('DB_PASSWORD (/db/password): the value holds a NUL character')
    expect(e.message).not.toContain('inside')
  })
})
