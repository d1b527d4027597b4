import { ActionError } from '../../src/errors.js'

/** The ActionError that `fn` throws; the test fails when it throws something else or nothing. */
export function thrownActionError(fn: () => unknown): ActionError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ActionError)
    return e as ActionError
  }
  throw new Error('no error')
}
