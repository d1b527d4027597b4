/**
 * The README is the operator's reference: its input, output and error-class tables must match
 * action.yml, verify/action.yml, audit/action.yml and the code.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUT_NAMES } from '../src/inputs.js'
import { ERROR_CLASSES } from '../src/errors.js'
import { AUDIT_DEFAULTS, AUDIT_INPUT_NAMES } from '../src/audit/options.js'
import { README, table } from './readme-text.js'

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string; description: string }>
  outputs: Record<string, { description: string }>
  runs: Record<string, string>
}
const action = (path: string): ActionYml => parse(readFileSync(path, 'utf8')) as ActionYml

function checkInputs(rows: string[][], yml: ActionYml): void {
  expect(rows.map((r) => r[0])).toEqual(Object.keys(yml.inputs))
  for (const [name, readmeDefault] of rows) {
    const input = yml.inputs[name as string]
    expect(input).toBeDefined()
    if (!input) continue
    if (input.required) expect(`${name}: ${readmeDefault}`).toBe(`${name}: required`)
    else if (input.default !== undefined && input.default !== '')
      expect(`${name}: ${readmeDefault}`).toBe(`${name}: ${input.default}`)
    else if (readmeDefault !== '') {
      // A default the runner cannot express (a variable): documented in the description as well.
      expect(input.description).toContain(readmeDefault)
    }
  }
}

describe('README tables', () => {
  test('root action inputs: names, order, defaults and required match action.yml and the code', () => {
    const yml = action('action.yml')
    checkInputs(table('## Inputs').rows, yml)
    expect(Object.keys(yml.inputs)).toEqual([...INPUT_NAMES])
    expect(yml.runs).toMatchObject({ using: 'node20', main: 'dist/index.js' })
  })

  test('root action outputs match action.yml', () => {
    expect(table('## Outputs').rows.map((r) => r[0])).toEqual(Object.keys(action('action.yml').outputs))
  })

  test('error classes match the code, each with what to do', () => {
    const rows = table('## Error classes').rows
    expect(rows.map((r) => r[0])).toEqual([...ERROR_CLASSES])
    for (const r of rows) expect((r[2] ?? '').length).toBeGreaterThan(10)
  })

  test('verify inputs and outputs match verify/action.yml', () => {
    const yml = action('verify/action.yml')
    checkInputs(table('### Verify inputs').rows, yml)
    expect(table('### Verify outputs').rows.map((r) => r[0])).toEqual(Object.keys(yml.outputs))
    expect(yml.runs).toMatchObject({ using: 'node20', main: 'dist/index.js' })
  })

  test('audit inputs and outputs match audit/action.yml and the code', () => {
    const yml = action('audit/action.yml')
    checkInputs(table('### Audit inputs').rows, yml)
    expect(Object.keys(yml.inputs)).toEqual([...AUDIT_INPUT_NAMES])
    // the command form applies the same defaults as the runner
    for (const name of AUDIT_INPUT_NAMES)
      expect(`${name}: ${yml.inputs[name]?.default ?? ''}`).toBe(`${name}: ${AUDIT_DEFAULTS[name]}`)
    expect(table('### Audit outputs').rows.map((r) => r[0])).toEqual(Object.keys(yml.outputs))
    expect(Object.keys(yml.outputs)).toEqual([
      'runs',
      'fallback-runs',
      'failed-runs',
      'soak-met',
      'earliest-token-expiry'
    ])
    expect(yml.runs).toMatchObject({ using: 'node20', main: 'dist/index.js' })
    expect(README.indexOf('\n## The audit action\n')).toBeLessThan(README.indexOf('\n## The verify action\n'))
  })
})
