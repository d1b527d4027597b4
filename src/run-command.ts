/**
 * Running the `run` command line: `bash -e -o pipefail -c <command line>` through @actions/exec,
 * with the environment the caller gives (the secrets added to it there, and nowhere else), its
 * output passed on to the step's output as text that the runner shows but never interprets.
 *
 * - Loading: @actions/exec is imported with a dynamic `import()`, so that ncc puts it in a chunk
 *   of its own (measured: 46 kB with @actions/io) and a run without `run` never loads it.
 * - The shell: bash is looked up in the child's own PATH (as the runner looks up a `run:` step's
 *   shell; an empty PATH entry is skipped), else in this process's PATH. No bash, a bash that
 *   cannot be started, a missing working directory, or an environment that cannot be passed on
 *   unchanged (a NUL, a lone UTF-16 surrogate, which Node would turn into U+FFFD) is a
 *   CommandStartError naming no value, which the caller reports as `config`.
 * - A wrapper shell runs the command's bash as its child:
 *     bash --noprofile --norc --posix -c WRAPPER_SCRIPT <bash> <command line>
 *     WRAPPER_SCRIPT = exec 2>&1 </dev/null; "$0" --noprofile --norc -e -o pipefail -c "$1"; exit "$?"
 *   so that stdout and stderr are one pipe and keep their order exactly (a `run:` step has both
 *   on one terminal too); stdin is /dev/null, so a command reading input gets end-of-file
 *   instead of waiting for ever; and a command ended by signal n gives 128 + n, as bash reports
 *   it (@actions/exec names no signal, and a bash that execs its last command and is killed
 *   would give no code at all). Should the wrapper itself be killed, @actions/exec only says
 *   that it ended without a code: the result is then 128 (a signal, number unknown).
 *   `--posix` keeps the wrapper from reading BASH_ENV (the command's bash reads it, once) and is
 *   not passed on. `--norc`, as the runner starts a `run:` step's bash: Node gives a child a
 *   socket as stdin, and a bash whose stdin is a socket takes itself for a shell started by
 *   sshd and reads ~/.bashrc (measured: Debian's bash did, and failed on it).
 *   The command sees the environment given plus what bash itself sets (PWD, SHLVL, `_`).
 * - The command line is not echoed (`silent`, no `[command]…` line of @actions/exec): it is in
 *   the workflow already and may be long. It holds no secret; the secrets are in the environment.
 * - Output: decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD; a character split across
 *   reads is kept whole) and handed to `write` as it comes, framed by
 *   `::stop-commands::<token>` … `::<token>::` with a random 128-bit token, so that no line the
 *   command prints (a secret holding `::set-env name=X::…` or `::add-mask::…`) is a workflow
 *   command. Masks registered before stay in force in both of the runner's paths (checked with
 *   the harness). When the output does not end with a line break, one is added before the
 *   resume line: the runner drops a last line without one, and would not see the resume line.
 *   The caller writes nothing else while the frame is open, and starts it at a line start.
 *   Seen through the harness: forgejo-runner exec shows a command-like line of the frame as its
 *   own `⚙  <line>` entry (masked); the web UI (the daemon) does not show such a line at all
 *   during the steps (a tool's `::warning::` lines vanish there).
 * - Time: the command runs for as long as it takes (`timeout-seconds` bounds reading the
 *   secrets, the step's `timeout-minutes` bounds this). When the command leaves a background
 *   process holding its output open, @actions/exec waits `closeDelayMs` (10 s) after bash ends;
 *   what comes later is dropped (it would land after the resume line), and Node's process
 *   still lives until that output closes.
 */
import { StringDecoder } from 'node:string_decoder'
import { CommandOutputFrame } from './command-frame.js'
import { CommandStartError, prepareCommand } from './command-start.js'

export interface RunCommandOptions {
  /** The `run` input: a bash command line. */
  commandLine: string
  /** Where it runs (GITHUB_WORKSPACE). */
  cwd: string
  /** The complete environment of the command: nothing else is passed on. */
  env: NodeJS.ProcessEnv
  /** The step's output (stdout): the framing lines and the command's output, in order. */
  write: (text: string) => void
  /**
   * How long to wait, once bash has ended, for its output to close (a background process may
   * hold it open); @actions/exec's `delay`, 10 s by default. Output after that is dropped.
   */
  closeDelayMs?: number
}

/** The code reported when the wrapper shell ended by a signal that @actions/exec does not name. */
export const UNKNOWN_SIGNAL_CODE = 128

/**
 * The wrapper's script; `$0` is the bash found, `$1` the command line. `exit "$?"` keeps bash from
 * exec'ing the command's bash in its place, so that a signal becomes 128 + n.
 */
export const WRAPPER_SCRIPT = 'exec 2>&1 </dev/null; "$0" --noprofile --norc -e -o pipefail -c "$1"; exit "$?"'

/**
 * Runs the command line and resolves to its exit code (128 + n when a signal n ended it). Rejects
 * with CommandStartError when it could not be started (then nothing ran and, but for a failed
 * start of bash, nothing was written).
 */
export async function runCommand(o: RunCommandOptions): Promise<number> {
  const { bash, env } = prepareCommand(o)
  const { exec } = await import('@actions/exec')
  const frame = new CommandOutputFrame()
  const decoder = new StringDecoder('utf8')
  let closed = false
  const pass = (data: Buffer): void => {
    // @actions/exec leaves its listeners on the output once it has resolved: what a background
    // process writes later would land after the resume line, where it could be a command
    if (closed) return
    const text = decoder.write(data)
    if (text !== '') o.write(frame.pass(text))
  }
  o.write(frame.open())
  let code: number | null
  try {
    code = await exec(bash, ['--noprofile', '--norc', '--posix', '-c', WRAPPER_SCRIPT, bash, o.commandLine], {
      cwd: o.cwd,
      env,
      silent: true,
      ignoreReturnCode: true,
      // @actions/exec takes a delay of 0 for its default (10 s)
      ...(o.closeDelayMs !== undefined ? { delay: Math.max(1, o.closeDelayMs) } : {}),
      listeners: { stdout: pass, stderr: pass }
    })
  } catch (e) {
    throw new CommandStartError(
      'bash-not-startable',
      `${bash} could not be started: ${e instanceof Error ? e.message : String(e)}`
    )
  } finally {
    closed = true
    const rest = decoder.end()
    if (rest !== '') o.write(frame.pass(rest))
    o.write(frame.close())
  }
  return code ?? UNKNOWN_SIGNAL_CODE
}
