/**
 * The entries of a job's log as the runner makes them (level, stage, step number, raw output or
 * result), in order, with the masks registered by ::add-mask:: between them; masking.ts renders
 * them under the exec rule and the daemon rule.
 */

import type { ActCommandHandler, CommandEffect, LogLevel } from './commands.js'
import type { LogEntry, LogEvent, Stage } from './masking.js'

export class JobLog {
  readonly events: LogEvent[] = []

  log(level: LogLevel, message: string, stage: Stage, extra: Partial<LogEntry> = {}): void {
    this.events.push({ type: 'entry', entry: { level, message, stage, ...extra } })
  }

  /** an ::add-mask:: seen by the command handler (act/runner/command.go) */
  execMask(value: string): void {
    this.events.push({ type: 'exec-mask', value })
  }

  /**
   * One complete output line of a step (with its `\n`) through the command handler: an exec-mask
   * event per ::add-mask:: and `onEffect` for the other effects, in their order; then the
   * runner's own entries; then the raw line, unless the handler swallows it.
   */
  line(
    handler: ActCommandHandler,
    line: string,
    stage: Stage,
    where: Partial<LogEntry>,
    onEffect?: (eff: Exclude<CommandEffect, { type: 'mask' }>) => void
  ): void {
    const h = handler.handle(line)
    for (const eff of h.effects) {
      if (eff.type === 'mask') this.execMask(eff.value)
      else onEffect?.(eff)
    }
    for (const e of h.entries) this.log(e.level, e.message, stage, where)
    if (h.logRaw) this.log('info', line, stage, { ...where, rawOutput: true })
  }
}

/** where an entry belongs: a main step's number, or nothing (post steps, the job) */
export function at(stepNumber: number | undefined): Partial<LogEntry> {
  return stepNumber !== undefined ? { stepNumber } : {}
}

/** fmt's %v of a map[string]string: `map[k1:v1 k2:v2]`, keys sorted. */
export function goMap(m: Record<string, string>): string {
  return (
    'map[' +
    Object.keys(m)
      .sort()
      .map((k) => `${k}:${m[k]}`)
      .join(' ') +
    ']'
  )
}
