/** Text edits on the source, by offset, that keep the layout and comments around them. */
import { lineEndOf, lineStartOf } from "./lines";
import type { Entry, Node, Span, TableNode, ValueNode } from "./tree";

export interface SpanEdit {
  span: Span;
  newText: string;
}

export function replace(span: Span, newText: string): SpanEdit {
  return { span, newText };
}

/** Removes a whole `key = value` line (with its own trailing comment), or just the pair inside an inline table. */
export function removeEntry(text: string, entry: Entry): SpanEdit {
  const parent = entry.value.parent;
  if (parent?.kind === "table" && parent.form === "inline") {
    // TOML 1.1, a pair alone on its line of a table over several lines: the line goes, with its comma and comment
    const ls = lineStartOf(text, entry.lineSpan[0]);
    const le = lineEndOf(text, entry.lineSpan[1]);
    if (text.slice(ls, entry.lineSpan[0]).trim() === "" && /^[ \t]*,?[ \t]*(#.*)?$/.test(text.slice(entry.lineSpan[1], le))) {
      const nl = text.indexOf("\n", le);
      return { span: [ls, nl < 0 ? text.length : nl + 1], newText: "" };
    }
    // `{ a = 1, b = 2 }`: remove the pair and one adjoining comma
    let [s, e] = entry.lineSpan;
    const after = /^\s*,\s*/.exec(text.slice(e));
    if (after) e += after[0].length;
    else {
      const before = /,\s*$/.exec(text.slice(0, s));
      if (before) s -= before[0].length;
    }
    return { span: [s, e], newText: "" };
  }
  let start = lineStartOf(text, entry.lineSpan[0]);
  if (text.slice(start, entry.lineSpan[0]).trim() !== "") start = entry.lineSpan[0];
  let end = text.indexOf("\n", entry.lineSpan[1]);
  end = end < 0 ? text.length : end + 1;
  if (text.slice(entry.lineSpan[1], end).trim() !== "" && !text.slice(entry.lineSpan[1], end).trim().startsWith("#"))
    end = entry.lineSpan[1];
  return { span: [start, end], newText: "" };
}

/**
 * Renames the key naming an entry everywhere it is written: in its own header or key, and as the same part of
 * every header under it (`[[Services]]` and `[[Services.ports]]`) and of every dotted key it starts (`a.x = 1`,
 * `a.y = 2`). Undefined where one of them cannot be read as such.
 */
export function renameKey(text: string, entry: Entry, newKey: string): SpanEdit[] | undefined {
  const writings: Span[] = [];
  writingsOf(entry.value, writings, entry.value.kind === "table" && entry.value.form === "dotted");
  if (!writings.length) return [replace(entry.keySpan, newKey)];
  writings.sort((a, b) => a[0] - b[0]);
  // which part of a longer key it is: found where it is written first
  const first = writings.find((w) => w[0] <= entry.keySpan[0] && entry.keySpan[1] <= w[1]);
  const at = first && keyParts(text, first).findIndex((p) => p[0] === entry.keySpan[0] && p[1] === entry.keySpan[1]);
  if (at === undefined || at < 0) return undefined;
  const edits: SpanEdit[] = [];
  for (const w of writings) {
    const part = keyParts(text, w)[at];
    if (!part) return undefined;
    edits.push(replace(part, newKey));
  }
  return edits;
}

/**
 * The whole keys that write a node's key: the headers of it and of every table under it and, for a dotted table
 * (`dotted`), each of its dotted keys.
 */
function writingsOf(n: Node, out: Span[], dotted: boolean): void {
  if (n.kind === "array") for (const x of n.items) writingsOf(x, out, false);
  if (n.kind !== "table") return;
  if (n.header) out.push(n.header.keySpan);
  for (const e of n.entries.values()) {
    const v = e.value;
    const deeper = dotted && v.kind === "table" && v.form === "dotted";
    if (dotted && !deeper) out.push([e.lineSpan[0], e.keySpan[1]]);
    writingsOf(v, out, deeper);
  }
}

/** The spans of the parts of a dotted key (`a."b.c".d`), quotes included. */
function keyParts(text: string, span: Span): Span[] {
  const parts: Span[] = [];
  const blank = (c: string) => c === " " || c === "\t";
  let i = span[0];
  while (i < span[1]) {
    while (i < span[1] && blank(text[i])) i++;
    const start = i;
    if (text[i] === '"') {
      i++;
      while (i < span[1] && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (text[i] === "'") i = text.indexOf("'", i + 1) + 1;
    else while (i < span[1] && /[\w-]/.test(text[i])) i++;
    if (i <= start) break;
    parts.push([start, i]);
    while (i < span[1] && blank(text[i])) i++;
    if (text[i] !== ".") break;
    i++;
  }
  return parts;
}

/** A TOML string literal in the style of an existing value. */
export function quote(s: string, like?: ValueNode): string {
  if (like?.quote === "'" && !/['\n]/.test(s)) return `'${s}'`;
  return JSON.stringify(s);
}

function indentOf(text: string, offset: number): string {
  const ls = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** The key path of a table, e.g. ["http_service", "concurrency"]. */
function pathOf(table: TableNode): string[] {
  const path: string[] = [];
  let node: Node = table;
  while (node.parent) {
    const p: TableNode | import("./tree").ArrayNode = node.parent;
    if (p.kind === "array") {
      node = p;
      continue;
    }
    for (const [k, e] of p.entries) if (e.value === node) path.unshift(k);
    node = p;
  }
  return path;
}

function bareKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

/** Sets `key = valueText` in a table: replaces the value if the key exists, otherwise inserts a line. */
export function setKey(text: string, table: TableNode, key: string, valueText: string): SpanEdit {
  const existing = table.entries.get(key);
  // any value of a `key = value` line (a string, an array, an inline table) is replaced, never duplicated
  if (existing?.kv) return replace(existing.value.span, valueText);
  if (existing) throw new Error(`setKey: ${key} is a table, not a value`);
  return insertKey(text, table, `${bareKey(key)} = ${valueText}`);
}

/** Inserts a `key = value` line (already formatted) at the end of a table's own key/values. */
export function insertKey(text: string, table: TableNode, line: string): SpanEdit {
  if (table.form === "inline") {
    const close = table.span[1] - 1;
    const inner = text.slice(table.span[0] + 1, close);
    const spread = inner.includes("\n") && multilineInsert(text, table, line);
    if (spread) return spread;
    if (inner.trim() === "") return { span: [table.span[0] + 1, close], newText: ` ${line} ` };
    const trimmedEnd = table.span[0] + 1 + inner.trimEnd().length;
    return { span: [trimmedEnd, trimmedEnd], newText: `, ${line}` };
  }
  if (table.form === "dotted" || table.form === "implicit") {
    // write it as a dotted key in the nearest table that has lines of its own
    const prefix: string[] = [];
    let t: TableNode = table;
    while (t.form === "dotted" || t.form === "implicit") {
      const parent = t.parent;
      if (!parent || parent.kind !== "table") break;
      for (const [k, e] of parent.entries) if (e.value === t) prefix.unshift(bareKey(k));
      t = parent;
    }
    if (table.form === "implicit" && t.form !== "inline") {
      // an implied table gets a header of its own, at the end of the document
      const nl = text.endsWith("\n") || text === "" ? "" : "\n";
      return { span: [text.length, text.length], newText: `${nl}\n[${pathOf(table).map(bareKey).join(".")}]\n${line}\n` };
    }
    return insertKey(text, t, `${prefix.join(".")}.${line}`);
  }
  if (table.form === "root") {
    let last = -1;
    for (const e of table.entries.values()) if (e.kv) last = Math.max(last, e.lineSpan[1]);
    if (last < 0) {
      // before the first table header, after any leading comments
      const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text)!;
      return { span: [m[0].length, m[0].length], newText: `${line}\n` };
    }
    const at = lineEndOf(text, last);
    return { span: [at, at], newText: `\n${line}` };
  }
  // header or array-item table: after its last own key/value (the table's span ends there)
  let indent = "";
  let lastEnd = table.header ? table.header.span[1] : table.span[0];
  let first = true;
  for (const e of table.entries.values()) {
    if (!e.kv) continue;
    if (first) {
      indent = indentOf(text, e.lineSpan[0]);
      first = false;
    }
    lastEnd = Math.max(lastEnd, e.lineSpan[1]);
  }
  if (first && table.header) indent = indentOf(text, table.header.span[0]) + (indentOf(text, table.header.span[0]) ? "  " : "");
  const at = lineEndOf(text, lastEnd);
  return { span: [at, at], newText: `\n${indent}${line}` };
}

/**
 * TOML 1.1, an inline table over several lines: the pair goes on a line of its own after the last one, indented
 * like it, with a comma where the table's style has one. Undefined where the last pair shares its line with `}`.
 */
function multilineInsert(text: string, table: TableNode, line: string): SpanEdit | undefined {
  let last: Entry | undefined;
  for (const e of table.entries.values()) if (!last || e.lineSpan[1] > last.lineSpan[1]) last = e;
  if (!last) return undefined;
  const end = last.lineSpan[1];
  const le = lineEndOf(text, end);
  const tail = text.slice(end, le);
  if (tail.includes("}")) return undefined;
  const indent = indentOf(text, last.lineSpan[0]);
  const nl = text[le] === "\r" ? "\r\n" : "\n";
  if (/^[ \t]*,/.test(tail)) return { span: [le, le], newText: `${nl}${indent}${line},` };
  // no trailing comma: one after the last pair (before its comment), none after the new one
  return { span: [end, le], newText: `,${tail}${nl}${indent}${line}` };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: SpanEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span[0] - a.span[0] || b.span[1] - a.span[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span[0]) + e.newText + out.slice(e.span[1]);
  return out;
}

/** Whether two edits touch the same text (two insertions at one point count as overlapping). */
export function overlaps(a: SpanEdit, b: SpanEdit): boolean {
  if (a.span[0] === b.span[0]) return true;
  return a.span[0] < b.span[1] && b.span[0] < a.span[1];
}
