/**
 * Readers of single input values that collect problems instead of throwing, so that a step
 * with several wrong inputs is told about all of them at once.
 */
import { quoted } from './log-text.js'
import { yamlBoolean } from './rules.js'

/** YAML 1.2 booleans, as @actions/core's getBooleanInput reads them. */
export function parseBoolean(
  name: string,
  value: string,
  fallback: boolean,
  problems: string[],
  also: string[] = []
): boolean {
  if (value === '') return fallback
  const b = yamlBoolean(value)
  if (b !== undefined) return b
  problems.push(`${name} must be ${[...also, 'true'].join(', ')} or false, got ${quoted(value)}`)
  return fallback
}

export function parseInteger(
  name: string,
  value: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[]
): number {
  if (value === '') return fallback
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got ${quoted(value)}`)
    return fallback
  }
  return Number(value)
}

export function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[]
): T {
  if (value === '') return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.push(`${name} must be one of ${allowed.join(', ')}, got ${quoted(value)}`)
  return fallback
}
