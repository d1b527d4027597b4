/**
 * Trusted-IP check, as Infisical's checkIPAgainstBlocklist (backend/src/lib/ip) does it:
 * a net.BlockList of the identity's CIDR blocks and single addresses, checked against the caller.
 */
import { BlockList, isIP } from 'node:net'

/** `::ffff:127.0.0.1` → `127.0.0.1` (a dual-stack socket reports IPv4 callers that way). */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return ''
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? mapped[1]! : address
}

export function isTrusted(address: string, trustedIps: string[]): boolean {
  const ip = normalizeAddress(address)
  const family = isIP(ip)
  if (!family) return false
  const list = new BlockList()
  for (const entry of trustedIps) {
    const [net, prefix] = entry.split('/')
    const type = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4'
    if (!net || !isIP(net)) throw new Error(`trusted IP entry '${entry}' is not an address or CIDR block`)
    if (prefix !== undefined) list.addSubnet(net, Number(prefix), type)
    else list.addAddress(net, type)
  }
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4')
}
