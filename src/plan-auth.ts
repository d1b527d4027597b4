/**
 * The auth inputs of the plan: which method, with what; checked before any file is opened or any
 * request sent (for OIDC, that the runner gave the job its ID-token request variables).
 */
import type { RawInputs } from './inputs.js'
import { idTokenRequestOf, type IdTokenRequest } from './id-token.js'
import { oneOf } from './input-values.js'

export type Auth =
  | { method: 'token'; token: string; tokenFile?: undefined }
  | { method: 'token'; token?: undefined; tokenFile: string }
  | { method: 'universal'; clientId: string; clientSecret: string }
  /** The job's ID token is asked for with `request` (the runner's variables), then exchanged at Infisical. */
  | { method: 'oidc'; identityId: string; audience?: string; request: IdTokenRequest }

export function authOf(raw: RawInputs, env: NodeJS.ProcessEnv, allowInsecureHttp: boolean, problems: string[]): Auth {
  const method = oneOf('auth-method', raw['auth-method'], ['token', 'universal', 'oidc'] as const, 'token', problems)
  if (method !== 'oidc' && raw['oidc-audience'] !== '')
    problems.push('oidc-audience is only used with auth-method oidc')
  if (method === 'oidc') {
    const given = (['token', 'token-file', 'client-id', 'client-secret'] as const).filter((n) => raw[n] !== '')
    if (given.length > 0)
      problems.push(`auth-method oidc logs in with the job's own ID token: remove ${given.join(', ')}`)
    if (raw['identity-id'] === '')
      problems.push('auth-method oidc needs identity-id (the machine identity whose OIDC Auth the login names)')
    const request = idTokenRequestOf(env, raw['oidc-audience'], allowInsecureHttp)
    if ('problem' in request) problems.push(request.problem)
    return {
      method,
      identityId: raw['identity-id'],
      ...(raw['oidc-audience'] ? { audience: raw['oidc-audience'] } : {}),
      request: 'problem' in request ? { url: '', token: '' } : request
    }
  }
  if (method === 'universal') {
    if (raw.token !== '' || raw['token-file'] !== '') {
      problems.push('auth-method universal takes client-id and client-secret; remove token and token-file')
    }
    if (raw['client-id'] === '' || raw['client-secret'] === '') {
      problems.push('auth-method universal needs both client-id and client-secret')
    }
    return { method, clientId: raw['client-id'], clientSecret: raw['client-secret'] }
  }
  if (raw['client-id'] !== '' || raw['client-secret'] !== '') {
    problems.push(
      'client-id and client-secret are for auth-method universal; with auth-method token give token or token-file'
    )
  }
  if (raw.token !== '' && raw['token-file'] !== '') {
    problems.push('give exactly one of token and token-file, not both')
  }
  if (raw['token-file'] !== '') return { method, tokenFile: raw['token-file'] }
  if (raw.token === '') problems.push('auth-method token needs token or token-file (the Token Auth access token)')
  return { method, token: raw.token }
}
