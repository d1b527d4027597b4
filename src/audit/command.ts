/**
 * The audit as a command (`node audit/dist/index.js --ledger FILE …`): its arguments, read with
 * node:util parseArgs into the same inputs as the action's, and its usage text. Pure.
 */
import { parseArgs } from 'node:util'
import { AUDIT_DEFAULTS, type AuditInputName, type AuditRawInputs, type InputNamer } from './options.js'

export const USAGE = `usage: node audit/dist/index.js --ledger FILE [--since 48h] [--expect-source LIST]
         [--soak-runs 3] [--max-fallback-runs 0] [--token-expiry-days 14]
         [--report-file FILE] [--json] [--help]

Reads the run ledger of a runner host (the file the Infisical action's ledger-path appends
to) and reports, per label, the runs of the period by source, the failures by class, the last
run, whether the soak holds and when the token expires; fails when a check fails.

  --ledger FILE             the ledger to read (required)
  --since PERIOD            the period: <n>h, <n>d, or an ISO 8601 date-time with its zone
                            (default ${AUDIT_DEFAULTS.since})
  --expect-source LIST      the sources that count as good, comma-separated
                            (default ${AUDIT_DEFAULTS['expect-source']})
  --soak-runs N             the soak holds for a label when its last N runs in the period all
                            succeeded with a good source and no fallback
                            (default ${AUDIT_DEFAULTS['soak-runs']}; 0: no soak check)
  --max-fallback-runs N     more fallback runs than this in the period fail the audit (default ${AUDIT_DEFAULTS['max-fallback-runs']})
  --token-expiry-days N     fail when the latest run of a label used a token that expires
                            within N days (default ${AUDIT_DEFAULTS['token-expiry-days']})
  --report-file FILE        also write the report there, as Markdown (mode 0600)
  --json                    print one JSON object (the figures per label, the unreadable lines,
                            the checks and the verdict) and nothing else on standard output
  --help                    print this text

Exit status: 0 every check holds, 1 a check failed, 2 bad arguments, or the ledger or the
report file could not be read or written.
`

/** The option of each input (ledger-path is --ledger). */
export const FLAGS: Record<AuditInputName, string> = {
  'ledger-path': 'ledger',
  since: 'since',
  'expect-source': 'expect-source',
  'soak-runs': 'soak-runs',
  'max-fallback-runs': 'max-fallback-runs',
  'token-expiry-days': 'token-expiry-days',
  'report-file': 'report-file'
}

export const commandNames: InputNamer = (name) => `--${FLAGS[name]}`

export type CommandLine = { help: true } | { raw: AuditRawInputs; json: boolean } | { problem: string }

/** The arguments (without node and the script) → the inputs, --help, or what is wrong with them. */
export function parseCommandLine(args: string[]): CommandLine {
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.values(FLAGS).map((f) => [f, { type: 'string' as const }])),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    }))
  } catch (e) {
    // parseArgs' own message names the argument (and quotes it: an argument is the operator's text).
    return { problem: e instanceof Error ? e.message : String(e) }
  }
  if (values.help === true) return { help: true }
  const raw = {} as AuditRawInputs
  for (const [name, flag] of Object.entries(FLAGS) as [AuditInputName, string][]) {
    const v = values[flag]
    raw[name] = typeof v === 'string' ? v.trim() : ''
  }
  return { raw, json: values.json === true }
}
