/** Lines of a text: where a line starts and ends, and offsets as LSP positions. */

/** The offset where the line containing `offset` starts (`lastIndexOf` with a negative index still looks at 0). */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
}

/** Where the line holding `offset` ends: before its "\n" or "\r\n" (or at the end of the text). */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === "\r" && nl - 1 >= offset ? nl - 1 : nl;
}

/** Offsets → 0-based line and UTF-16 character, for a text read once (line starts found natively, then bisected). */
export function positions(text: string): (offset: number) => { line: number; character: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
}
