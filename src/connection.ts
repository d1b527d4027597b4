/**
 * What the run talks to Infisical (and, for OIDC, the CI server) with: one transport for every
 * request (proxy and TLS rules, the run's trusted roots), the Infisical client on it, the deadline.
 */
import * as runner from './workflow-commands.js'
import type { Plan } from './plan.js'
import type { Deadline } from './infisical/deadline.js'
import { createTransport, type Transport } from './infisical/transport.js'
import { ignoredTlsSwitch, tlsContext } from './infisical/trusted-roots.js'
import { InfisicalClient } from './infisical/client.js'
import { testLimits, type RetryLimits } from './infisical/retry-policy.js'

export const USER_AGENT = 'infisical-forgejo-action/1'

export interface Connection {
  client: InfisicalClient
  transport: Transport
  deadline: Deadline
  /** The retry limits of the tests (NODE_ENV=test), when given. */
  limits?: RetryLimits
}

export function connect(plan: Plan, env: NodeJS.ProcessEnv, deadline: Deadline): Connection {
  // The CI server's ID-token URL follows the same proxy and TLS rules as Infisical's.
  const urls = plan.auth.method === 'oidc' ? [...plan.urls, plan.auth.request.url] : plan.urls
  const https = urls.some((u) => u.startsWith('https:'))
  const secureContext = https ? tlsContext(env, plan.caCertificate) : undefined
  const tlsSwitch = ignoredTlsSwitch(env)
  if (tlsSwitch) runner.warning(tlsSwitch)
  const transport = createTransport({ env, urls, ...(secureContext ? { secureContext } : {}) })
  const limits = testLimits(env)
  if (limits) runner.info(`Test limits in effect (NODE_ENV=test): ${JSON.stringify(limits)}`)
  const client = new InfisicalClient({
    urls: plan.urls,
    retries: plan.retries,
    deadline,
    transport,
    projectId: plan.projectId,
    environment: plan.environment,
    includeImports: plan.includeImports,
    userAgent: USER_AGENT,
    ...(limits ? { limits } : {}),
    onFailover: (text) => runner.warning(text),
    redact: (text) => runner.sensitive.redact(text)
  })
  return { client, transport, deadline, ...(limits ? { limits } : {}) }
}
