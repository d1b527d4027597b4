import { envNameProblem, parseSecretMappings, resolveFolder } from '../../src/secret-mappings.js'

describe('secrets input', () => {
  test('plain, relative and absolute mappings; comments and blank lines ignored', () => {
    const { mappings, problems } = parseSecretMappings(
      [
        '# the bot token',
        '',
        'PLATFORMCTL_FORGEJO_TOKEN=/home-platform/forgejo_accounts/deploy+bot@example.org',
        'DB=db/PASSWORD',
        '  API_KEY = KEY  '
      ].join('\n'),
      '/apps'
    )
    expect(problems).toEqual([])
    expect(mappings).toEqual([
      {
        env: 'PLATFORMCTL_FORGEJO_TOKEN',
        path: '/home-platform/forgejo_accounts',
        name: 'deploy+bot@example.org',
        line: 3
      },
      { env: 'DB', path: '/apps/db', name: 'PASSWORD', line: 4 },
      { env: 'API_KEY', path: '/apps', name: 'KEY', line: 5 }
    ])
  })

  test('" #" after a mapping starts a comment; a # inside a name is part of it', () => {
    const { mappings, problems } = parseSecretMappings(
      ['A=X # the bot token', 'B=/db/PASSWORD\t# rotated monthly', 'C=name#1', 'D=Y #'].join('\n'),
      '/'
    )
    expect(problems).toEqual([])
    expect(mappings.map((m) => [m.env, m.path, m.name])).toEqual([
      ['A', '/', 'X'],
      ['B', '/db', 'PASSWORD'],
      ['C', '/', 'name#1'],
      ['D', '/', 'Y']
    ])
  })

  test('a name of 100 characters percent-encoded passes; dots inside a name are valid', () => {
    expect(parseSecretMappings(`A=${'x'.repeat(100)}\nB=a.b\nC=...\nD=.env`, '/').problems).toEqual([])
  })

  test('a name at the root keeps the root', () => {
    expect(parseSecretMappings('A=/X', '/deep/er').mappings[0]).toMatchObject({ path: '/', name: 'X' })
  })

  test.each([
    ['A', 'line 1', 'no "="'],
    ['1A=X', 'line 1', 'not a valid variable name'],
    ['GITHUB_TOKEN=X', 'line 1', 'runner variable'],
    ['path=X', 'line 1', 'runner variable'],
    ['A=', 'line 1', 'empty'],
    ['A=/folder/', 'line 1', 'empty'],
    ['A=X:Y', 'line 1', 'may not contain ":"'],
    ['A=/a b/X', 'line 1', 'folder segment "a b"'],
    ['A=../X', 'line 1', 'folder segment ".."'],
    ['A=X\nA=Y', 'line 2', 'already mapped on line 1'],
    ['A=.', 'line 1', 'secret name "." would change the route'],
    ['# c\nA=/home-platform/..', 'line 2', 'secret name ".." would change the route'],
    ['A=X\nB=db/.', 'line 2', 'secret name "."'],
    ['A=my secret', 'line 1', 'secret name "my secret" holds white space'],
    ['A=my\u00a0secret', 'line 1', 'holds white space'],
    ['A=X\tY', 'line 1', 'secret name "X\\tY" holds white space'],
    ['A=X\u0007Y', 'line 1', 'secret name "X\\u0007Y" holds a control character'],
    ['A=X\ud800', 'line 1', 'cannot be percent-encoded'],
    [`A=${'x'.repeat(101)}`, 'line 1', 'is 101 characters long percent-encoded'],
    [`A=${'é'.repeat(17)}`, 'line 1', 'is 102 characters long percent-encoded'],
    ['A\u0007=X', 'line 1', '"A\\u0007" is not a valid variable name']
  ])('%j is refused naming %s', (text, line, words) => {
    const { problems } = parseSecretMappings(text, '/')
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`secrets ${line}`)
    expect(problems[0]).toContain(words)
  })

  test('only comments is an error', () => {
    expect(parseSecretMappings('# nothing', '/').problems[0]).toContain('no mapping')
  })

  test('runner variables are refused in any case; ordinary names pass', () => {
    for (const n of [
      'FORGEJO_X',
      'RUNNER_TEMP',
      'ACTIONS_STEP_DEBUG',
      'INPUT_TOKEN',
      'STATE_x',
      'CI',
      'HOME',
      'NODE_OPTIONS',
      'github_env'
    ]) {
      expect(envNameProblem(n)).toBeDefined()
    }
    expect(envNameProblem('PLATFORMCTL_FORGEJO_TOKEN')).toBeUndefined()
    expect(envNameProblem('_private')).toBeUndefined()
  })

  test('folders are joined and normalised', () => {
    expect(resolveFolder('/a/', 'b//c/')).toEqual({ path: '/a/b/c' })
    expect(resolveFolder('/a', '/x')).toEqual({ path: '/x' })
    expect(resolveFolder('/', '')).toEqual({ path: '/' })
  })
})
