import { readAll, type SecretRef } from '../../src/infisical/read-all.js'
import { Cancelled } from '../../src/infisical/client.js'
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
    await expect(readAll(refs(5), () => (calls++, Promise.reject(new ActionError('auth-invalid', 'revoked'))), () => undefined)).rejects.toThrow('revoked')
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
    expect(seen.sort()).toEqual(refs(12).map((r) => r.name).sort())
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
