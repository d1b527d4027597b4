import { drain } from '../../src/infisical/read-all.js'
import { Cancelled } from '../../src/infisical/exchange.js'

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('drain', () => {
  test('runs every unit, never more than maxInFlight at once, and units may add units', async () => {
    const queue = [1, 2, 3, 4, 5]
    const ran: number[] = []
    let active = 0
    let most = 0
    const failure = await drain(
      queue,
      2,
      async (u) => {
        active++
        most = Math.max(most, active)
        await tick()
        ran.push(u)
        if (u === 5) queue.push(6)
        active--
      },
      () => {
        throw new Error('not stopped')
      }
    )
    expect(failure).toBeUndefined()
    expect(ran.sort()).toEqual([1, 2, 3, 4, 5, 6])
    expect(most).toBe(2)
  })

  test('the first failure stops the others from starting and is the result after those under way end', async () => {
    const queue = [1, 2, 3, 4]
    const started: number[] = []
    let stopped = 0
    let ended = 0
    const failure = await drain(
      queue,
      2,
      async (u) => {
        started.push(u)
        await tick()
        if (u === 1) throw new Error('one failed')
        if (u === 2) {
          await tick()
          ended++
          throw new Cancelled()
        }
      },
      () => stopped++
    )
    expect((failure?.error as Error).message).toBe('one failed')
    expect(started).toEqual([1, 2])
    expect(stopped).toBe(1)
    expect(ended).toBe(1)
  })

  test('an empty queue is done at once', async () => {
    await expect(
      drain(
        [],
        4,
        async () => undefined,
        () => undefined
      )
    ).resolves.toBeUndefined()
  })
})
