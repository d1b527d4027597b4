import { rawInputs as raw } from './raw-inputs.js'
import { handOffOf } from '../../src/plan-hand-off.js'

const env = { GITHUB_ENV: '/e', GITHUB_WORKSPACE: '/w' }

describe('the hand-off step of the plan', () => {
  test('export-env auto is on without run, off with it; run runs in GITHUB_WORKSPACE', () => {
    const problems: string[] = []
    expect(handOffOf(raw({}), env, problems)).toEqual({
      mode: 'fetch',
      command: undefined,
      exportEnv: true,
      exportFormat: 'dotenv',
      includeImports: false,
      exportFile: undefined
    })
    expect(handOffOf(raw({ run: 'make deploy' }), env, problems)).toMatchObject({
      command: { line: 'make deploy', cwd: '/w' },
      exportEnv: false
    })
    expect(problems).toEqual([])
  })

  test("export-file's folder is looked at only when a fetch will write it", () => {
    const looked: string[] = []
    const folderProblem = (file: string): string | undefined => {
      looked.push(file)
      return 'export-file /x/out.env: its folder /x does not exist'
    }
    const problems: string[] = []
    handOffOf(raw({ mode: 'check', 'export-file': '/x/out.env' }), env, problems, folderProblem)
    expect(looked).toEqual([])
    expect(problems).toEqual(['mode check exports nothing: remove export-file'])
    handOffOf(raw({ 'export-file': '/x/out.env' }), env, problems, folderProblem)
    expect(looked).toEqual(['/x/out.env'])
    expect(problems[1]).toBe('export-file /x/out.env: its folder /x does not exist')
  })

  test('its problems come in the order of the inputs', () => {
    const problems: string[] = []
    handOffOf(raw({ mode: 'check', run: 'true', 'export-format': 'json' }), {}, problems)
    expect(problems).toEqual([
      'mode check proves access and hands nothing on: remove run, or use mode fetch',
      'export-format is the format of export-file: give export-file, or remove export-format'
    ])
  })
})
