/** Words for messages. */

/** `1 secret`, `3 secrets`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
