/**
 * Parsing with recovery: toml-eslint-parser stops at the first error, so each error's line (or a duplicated
 * table with its body) is blanked out and the text parsed again, to report every error it can and still give
 * the rules a tree of the rest of the document.
 */
import { parseTOML, type AST } from "toml-eslint-parser";
import { buildTree, type Span, type TableNode } from "./tree";

export interface SyntaxProblem {
  span: Span;
  message: string;
  duplicate: boolean;
}

export interface ParsedDocument {
  text: string;
  /** The tree of what parsed (the whole document when there are no syntax errors). */
  root: TableNode;
  errors: SyntaxProblem[];
}

const MAX_RECOVERIES = 50;

const HINTS: Record<string, string> = {
  "Defining a key multiple times is invalid": "remove or rename one of the two definitions",
  "Unterminated string constant": "close the string with the same quote it opens with",
  "Unspecified values are invalid": "give the key a value, e.g. a quoted string",
  "Unexpected character": "strings must be quoted; check for a missing quote or a stray character",
};

function describe(message: string, duplicate: boolean): string {
  const hint = HINTS[message] ?? (duplicate ? HINTS["Defining a key multiple times is invalid"] : "fix the TOML syntax");
  const what = duplicate ? "This key or table is defined twice" : `TOML syntax error: ${message.replace(/\.$/, "")}`;
  return `${what}; ${hint}. flyctl cannot load a fly.toml that does not parse, so every fly command for this app fails.`;
}

function lineBounds(text: string, offset: number): Span {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  return [start, end];
}

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n\r]/g, " ") + text.slice(to);
}

/** For a duplicated `[table]` header, the header and its body up to the next header. */
function tableBlock(text: string, lineStart: number): number {
  const re = /^[ \t]*\[/gm;
  re.lastIndex = text.indexOf("\n", lineStart) + 1 || text.length;
  const m = re.exec(text);
  return m && m.index > lineStart ? m.index : text.length;
}

export function parseDocument(text: string): ParsedDocument {
  const errors: SyntaxProblem[] = [];
  // A leading BOM is treated as white space; offsets stay those of the original text.
  let work = text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
  for (let attempt = 0; ; attempt++) {
    let program: AST.TOMLProgram;
    try {
      program = parseTOML(work, { tomlVersion: "1.0" });
    } catch (e) {
      const err = e as { index?: number; message?: string };
      const index = Math.min(Math.max(err.index ?? 0, 0), work.length);
      const message = String(err.message ?? e);
      const duplicate = message.startsWith("Defining a key multiple times");
      const [ls, le] = lineBounds(work, index);
      let end = index;
      while (end < le && !/[\s=,\]\}]/.test(work[end])) end++;
      if (end === index) end = Math.min(index + 1, le);
      if (end <= index) {
        // at the end of a line or of the text: point at the last character before it
        end = index;
      }
      errors.push({ span: [index, Math.max(end, index)], message: describe(message, duplicate), duplicate });
      const isHeader = /^[ \t]*\[/.test(work.slice(ls, le));
      const to = duplicate && isHeader ? tableBlock(work, ls) : le;
      const next = blank(work, ls, to);
      if (next === work || attempt >= MAX_RECOVERIES) {
        return { text, root: { kind: "table", form: "root", entries: new Map(), span: [0, text.length] }, errors };
      }
      work = next;
      continue;
    }
    return { text, root: buildTree(work, program), errors };
  }
}
