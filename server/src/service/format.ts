/**
 * Formatting: the formatter itself (taplo) is passed in; this module refuses documents that do not parse, checks
 * that the result keeps every value and comment, and turns it into edits (only within the range, if one is given).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver-types";
import { parseToml } from "./toml/parser";
import { plain } from "./tree";

/** Formats a whole TOML text; may throw or reject. */
export type Formatter = (text: string, options: FormatterSettings) => Promise<string>;

/** taplo's formatter options that we set (flyctl writes 2-space indented tables and entries). */
export interface FormatterSettings {
  indentString: string;
  indentTables: boolean;
  indentEntries: boolean;
  trailingNewline: boolean;
  reorderKeys: boolean;
  allowedBlankLines: number;
}

export class FormatError extends Error {}

export function settingsFor(options: Pick<FormattingOptions, "tabSize" | "insertSpaces">): FormatterSettings {
  const indent = options.insertSpaces === false ? "\t" : " ".repeat(Math.min(Math.max(options.tabSize || 2, 1), 8));
  return { indentString: indent, indentTables: true, indentEntries: true, trailingNewline: true, reorderKeys: false, allowedBlankLines: 2 };
}

function comments(text: string): string[] {
  return parseToml(text).comments.map(([s, e]) => text.slice(s, e).replace(/\s+$/, ""));
}

/** Formats and verifies: the same data (values and their types) and the same comments, in the same order. */
export async function formatText(text: string, formatter: Formatter, options: FormatterSettings): Promise<string> {
  const before = parseToml(text);
  if (before.errors.length) throw new FormatError("fly.toml has syntax errors; fix them before formatting (nothing was changed)");
  let out: string;
  try {
    out = await formatter(text, options);
  } catch (e) {
    throw new FormatError(`the TOML formatter failed (${(e as Error).message.split("\n")[0]}); nothing was changed`);
  }
  const after = parseToml(out);
  if (after.errors.length) throw new FormatError("the TOML formatter produced invalid TOML; nothing was changed");
  if (JSON.stringify(plain(after.root)) !== JSON.stringify(plain(before.root)) || !sameTypes(before.root, after.root)) {
    throw new FormatError("the TOML formatter changed a value; nothing was changed");
  }
  if (JSON.stringify(comments(out)) !== JSON.stringify(comments(text))) throw new FormatError("the TOML formatter changed a comment; nothing was changed");
  return out;
}

function sameTypes(a: import("./tree").Node, b: import("./tree").Node): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "value") return b.kind === "value" && a.type === b.type;
  if (a.kind === "array") return b.kind === "array" && a.items.length === b.items.length && a.items.every((x, i) => sameTypes(x, b.items[i]));
  if (b.kind !== "table") return false;
  for (const [k, e] of a.entries) {
    const o = b.entries.get(k);
    if (!o || !sameTypes(e.value, o.value)) return false;
  }
  return true;
}

/** Line hunks between two texts (LCS over lines): [startLine, endLine) of `a` replaced by lines of `b`. */
function lineHunks(a: string[], b: string[]): { aStart: number; aEnd: number; lines: string[] }[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const hunks: { aStart: number; aEnd: number; lines: string[] }[] = [];
  if (n * m > 4_000_000) return [{ aStart: pre, aEnd: pre + n, lines: B }];
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = A[i] === B[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  let cur: { aStart: number; aEnd: number; lines: string[] } | undefined;
  const flush = () => {
    if (cur) hunks.push(cur);
    cur = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      cur ??= { aStart: pre + i, aEnd: pre + i, lines: [] };
      cur.lines.push(B[j++]);
    } else {
      cur ??= { aStart: pre + i, aEnd: pre + i, lines: [] };
      i++;
      cur.aEnd = pre + i;
    }
  }
  flush();
  // a block that replaces n lines by n lines is n one-line changes (so range formatting can pick lines)
  return hunks.flatMap((h) =>
    h.aEnd - h.aStart === h.lines.length && h.lines.length > 1 ? h.lines.map((l, k) => ({ aStart: h.aStart + k, aEnd: h.aStart + k + 1, lines: [l] })) : [h],
  );
}

/** Edits that turn the document into `formatted`: one per changed block of lines, only those within `range`. */
export function formattingEdits(doc: TextDocument, formatted: string, range?: Range): TextEdit[] {
  const text = doc.getText();
  if (formatted === text) return [];
  const a = text.split("\n");
  const b = formatted.split("\n");
  const edits: TextEdit[] = [];
  for (const h of lineHunks(a, b)) {
    if (range && (h.aEnd - 1 < range.start.line || h.aStart > range.end.line) && !(h.aStart === h.aEnd && h.aStart >= range.start.line && h.aStart <= range.end.line)) continue;
    const start = { line: h.aStart, character: 0 };
    // replace whole lines: [aStart, aEnd) with the new lines
    if (h.aEnd < a.length) {
      edits.push({ range: { start, end: { line: h.aEnd, character: 0 } }, newText: h.lines.map((l) => `${l}\n`).join("") });
    } else {
      // the hunk reaches the last line, which has no newline after it
      const last = { line: a.length - 1, character: a[a.length - 1].length };
      if (h.aStart === a.length) edits.push({ range: { start: last, end: last }, newText: h.lines.map((l) => `\n${l}`).join("") });
      else if (h.lines.length > 0) edits.push({ range: { start, end: last }, newText: h.lines.join("\n") });
      else edits.push({ range: { start: h.aStart > 0 ? { line: h.aStart - 1, character: a[h.aStart - 1].length } : start, end: last }, newText: "" });
    }
  }
  return edits;
}
