/**
 * GET /api/v4/secrets/:secretName and GET /api/v3/secrets/raw/:secretName, after authentication:
 * query validation (zod in Infisical: 422 with the issue array), the handler's 400s, then
 * getSecretByName of the secret service: project, membership, read permission (before existence),
 * folder, secret (or its imports), value permission, reference expansion.
 */
import { InfisicalError, MSG, issues, type ZodIssue } from './errors.js'
import type { Authenticated } from './auth.js'
import type { Profile } from './profiles.js'
import {
  isValidSecretPath,
  pathCovers,
  type Folder,
  type Grant,
  type Identity,
  type Project,
  type SecretRecord,
  type SecretVersion,
  type ServerState
} from './state.js'

export type ApiVersion = 'v4' | 'v3'
export type Query = Map<string, string[]>

export const HIDDEN_VALUE = '<hidden-by-infisical>'

interface ParsedQuery {
  projectId?: string
  projectSlug?: string
  environment?: string
  secretPath: string
  version?: number
  type: 'shared' | 'personal'
  viewSecretValue: boolean
  expandSecretReferences: boolean
  includeImports: boolean
  recursive: boolean
}

/** Infisical's removeTrailingSlash after trim: `/a/b/` → `/a/b`, `/` stays. */
function removeTrailingSlash(path: string): string {
  if (path === '/') return path
  let p = path
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1)
  return p
}

const received = (values: string[]) => (values.length > 1 ? 'array' : 'string')

function parseQuery(api: ApiVersion, query: Query): ParsedQuery {
  const problems: ZodIssue[] = []
  const str = (key: string, required: boolean): string | undefined => {
    const values = query.get(key)
    if (!values || values.length === 0) {
      if (required) problems.push(issues.required(key))
      return undefined
    }
    if (values.length > 1) {
      problems.push(issues.wrongType(key, 'string', 'array'))
      return undefined
    }
    return values[0]!.trim()
  }
  const bool = (key: string, dflt: boolean): boolean => {
    const values = query.get(key)
    if (!values || values.length === 0) return dflt
    if (values.length > 1) {
      problems.push(issues.wrongType(key, "'true' | 'false'", received(values)))
      return dflt
    }
    const v = values[0]!
    if (v !== 'true' && v !== 'false') {
      problems.push(issues.enumValue(key, ['true', 'false'], v))
      return dflt
    }
    return v === 'true'
  }

  const parsed: ParsedQuery = {
    secretPath: '/',
    type: 'shared',
    viewSecretValue: true,
    expandSecretReferences: false,
    includeImports: false,
    recursive: false
  }
  if (api === 'v4') {
    parsed.projectId = str('projectId', true)
  } else {
    parsed.projectId = str('workspaceId', false)
    parsed.projectSlug = str('workspaceSlug', false)
  }
  parsed.environment = str('environment', false)
  parsed.secretPath = removeTrailingSlash(str('secretPath', false) ?? '/')
  const versionValues = query.get('version')
  if (versionValues && versionValues.length > 0) {
    const n = versionValues.length > 1 ? NaN : Number(versionValues[0])
    if (Number.isNaN(n)) problems.push(issues.wrongType('version', 'number', 'nan'))
    else parsed.version = n
  }
  const typeValues = query.get('type')
  if (typeValues && typeValues.length > 0) {
    const t = typeValues.length > 1 ? undefined : typeValues[0]
    if (t === 'shared' || t === 'personal') parsed.type = t
    else if (t === undefined) problems.push(issues.wrongType('type', "'shared' | 'personal'", 'array'))
    else problems.push(issues.enumValue('type', ['shared', 'personal'], t))
  }
  parsed.viewSecretValue = bool('viewSecretValue', true)
  parsed.expandSecretReferences = bool('expandSecretReferences', false)
  parsed.includeImports = bool('include_imports', false)
  parsed.recursive = bool('recursive', false)
  if (problems.length) throw new InfisicalError(422, 'ValidationFailure', problems)
  return parsed
}

/** PermissionDenied's details: the identity's read rules on secrets in that project (CASL rulesFor). */
function permissionDetails(identity: Identity, projectId: string): unknown[] {
  return identity.grants
    .filter((g) => g.projectId === projectId)
    .map((g) => ({
      action: 'read',
      inverted: false,
      subject: 'secrets',
      conditions: { environment: g.environment, secretPath: { $glob: g.path === '/' ? '/**' : `${g.path}/**` } }
    }))
}

interface Found {
  record: SecretRecord
  version: SecretVersion
  environment: string
  path: string
  imported: boolean
}

function pickVersion(record: SecretRecord, version: number | undefined): SecretVersion | undefined {
  if (version === undefined) return record.versions[record.versions.length - 1]
  return record.versions.find((v) => v.version === version)
}

const MAX_IMPORT_DEPTH = 10

/** The name in the folder's imports, from the last import to the first (nested imports followed). */
function findInImports(
  state: ServerState,
  project: Project,
  folder: Folder,
  name: string,
  canSee: (environment: string, path: string) => boolean,
  depth = 0,
  seen = new Set<string>()
): Found | undefined {
  if (depth > MAX_IMPORT_DEPTH) return undefined
  for (let i = folder.imports.length - 1; i >= 0; i -= 1) {
    const imp = folder.imports[i]!
    const key = `${imp.fromEnvironment}:${imp.fromPath}`
    if (seen.has(key)) continue
    seen.add(key)
    const source = state.findFolder(project.id, imp.fromEnvironment, imp.fromPath)
    if (!source) continue
    const record = source.secrets.get(name)
    if (record && canSee(imp.fromEnvironment, imp.fromPath)) {
      const version = pickVersion(record, undefined)
      if (version) return { record, version, environment: imp.fromEnvironment, path: imp.fromPath, imported: true }
    }
    const nested = findInImports(state, project, source, name, canSee, depth + 1, seen)
    if (nested) return nested
  }
  return undefined
}

const MAX_REFERENCE_DEPTH = 10
const REFERENCE = /\$\{([^}]+)\}/g
const HAS_REFERENCE = /\$\{[^}]+\}/

/**
 * Reference expansion as expandSecretReferencesFactory does it: `${KEY}` in the same environment and
 * folder, `${env.a.b.KEY}` in environment `env`, folder `/a/b`. A reference to a missing secret (or
 * an empty one) stays as written. Each referenced secret needs read-value permission (else 403).
 * Nested references are followed up to 10 levels; circular ones stop.
 */
function expandReferences(
  state: ServerState,
  identity: Identity,
  project: Project,
  start: { value: string; environment: string; path: string; key: string }
): string {
  let expanded = start.value
  const stack = [
    {
      value: start.value,
      environment: start.environment,
      path: start.path,
      depth: 0,
      visited: new Set([`${start.environment}:${start.path}:${start.key}`])
    }
  ]
  while (stack.length) {
    const cur = stack.pop()!
    if (cur.depth > MAX_REFERENCE_DEPTH) continue
    for (const match of cur.value.matchAll(REFERENCE)) {
      const syntax = match[0]
      const entities = (match[1] ?? '').trim().split('.')
      let env = cur.environment
      let path = cur.path
      let key = entities[0] ?? ''
      if (entities.length > 1) {
        env = entities[0]!
        path = `/${entities.slice(1, -1).join('/')}`.replace(/\/+/g, '/')
        if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
        key = entities[entities.length - 1]!
      }
      const folder = state.findFolder(project.id, env, path)
      const record = folder?.secrets.get(key)
      const value = record ? (record.versions[record.versions.length - 1]?.value ?? '') : ''
      const grant = state.grantFor(identity, project.id, env, path, key)
      if (!grant || grant.value !== 'visible') {
        throw new InfisicalError(
          403,
          'ForbiddenError',
          `You do not have permission to read secret '${key}' in environment '${env}' at path '${path}', which is referenced by secret '${start.key}' in environment '${start.environment}' at path '${start.path}'.`
        )
      }
      const id = `${env}:${path}:${key}`
      if (HAS_REFERENCE.test(value) && !cur.visited.has(id)) {
        stack.push({ value, environment: env, path, depth: cur.depth + 1, visited: new Set([...cur.visited, id]) })
      }
      if (value) expanded = expanded.split(syntax).join(value)
    }
  }
  return expanded
}

function valueFor(grant: Grant | undefined, name: string, imported: boolean): { hidden: boolean } {
  const mode = grant?.value ?? 'forbidden'
  if (mode === 'forbidden') {
    throw new InfisicalError(
      403,
      'ForbiddenReadSecretError',
      imported ? MSG.readImportValueForbidden(name) : MSG.readValueForbidden(name)
    )
  }
  if (mode === 'forbidden-new-wording') throw new InfisicalError(403, 'ForbiddenError', MSG.readValueForbiddenNew)
  return { hidden: mode === 'hidden' }
}

/**
 * What a read of one secret and a folder's list check first, in Infisical's order: the project (v3
 * resolves a workspaceSlug first, extractProjectIdFromSlug), the environment and path given, the
 * project existing, the identity a member.
 */
function scopeOf(
  state: ServerState,
  api: ApiVersion,
  q: ReturnType<typeof parseQuery>,
  identity: Authenticated['identity'],
  wording: Wording
) {
  let projectId = q.projectId
  if (api === 'v3' && !projectId && q.projectSlug) {
    const bySlug = state.projectBySlug(q.projectSlug) ?? state.projects.get(q.projectSlug)
    if (!bySlug) throw new InfisicalError(404, 'NotFound', MSG.projectSlugNotFound(q.projectSlug))
    projectId = bySlug.id
  }
  if (!q.environment) throw new InfisicalError(400, 'BadRequest', MSG.missingEnvironment)
  if (!projectId)
    throw new InfisicalError(400, 'BadRequest', api === 'v4' ? MSG.missingProjectV4 : MSG.missingProjectV3)
  const environment = q.environment
  const path = q.secretPath.startsWith('/') ? q.secretPath : `/${q.secretPath}`
  if (!isValidSecretPath(path)) throw new InfisicalError(400, 'BadRequest', MSG.invalidSecretPath)

  const project = state.projects.get(projectId)
  if (!project) throw new InfisicalError(404, 'NotFound', wording.projectNotFound(projectId))
  if (!identity.projects.includes(projectId))
    throw new InfisicalError(403, wording.notMemberError(projectId), MSG.notMember)
  return { projectId, environment, path, project }
}

/** The wordings of a server profile that the read routes use. */
export type Wording = Pick<Profile, 'notMemberError' | 'permissionDenied' | 'projectNotFound' | 'secretValueHidden'>

const DEFAULT_WORDING: Wording = {
  notMemberError: () => MSG.notMemberError,
  permissionDenied: MSG.permissionDenied,
  projectNotFound: MSG.projectNotFound,
  secretValueHidden: true
}

/** A read or list request after authentication: the server, the route's version, the query, the caller, the wordings. */
export interface SecretRequest {
  state: ServerState
  api: ApiVersion
  query: Query
  auth: Authenticated
  /** the server profile's wordings; default: the test server's own (no profile) */
  wording?: Wording
}

export function readSecret(
  { state, api, query, auth, wording = DEFAULT_WORDING }: SecretRequest,
  rawName: string
): Record<string, unknown> {
  const q = parseQuery(api, query)
  const name = rawName.trim()
  const { identity } = auth

  const { projectId, environment, path, project } = scopeOf(state, api, q, identity, wording)
  const grant = state.grantFor(identity, projectId, environment, path, name)
  if (!grant)
    throw new InfisicalError(403, 'PermissionDenied', wording.permissionDenied, permissionDetails(identity, projectId))

  const folder = state.findFolder(projectId, environment, path)
  if (!folder) throw new InfisicalError(404, 'NotFound', MSG.folderNotFound(path, environment))

  let found: Found | undefined
  if (q.type === 'shared') {
    const record = folder.secrets.get(name)
    const version = record ? pickVersion(record, q.version) : undefined
    if (record && version) found = { record, version, environment, path, imported: false }
  } // identities have no personal secrets
  if (!found && q.includeImports) {
    found = findInImports(
      state,
      project,
      folder,
      name,
      (env, p) => state.grantFor(identity, projectId!, env, p, name) !== undefined
    )
  }
  if (!found) throw new InfisicalError(404, 'NotFound', MSG.secretNotFound(name))

  let hidden = true
  let value = found.version.value
  if (q.viewSecretValue) {
    const valueGrant = found.imported ? state.grantFor(identity, projectId, found.environment, found.path, name) : grant
    hidden = valueFor(valueGrant, name, found.imported).hidden
    if (!hidden && q.expandSecretReferences && value) {
      value = expandReferences(state, identity, project, {
        value,
        environment: found.environment,
        path: found.path,
        key: found.record.name
      })
    }
  }

  return { secret: shapeSecret(projectId, found, hidden ? HIDDEN_VALUE : value, hidden, wording) }
}

function shapeSecret(
  projectId: string,
  found: Found,
  value: string,
  hidden: boolean,
  wording: Wording
): Record<string, unknown> {
  const secret: Record<string, unknown> = {
    id: found.record.id,
    _id: found.record.id,
    workspace: projectId,
    environment: found.environment,
    version: found.version.version,
    type: 'shared',
    secretKey: found.record.name,
    secretValue: value,
    secretValueHidden: hidden,
    secretComment: found.version.comment,
    secretReminderNote: null,
    secretReminderRepeatDays: null,
    skipMultilineEncoding: false,
    secretPath: found.path,
    createdAt: found.version.createdAt,
    updatedAt: found.version.updatedAt,
    isRotatedSecret: false,
    rotationId: null,
    tags: [],
    secretMetadata: []
  }
  if (!wording.secretValueHidden) delete secret.secretValueHidden
  return secret
}

/**
 * GET /api/v4/secrets and GET /api/v3/secrets/raw (a folder, one request, one use): as
 * getSecrets of secret-v2-bridge-service.ts does it (2025+). Membership, a folder-level
 * permission, the folder (404 SecretPathNotFound), then per secret: not describable → left out;
 * with viewSecretValue=true, describable but not readable → the whole list is 403 (below the
 * folder itself; in a recursive list such a secret of a subfolder is left out). References are
 * expanded when asked; one that may not be read fails the list (403 "Failed to expand one or
 * more secret references"). With include_imports, `imports` lists each imported folder (nested
 * imports before the folder importing them, so that last-to-first precedence is a single read's),
 * holding only the secrets that are describable (and readable, with viewSecretValue=true).
 */
export function listSecrets({
  state,
  api,
  query,
  auth,
  wording = DEFAULT_WORDING
}: SecretRequest): Record<string, unknown> {
  const q = parseQuery(api, query)
  const { identity } = auth
  const scope = scopeOf(state, api, q, identity, wording)
  const { projectId, environment, path, project } = scope
  if (!state.grantFor(identity, projectId, environment, path)) {
    throw new InfisicalError(403, 'PermissionDenied', wording.permissionDenied, permissionDetails(identity, projectId))
  }
  const base = state.findFolder(projectId, environment, path)
  if (!base) {
    throw new InfisicalError(
      404,
      'SecretPathNotFound',
      `Folder with path '${path}' in environment '${environment}' was not found. Please ensure the environment slug and secret path is correct.`
    )
  }
  const folders = q.recursive
    ? [...(project.environments.get(environment)?.folders.values() ?? [])].filter((f) => pathCovers(path, f.path))
    : [base]
  const list: ListRequest = { state, q, identity, wording, ...scope }
  const secrets = listFolderSecrets(list, folders)
  const imports = q.includeImports ? listImports(list, folders) : []
  return { secrets, imports }
}

/** What listSecrets's helpers share: the request, its scope, the server. */
interface ListRequest extends ReturnType<typeof scopeOf> {
  state: ServerState
  q: ParsedQuery
  identity: Identity
  wording: Wording
}

/** The secrets of the folders listed (describable ones; readable ones with viewSecretValue=true). */
function listFolderSecrets(l: ListRequest, folders: Folder[]): Record<string, unknown>[] {
  const { state, q, identity, projectId, environment, path, project, wording } = l
  const secrets: Record<string, unknown>[] = []
  const expandErrors: string[] = []
  for (const folder of folders) {
    for (const record of folder.secrets.values()) {
      const version = pickVersion(record, undefined)
      if (!version) continue
      const grant = state.grantFor(identity, projectId, environment, folder.path, record.name)
      if (!grant) continue // not describable: silently left out
      let hidden = true
      if (q.viewSecretValue) {
        if (folder.path !== path && grant.value !== 'visible' && grant.value !== 'hidden') continue
        hidden = valueFor(grant, record.name, false).hidden // throws: the whole list is refused
      }
      let value = version.value
      if (!hidden && q.expandSecretReferences && value) {
        try {
          value = expandReferences(state, identity, project, {
            value,
            environment,
            path: folder.path,
            key: record.name
          })
        } catch (err) {
          if (!(err instanceof InfisicalError)) throw err
          expandErrors.push(err.message)
        }
      }
      const found: Found = { record, version, environment, path: folder.path, imported: false }
      secrets.push(shapeSecret(projectId, found, hidden ? HIDDEN_VALUE : value, hidden, wording))
    }
  }
  if (expandErrors.length)
    throw new InfisicalError(403, 'ForbiddenError', 'Failed to expand one or more secret references', expandErrors)
  return secrets
}

/** The secrets of one imported folder: describable ones (and readable, with viewSecretValue=true). */
function importedSecrets(l: ListRequest, imp: Folder['imports'][number], source: Folder): Record<string, unknown>[] {
  const { state, q, identity, projectId, project, wording } = l
  const list: Record<string, unknown>[] = []
  for (const record of source.secrets.values()) {
    const version = pickVersion(record, undefined)
    const grant = state.grantFor(identity, projectId, imp.fromEnvironment, imp.fromPath, record.name)
    if (!version || !grant) continue
    const readable = grant.value === 'visible'
    if (q.viewSecretValue && !readable) continue
    let value = version.value
    if (q.viewSecretValue && q.expandSecretReferences && value) {
      try {
        value = expandReferences(state, identity, project, {
          value,
          environment: imp.fromEnvironment,
          path: imp.fromPath,
          key: record.name
        })
      } catch (err) {
        if (!(err instanceof InfisicalError)) throw err
      }
    }
    const found: Found = { record, version, environment: imp.fromEnvironment, path: imp.fromPath, imported: true }
    const hidden = !q.viewSecretValue
    list.push(shapeSecret(projectId, found, hidden ? HIDDEN_VALUE : value, hidden, wording))
  }
  return list
}

/** include_imports: each imported folder once, nested imports before the folder importing them. */
function listImports(l: ListRequest, folders: Folder[]): Record<string, unknown>[] {
  const imports: Record<string, unknown>[] = []
  const seen = new Set<string>()
  const visit = (folder: Folder, depth: number) => {
    if (depth > MAX_IMPORT_DEPTH) return
    for (const imp of folder.imports) {
      const key = `${imp.fromEnvironment}:${imp.fromPath}`
      if (seen.has(key)) continue
      seen.add(key)
      const source = l.state.findFolder(l.projectId, imp.fromEnvironment, imp.fromPath)
      if (!source) continue
      visit(source, depth + 1)
      const list = importedSecrets(l, imp, source)
      imports.push({ secretPath: imp.fromPath, environment: imp.fromEnvironment, folderId: source.id, secrets: list })
    }
  }
  for (const folder of folders) visit(folder, 0)
  return imports
}
