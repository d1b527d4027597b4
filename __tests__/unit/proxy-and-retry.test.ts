import { bypassesProxy, proxyFor } from '../../src/infisical/proxy.js'
import { backoffMs, pauseMs, attemptLimitMs } from '../../src/infisical/retry-policy.js'
import { isLoopbackHost, displayUrl } from '../../src/urls.js'

describe('proxy choice', () => {
  const env = { HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://p2:3128', NO_PROXY: '.internal,infisical.lan:8443,10.1.2.3' }
  test.each([
    ['https://infisical.example.org', 'http://proxy:3128'],
    ['http://infisical.example.org', 'http://p2:3128'],
    ['https://127.0.0.1:8443', undefined],
    ['https://[::1]:8443', undefined],
    ['https://localhost', undefined],
    ['https://vault.internal', undefined],
    ['https://internal', undefined],
    ['https://infisical.lan:8443', undefined],
    ['https://infisical.lan', 'http://proxy:3128'],
    ['https://10.1.2.3', undefined]
  ])('%s → %s', (url, proxy) => {
    expect(proxyFor(url, env)).toBe(proxy)
  })
  test('NO_PROXY=* and lower case', () => {
    expect(bypassesProxy(new URL('https://x.example'), '*')).toBe(true)
    expect(proxyFor('https://x.example', { https_proxy: 'http://p', no_proxy: 'ample' })).toBe('http://p')
    expect(proxyFor('https://x.example', { https_proxy: 'http://p', no_proxy: 'x.example' })).toBeUndefined()
  })
  test('loopback hosts and URL display', () => {
    expect(isLoopbackHost('127.9.9.9')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(displayUrl('https://u:p@h/x')).toBe('https://***@h/x')
  })
})

describe('retry timing', () => {
  test('250 ms × 2ⁿ ± 20 %', () => {
    expect(backoffMs(0, 0)).toBe(200)
    expect(backoffMs(0, 0.5)).toBe(250)
    expect(backoffMs(2, 0.9999)).toBe(1200)
    expect(pauseMs(1, 3000, 0.5)).toBe(3000)
  })
  test('an attempt has 10 s or what is left', () => {
    expect(attemptLimitMs(30_000)).toBe(10_000)
    expect(attemptLimitMs(1_500)).toBe(1_500)
  })
})

import { attemptSummary } from '../../src/infisical/client.js'
test('attempts are summed up per URL and outcome', () => {
  expect(attemptSummary(['https://a: HTTP 503', 'https://a: HTTP 503', 'https://a: HTTP 503'])).toBe('3 attempts')
  expect(attemptSummary(['https://a: connection refused', 'https://b: HTTP 503', 'https://b: HTTP 503'])).toBe(
    '3 attempts: https://a: connection refused; https://b: HTTP 503 ×2'
  )
})
