/** The file's own style for text that a fix inserts: its line ending and the quotes of its strings. */
import type { Node, TableNode } from "./tree";

export interface FileStyle {
  eol: "\n" | "\r\n";
  /** Most strings of the file are 'literal' ones (`app = 'x'`). */
  singleQuotes: boolean;
}

function eolOf(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
    if (text[i - 1] === "\r") crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

function countQuotes(node: Node, n: { single: number; double: number }): void {
  if (node.kind === "value") {
    if (node.quote === "'") n.single++;
    else if (node.quote === '"') n.double++;
  } else if (node.kind === "array") for (const item of node.items) countQuotes(item, n);
  else for (const e of node.entries.values()) countQuotes(e.value, n);
}

export function fileStyle(text: string, root: TableNode): FileStyle {
  const n = { single: 0, double: 0 };
  countQuotes(root, n);
  return { eol: eolOf(text), singleQuotes: n.single > n.double };
}

/**
 * Inserted text in the file's style: its line ending, and 'x' for "x" in a file that quotes that way (only for
 * plain strings, where both mean the same; text with quotes, escapes or comments inside is left as it is).
 */
export function inStyle(newText: string, style: FileStyle): string {
  let out = newText;
  if (style.singleQuotes && !/['\\#]|"""/.test(out)) out = out.replace(/"([^"\n]*)"/g, "'$1'");
  if (style.eol === "\r\n") out = out.replace(/\r?\n/g, "\r\n");
  return out;
}
