import { ignoredTlsSwitch } from '../../src/infisical/trusted-roots.js'

describe('NODE_TLS_REJECT_UNAUTHORIZED', () => {
  test('0 (what turns Node\'s checks off) is named as ignored; anything else says nothing', () => {
    expect(ignoredTlsSwitch({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toMatch(/^NODE_TLS_REJECT_UNAUTHORIZED=0 is set .* is ignored: this action always verifies certificates/)
    for (const v of [undefined, '1', '', 'false']) expect(ignoredTlsSwitch({ NODE_TLS_REJECT_UNAUTHORIZED: v })).toBeUndefined()
  })
})
