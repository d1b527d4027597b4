/**
 * `npm run demo`: a test Infisical on loopback, a runner host's token file, and the
 * platformctl-auto-apply.yml workflow run through the runner harness with the committed dist/
 * bundle, for one module. Shows the log as the harness renders the Forgejo web UI's (the runner
 * daemon's masking rule), the source marker, and checks on both renderings (the daemon's and
 * `forgejo-runner exec`'s). No Forgejo and no real Infisical take part, and the output says so.
 * Headings are bold only on a terminal, and never when NO_COLOR is set to anything but the empty
 * string (https://no-color.org).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InfisicalTestServer } from './infisical-server.js'
import { useColour } from './no-color.js'
import { BOT_FOLDER, PROJECT_ID, seedPlatform, writeTokenFile } from './platform.js'
import { cleanupJob, leaks, loadWorkflow, runJob, type JobResult } from './runner/index.js'

const root = process.cwd()
// no word of the log in it: leaks() reports any 8 characters of it, and 'forgejo-' is in every temp path
const BOT_TOKEN = `d3m0-b0t-t0k3n-${Math.random().toString(36).slice(2, 10)}`

const colour = useColour(process.stdout.isTTY, process.env)

function heading(text: string): void {
  process.stdout.write(colour ? `\n\u001b[1m== ${text}\u001b[0m\n` : `\n== ${text}\n`)
}

/** Prints each check of the run, ok or FAIL; true when all passed. */
function check(result: JobResult, server: InfisicalTestServer, values: string[], marker: string): boolean {
  const found = leaks(result, values, { extra: { 'marker file': marker } })
  const checks: [string, boolean][] = [
    ['every step succeeded', result.success],
    [
      'the web UI rendering holds forgejo_token_source=infisical-token-auth once',
      result.log.daemon.filter((l) => l === 'forgejo_token_source=infisical-token-auth').length === 1
    ],
    [
      'the forgejo-runner exec rendering holds it once too',
      result.log.exec.filter((l) => /^\[[^\]]*\]\s+\| forgejo_token_source=infisical-token-auth$/.test(l)).length === 1
    ],
    [
      'no fragment of the secret or the token in either rendering, an output, an annotation or the marker file',
      found.length === 0
    ],
    ['Infisical saw exactly 1 request', server.count() === 1]
  ]
  for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  for (const f of found) console.log(`     leak: ${f}`)
  return checks.every(([, ok]) => ok)
}

async function main(): Promise<void> {
  const server = await InfisicalTestServer.start()
  const dir = mkdtempSync(join(tmpdir(), 'infisical-demo-'))
  try {
    const { identity, token } = seedPlatform(server, {
      botToken: BOT_TOKEN,
      environments: ['prod'],
      readPath: BOT_FOLDER
    })
    const tokenFile = writeTokenFile(dir, token)

    heading('Setting')
    console.log('What runs here is simulated, except the action: the committed bundle dist/index.js runs as the')
    console.log('Forgejo runner starts it (node, the INPUT_ variables, the file commands), inside the runner')
    console.log('harness of testkit/runner/, against the Infisical test server of testkit/ on loopback. No')
    console.log("Forgejo and no real Infisical take part; the log below is the harness's rendering.")
    console.log('')
    console.log(`Infisical test server:  ${server.url}`)
    console.log(`machine identity:       ${identity.id} (read on /home-platform/forgejo_accounts in prod)`)
    console.log(`token file (0600):      ${tokenFile}`)
    console.log(`workflow:               examples/platformctl-auto-apply.yml, module matrix-well-known`)

    const spec = loadWorkflow(join(root, 'examples/platformctl-auto-apply.yml'), {
      actionRoot: root,
      matrix: { module: 'matrix-well-known' },
      vars: { INFISICAL_URL: server.url, INFISICAL_PROJECT_ID: PROJECT_ID, INFISICAL_TOKEN_FILE: tokenFile },
      github: { repository: 'platform/platform', runId: '869', runNumber: '729' }
    })
    // A last step that checks, without printing it, that the value arrived byte for byte.
    spec.steps.push({
      name: 'Check that the next step got the bot token',
      run: `test "$(printf %s "$PLATFORMCTL_FORGEJO_TOKEN" | sha256sum)" = "$(printf %s '${BOT_TOKEN}' | sha256sum)" && echo "check passed: PLATFORMCTL_FORGEJO_TOKEN holds the secret from Infisical"`
    })
    const result = await runJob(spec)

    heading("The job log as the Forgejo web UI would show it: the runner harness's rendering")
    console.log('(testkit/runner renders a job log under both masking rules of the Forgejo runner: the')
    console.log("daemon's, shown here as the web UI shows it, and forgejo-runner exec's, checked below)")
    console.log('')
    for (const line of result.log.daemon) console.log(line)

    heading('The source marker')
    const marker = readFileSync(join(result.runnerTemp, 'infisical-source-marker.json'), 'utf8')
    console.log(marker.trimEnd())

    heading('Checks')
    const ok = check(result, server, [BOT_TOKEN, token], marker)
    cleanupJob(result)
    if (!ok) process.exitCode = 1
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
