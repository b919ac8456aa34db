/**
 * Whether a cursor stands inside an inline table, and whose: read from the text (it need not parse while being
 * typed), over as many lines as the table spans (TOML 1.1 lets an inline table run over several lines).
 */

interface InlineAt {
  /** The path from the section to the table (numbers for array items), e.g. ["concurrency"] or ["ports", 0]. */
  path: (string | number)[];
  /** Where the innermost table's `{` is. */
  open: number;
  /** Where the pair being typed starts: after the `{` or the last `,` of this table (or the line's start). */
  pairStart: number;
}

interface Frame {
  bracket: "{" | "[";
  /** The key the bracket is the value of (split at dots), or null for an item of an array. */
  key: string[] | null;
  open: number;
  pairStart: number;
}

const KEY_BEFORE = /((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)[ \t]*=[ \t]*$/;

function keyParts(key: string): string[] {
  return [...key.matchAll(/[A-Za-z0-9_-]+|"([^"\n]*)"|'([^'\n]*)'/g)].map((m) => m[1] ?? m[2] ?? m[0]);
}

/** From `from` (the section's header) to `offset`: the open inline table around the cursor, if any. */
export function inlineAt(text: string, from: number, offset: number): InlineAt | undefined {
  const stack: Frame[] = [];
  let lineStart = true;
  for (let i = from; i < offset; i++) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") continue;
    const atLineStart = lineStart;
    lineStart = false;
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0 || nl >= offset) return undefined;
      i = nl - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (end < 0 || end > offset) return undefined;
      i = end - 1;
      continue;
    }
    if (c === "[" && atLineStart && !stack.length) {
      // a table header
      const nl = text.indexOf("\n", i);
      if (nl < 0 || nl >= offset) return undefined;
      i = nl - 1;
      continue;
    }
    if (c === "{" || c === "[") {
      const before = text.slice(Math.max(from, i - 200), i);
      const top = stack[stack.length - 1];
      const k = KEY_BEFORE.exec(before);
      stack.push({ bracket: c, key: top?.bracket === "[" ? null : k ? keyParts(k[1]) : null, open: i, pairStart: i + 1 });
      continue;
    }
    if (c === "}" || c === "]") {
      stack.pop();
      continue;
    }
    if (c === ",") {
      const top = stack[stack.length - 1];
      if (top) top.pairStart = i + 1;
    }
  }
  const top = stack[stack.length - 1];
  if (!top || top.bracket !== "{") return undefined;
  const path: (string | number)[] = [];
  for (const f of stack) {
    if (f.key) path.push(...f.key);
    if (f.bracket === "[") path.push(0);
  }
  return { path, open: top.open, pairStart: top.pairStart };
}

/** The end (after the closing quote) of the string starting at `i`, or -1 when it is not closed. */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  if (text.startsWith(q.repeat(3), i)) {
    const close = text.indexOf(q.repeat(3), i + 3);
    if (close < 0) return -1;
    let end = close + 3;
    while (text[end] === q && end < close + 5) end++;
    return end;
  }
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\n") return -1;
    if (c === "\\" && q === '"') j++;
    else if (c === q) return j + 1;
  }
  return -1;
}
