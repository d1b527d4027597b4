/**
 * The demo's one rule for colour: bold headings on a terminal only, and not when NO_COLOR is set
 * to anything but the empty string (https://no-color.org: "when present and not an empty string").
 */
export function useColour(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && (env.NO_COLOR ?? '') === ''
}
