/**
 * A harness that runs a JavaScript action's committed bundle the way the Forgejo runner does, and
 * shows the job log under both masking rules (forgejo-runner exec / act, and the daemon behind the
 * Forgejo web UI). See job.ts for the sources each behaviour follows.
 */
export { runJob, cleanupJob } from './job.js'
export type { StepSpec, JobSpec, StepResult, JobResult, GithubSpec } from './job.js'
export { loadWorkflow, mapUses } from './workflow.js'
export type { LoadWorkflowOptions } from './workflow.js'
export { renderLog, renderLogDetailed, renderExec, renderDaemon } from './masking.js'
export type { RenderLogOptions, LogEntry, LogEvent, Rendered } from './masking.js'
export { leaks, FRAGMENT } from './leaks.js'
export type { LeakSearchOptions } from './leaks.js'
export { parseEnvFile, MAX_SCAN_TOKEN_SIZE } from './env-file.js'
export type { EnvFileResult } from './env-file.js'
export {
  ActCommandHandler,
  parseActCommand,
  parseDaemonCommand,
  unescapeCommandData,
  unescapeCommandProperty
} from './commands.js'
export type { Annotation } from './commands.js'
export { evaluate, interpolate, evaluateCondition } from './expressions.js'
export type { IdTokenJob, IdTokenProvider, IdTokenRequest } from '../oidc-issuer.js'
export { readAction, inputEnvName } from './action.js'
