/**
 * The in-memory "database" of the test server: projects, environments, folders, secrets (with
 * their versions), secret imports, machine identities, read grants and access-token rows.
 */
import { randomBytes, randomUUID } from 'node:crypto'

import type { AddImportOptions, SetSecretOptions } from './options.js'

/**
 * 'visible': describe and read the value; 'hidden': the value comes back hidden; 'forbidden':
 * describable, the value may not be read (403); 'forbidden-new-wording': the same with the 2026
 * wording; 'none': not even describable (an inverted rule: the secret is left out of lists, a
 * single read is 403 PermissionDenied).
 */
export type GrantValue = 'visible' | 'hidden' | 'forbidden' | 'forbidden-new-wording' | 'none'

export interface Grant {
  projectId: string
  environment: string
  /** folder; covers it and everything below */
  path: string
  value: GrantValue
  /** a `secretName` condition: the grant covers only these names (and beats a grant without names on the same folder) */
  names?: string[]
}

export interface Identity {
  id: string
  name: string
  /** project memberships */
  projects: string[]
  /** CIDR blocks or single addresses, checked for token use and for Universal Auth login */
  trustedIps: string[]
  accessTokenTTL: number
  accessTokenMaxTTL: number
  accessTokenNumUsesLimit: number
  /** Universal Auth credentials */
  clientId: string
  clientSecret: string
  /** the client secret's own TTL has passed: Universal Auth login answers 401 "Access denied due to expired client secret" */
  clientSecretExpired?: boolean
  /** the organization (a 2026 token's `orgId` claim) */
  orgId: string
  grants: Grant[]
}

export interface SecretVersion {
  version: number
  value: string
  comment: string
  createdAt: string
  updatedAt: string
}

export interface SecretRecord {
  id: string
  name: string
  createdAt: string
  /** ascending by insertion; the last one is the current version */
  versions: SecretVersion[]
}

export interface SecretImport {
  fromEnvironment: string
  fromPath: string
}

export interface Folder {
  id: string
  path: string
  secrets: Map<string, SecretRecord>
  imports: SecretImport[]
}

export interface Environment {
  slug: string
  folders: Map<string, Folder>
}

export interface Project {
  id: string
  slug: string
  environments: Map<string, Environment>
}

export interface TokenRow {
  id: string
  identityId: string
  authMethod: 'token-auth' | 'universal-auth' | 'oidc-auth'
  createdAt: number
  accessTokenTTL: number
  accessTokenMaxTTL: number
  numUsesLimit: number
  numUses: number
  revoked: boolean
  deleted: boolean
  /** set by expireServerSide(): the row's TTL counts as passed */
  ttlPassed: boolean
  /**
   * the auth method's accessTokenTrustedIps, checked when the token is used (OIDC Auth); without
   * it the identity's `trustedIps` apply
   */
  trustedIps?: string[]
}

const SEGMENT = /^[a-zA-Z0-9_-]+$/

/** `/a/b/` → `/a/b`, `a` → `/a`, `` → `/`; collapses duplicate slashes. */
export function normalizePath(path: string | undefined): string {
  const segments = (path ?? '/').split('/').filter((s) => s.length > 0)
  return segments.length ? `/${segments.join('/')}` : '/'
}

export function isValidSecretPath(path: string): boolean {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .every((s) => SEGMENT.test(s))
}

/** True when folder `path` lies at or below `root`. */
export function pathCovers(root: string, path: string): boolean {
  return root === '/' || path === root || path.startsWith(`${root}/`)
}

export class ServerState {
  readonly projects = new Map<string, Project>()
  readonly identities = new Map<string, Identity>()
  readonly tokens = new Map<string, TokenRow>()

  addProject(projectId: string, environments: string[] = ['dev', 'staging', 'prod'], slug = projectId): Project {
    let project = this.projects.get(projectId)
    if (!project) {
      project = { id: projectId, slug, environments: new Map() }
      this.projects.set(projectId, project)
    }
    for (const env of environments) this.environment(project, env)
    return project
  }

  projectBySlug(slug: string): Project | undefined {
    for (const p of this.projects.values()) if (p.slug === slug) return p
    return undefined
  }

  private environment(project: Project, slug: string): Environment {
    let env = project.environments.get(slug)
    if (!env) {
      env = { slug, folders: new Map() }
      env.folders.set('/', newFolder('/'))
      project.environments.set(slug, env)
    }
    return env
  }

  /** Creates the project, environment and every folder on the way as needed. */
  ensureFolder(projectId: string, environment: string, path: string): Folder {
    const project = this.projects.get(projectId) ?? this.addProject(projectId, [])
    const env = this.environment(project, environment)
    const normalized = normalizePath(path)
    if (!isValidSecretPath(normalized)) throw new Error(`invalid folder path '${path}': segments must match ${SEGMENT}`)
    let current = '/'
    let folder = env.folders.get('/')!
    for (const segment of normalized.split('/').filter(Boolean)) {
      current = current === '/' ? `/${segment}` : `${current}/${segment}`
      let next = env.folders.get(current)
      if (!next) {
        next = newFolder(current)
        env.folders.set(current, next)
      }
      folder = next
    }
    return folder
  }

  findFolder(projectId: string, environment: string, path: string): Folder | undefined {
    return this.projects.get(projectId)?.environments.get(environment)?.folders.get(normalizePath(path))
  }

  setSecret(s: SetSecretOptions): SecretRecord {
    const folder = this.ensureFolder(s.projectId, s.environment, s.path ?? '/')
    const now = new Date().toISOString()
    let record = folder.secrets.get(s.name)
    if (!record) {
      record = { id: randomUUID(), name: s.name, createdAt: now, versions: [] }
      folder.secrets.set(s.name, record)
    }
    const last = record.versions[record.versions.length - 1]
    const version = s.version ?? (last ? Math.max(...record.versions.map((v) => v.version)) + 1 : 1)
    record.versions = record.versions.filter((v) => v.version !== version)
    record.versions.push({
      version,
      value: s.value,
      comment: s.comment ?? '',
      createdAt: record.createdAt,
      updatedAt: now
    })
    return record
  }

  addImport(i: AddImportOptions): void {
    const folder = this.ensureFolder(i.projectId, i.environment, i.path)
    folder.imports.push({ fromEnvironment: i.fromEnvironment, fromPath: normalizePath(i.fromPath) })
  }

  createIdentity(i: Partial<Omit<Identity, 'grants'>> = {}): Identity {
    const id = i.id ?? randomUUID()
    if (this.identities.has(id)) throw new Error(`identity ${id} exists already`)
    const identity: Identity = {
      id,
      name: i.name ?? `identity-${id.slice(0, 8)}`,
      projects: [...(i.projects ?? [])],
      trustedIps: [...(i.trustedIps ?? ['0.0.0.0/0', '::/0'])],
      accessTokenTTL: i.accessTokenTTL ?? 2592000,
      accessTokenMaxTTL: i.accessTokenMaxTTL ?? 2592000,
      accessTokenNumUsesLimit: i.accessTokenNumUsesLimit ?? 0,
      clientId: i.clientId ?? randomUUID(),
      clientSecret: i.clientSecret ?? randomBytes(32).toString('hex'),
      orgId: i.orgId ?? 'org-test',
      grants: []
    }
    this.identities.set(id, identity)
    return identity
  }

  identity(id: string): Identity {
    const identity = this.identities.get(id)
    if (!identity) throw new Error(`unknown identity ${id}`)
    return identity
  }

  identityByClientId(clientId: string): Identity | undefined {
    for (const identity of this.identities.values()) if (identity.clientId === clientId) return identity
    return undefined
  }

  /**
   * The most specific grant covering (project, environment, path, name); the latest one on a tie.
   * Grants limited to names count only when a name is given. A 'none' grant means no grant.
   */
  grantFor(identity: Identity, projectId: string, environment: string, path: string, name?: string): Grant | undefined {
    let best: Grant | undefined
    const rank = (g: Grant) => g.path.length * 2 + (g.names ? 1 : 0)
    for (const g of identity.grants) {
      if (g.projectId !== projectId || (g.environment !== environment && g.environment !== '*')) continue
      if (!pathCovers(g.path, path)) continue
      if (g.names && (name === undefined || !g.names.includes(name))) continue
      if (!best || rank(g) >= rank(best)) best = g
    }
    return best?.value === 'none' ? undefined : best
  }

  newToken(identity: Identity, o: { ttl: number; numUsesLimit: number; authMethod: TokenRow['authMethod'] }): TokenRow {
    const row: TokenRow = {
      id: randomUUID(),
      identityId: identity.id,
      authMethod: o.authMethod,
      createdAt: Date.now(),
      accessTokenTTL: o.ttl,
      accessTokenMaxTTL: identity.accessTokenMaxTTL,
      numUsesLimit: o.numUsesLimit,
      numUses: 0,
      revoked: false,
      deleted: false,
      ttlPassed: false
    }
    this.tokens.set(row.id, row)
    return row
  }
}

function newFolder(path: string): Folder {
  return { id: randomUUID(), path, secrets: new Map(), imports: [] }
}
