/** The root action's inputs for the plan's unit tests: action.yml's defaults, a valid minimal step, and `over`. */
import { readInputs, type RawInputs } from '../../src/inputs.js'

export function rawInputs(over: Partial<RawInputs> = {}): RawInputs {
  return {
    ...readInputs({}),
    'infisical-url': 'https://infisical.example.org',
    token: 'tok',
    'project-id': 'p1',
    environment: 'prod',
    secrets: 'A=X',
    ...over
  }
}
