import { bypassesProxy, checkProxies, proxyFor } from '../../src/infisical/proxy.js'
import { ActionError } from '../../src/errors.js'
import { backoffMs, pauseMs, attemptLimitMs } from '../../src/infisical/retry-policy.js'
import { isLoopbackHost, displayUrl } from '../../src/urls.js'

describe('proxy choice', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy:3128',
    http_proxy: 'http://p2:3128',
    NO_PROXY: '.internal,infisical.lan:8443,10.1.2.3'
  }
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
  test('a proxy without a scheme is read as http://', () => {
    expect(proxyFor('https://infisical.example.org', { HTTPS_PROXY: 'proxy.example:3128' })).toBe(
      'http://proxy.example:3128'
    )
    expect(proxyFor('https://infisical.example.org', { https_proxy: ' user:pw@proxy.example:3128 ' })).toBe(
      'http://user:pw@proxy.example:3128'
    )
    expect(proxyFor('https://infisical.example.org', { HTTPS_PROXY: 'https://proxy.example' })).toBe(
      'https://proxy.example'
    )
    expect(() => checkProxies(['https://infisical.example.org'], { HTTPS_PROXY: 'proxy.example:3128' })).not.toThrow()
  })

  test.each([
    ['HTTPS_PROXY', 'socks5://proxy.example:1080', 'socks5://proxy.example:1080', []],
    ['HTTPS_PROXY', 'https://user:pa/ss@proxy.example', 'https://***@proxy.example', ['pa/ss', 'user:']],
    ['https_proxy', 'http://proxy example:3128', 'http://proxy example:3128', []],
    ['HTTPS_PROXY', '::add-mask::x\ny', '\\u003a:add-mask::x\\ny', []]
  ])('%s=%j is a config error before any request, shown as %j', (variable, value, shown, hidden) => {
    let error: unknown
    try {
      checkProxies(['http://127.0.0.1:8080', 'https://infisical.example.org'], { [variable]: value })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as ActionError).message
    expect(message).toMatch(new RegExp(`^config: ${variable} `))
    expect(message).toContain(`"${shown}"`)
    for (const h of hidden) expect(message).not.toContain(h)
  })

  test('only the proxies the URLs use are checked', () => {
    expect(() =>
      checkProxies(['https://infisical.example.org', 'http://localhost:8080'], { HTTP_PROXY: 'socks5://p:1080' })
    ).not.toThrow()
    expect(() =>
      checkProxies(['https://infisical.example.org'], { HTTPS_PROXY: 'socks5://p:1080', NO_PROXY: 'example.org' })
    ).not.toThrow()
  })

  test('loopback hosts and URL display', () => {
    expect(isLoopbackHost('127.9.9.9')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(displayUrl('https://u:p@h/x')).toBe('https://***@h/x')
  })

  test('loopback is localhost, 127.0.0.0/8 and ::1 only: a name under .localhost may resolve anywhere', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]', '::1'])
      expect(isLoopbackHost(h)).toBe(true)
    for (const h of [
      'infisical.localhost',
      'a.b.localhost',
      'localhost.example.org',
      '10.0.0.1',
      '[::2]',
      '1127.0.0.1'
    ])
      expect(isLoopbackHost(h)).toBe(false)
    expect(proxyFor('https://infisical.localhost', env)).toBe('http://proxy:3128')
  })

  test.each([
    ['http://user:p@ss-w0rd@proxy.example:3128', 'http://***@proxy.example:3128', ['p@ss', 'ss-w0rd', 'user']],
    ['https://user:pa/ss@host.example', 'https://***@host.example', ['pa/ss', 'user']],
    ['https://user:pa#ss@host.example', 'https://***@host.example', ['pa#ss', 'user']],
    ['https://us#er@host.example', 'https://***@host.example', ['us#er']],
    ['http://user:12/ss@host.example:8443/x', 'http://***@host.example:8443/x', ['12/ss', 'user']],
    ['user:secret-pw@proxy.example:3128', '***@proxy.example:3128', ['secret-pw', 'user']],
    ['https://infisical.example.org/sub', 'https://infisical.example.org/sub', []],
    ['proxy.example:3128', 'proxy.example:3128', []]
  ])('displayUrl(%j) is %j: the user name and password never shown', (text, shown, hidden) => {
    expect(displayUrl(text)).toBe(shown)
    for (const h of hidden) expect(displayUrl(text)).not.toContain(h)
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
