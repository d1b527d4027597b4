/**
 * Masking as a step of the run: values are registered under both runner rules before anything of
 * them is printed or exported, or the run fails, naming what cannot be masked, never showing it.
 */
import { ActionError, secretLocation } from './errors.js'
import type { Masker } from './masking.js'
import type { ResolvedSecret } from './values.js'

/**
 * Masks values before anything of them is printed or exported; a value that cannot be masked
 * under both runner rules fails the run (`cls`), named by `labels`, never shown.
 */
export function maskOrFail(masker: Masker, values: string[], labels: string[], cls: 'config' | 'token-file'): void {
  const problems = masker.mask(values)
  if (problems.length === 0) return
  const what = problems.map((p) => `${labels[p.index] ?? 'a value'}: ${p.reason}`).join('; ')
  throw new ActionError(cls, `cannot be masked in the job log, so nothing of it was printed or exported: ${what}`, {
    fix:
      cls === 'config'
        ? 'store the value so that each line is free of "::", "%0A", "%0D", "%25" and carriage returns, or has at least 4 characters between them (base64 always works)'
        : 'install a token as Infisical issued it'
  })
}

/** Every value masked at once (exec replaces longer masks first), or `config` naming the ones that cannot be. */
export function maskSecrets(masker: Masker, secrets: ResolvedSecret[]): void {
  maskOrFail(
    masker,
    secrets.map((s) => s.value),
    secrets.map((s) => `${s.env} (${secretLocation(s.path, s.name)})`),
    'config'
  )
}
