/**
 * The read routes: a secret's and a folder's URL on the v4 API or the v3 raw one, and what a
 * missing route means (v4 missing: try v3; v3 missing too: the server is not Infisical). Pure.
 */
import { ActionError } from '../errors.js'
import type { Failure } from './failure.js'

export type Api = 'v4' | 'v3'

export interface RouteOptions {
  projectId: string
  environment: string
  includeImports: boolean
}

function query(o: RouteOptions, api: Api, path: string): URLSearchParams {
  return new URLSearchParams({
    [api === 'v3' ? 'workspaceId' : 'projectId']: o.projectId,
    environment: o.environment,
    secretPath: path,
    type: 'shared',
    viewSecretValue: 'true',
    expandSecretReferences: 'true',
    include_imports: o.includeImports ? 'true' : 'false'
  })
}

function route(api: Api): string {
  return api === 'v3' ? 'api/v3/secrets/raw' : 'api/v4/secrets'
}

export function secretUrl(o: RouteOptions, api: Api, endpoint: string, path: string, name: string): string {
  return `${endpoint}/${route(api)}/${encodeURIComponent(name)}?${query(o, api, path).toString()}`
}

/** A folder's list: the same route without a name, the same query keys, and recursive=false. */
export function folderUrl(o: RouteOptions, api: Api, endpoint: string, path: string): string {
  const q = query(o, api, path)
  q.set('recursive', 'false')
  return `${endpoint}/${route(api)}?${q.toString()}`
}

/**
 * After a missing route on `api`: ask again on v3 (`again`), or, when v3 was missing too, a
 * failure that moves on to the next URL.
 */
export function afterMissingRoute(
  api: Api,
  details: { endpoint: string; path: string; name?: string; status: number }
): { kind: 'again' } | Failure {
  if (api !== 'v3') return { kind: 'again' }
  return {
    kind: 'fail',
    retry: 'next',
    error: new ActionError(
      'proxy-blocked',
      'the server has neither the v4 nor the v3 secrets route: it is not Infisical',
      details
    )
  }
}
