/** A plain HTTP call for the test server's own tests: status, headers, text, and the JSON body if any. */
export interface Answer {
  status: number
  headers: Headers
  text: string
  body: any
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init)
  const text = await res.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: res.status, headers: res.headers, text, body }
}

import { InfisicalTestServer, type StartOptions } from '../testkit/infisical-server.js'

/** `start(opts)` for a test file: every server it starts is closed after each test. */
export function serversClosedAfterEach(): (opts?: StartOptions) => Promise<InfisicalTestServer> {
  const closables: InfisicalTestServer[] = []
  afterEach(async () => {
    await Promise.all(closables.splice(0).map((c) => c.close()))
  })
  return async (opts?: StartOptions) => {
    const s = await InfisicalTestServer.start(opts)
    closables.push(s)
    return s
  }
}
