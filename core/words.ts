/** Words for counts in messages, shared by the CLI, the rules and the extension. */

/** "1 file", "2 files", "3 fixes", "2 addresses". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : /(s|x)$/.test(word) ? "es" : "s"}`;
}
