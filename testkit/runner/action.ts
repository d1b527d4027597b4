/**
 * Reading a JavaScript action's `action.yml` as the Forgejo runner does
 * (act/runner/action.go readActionImpl: `action.yml`, else `action.yaml`; act/model ReadAction
 * with its schema check).
 */

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export interface ActionInput {
  description?: string
  default?: string
  required?: boolean
}

export interface ActionModel {
  dir: string
  file: string
  name: string
  inputs: Record<string, ActionInput>
  runs: { using: string; main: string; post?: string; postIf?: string; pre?: string; preIf?: string }
}

const NODE_RUNTIMES = ['node12', 'node16', 'node20', 'node24']
/** keys a node action may have under `runs` (the runner's action schema) */
const NODE_RUNS_KEYS = new Set(['using', 'main', 'pre', 'pre-if', 'post', 'post-if'])

function str(v: unknown): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'string' ? v : String(v)
}

/**
 * The YAML document of an action.yml text, parsed once per text: the file is read at every step,
 * as the runner does, but a test run starts the same three actions hundreds of times. Only read.
 */
const documents = new Map<string, Record<string, unknown> | null>()
function parsed(text: string): Record<string, unknown> | null {
  let doc = documents.get(text)
  if (doc === undefined) {
    doc = parse(text) as Record<string, unknown> | null
    documents.set(text, doc)
  }
  return doc
}

export function readAction(dir: string): ActionModel {
  let file = join(dir, 'action.yml')
  if (!existsSync(file)) file = join(dir, 'action.yaml')
  if (!existsSync(file))
    throw new Error(`failed to read action '${dir}', no files found after reading paths: action.yml, action.yaml`)
  const doc = parsed(readFileSync(file, 'utf8'))
  if (!doc || typeof doc !== 'object') throw new Error(`${file}: not a YAML mapping`)
  const runs = doc['runs'] as Record<string, unknown> | undefined
  if (!runs || typeof runs !== 'object') throw new Error(`${file}: missing 'runs'`)
  const using = str(runs['using'])
  if (!NODE_RUNTIMES.includes(using)) {
    throw new Error(
      `${file}: runs.using '${using}' is not a JavaScript runtime (${NODE_RUNTIMES.join(', ')}); the harness runs JavaScript actions only`
    )
  }
  for (const k of Object.keys(runs)) {
    if (!NODE_RUNS_KEYS.has(k))
      throw new Error(
        `${file}: runs.${k} is not allowed for a node action (allowed: ${[...NODE_RUNS_KEYS].join(', ')})`
      )
  }
  if (!str(runs['main'])) throw new Error(`${file}: runs.main is required`)
  const inputs: Record<string, ActionInput> = {}
  const rawInputs = (doc['inputs'] ?? {}) as Record<string, Record<string, unknown> | null>
  for (const [id, spec] of Object.entries(rawInputs)) {
    const input: ActionInput = {}
    if (spec && typeof spec === 'object') {
      if (spec['description'] !== undefined) input.description = str(spec['description'])
      if (spec['default'] !== undefined && spec['default'] !== null) input.default = str(spec['default'])
      if (spec['required'] !== undefined) input.required = spec['required'] === true || spec['required'] === 'true'
    }
    inputs[id] = input
  }
  const model: ActionModel = { dir, file, name: str(doc['name']), inputs, runs: { using, main: str(runs['main']) } }
  if (runs['post'] !== undefined) model.runs.post = str(runs['post'])
  if (runs['post-if'] !== undefined) model.runs.postIf = str(runs['post-if'])
  if (runs['pre'] !== undefined) model.runs.pre = str(runs['pre'])
  if (runs['pre-if'] !== undefined) model.runs.preIf = str(runs['pre-if'])
  return model
}

/** act: the INPUT_ variable of an input or `with:` key: upper-cased, [^A-Z0-9-] → `_`. */
export function inputEnvName(name: string): string {
  return 'INPUT_' + name.toUpperCase().replace(/[^A-Z0-9-]/g, '_')
}
