import {
  attemptSummary,
  counted,
  endpointOrder,
  failoverWarnings,
  noteAttempt,
  type EndpointAttempts
} from '../../src/infisical/failover.js'
import { afterMissingRoute, folderUrl, secretUrl } from '../../src/infisical/read-routes.js'

const A = 'https://a.example.org'
const B = 'https://b.example.org'
const C = 'https://c.example.org'

describe('failover policy', () => {
  test('the URL that answered last comes first; a broken one is never tried again', () => {
    expect(endpointOrder([A, B, C], undefined, new Set())).toEqual([A, B, C])
    expect(endpointOrder([A, B, C], C, new Set())).toEqual([C, A, B])
    expect(endpointOrder([A, B, C], C, new Set([A]))).toEqual([C, B])
    expect(endpointOrder([A, B, C], C, new Set([C]))).toEqual([A, B])
    expect(endpointOrder([A, B], undefined, new Set([A, B]))).toEqual([])
  })

  test('outcomes are counted in the order first seen', () => {
    expect(counted(['x', 'y', 'x', 'x'])).toBe('x ×3; y')
    expect(attemptSummary(['a: refused', 'a: refused'])).toBe('2 attempts')
    expect(attemptSummary(['a: refused', 'b: HTTP 502', 'a: refused'])).toBe('3 attempts: a: refused ×2; b: HTTP 502')
    expect(attemptSummary(['https://a: HTTP 503', 'https://a: HTTP 503', 'https://a: HTTP 503'])).toBe('3 attempts')
    expect(attemptSummary(['https://a: connection refused', 'https://b: HTTP 503', 'https://b: HTTP 503'])).toBe(
      '3 attempts: https://a: connection refused; https://b: HTTP 503 ×2'
    )
  })

  test("an endpoint's record keeps its count and its last outcome", () => {
    const record = new Map<string, EndpointAttempts>()
    record.set(A, noteAttempt(record, A, 'server-error'))
    expect(record.get(A)).toEqual({ endpoint: A, outcome: 'server-error', count: 1 })
    record.set(A, noteAttempt(record, A, 'ok'))
    expect(record.get(A)).toEqual({ endpoint: A, outcome: 'ok', count: 2 })
  })

  test('one warning per failed URL, none for the one that answered or one already warned about', () => {
    const failed = new Map([
      [A, ['connection refused', 'connection refused']],
      [B, ['HTTP 502']],
      [C, ['HTTP 503']]
    ])
    const warnings = failoverWarnings(failed, C, new Set([B]))
    expect(warnings).toEqual([
      {
        endpoint: A,
        text: `Infisical at ${A} failed (connection refused ×2); ${C} answered instead. Check ${A}, or remove it from infisical-url: every run spends time on it`
      }
    ])
  })
})

describe('read routes', () => {
  const o = { projectId: 'p1', environment: 'prod', includeImports: false }

  test('v4 and v3 URLs of a secret and a folder', () => {
    expect(secretUrl(o, 'v4', A, '/x', 'A B')).toBe(
      `${A}/api/v4/secrets/A%20B?projectId=p1&environment=prod&secretPath=%2Fx&type=shared&viewSecretValue=true&expandSecretReferences=true&include_imports=false`
    )
    expect(folderUrl(o, 'v3', A, '/')).toBe(
      `${A}/api/v3/secrets/raw?workspaceId=p1&environment=prod&secretPath=%2F&type=shared&viewSecretValue=true&expandSecretReferences=true&include_imports=false&recursive=false`
    )
  })

  test('a missing v4 route asks again on v3; a missing v3 route moves on to the next URL', () => {
    expect(afterMissingRoute('v4', { endpoint: A, path: '/', status: 404 })).toEqual({ kind: 'again' })
    const out = afterMissingRoute('v3', { endpoint: A, path: '/', name: 'N', status: 404 })
    expect(out.kind).toBe('fail')
    if (out.kind !== 'fail') return
    expect(out.retry).toBe('next')
    expect(out.error.errorClass).toBe('proxy-blocked')
    expect(out.error.what).toBe('the server has neither the v4 nor the v3 secrets route: it is not Infisical')
  })
})
