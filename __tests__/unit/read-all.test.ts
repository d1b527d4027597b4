import { planReads, readAll, refKey, type SecretRef } from '../../src/infisical/read-all.js'
import { Cancelled } from '../../src/infisical/exchange.js'
import { ActionError } from '../../src/errors.js'

const refs = (n: number): SecretRef[] => Array.from({ length: n }, (_, i) => ({ path: '/', name: `S${i}` }))

describe('reading all secrets', () => {
  test('the first alone, then at most 8 at once; duplicates read once', async () => {
    let inFlight = 0
    let most = 0
    const log: string[] = []
    const out = await readAll(
      [...refs(20), { path: '/', name: 'S3' }],
      async (ref) => {
        log.push(`start ${ref.name} in-flight=${inFlight}`)
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise((r) => setTimeout(r, 5))
        inFlight--
        return { value: `v-${ref.name}`, version: 1 }
      },
      () => undefined
    )
    expect(out.values.size).toBe(20)
    expect(out.failures).toEqual([])
    expect(log[0]).toBe('start S0 in-flight=0')
    expect(log[1]).toBe('start S1 in-flight=0')
    expect(most).toBe(8)
  })

  test('the first failure stops the run: nothing new is started, in-flight ones are cancelled', async () => {
    const started: string[] = []
    const failure = new ActionError('permission-denied', 'no')
    const run = readAll(
      refs(30),
      (ref, cancel) => {
        started.push(ref.name)
        if (ref.name === 'S3') return Promise.reject(failure)
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve({ value: 'v', version: 1 }), 50)
          cancel.addEventListener('abort', () => {
            clearTimeout(t)
            reject(new Cancelled())
          })
        })
      },
      () => undefined
    )
    await expect(run).rejects.toBe(failure)
    // S0 alone, then S1..S8 in flight when S3 fails; nothing after.
    expect(started).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'])
  })

  test('the first read failing sends nothing else', async () => {
    let calls = 0
    await expect(
      readAll(
        refs(5),
        () => (calls++, Promise.reject(new ActionError('auth-invalid', 'revoked'))),
        () => undefined
      )
    ).rejects.toThrow('revoked')
    expect(calls).toBe(1)
  })
})

describe('mode check: keep going after a failure about one secret', () => {
  test('every secret is read; the per-secret failures are collected in the order of the refs', async () => {
    const seen: string[] = []
    const out = await readAll(
      refs(12),
      async (ref) => {
        seen.push(ref.name)
        if (['S0', 'S4', 'S9'].includes(ref.name)) throw new ActionError('permission-denied', `no ${ref.name}`)
        return { value: `v-${ref.name}`, version: 1 }
      },
      () => undefined,
      { keepGoing: (e) => e instanceof ActionError && e.errorClass === 'permission-denied' }
    )
    expect(seen.sort()).toEqual(
      refs(12)
        .map((r) => r.name)
        .sort()
    )
    expect(out.values.size).toBe(9)
    expect(out.failures.map((f) => f.ref.name)).toEqual(['S0', 'S4', 'S9'])
  })

  test('a failure that is not kept going stops the run as in fetch', async () => {
    await expect(
      readAll(
        refs(5),
        async (ref) => {
          if (ref.name === 'S0') throw new ActionError('auth-invalid', 'revoked')
          return { value: 'v', version: 1 }
        },
        () => undefined,
        { keepGoing: (e) => e instanceof ActionError && e.errorClass === 'permission-denied' }
      )
    ).rejects.toThrow('revoked')
  })
})

describe('reads by folder', () => {
  const at = (path: string, name: string): SecretRef => ({ path, name })

  test('a folder with two or more names is one list; every other name one read; first mention order', () => {
    expect(planReads([at('/a', 'X'), at('/b', 'Y'), at('/a', 'Z'), at('/a', 'X')], true)).toEqual([
      { kind: 'folder', path: '/a', refs: [at('/a', 'X'), at('/a', 'Z')] },
      { kind: 'one', ref: at('/b', 'Y') }
    ])
    expect(planReads([at('/a', 'X'), at('/a', 'Z')], false)).toEqual([
      { kind: 'one', ref: at('/a', 'X') },
      { kind: 'one', ref: at('/a', 'Z') }
    ])
  })

  test('50 names in one folder: one request', async () => {
    const names = Array.from({ length: 50 }, (_, i) => at('/f', `S${i}`))
    let lists = 0
    let singles = 0
    const out = await readAll(
      names,
      async () => (singles++, { value: 'x', version: 1 }),
      () => undefined,
      { readFolder: async (_p, wanted) => (lists++, new Map(wanted.map((n) => [n, { value: `v-${n}`, version: 2 }]))) }
    )
    expect([lists, singles]).toEqual([1, 0])
    expect(out.values.size).toBe(50)
  })

  test('a name missing from the list, and every name of a refused list, are read alone', async () => {
    const read: string[] = []
    const out = await readAll(
      [at('/a', 'X'), at('/a', 'MISSING'), at('/b', 'P'), at('/b', 'Q')],
      async (ref) => (read.push(`${ref.path}/${ref.name}`), { value: `one-${ref.name}`, version: 1 }),
      () => undefined,
      {
        readFolder: async (path) => {
          if (path === '/b') throw new ActionError('permission-denied', 'one secret of /b is not readable')
          return new Map([['X', { value: 'list-X', version: 1 }]])
        }
      }
    )
    expect(read.sort()).toEqual(['/a/MISSING', '/b/P', '/b/Q'])
    expect(out.values.get(refKey(at('/a', 'X')))?.value).toBe('list-X')
    expect(out.values.size).toBe(4)
  })

  test('a list failing otherwise stops the run; in check mode a missing folder counts for each of its names', async () => {
    const gone = new ActionError('not-found', 'no folder /a')
    const listFails = { readFolder: async () => Promise.reject(gone) }
    await expect(
      readAll(
        [at('/a', 'X'), at('/a', 'Y')],
        async () => ({ value: 'v', version: 1 }),
        () => undefined,
        listFails
      )
    ).rejects.toBe(gone)
    const out = await readAll(
      [at('/a', 'X'), at('/a', 'Y'), at('/b', 'Z')],
      async () => ({ value: 'v', version: 1 }),
      () => undefined,
      {
        ...listFails,
        keepGoing: (e) => e === gone
      }
    )
    expect(out.failures.map((f) => f.ref.name)).toEqual(['X', 'Y'])
    expect(out.values.size).toBe(1)
  })
})
